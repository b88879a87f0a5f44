import type { RspackContexts } from './rspack-contexts.ts';

/**
 * Meteor 3.4+ with Rspack: `@meteorjs/rspack` renders HtmlRspackPlugin's tags (`inject: false`,
 * a `<head>`/`<body>` template) into `_build/<out>/index.html`, which Meteor compiles like any app
 * HTML file, so `<link href="/build-chunks/main.<hash>.css" rel="stylesheet">` (and any preload or
 * script tag the app's Rspack config adds) sits in the boilerplate's `head`/`body`. Meteor's
 * bundle URL hook (`setBundledJsCssPrefix`) never sees these (meteor/meteor#14680), and they carry
 * no ROOT_URL path prefix (meteor/meteor#14523; the fix under review there prefixes them in a
 * boilerplate data callback, 'rspack-root-url-path-prefix', which runs before ours, so a URL may
 * already start with the prefix).
 */
export interface RspackHtmlRewrite {
  /**
   * The HTML with every `href`/`src` that points into the Rspack folders moved under `base`
   * (the CDN URL + ROOT_URL path prefix, or the prefix alone). Memoized: the boilerplate's head and
   * body are the same strings on every request, so the work is done once per boilerplate and host.
   */
  rewrite(html: string, base: string): string;
  /**
   * The same for HTML made per request (`dynamicHead`/`dynamicBody`, which server-render and
   * flightdeck:seo fill on every page): not memoized, as such a string never comes back and would
   * only push the boilerplate's out of the memo, and skipped with a substring search when it names
   * no Rspack folder, so a page pays for a pattern only when its dynamic HTML links a chunk.
   */
  rewriteDynamic(html: string, base: string): string;
}

export interface RspackHtmlRewriteOptions {
  contexts: RspackContexts;
  /** ROOT_URL's path without trailing slash, `''` at the root. */
  rootUrlPathPrefix: string;
  /** How many (host, html) results are kept. Default 64. */
  maxEntries?: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createRspackHtmlRewrite(options: RspackHtmlRewriteOptions): RspackHtmlRewrite {
  const prefix = options.rootUrlPathPrefix.replace(/\/+$/, '');
  const folderPaths = [`/${options.contexts.chunks}/`, `/${options.contexts.assets}/`];
  const folders = [options.contexts.chunks, options.contexts.assets].map(escapeRegExp).join('|');
  // An href/src attribute (quoted either way, its name in any case) whose value is a root-relative
  // URL into a Rspack folder, with or without the ROOT_URL prefix in front. Absolute URLs are left
  // alone. The path is matched as written, as Meteor serves it (so a substring search can rule a
  // string out first).
  const pattern = new RegExp(
    `(\\s(?:[Hh][Rr][Ee][Ff]|[Ss][Rr][Cc])\\s*=\\s*)(["'])${prefix ? `(?:${escapeRegExp(prefix)})?` : ''}(/(?:${folders})/)`,
    'g',
  );
  const maxEntries = options.maxEntries ?? 64;
  // base → (html → rewritten), the last few inputs per base.
  const memo = new Map<string, Map<string, string>>();
  let size = 0;

  // The last few answers, compared by identity first: a page's head and body are the very strings
  // of the boilerplate on every request, so this skips even the map lookups.
  const recent: { html: string; base: string; out: string }[] = [];

  return {
    rewrite(html, base) {
      if (typeof html !== 'string' || html.length === 0) return html;
      for (const entry of recent) if (entry.html === html && entry.base === base) return entry.out;
      const out = lookup(html, base);
      recent.unshift({ html, base, out });
      if (recent.length > 4) recent.pop();
      return out;
    },
    rewriteDynamic(html, base) {
      if (typeof html !== 'string' || html.length === 0) return html;
      if (!html.includes(folderPaths[0]) && !html.includes(folderPaths[1])) return html;
      return replace(html, base);
    },
  };

  function replace(html: string, base: string): string {
    pattern.lastIndex = 0;
    return pattern.test(html)
      ? html.replace(pattern, (_match, attribute: string, quote: string, path: string) => attribute + quote + base + path)
      : html;
  }

  function lookup(html: string, base: string): string {
    let perBase = memo.get(base);
    const known = perBase?.get(html);
    if (known !== undefined) return known;
    const rewritten = replace(html, base);
    if (size >= maxEntries) {
      memo.clear();
      size = 0;
      perBase = undefined;
    }
    if (!perBase) memo.set(base, (perBase = new Map()));
    perBase.set(html, rewritten);
    size += 1;
    return rewritten;
  }
}
