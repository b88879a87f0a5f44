export interface PageViewTrackerOptions {
  /** where page views go: `analytics.page` */
  page: (name: string | undefined, properties: Record<string, unknown>) => void;
  location: { href: string; pathname: string; search: string; hash: string };
  document: { title: string; referrer: string };
  /**
   * ms to wait after a route change before reading the URL and title (default 100). Routers set
   * the title after rendering (React effects, Blaze helpers), and FlowRouter's enter triggers run
   * before page.js has pushed the new URL.
   */
  settleDelay?: number;
  /** a change of the hash alone is a page view (default false) */
  hashChanges?: boolean;
}

export interface PageViewTracker {
  /** A route changed: after it settles, one page view unless the path is the one just sent. */
  routeChanged(name?: string, properties?: Record<string, unknown>): void;
  stop(): void;
}

/**
 * What every router adapter shares: settle, then send a page view with the in-app referrer (the
 * previous URL of this tab, not the document.referrer of the first load) and the settled title,
 * never the same path twice in a row. Route changes within the settle delay (a redirect) make one
 * page view, of where the user landed.
 */
export function createPageViewTracker(options: PageViewTrackerOptions): PageViewTracker {
  const { location, document } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastKey: string | undefined;
  let previousUrl: string | undefined;

  const send = (name: string | undefined, properties: Record<string, unknown> | undefined): void => {
    const key = location.pathname + location.search + (options.hashChanges ? location.hash : '');
    if (key !== lastKey) {
      lastKey = key;
      const referrer = previousUrl || document.referrer;
      previousUrl = location.href;
      options.page(name, Object.assign({ path: location.pathname, url: location.href, search: location.search, referrer, title: document.title }, properties));
    }
  };
  // clearTimeout of a timer that has run (or of undefined) does nothing.
  const stop = (): void => clearTimeout(timer);

  return {
    routeChanged(name, properties) {
      stop();
      timer = setTimeout(send, options.settleDelay ?? 100, name, properties);
    },
    stop,
  };
}
