/**
 * The name of the global array through which Rspack's JSONP chunk loading receives lazily loaded
 * chunks, read from one of those chunk files. Rspack (1.x and 2.x, like webpack 5) starts every
 * such chunk with `(self["<name>"] = self["<name>"] || []).push([[ids], {modules}, runtime])`
 * (minified: `(self.<name>=self.<name>||[]).push(`); the name is `webpackChunk<uniqueName>`
 * (Rspack 1) or `rspackChunk<uniqueName>` (Rspack 2), `uniqueName` coming from the app's
 * package.json, which a built Meteor server no longer has. Returns null when the source does not
 * start that way (another `chunkLoading`, a banner the pattern does not know).
 */
export function rspackChunkGlobal(source: string): string | null {
  const head = source.slice(0, 4096);
  const match = /^\s*(?:(?:\/\*[\s\S]*?\*\/|\/\/[^\n]*\n|["']use strict["'];?)\s*)*\(\s*(?:self|window|globalThis|this)\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*(["'])([A-Za-z_$][\w$]*)\2\s*\])\s*=/.exec(head);
  if (!match) return null;
  const name = match[1] ?? match[3];
  return name.length <= 200 ? name : null;
}
