import { escapeHtml } from '../head/escape-html.ts';

export const SITEMAP_CHANGEFREQS = ['always', 'hourly', 'daily', 'weekly', 'monthly', 'yearly', 'never'] as const;

/**
 * One URL of the sitemap. `loc` is a path relative to ROOT_URL (`/notes/hello` is
 * `<ROOT_URL>/notes/hello`, path prefix kept, as `Meteor.absoluteUrl` joins it) or an absolute
 * http(s) URL under ROOT_URL.
 */
export interface SitemapEntry {
  loc: string;
  lastmod?: string | Date;
  changefreq?: (typeof SITEMAP_CHANGEFREQS)[number];
  priority?: number;
}

/** A checked entry, ready to write: `loc` absolute, `lastmod` a W3C datetime string. */
export interface SitemapUrl {
  loc: string;
  lastmod?: string;
  changefreq?: string;
  priority?: number;
}

/** Called for each entry skipped, with its 0-based index in the source and what is wrong with it. */
export type SitemapInvalidEntry = (index: number, problem: string) => void;

/** The sitemaps.org limit of URLs per file, past which a sitemap index is served. */
export const SITEMAP_URL_LIMIT = 50_000;
/** The sitemaps.org limit on a `<loc>`'s length. */
const LOC_LIMIT = 2048;

const HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** W3C Datetime (what sitemaps.org asks for): YYYY, YYYY-MM, YYYY-MM-DD, or a date-time with a zone. */
const W3C_DATETIME = /^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01])(?:T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d))?)?)?$/;

function rootDirectory(rootUrl: string): URL {
  const root = new URL(rootUrl);
  if (!root.pathname.endsWith('/')) root.pathname += '/';
  root.search = '';
  root.hash = '';
  return root;
}

/**
 * `loc` as an absolute URL under ROOT_URL, or undefined: a path joins ROOT_URL with its path
 * prefix (a leading `/` does not drop `/app` from `https://x.com/app`); an absolute URL must be
 * http(s) on ROOT_URL's origin; either way the result, dot segments resolved, must stay under
 * ROOT_URL's path (sitemaps.org: a sitemap lists URLs of its own site only).
 */
export function sitemapLoc(loc: string, rootUrl: string): string | undefined {
  const root = rootDirectory(rootUrl);
  let url: URL;
  try {
    url = /^[a-z][a-z0-9+.-]*:/i.test(loc) ? new URL(loc) : new URL(loc.replace(/^[/\\]+/, ''), root);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.origin !== root.origin || url.username || url.password) return undefined;
  const prefix = root.pathname.replace(/\/$/, '');
  if (prefix && url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return undefined;
  url.hash = '';
  return url.href;
}

/** The entry checked and made ready to write, or what is wrong with it. */
export function checkSitemapEntry(entry: unknown, rootUrl: string): SitemapUrl | string {
  if (typeof entry !== 'object' || entry === null) return `must be an object { loc, lastmod?, changefreq?, priority? }, got ${entry === null ? 'null' : typeof entry}`;
  const { loc, lastmod, changefreq, priority } = entry as Record<string, unknown>;
  if (typeof loc !== 'string' || loc.trim() === '') return 'loc must be a non-empty string';
  const absolute = sitemapLoc(loc.trim(), rootUrl);
  if (absolute === undefined) return `loc ${JSON.stringify(loc.slice(0, 200))} is not an http(s) URL under ROOT_URL (${rootUrl})`;
  if (absolute.length > LOC_LIMIT) return `loc is longer than ${LOC_LIMIT} characters`;
  const url: SitemapUrl = { loc: absolute };
  if (lastmod !== undefined) {
    if (lastmod instanceof Date) {
      if (Number.isNaN(lastmod.getTime())) return 'lastmod is an invalid Date';
      url.lastmod = lastmod.toISOString();
    } else if (typeof lastmod === 'string' && W3C_DATETIME.test(lastmod) && !Number.isNaN(Date.parse(lastmod.length === 4 ? `${lastmod}-01-01` : lastmod.length === 7 ? `${lastmod}-01` : lastmod))) {
      url.lastmod = lastmod;
    } else {
      return `lastmod must be a Date or a W3C datetime string (2026-01-02, 2026-01-02T03:04:05Z), got ${JSON.stringify(lastmod)}`;
    }
  }
  if (changefreq !== undefined) {
    if (typeof changefreq !== 'string' || !(SITEMAP_CHANGEFREQS as readonly string[]).includes(changefreq)) {
      return `changefreq must be one of ${SITEMAP_CHANGEFREQS.join(', ')}, got ${JSON.stringify(changefreq)}`;
    }
    url.changefreq = changefreq;
  }
  if (priority !== undefined) {
    if (typeof priority !== 'number' || !Number.isFinite(priority) || priority < 0 || priority > 1) return `priority must be a number from 0 to 1, got ${JSON.stringify(priority)}`;
    url.priority = priority;
  }
  return url;
}

/** The entries that pass `checkSitemapEntry`, in order; each other one is reported with its index. */
export function sitemapUrls(entries: readonly unknown[], rootUrl: string, onInvalid?: SitemapInvalidEntry): SitemapUrl[] {
  const urls: SitemapUrl[] = [];
  entries.forEach((entry, index) => {
    const checked = checkSitemapEntry(entry, rootUrl);
    if (typeof checked === 'string') onInvalid?.(index, checked);
    else urls.push(checked);
  });
  return urls;
}

function priorityText(priority: number): string {
  // 1 → "1.0" as sitemaps.org writes it; 0.25 stays 0.25.
  return Number.isInteger(priority * 10) ? priority.toFixed(1) : String(Number(priority.toFixed(4)));
}

function urlsetXml(urls: readonly SitemapUrl[]): string {
  const items = urls.map((url) => {
    let xml = `<url><loc>${escapeHtml(url.loc)}</loc>`;
    if (url.lastmod !== undefined) xml += `<lastmod>${escapeHtml(url.lastmod)}</lastmod>`;
    if (url.changefreq !== undefined) xml += `<changefreq>${escapeHtml(url.changefreq)}</changefreq>`;
    if (url.priority !== undefined) xml += `<priority>${priorityText(url.priority)}</priority>`;
    return `${xml}</url>`;
  });
  return `${HEADER}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join('\n')}\n</urlset>\n`;
}

/** A `<urlset>` of the valid entries, each `loc` made absolute under ROOT_URL; invalid ones are skipped and reported. */
export function sitemapXml(entries: readonly unknown[], rootUrl: string, onInvalid?: SitemapInvalidEntry): string {
  return urlsetXml(sitemapUrls(entries, rootUrl, onInvalid));
}

/** A `<sitemapindex>` pointing at absolute sitemap URLs. */
export function sitemapIndexXml(sitemapUrls: readonly string[]): string {
  const items = sitemapUrls.map((url) => `<sitemap><loc>${escapeHtml(url)}</loc></sitemap>`);
  return `${HEADER}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join('\n')}\n</sitemapindex>\n`;
}

/**
 * What `/sitemap.xml` (page undefined) or `/sitemap-<n>.xml` serves for checked URLs
 * (`sitemapUrls`): one urlset up to the limit; past it, an index at /sitemap.xml and 1-based pages
 * under ROOT_URL. Undefined: no such page.
 */
export function sitemapUrlsPage(urls: readonly SitemapUrl[], rootUrl: string, page?: number, limit = SITEMAP_URL_LIMIT): string | undefined {
  const pages = Math.ceil(urls.length / limit);
  if (page === undefined) {
    if (pages <= 1) return urlsetXml(urls);
    const root = rootDirectory(rootUrl);
    return sitemapIndexXml(Array.from({ length: pages }, (_, index) => new URL(`sitemap-${index + 1}.xml`, root).href));
  }
  if (pages <= 1 || !Number.isInteger(page) || page < 1 || page > pages) return undefined;
  return urlsetXml(urls.slice((page - 1) * limit, page * limit));
}

/** `sitemapUrlsPage` on raw entries: invalid ones skipped (and reported) before the split. */
export function sitemapPage(entries: readonly unknown[], rootUrl: string, page?: number, limit = SITEMAP_URL_LIMIT, onInvalid?: SitemapInvalidEntry): string | undefined {
  return sitemapUrlsPage(sitemapUrls(entries, rootUrl, onInvalid), rootUrl, page, limit);
}
