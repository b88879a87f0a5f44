import type { AnalyticsClient } from './analytics-core.ts';

type Properties = Record<string, unknown>;
type Callback = () => void;

/** okgrow:analytics' global: analytics.js' call forms on top of our client. */
export interface OkgrowAnalytics {
  track(event: string, properties?: Properties, options?: unknown, callback?: Callback): void;
  /** page(), page(name), page(name, properties), page(category, name, properties), callback last */
  page(...args: unknown[]): void;
  /** identify(userId, traits?), identify(traits) for the current user, callback last */
  identify(...args: unknown[]): void;
  reset(): void;
  /** runs the callback once the destinations have loaded */
  ready(callback: Callback): void;
  debug(on?: boolean): void;
  user(): { id(): string | null; anonymousId(): string };
  /** analytics.js calls with no flightdeck:analytics counterpart: reported once each in the console, then ignored */
  alias(...args: unknown[]): void;
  group(...args: unknown[]): void;
}

export const OKGROW_METHODS = ['track', 'page', 'identify', 'reset', 'ready', 'debug', 'user', 'alias', 'group'] as const;

const isObject = (value: unknown): value is Properties => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The `analytics` global okgrow:analytics apps call (analytics.js' API): the forms analytics.js
 * takes are read into our track / page / identify, a trailing callback runs once the event is
 * handed on, and calls with no counterpart (alias, group) are reported instead of thrown.
 */
export function okgrowApi(client: AnalyticsClient, log: (message: string) => void = (message) => console.warn(`[flightdeck:analytics] ${message}`)): OkgrowAnalytics {
  const reported = new Set<string>();
  const unsupported = (name: string) => () => {
    if (reported.has(name)) return;
    reported.add(name);
    log(`analytics.${name}() has no flightdeck:analytics counterpart and is ignored`);
  };
  const later = (callback: unknown): void => {
    if (typeof callback === 'function') void client.ready().then(() => (callback as Callback)());
  };
  const lastCallback = (args: unknown[]): [unknown[], unknown] =>
    typeof args[args.length - 1] === 'function' ? [args.slice(0, -1), args[args.length - 1]] : [args, undefined];

  return {
    track(event, properties, options, callback) {
      client.track(event, isObject(properties) ? properties : undefined);
      later(typeof options === 'function' ? options : typeof properties === 'function' ? properties : callback);
    },
    page(...all) {
      const [args, callback] = lastCallback(all);
      const strings = args.filter((arg) => typeof arg === 'string') as string[];
      const properties = args.find(isObject) as Properties | undefined;
      // page(category, name): analytics.js names the page "category name" and keeps the category.
      if (strings.length >= 2) client.page(`${strings[0]} ${strings[1]}`, { ...properties, category: strings[0] });
      else client.page(strings[0], properties);
      later(callback);
    },
    identify(...all) {
      const [args, callback] = lastCallback(all);
      const id = typeof args[0] === 'string' || typeof args[0] === 'number' ? String(args[0]) : client.userId;
      const traits = args.find(isObject) as Properties | undefined;
      if (id) client.identify(id, traits);
      else log('analytics.identify(traits) before any user was identified: give the userId first');
      later(callback);
    },
    reset: () => client.reset(),
    ready: (callback) => later(callback),
    debug: (on) => client.debug(on),
    user: () => ({ id: () => client.userId ?? null, anonymousId: () => client.anonymousId }),
    alias: unsupported('alias'),
    group: unsupported('group'),
  };
}
