import type { Destination } from '../destination.ts';

export interface Ga4Options {
  measurementId: string;
  /** where gtag.js comes from (default Google's; a first-party proxy or a test server works) */
  scriptUrl?: string;
  window?: GtagWindow;
}

interface GtagWindow {
  dataLayer?: unknown[];
  gtag?: (...args: unknown[]) => void;
  document: { createElement(tag: 'script'): HTMLScriptElement; head: { appendChild(node: HTMLScriptElement): unknown } };
}

/**
 * Google Analytics 4 through gtag.js. gtag's own automatic page_view is off (`send_page_view:
 * false`): page views come from our router adapters, with the in-app referrer and settled title.
 */
export function ga4Destination(options: Ga4Options): Destination {
  const win = options.window || (globalThis as unknown as GtagWindow);
  const id = options.measurementId;
  // The page's own gtag when it has one, else the snippet's: gtag.js reads `arguments` objects
  // from the dataLayer, not arrays. Set by load(), which every event waits for.
  let gtag: (...args: unknown[]) => void = () => undefined;
  return {
    name: 'google-analytics-4',
    load() {
      const layer = (win.dataLayer ||= []);
      gtag = win.gtag ||= function gtagShim() {
        // eslint-disable-next-line prefer-rest-params
        layer.push(arguments);
      };
      gtag('js', new Date());
      gtag('config', id, { send_page_view: false });
      return new Promise<void>((resolve, reject) => {
        const script = win.document.createElement('script');
        script.async = true;
        script.src = (options.scriptUrl || 'https://www.googletagmanager.com/gtag/js') + '?id=' + encodeURIComponent(id);
        script.onload = () => resolve();
        script.onerror = () => reject(new Error('gtag.js did not load from ' + script.src));
        win.document.head.appendChild(script);
      });
    },
    deliver({ type, event: name, properties, traits, userId }) {
      if (type === 'page') {
        const { url, path, referrer, title, search: _search, ...rest } = properties;
        gtag('event', 'page_view', { page_location: url, page_path: path, page_referrer: referrer, page_title: title, send_to: id, ...rest });
      } else if (type === 'track') gtag('event', name, { ...properties, send_to: id });
      else if (userId) {
        // identify
        gtag('set', { user_id: userId });
        if (traits && Object.keys(traits).length) gtag('set', 'user_properties', traits);
      }
    },
    reset() {
      gtag('set', { user_id: null });
    },
  };
}
