import { createPageViewTracker, type PageViewTrackerOptions } from './page-view-tracker.ts';

export interface HistoryWindow {
  history: { pushState(...args: unknown[]): void; replaceState(...args: unknown[]): void };
  location: PageViewTrackerOptions['location'];
  document: PageViewTrackerOptions['document'];
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

export interface HistoryPageViewOptions extends Pick<PageViewTrackerOptions, 'page' | 'settleDelay' | 'hashChanges'> {
  window?: HistoryWindow;
}

/**
 * Page views for any router that uses the History API (React Router, Vue Router, TanStack...):
 * pushState, replaceState and popstate (back / forward), and hashchange when `hashChanges` is on.
 * Sends the current page at once (after it settles). Returns a function that stops tracking.
 */
export function trackHistoryPageViews(options: HistoryPageViewOptions): () => void {
  const win = options.window || (globalThis as unknown as HistoryWindow);
  const tracker = createPageViewTracker(Object.assign({}, options, { location: win.location, document: win.document }));
  const history = win.history as unknown as Record<string, (...args: unknown[]) => void>;
  const changed = (): void => tracker.routeChanged();
  // pushState and replaceState wrapped; each restore puts the original back only while the wrapper
  // is still there (another library may have wrapped them after us).
  const restores = ['pushState', 'replaceState'].map((method) => {
    const original = history[method];
    const wrapper = function (this: unknown) {
      // eslint-disable-next-line prefer-rest-params
      original.apply(this, arguments as unknown as unknown[]);
      changed();
    };
    history[method] = wrapper;
    return () => {
      if (history[method] === wrapper) history[method] = original;
    };
  });
  win.addEventListener('popstate', changed);
  if (options.hashChanges) win.addEventListener('hashchange', changed);
  changed();
  return () => {
    tracker.stop();
    for (const restore of restores) restore();
    win.removeEventListener('popstate', changed);
    win.removeEventListener('hashchange', changed);
  };
}
