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

const PAGE_KEYS = new Set(['path', 'url', 'referrer', 'title', 'search']);

/**
 * Google Analytics 4 through gtag.js. gtag's own automatic page_view is off (`send_page_view:
 * false`): page views come from our router adapters, with the in-app referrer and settled title.
 */
export function ga4Destination(options: Ga4Options): Destination {
  const win = options.window ?? (globalThis as unknown as GtagWindow);
  const id = options.measurementId;
  const gtag = (...args: unknown[]): void => {
    // gtag.js reads `arguments` objects from the dataLayer, not arrays.
    win.gtag!(...args);
  };
  return {
    name: 'google-analytics-4',
    load() {
      win.dataLayer = win.dataLayer ?? [];
      const layer = win.dataLayer;
      win.gtag =
        win.gtag ??
        function gtagShim() {
          // eslint-disable-next-line prefer-rest-params
          layer.push(arguments);
        };
      gtag('js', new Date());
      gtag('config', id, { send_page_view: false });
      return new Promise<void>((resolve, reject) => {
        const script = win.document.createElement('script');
        script.async = true;
        script.src = `${options.scriptUrl ?? 'https://www.googletagmanager.com/gtag/js'}?id=${encodeURIComponent(id)}`;
        script.onload = () => resolve();
        script.onerror = () => reject(new Error(`gtag.js did not load from ${script.src} (blocked or offline)`));
        win.document.head.appendChild(script);
      });
    },
    deliver(event) {
      if (event.type === 'page') {
        const params: Record<string, unknown> = {
          page_location: event.properties.url,
          page_path: event.properties.path,
          page_referrer: event.properties.referrer,
          page_title: event.properties.title,
          send_to: id,
        };
        for (const [key, value] of Object.entries(event.properties)) if (!PAGE_KEYS.has(key)) params[key] = value;
        gtag('event', 'page_view', params);
      } else if (event.type === 'track') {
        gtag('event', event.event, { ...event.properties, send_to: id });
      } else if (event.type === 'identify' && event.userId) {
        gtag('set', { user_id: event.userId });
        if (event.traits && Object.keys(event.traits).length > 0) gtag('set', 'user_properties', event.traits);
      }
    },
    reset() {
      gtag('set', { user_id: null });
    },
  };
}
