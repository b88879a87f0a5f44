// A glob as one regular expression: `*` is any run within a segment, a `**` segment is any number
// of segments (none too, so `/admin/**` covers `/admin`), and a lone `*` ending the pattern needs a
// non-empty segment (`/*` is not `/`), as picomatch reads them. One replace over the escaped
// pattern, alternatives in that order: a `**` segment (first or after a `/`), a last segment of
// stars, any other run of stars.
const GLOB = /(^|\/)\*\*(?=\/|$)|(^|\/)\*+$|\*+/g;

function patternTest(pattern: string): (path: string) => boolean {
  const regex = /^\/[^]*[\\^$()|[\]{}+][^]*\/$/.test(pattern);
  const re = new RegExp(
    regex
      ? pattern.slice(1, -1)
      : '^' +
        pattern
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(GLOB, (stars: string, anySegments?: string, lastSegment?: string) =>
            anySegments !== undefined ? (anySegments ? '(?:/[^/]*)*' : '[^/]*(?:/[^/]*)*') : lastSegment !== undefined ? lastSegment + '[^/]+' : '[^/]*',
          ) +
        '$',
  );
  // One trailing slash is ignored for globs: `/pricing/` is the page `/pricing`.
  return (path) => re.test(regex ? path : path.replace(/([^])\/$/, '$1'));
}

/**
 * A test for paths from include / exclude patterns: `*` matches within one path segment, a `**`
 * segment any number of segments (none too, so `/admin/**` covers `/admin`), as picomatch does;
 * `/…/` with regex characters is a regular expression. An empty include list allows every path.
 */
export function pathFilter(include: readonly string[], exclude: readonly string[]): (path: string) => boolean {
  const included = include.map(patternTest);
  const excluded = exclude.map(patternTest);
  return (path) => (!included.length || included.some((test) => test(path))) && !excluded.some((test) => test(path));
}
