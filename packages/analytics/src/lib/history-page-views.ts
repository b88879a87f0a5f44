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
  const win = options.window ?? (globalThis as unknown as HistoryWindow);
  const tracker = createPageViewTracker({ ...options, location: win.location, document: win.document });
  const history = win.history;
  const originalPush = history.pushState;
  const originalReplace = history.replaceState;
  const changed = (): void => tracker.routeChanged();
  const pushState = function (this: unknown, ...args: unknown[]): void {
    originalPush.apply(this, args);
    changed();
  };
  const replaceState = function (this: unknown, ...args: unknown[]): void {
    originalReplace.apply(this, args);
    changed();
  };
  history.pushState = pushState;
  history.replaceState = replaceState;
  win.addEventListener('popstate', changed);
  if (options.hashChanges) win.addEventListener('hashchange', changed);
  changed();
  return () => {
    tracker.stop();
    // Another library may have wrapped them after us: only restore what is still ours.
    if (history.pushState === pushState) history.pushState = originalPush;
    if (history.replaceState === replaceState) history.replaceState = originalReplace;
    win.removeEventListener('popstate', changed);
    win.removeEventListener('hashchange', changed);
  };
}
