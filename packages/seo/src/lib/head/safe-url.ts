import type { HeadTag } from './head-tags.ts';

/**
 * Whether a URL may go into the head: http(s), or relative (`/x`, `x`, `//host/x`, `?q`, `#a`).
 * Read the way a browser reads it — tabs and newlines removed anywhere, leading and trailing
 * spaces and control characters trimmed — so `java\tscript:` and ` javascript:` are schemes
 * too. `javascript:`, `data:`, `vbscript:` and every other scheme are refused.
 */
export function isSafeHeadUrl(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  const url = value.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  return !scheme || /^https?$/i.test(scheme[1]);
}

/** Meta properties whose content is a URL (Open Graph and Twitter cards). */
const URL_META = /^(?:og|twitter):(?:url|image|video|audio|player)(?::(?:url|secure_url))?$/i;

/**
 * The attribute of a tag that holds a page URL crawlers follow: a canonical or alternate link's
 * href, a URL-valued meta's content. Other links keep theirs (a `data:` favicon is fine).
 */
function urlAttribute(tag: HeadTag): string | undefined {
  if (tag.tag === 'link') return /(?:^|\s)(?:canonical|alternate)(?:\s|$)/i.test(tag.attrs.rel ?? '') ? 'href' : undefined;
  if (tag.tag === 'meta' && URL_META.test(tag.attrs.property ?? tag.attrs.name ?? '')) return 'content';
  return undefined;
}

/** Called for each tag dropped for its URL, with the tag's key and the value. */
export type UnsafeHeadUrl = (key: string, value: string) => void;

/** The tags without those whose URL is not http(s) or relative (canonical, alternates, og:url, og:image...). */
export function dropUnsafeUrls(tags: readonly HeadTag[], onUnsafe?: UnsafeHeadUrl): HeadTag[] {
  return tags.filter((tag) => {
    const attribute = urlAttribute(tag);
    const value = attribute === undefined ? undefined : tag.attrs[attribute];
    if (value === undefined || isSafeHeadUrl(value)) return true;
    onUnsafe?.(tag.key, value);
    return false;
  });
}
