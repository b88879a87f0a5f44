import type { SeoServerSettings } from './seo-server-options.ts';

/**
 * mdg:seo (3.x) exported prerender-node's middleware as the server global `PrerenderIO`, and its
 * users configure it in code: `PrerenderIO.set('prerenderToken', ...)`, `.set('protocol', 'https')`,
 * `.crawlerUserAgents.push('MyBot')`, `.whitelisted(...)` / `.blacklisted(...)`. This object takes
 * the same calls and turns them into flightdeck:seo's settings, read once at startup.
 */
export interface PrerenderIOCompat {
  set(name: string, value: unknown): PrerenderIOCompat;
  whitelisted(patterns: string | RegExp | ReadonlyArray<string | RegExp>): PrerenderIOCompat;
  blacklisted(patterns: string | RegExp | ReadonlyArray<string | RegExp>): PrerenderIOCompat;
  /** prerender-node's list as installed; push to it to add a crawler. */
  crawlerUserAgents: string[];
  extensionsToIgnore: string[];
}

export interface PrerenderIOCompatState {
  readonly PrerenderIO: PrerenderIOCompat;
  /** The settings with the calls made so far applied over them (a new object; `settings` is not changed). */
  apply(settings: SeoServerSettings): SeoServerSettings;
  /** After this, calls warn that they come too late (the middleware is mounted at startup). */
  freeze(): void;
}

type PrerenderIOSettings = NonNullable<SeoServerSettings['PrerenderIO']> & { prerenderServiceUrl?: string };

const SETTING_NAMES: Record<string, keyof PrerenderIOSettings> = {
  prerenderToken: 'token',
  token: 'token',
  prerenderServiceUrl: 'serviceUrl',
  serviceUrl: 'serviceUrl',
  protocol: 'protocol',
  forwardHeaders: 'forwardHeaders',
};

function sources(patterns: string | RegExp | ReadonlyArray<string | RegExp>): string[] {
  return (Array.isArray(patterns) ? patterns : [patterns]).map((pattern: string | RegExp) => (pattern instanceof RegExp ? pattern.source : String(pattern)));
}

/**
 * `PrerenderIO.serviceUrl` wins over mdg:seo's older `PrerenderIO.prerenderServiceUrl` (which
 * mdg:seo read first, "for historical reasons"); either one is the service URL.
 */
export function withMdgSeoServiceUrl(settings: SeoServerSettings): SeoServerSettings {
  const prerenderIO = settings.PrerenderIO as PrerenderIOSettings | undefined;
  if (!prerenderIO?.prerenderServiceUrl || prerenderIO.serviceUrl) return settings;
  return { ...settings, PrerenderIO: { ...prerenderIO, serviceUrl: prerenderIO.prerenderServiceUrl } };
}

export function createPrerenderIOCompat(options: { crawlerUserAgents: string[]; extensionsToIgnore: string[]; warn: (message: string) => void }): PrerenderIOCompatState {
  const defaults = new Set(options.crawlerUserAgents);
  const overrides: PrerenderIOSettings = {};
  let frozen = false;
  const tooLate = (call: string): boolean => {
    if (frozen) options.warn(`PrerenderIO.${call} after startup has no effect: call it at the top level of a server file`);
    return frozen;
  };

  const PrerenderIO: PrerenderIOCompat = {
    crawlerUserAgents: [...options.crawlerUserAgents],
    extensionsToIgnore: [...options.extensionsToIgnore],
    set(name, value) {
      if (tooLate(`set('${name}')`)) return PrerenderIO;
      const key = SETTING_NAMES[name];
      if (key) (overrides as Record<string, unknown>)[key] = value;
      else if (name === 'host') options.warn("PrerenderIO.set('host') is ignored: the host sent to the renderer is ROOT_URL's, never one a request names");
      else if (name === 'crawlerUserAgents' && Array.isArray(value)) PrerenderIO.crawlerUserAgents = value.map(String);
      else options.warn(`PrerenderIO.set('${name}') is not supported by flightdeck:seo and is ignored`);
      return PrerenderIO;
    },
    whitelisted(patterns) {
      if (!tooLate('whitelisted()')) overrides.allowList = [...(overrides.allowList ?? []), ...sources(patterns)];
      return PrerenderIO;
    },
    blacklisted(patterns) {
      if (!tooLate('blacklisted()')) overrides.blockList = [...(overrides.blockList ?? []), ...sources(patterns)];
      return PrerenderIO;
    },
  };

  return {
    PrerenderIO,
    apply(settings) {
      const merged = withMdgSeoServiceUrl(settings);
      const added = PrerenderIO.crawlerUserAgents.filter((agent) => !defaults.has(agent));
      const prerender = merged.seo?.prerender ?? {};
      return {
        ...merged,
        PrerenderIO: { ...merged.PrerenderIO, ...overrides },
        seo: { ...merged.seo, prerender: { ...prerender, crawlerUserAgents: [...(prerender.crawlerUserAgents ?? []), ...added] } },
      };
    },
    freeze() {
      frozen = true;
    },
  };
}
