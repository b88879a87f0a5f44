const escape = (text: string): string => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

// A glob as one regular expression, segment by segment: `*` is any run within a segment, a `**`
// segment is any number of segments (none too, so `/admin/**` covers `/admin`), and a lone `*`
// ending the pattern needs a non-empty segment (`/*` is not `/`), as picomatch reads them.
function globSource(pattern: string): string {
  const segments = pattern.split('/');
  return segments
    .map((segment, index) => {
      if (segment === '**') return index === 0 ? '[^/]*(?:/[^/]*)*' : '(?:/[^/]*)*';
      const slash = index === 0 ? '' : '/';
      if (index === segments.length - 1 && /^\*+$/.test(segment)) return `${slash}[^/]+`;
      return slash + segment.split(/\*+/).map(escape).join('[^/]*');
    })
    .join('');
}

function patternTest(pattern: string): (path: string) => boolean {
  const regex = pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/') && /[\\^$()|[\]{}+]/.test(pattern);
  const re = new RegExp(regex ? pattern.slice(1, -1) : `^${globSource(pattern)}$`);
  // One trailing slash is ignored for globs: `/pricing/` is the page `/pricing`.
  return (path) => re.test(regex || path.length < 2 || !path.endsWith('/') ? path : path.slice(0, -1));
}

/**
 * A test for paths from include / exclude patterns: `*` matches within one path segment, a `**`
 * segment any number of segments (none too, so `/admin/**` covers `/admin`), as picomatch does;
 * `/…/` with regex characters is a regular expression. An empty include list allows every path.
 */
export function pathFilter(include: readonly string[], exclude: readonly string[]): (path: string) => boolean {
  const included = include.map(patternTest);
  const excluded = exclude.map(patternTest);
  return (path) => (included.length === 0 || included.some((test) => test(path))) && !excluded.some((test) => test(path));
}
