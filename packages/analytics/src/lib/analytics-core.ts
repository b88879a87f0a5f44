import type { AnalyticsEvent, EventStage, PageContext } from './analytics-event.ts';
import { campaignFromUrl } from './campaign-from-url.ts';
import type { Destination } from './destination.ts';
import type { EventFilters } from './event-filters.ts';
import { privacySignalSet, type PrivacyNavigator } from './privacy-signals.ts';

/** Segment's limit for one message: a bigger event is refused at track(), not sent to fail there. */
export const MAX_EVENT_BYTES = 32768;

/**
 * The browser objects the client reads, named as on `window` (which is the default); tests and
 * other runtimes pass their own. `doNotTrack` is window.doNotTrack (old Internet Explorer / Edge).
 */
export interface BrowserEnvironment {
  location: { href: string; pathname: string; search: string };
  document: { title: string; referrer: string };
  navigator?: PrivacyNavigator;
  doNotTrack?: string | null;
  localStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void };
}

export interface AnalyticsClientOptions {
  destinations?: Destination[];
  /** drop everything when Do Not Track or Global Privacy Control is on (default true) */
  respectDoNotTrack?: boolean;
  include?: readonly string[];
  exclude?: readonly string[];
  /** query parameters whose values never leave the browser (account tokens always) */
  redactQueryParams?: readonly string[];
  debug?: boolean;
  log?: (message: string, detail?: unknown) => void;
  browser?: BrowserEnvironment;
  library?: { name: string; version: string };
  /** events kept per destination until it is loaded (default 500) */
  maxQueued?: number;
}

export interface AnalyticsClient {
  track(event: string, properties?: Record<string, unknown>): void;
  /** A page view; properties path, url, referrer, title, search override what is read from the page. */
  page(name?: string, properties?: Record<string, unknown>): void;
  identify(userId: string, traits?: Record<string, unknown>): void;
  /** Forgets the user (logout): a new anonymous id, destinations reset. */
  reset(): void;
  /** Stops all tracking in this browser, remembered across reloads. */
  optOut(): void;
  optIn(): void;
  isOptedOut(): boolean;
  /** false when opted out or a privacy signal is honoured: wrappers skip all work then */
  isTracking(): boolean;
  addDestination(destination: Destination): void;
  /** Adds a stage after the built-in filters and before redaction (so its output is redacted too). */
  addStage(stage: EventStage): void;
  /** Resolves once every destination added so far has loaded or failed. */
  ready(): Promise<void>;
  /** Logs what the pipeline sends and drops, in the console (`debug(false)` stops it). */
  debug(on?: boolean): void;
  readonly anonymousId: string;
  readonly userId: string | undefined;
}

// store() builds the same names (STORAGE_PREFIX + key), so the browser bundle carries no copy of this object.
const STORAGE_PREFIX = 'flightdeck.analytics.';
export const STORAGE_KEYS = {
  optOut: 'flightdeck.analytics.optOut',
  anonymousId: 'flightdeck.analytics.anonymousId',
  userId: 'flightdeck.analytics.userId',
} as const;

const PAGE_FIELDS = 'path url search referrer title'.split(' ') as Array<keyof PageContext>;

const random = (): string => Math.random().toString(36).slice(2);
// randomUUID exists only in secure contexts (HTTPS, localhost): an app served over plain HTTP gets the fallback.
const uuid = (): string => {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return crypto && crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + '-' + random() + '-' + random();
};

/**
 * The browser analytics client: an event goes through enrich (page context, UTM campaign,
 * anonymous id, library), filter (opt-out, Do Not Track / GPC, include / exclude paths), the
 * user's stages, redact, then to each destination, queued until that destination has loaded.
 * The path filter, redaction and size measure come as `filters` (createEventFilters).
 */
export function createAnalyticsCore(options: AnalyticsClientOptions, filters: EventFilters): AnalyticsClient {
  // window itself: localStorage is read at each use, inside store()'s try (Safari's private mode
  // and sandboxed iframes throw on access).
  const browser = options.browser || (globalThis as unknown as BrowserEnvironment);
  const { location, document } = browser;
  const log = options.log || ((message: string, detail?: unknown) => console.info('[flightdeck:analytics] ' + message, detail || ''));
  let debug = options.debug === true;
  const library = Object.freeze(options.library || { name: 'flightdeck:analytics', version: '0.1.0' });
  const maxQueued = options.maxQueued ?? 500;
  const signalBlocks = options.respectDoNotTrack !== false && privacySignalSet(browser.navigator, browser.doNotTrack);
  const stages: EventStage[] = [];
  // Each destination and the events waiting for it to load (undefined once it has).
  const slots = new Map<Destination, AnalyticsEvent[] | undefined>();
  const loads: Promise<void>[] = [];

  // Storage that throws (full, denied) or is missing keeps the value for this page only.
  const store = (key: keyof typeof STORAGE_KEYS, value?: string | null): string | null | void => {
    try {
      const storage = browser.localStorage!;
      const name = STORAGE_PREFIX + key;
      return value === undefined ? storage.getItem(name) : value === null ? storage.removeItem(name) : storage.setItem(name, value);
    } catch {
      // the value lives for this page only
    }
  };

  let optedOut = store('optOut') === '1';
  let anonymousId = store('anonymousId') || '';
  if (!anonymousId) store('anonymousId', (anonymousId = uuid()));
  let userId = store('userId') || undefined;
  let lastPage: PageContext | undefined;

  if (debug && signalBlocks) log('DNT/GPC on: nothing sent (respectDoNotTrack)');

  // The page context is read again only when the URL, the title or the last page view changed: one
  // object per page, shared by its events (frozen, so no destination can change it for the others).
  let context: PageContext | undefined;
  let contextPage: PageContext | undefined;
  const pageContext = (): PageContext => {
    const url = location.href;
    const title = document.title;
    if (!context || context.url !== url || context.title !== title || contextPage !== lastPage) {
      const here: PageContext = { path: location.pathname, url, search: location.search, referrer: document.referrer, title };
      // Events after an in-app navigation keep the referrer the page view used (the previous in-app URL).
      if (lastPage && lastPage.url === url) here.referrer = lastPage.referrer;
      context = Object.freeze(here);
      contextPage = lastPage;
    }
    return context;
  };

  // A destination's failure never reaches the app; with debug on it is logged.
  const failed = (destination: Destination) => (error: Error) => debug && log(destination.name + ' failed', error && error.message);
  const deliverTo = (destination: Destination, event: AnalyticsEvent): void => {
    try {
      const delivered = destination.deliver(event) as Promise<void> | undefined;
      if (delivered && delivered.catch) delivered.catch(failed(destination));
    } catch (error) {
      failed(destination)(error as Error);
    }
  };

  let oversizeLogged = false;
  const describe = (event: AnalyticsEvent): string => event.type + ' ' + (event.event || event.name || '');
  const dispatch = (sent: AnalyticsEvent): void => {
    // The path filter first: an event of an excluded page goes no further.
    let event: AnalyticsEvent | null = filters.allowed(sent.context.page!.path) ? sent : null;
    for (const stage of stages) event = event && stage(event);
    if (!event) {
      if (debug) log('dropped by a filter', sent);
      return;
    }
    const redacted = filters.redact(event);
    event = redacted.event;
    if (redacted.dropped) log(redacted.dropped + ' values deeper than 8 levels dropped');
    // Each character is at most 3 bytes of JSON: only a large event needs measuring.
    if (redacted.chars * 3 > MAX_EVENT_BYTES && filters.bytes(event) > MAX_EVENT_BYTES) {
      if (!oversizeLogged || debug) log(describe(event) + ' over 32 KB: not sent');
      oversizeLogged = true;
      return;
    }
    if (debug) log(describe(event), event);
    for (const [destination, queue] of slots) {
      if (queue) queue.push(event) > maxQueued && queue.shift();
      else deliverTo(destination, event);
    }
  };

  // Unique across browsers (a random prefix) without a random UUID per event.
  const idPrefix = uuid() + '-';
  let idCount = 0;
  let campaignSearch: string | undefined;
  let campaign: Record<string, string> | undefined;
  let isoMs = 0;
  let iso = '';
  const send = (type: AnalyticsEvent['type'], page: PageContext, fields: Partial<AnalyticsEvent>): void => {
    // The query string and the clock change far less often than events are made.
    if (page.search !== campaignSearch) campaign = campaignFromUrl((campaignSearch = page.search));
    const ms = Date.now();
    if (ms !== isoMs) iso = new Date((isoMs = ms)).toISOString();
    const event = { type, properties: {} } as AnalyticsEvent;
    event.anonymousId = anonymousId;
    if (userId) event.userId = userId;
    event.messageId = idPrefix + (idCount++).toString(36);
    event.timestamp = iso;
    event.context = campaign ? { page, library, campaign } : { page, library };
    dispatch(Object.assign(event, fields));
  };
  const required = (value: unknown, what: string): void => {
    if (typeof value !== 'string' || !value) throw new TypeError('analytics.' + what + ' must be a non-empty string');
  };

  const tracking = (): boolean => !optedOut && !signalBlocks;

  const client: AnalyticsClient = {
    track(event, properties) {
      if (tracking()) {
        required(event, 'track: event');
        send('track', pageContext(), { event, properties: Object.assign({}, properties) });
      }
    },
    page(name, properties) {
      if (!tracking()) return;
      properties = properties || {};
      const page = Object.assign({}, pageContext());
      for (const field of PAGE_FIELDS) if (typeof properties[field] === 'string') page[field] = properties[field] as string;
      lastPage = Object.assign({}, page);
      const fields: Partial<AnalyticsEvent> = name ? { name } : {};
      fields.properties = Object.assign({}, page, properties);
      send('page', page, fields);
    },
    identify(id, traits) {
      required(id, 'identify: userId');
      store('userId', (userId = id));
      if (tracking()) send('identify', pageContext(), { traits: Object.assign({}, traits) });
    },
    reset() {
      userId = undefined;
      store('userId', null);
      store('anonymousId', (anonymousId = uuid()));
      for (const destination of slots.keys()) {
        try {
          if (destination.reset) destination.reset();
        } catch (error) {
          failed(destination)(error as Error);
        }
      }
    },
    optOut() {
      optedOut = true;
      store('optOut', '1');
      for (const queue of slots.values()) if (queue) queue.length = 0;
    },
    optIn() {
      optedOut = false;
      store('optOut', null);
    },
    isOptedOut: () => optedOut,
    isTracking: tracking,
    addDestination(destination) {
      slots.set(destination, []);
      loads.push(
        Promise.resolve()
          .then(() => destination.load && destination.load())
          .then(
            () => {
              const queued = slots.get(destination)!;
              slots.set(destination, undefined);
              for (const event of queued) deliverTo(destination, event);
            },
            (error: Error) => {
              // A destination that did not load gets nothing, not even reset().
              slots.delete(destination);
              log(destination.name + ' did not load: events dropped', error && error.message);
            },
          ),
      );
    },
    addStage(stage) {
      stages.push(stage);
    },
    async ready() {
      await Promise.all(loads);
    },
    debug(on) {
      debug = on !== false;
    },
    get anonymousId() {
      return anonymousId;
    },
    get userId() {
      return userId;
    },
  };
  for (const destination of options.destinations || []) client.addDestination(destination);
  return client;
}

export type { EventFilters };
