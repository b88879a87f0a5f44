import type { AnalyticsEvent, EventStage, PageContext } from './analytics-event.ts';
import { campaignFromUrl } from './campaign-from-url.ts';
import type { Destination } from './destination.ts';
import type { EventFilters } from './event-filters.ts';
import { privacySignalSet, type PrivacyNavigator } from './privacy-signals.ts';

/** Segment's limit for one message: a bigger event is refused at track(), not sent to fail there. */
export const MAX_EVENT_BYTES = 32 * 1024;

/** The browser objects the client reads; tests and other runtimes pass their own. */
export interface BrowserEnvironment {
  location: { href: string; pathname: string; search: string };
  document: { title: string; referrer: string };
  navigator?: PrivacyNavigator;
  windowDoNotTrack?: string | null;
  storage?: { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void };
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

export const STORAGE_KEYS = {
  optOut: 'flightdeck.analytics.optOut',
  anonymousId: 'flightdeck.analytics.anonymousId',
  userId: 'flightdeck.analytics.userId',
} as const;

const PAGE_FIELDS = ['path', 'url', 'search', 'referrer', 'title'] as const;

function uuid(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (crypto?.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

function defaultBrowser(): BrowserEnvironment {
  const scope = globalThis as unknown as {
    location: BrowserEnvironment['location'];
    document: BrowserEnvironment['document'];
    navigator?: PrivacyNavigator;
    doNotTrack?: string | null;
    localStorage?: BrowserEnvironment['storage'];
  };
  let storage: BrowserEnvironment['storage'];
  try {
    // Safari's private mode and sandboxed iframes throw on access.
    storage = scope.localStorage;
  } catch {
    storage = undefined;
  }
  return { location: scope.location, document: scope.document, navigator: scope.navigator, windowDoNotTrack: scope.doNotTrack, storage };
}

interface DestinationSlot {
  destination: Destination;
  state: 'loading' | 'ready' | 'failed';
  queue: AnalyticsEvent[];
}

/**
 * The browser analytics client: an event goes through enrich (page context, UTM campaign,
 * anonymous id, library), filter (opt-out, Do Not Track / GPC, include / exclude paths), the
 * user's stages, redact, then to each destination, queued until that destination has loaded.
 *
 * The path filter and redaction come as `filters`, which may be a promise (the Meteor client
 * loads them as a lazy module): until they are there events wait, so nothing leaves unredacted,
 * and if they fail to load nothing leaves at all.
 */
export function createAnalyticsCore(options: AnalyticsClientOptions, filters: EventFilters | Promise<EventFilters>): AnalyticsClient {
  const browser = options.browser ?? defaultBrowser();
  const storage = browser.storage;
  const log = options.log ?? ((message: string, detail?: unknown) => console.info(`[flightdeck:analytics] ${message}`, detail ?? ''));
  let debug = options.debug === true;
  const library = Object.freeze(options.library ?? { name: 'flightdeck:analytics', version: '0.1.0' });
  const maxQueued = options.maxQueued ?? 500;
  const signalBlocks = (options.respectDoNotTrack ?? true) && privacySignalSet(browser.navigator, browser.windowDoNotTrack);
  const stages: EventStage[] = [];
  const slots: DestinationSlot[] = [];
  const loads: Promise<void>[] = [];
  let ready: EventFilters | undefined;
  let waiting: AnalyticsEvent[] | undefined;
  if (typeof (filters as Promise<EventFilters>).then === 'function') {
    waiting = [];
    loads.push(
      (filters as Promise<EventFilters>).then(
        (loaded) => {
          ready = loaded;
          for (const event of waiting!.splice(0)) dispatch(event);
          waiting = undefined;
        },
        (error: Error) => {
          waiting = [];
          log('the redaction stage did not load: no event is sent', error?.message);
        },
      ),
    );
  } else ready = filters as EventFilters;

  const read = (key: string): string | null => {
    try {
      return storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  };
  const write = (key: string, value: string | null): void => {
    try {
      if (value === null) storage?.removeItem(key);
      else storage?.setItem(key, value);
    } catch {
      // storage full or denied: the value lives for this page only
    }
  };

  let optedOut = read(STORAGE_KEYS.optOut) === '1';
  let anonymousId = read(STORAGE_KEYS.anonymousId) ?? '';
  if (!anonymousId) {
    anonymousId = uuid();
    write(STORAGE_KEYS.anonymousId, anonymousId);
  }
  let userId = read(STORAGE_KEYS.userId) ?? undefined;
  let lastPage: PageContext | undefined;

  if (debug && signalBlocks) log('Do Not Track / Global Privacy Control is on: nothing will be sent');

  // The page context is read again only when the URL, the title or the last page view changed: one
  // frozen object per page, which the redaction stage recognises and does not walk again.
  let context: PageContext | undefined;
  let contextTitle: string | undefined;
  let contextPage: PageContext | undefined;
  const pageContext = (): PageContext => {
    const href = browser.location.href;
    const title = browser.document.title;
    if (context && context.url === href && contextTitle === title && contextPage === lastPage) return context;
    const { pathname, search } = browser.location;
    const here: PageContext = { path: pathname, url: href, search, referrer: browser.document.referrer, title };
    // Events after an in-app navigation keep the referrer the page view used (the previous in-app URL).
    context = Object.freeze(lastPage && lastPage.url === href ? { ...here, referrer: lastPage.referrer } : here);
    contextTitle = title;
    contextPage = lastPage;
    return context;
  };
  // Unique across browsers (a random prefix) without a random UUID per event.
  const idPrefix = uuid();
  let idCount = 0;

  // A destination's failure never reaches the app; with debug on it is logged.
  const failed = (name: string) => (error: Error) => debug && log(`${name} failed`, error?.message);
  const deliverTo = (slot: DestinationSlot, event: AnalyticsEvent): void => {
    try {
      const result = slot.destination.deliver(event);
      if (result && typeof (result as Promise<void>).catch === 'function') (result as Promise<void>).catch(failed(slot.destination.name));
    } catch (error) {
      failed(slot.destination.name)(error as Error);
    }
  };

  const dispatch = (event: AnalyticsEvent): void => {
    if (!ready) {
      if (waiting && waiting.push(event) > maxQueued) waiting.shift();
      return;
    }
    let current: AnalyticsEvent | null = ready.allowed(event.context.page?.path ?? browser.location.pathname) ? event : null;
    for (const stage of stages) current = current && stage(current);
    if (!current) {
      if (debug) log('dropped by a filter', event);
      return;
    }
    const redacted = ready.redact(current);
    const final = redacted.event;
    if (redacted.dropped > 0) log(`${redacted.dropped} values nested deeper than 8 levels were dropped`);
    // Each character is at most 3 bytes of JSON: only a large event needs measuring.
    if (redacted.chars * 3 > MAX_EVENT_BYTES && ready.bytes(final) > MAX_EVENT_BYTES) {
      if (!oversizeLogged || debug) log(`${final.type} ${final.event ?? final.name ?? ''} is over ${MAX_EVENT_BYTES} bytes: not sent (Segment refuses it)`);
      oversizeLogged = true;
      return;
    }
    if (debug) log(`${final.type} ${final.event ?? final.name ?? ''}`, final);
    for (const slot of slots) {
      if (slot.state === 'ready') deliverTo(slot, final);
      else if (slot.state === 'loading') {
        slot.queue.push(final);
        if (slot.queue.length > maxQueued) slot.queue.shift();
      }
    }
  };

  let oversizeLogged = false;
  let campaignSearch: string | undefined;
  let campaign: Record<string, string> | undefined;
  let isoMs = 0;
  let iso = '';
  const base = (type: AnalyticsEvent['type'], page: PageContext): AnalyticsEvent => {
    // The query string and the clock change far less often than events are made.
    if (page.search !== campaignSearch) {
      campaignSearch = page.search;
      campaign = campaignFromUrl(page.search);
      if (campaign) Object.freeze(campaign);
    }
    const ms = Date.now();
    if (ms !== isoMs) {
      isoMs = ms;
      iso = new Date(ms).toISOString();
    }
    return {
      type,
      properties: {},
      anonymousId,
      ...(userId ? { userId } : {}),
      messageId: `${idPrefix}-${(idCount++).toString(36)}`,
      timestamp: iso,
      context: { page, library, ...(campaign ? { campaign } : {}) },
    };
  };

  const tracking = (): boolean => !optedOut && !signalBlocks;

  const client: AnalyticsClient = {
    track(event, properties) {
      if (!tracking()) return;
      if (typeof event !== 'string' || event === '') throw new TypeError('analytics.track: event must be a non-empty string');
      dispatch({ ...base('track', pageContext()), event, properties: { ...properties } });
    },
    page(name, properties = {}) {
      if (!tracking()) return;
      const page = { ...pageContext() };
      for (const field of PAGE_FIELDS) {
        if (typeof properties[field] === 'string') page[field] = properties[field] as string;
      }
      lastPage = { ...page, url: typeof properties.url === 'string' ? page.url : browser.location.href };
      dispatch({ ...base('page', page), ...(name ? { name } : {}), properties: { ...page, ...properties } });
    },
    identify(id, traits) {
      if (typeof id !== 'string' || id === '') throw new TypeError('analytics.identify: userId must be a non-empty string');
      userId = id;
      write(STORAGE_KEYS.userId, id);
      if (!tracking()) return;
      dispatch({ ...base('identify', pageContext()), traits: { ...traits } });
    },
    reset() {
      userId = undefined;
      write(STORAGE_KEYS.userId, null);
      anonymousId = uuid();
      write(STORAGE_KEYS.anonymousId, anonymousId);
      for (const slot of slots) {
        try {
          slot.destination.reset?.();
        } catch (error) {
          failed(slot.destination.name)(error as Error);
        }
      }
    },
    optOut() {
      optedOut = true;
      write(STORAGE_KEYS.optOut, '1');
      for (const slot of slots) slot.queue.length = 0;
      if (waiting) waiting.length = 0;
    },
    optIn() {
      optedOut = false;
      write(STORAGE_KEYS.optOut, null);
    },
    isOptedOut: () => optedOut,
    isTracking: tracking,
    addDestination(destination) {
      const slot: DestinationSlot = { destination, state: 'loading', queue: [] };
      slots.push(slot);
      loads.push(
        Promise.resolve()
          .then(() => destination.load?.())
          .then(
            () => {
              slot.state = 'ready';
              for (const event of slot.queue.splice(0)) deliverTo(slot, event);
            },
            (error: Error) => {
              slot.state = 'failed';
              slot.queue.length = 0;
              log(`${destination.name} did not load, its events are dropped`, error?.message);
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
    debug(on = true) {
      debug = on !== false;
    },
    get anonymousId() {
      return anonymousId;
    },
    get userId() {
      return userId;
    },
  };
  for (const destination of options.destinations ?? []) client.addDestination(destination);
  return client;
}

export type { EventFilters };
