import { metaTag, type HeadTag } from './head-tags.ts';

/**
 * The meta tags the prerender server turns into the crawler's status (`prerender-status-code`);
 * a 404 or 410 also says `noindex`, so a soft error page never lands in the index.
 */
export function statusTags(status: number): HeadTag[] {
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new RangeError(`Seo.setStatus(${String(status)}): the status must be an HTTP status code (100-599)`);
  }
  const tags = [metaTag({ name: 'prerender-status-code', content: String(status) })];
  if (status === 404 || status === 410) tags.push(metaTag({ name: 'robots', content: 'noindex' }));
  return tags;
}

/** A redirect for crawlers: the status and a `prerender-header` with the Location. */
export function redirectTags(url: string, status = 301): HeadTag[] {
  if (![301, 302, 303, 307, 308].includes(status)) {
    throw new RangeError(`Seo.redirect(${JSON.stringify(url)}, ${String(status)}): the status must be 301, 302, 303, 307 or 308`);
  }
  if (!url || /[\r\n]/.test(url)) throw new TypeError(`Seo.redirect(${JSON.stringify(url)}): the URL must be a non-empty single line`);
  return [
    metaTag({ name: 'prerender-status-code', content: String(status) }),
    metaTag({ name: 'prerender-header', content: `Location: ${url}` }),
  ];
}
