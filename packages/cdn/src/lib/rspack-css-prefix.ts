import type { RspackContexts } from './rspack-contexts.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * CSS from `@meteorjs/rspack` (publicPath "/") links its fonts and images root-relative,
 * `url(/build-assets/<hash>.ttf)`. Under a ROOT_URL path prefix Meteor serves them only at
 * `/app/build-assets/...`, and webapp answers every path outside the prefix with 404
 * (meteor/meteor#14523), so the font is lost, through a CDN or not. This puts the prefix in front
 * of such URLs (quoted or not); other URLs, and ones already prefixed, stay as they are. The CDN
 * host is not needed: a root-relative URL resolves against the stylesheet's own origin.
 */
export function prefixRspackCssUrls(css: string, rootUrlPathPrefix: string, contexts: RspackContexts): string {
  const prefix = rootUrlPathPrefix.replace(/\/+$/, '');
  if (!prefix) return css;
  const folders = [contexts.chunks, contexts.assets].map(escapeRegExp).join('|');
  const pattern = new RegExp(`(url\\(\\s*["']?)(/(?:${folders})/)`, 'gi');
  return css.replace(pattern, (_match, opening: string, path: string) => opening + prefix + path);
}
