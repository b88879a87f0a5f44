import { isCrawler } from './is-crawler.ts';

/** The parts of a request the decision reads (an IncomingMessage fits). */
export interface PrerenderCandidate {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface ShouldPrerenderOptions {
  /** Substrings, `crawlerPattern(list)` made once, or `crawlerDetector(list)` (what the middleware uses). */
  crawlerUserAgents: readonly string[] | RegExp | ((userAgent: string) => boolean);
  /** Lower-case extensions (".js") whose paths are files, never pages. */
  extensionsToIgnore: readonly string[];
  /** Regular expressions; when set, only matching URLs are prerendered (prerender-node's whitelist). */
  allowList?: readonly RegExp[];
  /** Regular expressions tested on the URL and the Referer (prerender-node's blacklist). */
  blockList?: readonly RegExp[];
}

function header(candidate: PrerenderCandidate, name: string): string | undefined {
  const value = candidate.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Whether the query names `_escaped_fragment_`. Without a `%` a name decodes to itself, so the
 * name is in the query as written: a person's request with a query string is not parsed for it.
 */
function hasEscapedFragment(url: string, queryAt: number): boolean {
  if (!url.includes('_escaped_fragment_', queryAt) && !url.includes('%', queryAt)) return false;
  return new URLSearchParams(url.slice(queryAt + 1)).has('_escaped_fragment_');
}

const dotted = new WeakMap<readonly string[], boolean>();

/** Whether every extension starts with a dot (prerender-node's all do), worked out once per list. */
function dottedExtensions(extensions: readonly string[]): boolean {
  let answer = dotted.get(extensions);
  if (answer === undefined) {
    answer = extensions.every((extension) => extension.startsWith('.'));
    dotted.set(extensions, answer);
  }
  return answer;
}

/**
 * prerender-node's `shouldShowPrerenderedPage` rules, on our crawler list: GET or HEAD from a
 * crawler (or `_escaped_fragment_`, or Buffer's `X-Bufferbot`), never a file, never a request the
 * renderer itself makes (`X-Prerender`, the loop guard), allow and block lists respected.
 */
export function shouldPrerender(candidate: PrerenderCandidate, options: ShouldPrerenderOptions): boolean {
  if (candidate.method !== 'GET' && candidate.method !== 'HEAD') return false;
  const userAgent = header(candidate, 'user-agent');
  if (!userAgent) return false;
  if (header(candidate, 'x-prerender')) return false;
  const url = candidate.url ?? '/';
  const queryAt = url.indexOf('?');
  const crawlers = options.crawlerUserAgents;
  const wanted =
    (typeof crawlers === 'function' ? crawlers(userAgent) : isCrawler(userAgent, crawlers)) ||
    (queryAt >= 0 && hasEscapedFragment(url, queryAt)) ||
    Boolean(header(candidate, 'x-bufferbot'));
  if (!wanted) return false;
  const pathname = (queryAt < 0 ? url : url.slice(0, queryAt)).toLowerCase();
  // A path without a dot ends in no listed extension (each starts with one): most pages.
  if ((pathname.includes('.') || !dottedExtensions(options.extensionsToIgnore)) && options.extensionsToIgnore.some((extension) => pathname.endsWith(extension))) return false;
  if (options.allowList && options.allowList.length > 0 && !options.allowList.some((pattern) => pattern.test(url))) return false;
  const referer = header(candidate, 'referer');
  if (options.blockList?.some((pattern) => pattern.test(url) || (referer !== undefined && pattern.test(referer)))) return false;
  return true;
}
