import { escapeHtml } from '../head/escape-html.ts';

/** One URL of the sitemap. `loc` may be a path (joined to ROOT_URL) or an absolute URL. */
export interface SitemapEntry {
  loc: string;
  lastmod?: string | Date;
  changefreq?: 'always' | 'hourly' | 'daily' | 'weekly' | 'monthly' | 'yearly' | 'never';
  priority?: number;
}

/** The sitemaps.org limit of URLs per file, past which a sitemap index is served. */
export const SITEMAP_URL_LIMIT = 50_000;

const HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';

function absolute(loc: string, rootUrl: string): string {
  return new URL(loc, rootUrl.endsWith('/') ? rootUrl : `${rootUrl}/`).href;
}

function lastmod(value: string | Date): string {
  return value instanceof Date ? value.toISOString() : value;
}

/** A `<urlset>` of entries, each `loc` made absolute against ROOT_URL. */
export function sitemapXml(entries: readonly SitemapEntry[], rootUrl: string): string {
  const urls = entries.map((entry) => {
    let xml = `<url><loc>${escapeHtml(absolute(entry.loc, rootUrl))}</loc>`;
    if (entry.lastmod !== undefined) xml += `<lastmod>${escapeHtml(lastmod(entry.lastmod))}</lastmod>`;
    if (entry.changefreq) xml += `<changefreq>${entry.changefreq}</changefreq>`;
    if (entry.priority !== undefined) xml += `<priority>${entry.priority.toFixed(1)}</priority>`;
    return `${xml}</url>`;
  });
  return `${HEADER}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

/** A `<sitemapindex>` pointing at absolute sitemap URLs. */
export function sitemapIndexXml(sitemapUrls: readonly string[]): string {
  const items = sitemapUrls.map((url) => `<sitemap><loc>${escapeHtml(url)}</loc></sitemap>`);
  return `${HEADER}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join('\n')}\n</sitemapindex>\n`;
}

/**
 * What `/sitemap.xml` (page undefined) or `/sitemap-<n>.xml` serves for these entries: one urlset
 * up to the limit; past it, an index at /sitemap.xml and 1-based pages. Undefined: no such page.
 */
export function sitemapPage(entries: readonly SitemapEntry[], rootUrl: string, page?: number, limit = SITEMAP_URL_LIMIT): string | undefined {
  const pages = Math.ceil(entries.length / limit);
  if (page === undefined) {
    if (pages <= 1) return sitemapXml(entries, rootUrl);
    return sitemapIndexXml(Array.from({ length: pages }, (_, index) => absolute(`sitemap-${index + 1}.xml`, rootUrl)));
  }
  if (pages <= 1 || !Number.isInteger(page) || page < 1 || page > pages) return undefined;
  return sitemapXml(entries.slice((page - 1) * limit, page * limit), rootUrl);
}
