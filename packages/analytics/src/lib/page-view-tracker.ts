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
  const settleDelay = options.settleDelay ?? 100;
  const { location, document } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastKey: string | undefined;
  let previousUrl: string | undefined;

  const send = (name: string | undefined, properties: Record<string, unknown> | undefined): void => {
    timer = undefined;
    const key = location.pathname + location.search + (options.hashChanges ? location.hash : '');
    if (key === lastKey) return;
    lastKey = key;
    const referrer = previousUrl ?? document.referrer;
    previousUrl = location.href;
    options.page(name, { path: location.pathname, url: location.href, search: location.search, referrer, title: document.title, ...properties });
  };

  return {
    routeChanged(name, properties) {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => send(name, properties), settleDelay);
    },
    stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
