import { jsonForScript } from './escape-html.ts';
import { dropUnsafeUrls, type UnsafeHeadUrl } from './safe-url.ts';

/**
 * One element of the document head. `key` names what it is, so a second tag with the same key
 * replaces the first: meta by name / property / http-equiv, canonical, alternate by hreflang,
 * JSON-LD by `@id` or position.
 */
export interface HeadTag {
  tag: 'title' | 'meta' | 'link' | 'script';
  key: string;
  attrs: Record<string, string>;
  /** Text of a title, or the (already escaped) JSON of a JSON-LD script. */
  text?: string;
}

export interface OpenGraphImage {
  url: string;
  width?: number;
  height?: number;
  alt?: string;
  type?: string;
}

export interface OpenGraph {
  title?: string;
  description?: string;
  url?: string;
  type?: string;
  siteName?: string;
  locale?: string;
  image?: string | OpenGraphImage;
  /** Any other `og:*` property, e.g. `{ 'article:author': '...' }` (written as given). */
  [property: string]: string | OpenGraphImage | undefined;
}

export interface TwitterCard {
  card?: 'summary' | 'summary_large_image' | 'app' | 'player';
  site?: string;
  creator?: string;
  title?: string;
  description?: string;
  image?: string;
  imageAlt?: string;
}

/** What `Seo.setHead` takes; every field optional, unset fields leave the head as it is. */
export interface HeadInput {
  title?: string;
  /** `%s` is replaced by `title`, e.g. "%s · Flightdeck". */
  titleTemplate?: string;
  description?: string;
  canonical?: string;
  /** e.g. "noindex, nofollow" */
  robots?: string;
  openGraph?: OpenGraph;
  twitter?: TwitterCard;
  /** hreflang → URL, e.g. `{ en: 'https://x.com/en', 'x-default': 'https://x.com/' }`. */
  alternates?: Record<string, string>;
  jsonLd?: Record<string, unknown> | Record<string, unknown>[];
}

const OPEN_GRAPH_NAMES: Record<string, string> = { siteName: 'og:site_name' };
const TWITTER_NAMES: Record<string, string> = { imageAlt: 'twitter:image:alt' };

/** The dedupe key of a tag given by its attributes (DocHead's `addMeta` / `addLink`). */
export function tagKey(tag: HeadTag['tag'], attrs: Record<string, string>): string {
  if (tag === 'title') return 'title';
  if (tag === 'meta') {
    if (attrs.charset !== undefined) return 'meta:charset';
    for (const name of ['name', 'property', 'http-equiv', 'itemprop'] as const) {
      if (attrs[name]) return `meta:${name}:${attrs[name].toLowerCase()}`;
    }
    return `meta:${JSON.stringify(attrs)}`;
  }
  if (tag === 'link') {
    const rel = (attrs.rel ?? '').toLowerCase();
    if (rel === 'canonical') return 'link:canonical';
    if (rel === 'alternate' && attrs.hreflang) return `link:alternate:${attrs.hreflang.toLowerCase()}`;
    return `link:${rel}:${attrs.href ?? ''}`;
  }
  return `script:${attrs.src ?? attrs.type ?? ''}`;
}

export function metaTag(attrs: Record<string, string>): HeadTag {
  return { tag: 'meta', key: tagKey('meta', attrs), attrs };
}

export function linkTag(attrs: Record<string, string>): HeadTag {
  return { tag: 'link', key: tagKey('link', attrs), attrs };
}

/** A JSON-LD script; `<`, `>` and `&` inside are escaped so `</script>` cannot end it. */
export function jsonLdTag(data: Record<string, unknown>, index = 0): HeadTag {
  const id = typeof data['@id'] === 'string' ? data['@id'] : String(index);
  return { tag: 'script', key: `jsonld:${id}`, attrs: { type: 'application/ld+json' }, text: jsonForScript(data) };
}

export function titleTag(title: string, template?: string): HeadTag {
  // A function replacement is taken literally: with a string, `$&`, `$'` and `$$` in the title
  // would be String.replace patterns.
  const text = template && template.includes('%s') ? template.replace('%s', () => title) : title;
  return { tag: 'title', key: 'title', attrs: {}, text };
}

function openGraphTags(openGraph: OpenGraph): HeadTag[] {
  const tags: HeadTag[] = [];
  for (const [field, value] of Object.entries(openGraph)) {
    if (value === undefined) continue;
    if (field === 'image') {
      const image: OpenGraphImage = typeof value === 'string' ? { url: value } : (value as OpenGraphImage);
      tags.push(metaTag({ property: 'og:image', content: image.url }));
      for (const detail of ['width', 'height', 'alt', 'type'] as const) {
        if (image[detail] !== undefined) tags.push(metaTag({ property: `og:image:${detail}`, content: String(image[detail]) }));
      }
      continue;
    }
    const property = OPEN_GRAPH_NAMES[field] ?? (field.includes(':') ? field : `og:${field}`);
    tags.push(metaTag({ property, content: String(value) }));
  }
  return tags;
}

function twitterTags(twitter: TwitterCard): HeadTag[] {
  return Object.entries(twitter)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => metaTag({ name: TWITTER_NAMES[field] ?? `twitter:${field}`, content: String(value) }));
}

/**
 * The tags a declarative head describes, in document order. A canonical, alternate, `og:url`,
 * `og:image` or other URL that is neither http(s) nor relative (`javascript:`, `data:`...) is
 * dropped, and reported to `onUnsafeUrl` (the glue warns in development).
 */
export function headTags(input: HeadInput, onUnsafeUrl?: UnsafeHeadUrl): HeadTag[] {
  const tags: HeadTag[] = [];
  if (input.title !== undefined) tags.push(titleTag(input.title, input.titleTemplate));
  if (input.description !== undefined) tags.push(metaTag({ name: 'description', content: input.description }));
  if (input.robots !== undefined) tags.push(metaTag({ name: 'robots', content: input.robots }));
  if (input.canonical !== undefined) tags.push(linkTag({ rel: 'canonical', href: input.canonical }));
  for (const [hreflang, href] of Object.entries(input.alternates ?? {})) {
    tags.push(linkTag({ rel: 'alternate', hreflang, href }));
  }
  if (input.openGraph) tags.push(...openGraphTags(input.openGraph));
  if (input.twitter) tags.push(...twitterTags(input.twitter));
  const jsonLd = input.jsonLd === undefined ? [] : Array.isArray(input.jsonLd) ? input.jsonLd : [input.jsonLd];
  jsonLd.forEach((data, index) => tags.push(jsonLdTag(data, index)));
  return dropUnsafeUrls(tags, onUnsafeUrl);
}

/** Later tags replace earlier ones with the same key, keeping the first one's position. */
export function dedupeHeadTags(tags: readonly HeadTag[]): HeadTag[] {
  const byKey = new Map<string, HeadTag>();
  for (const tag of tags) byKey.set(tag.key, tag);
  return [...byKey.values()];
}
