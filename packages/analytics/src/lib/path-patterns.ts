type PathTest = (path: string) => boolean;

/** One path segment of a pattern (`*` any run of characters but `/`) as a regular expression. */
function segmentTest(segment: string, last: boolean): (part: string) => boolean {
  if (!segment.includes('*')) return (part) => part === segment;
  // A lone `*` ending the pattern names a page below: `/*` is not `/` (as in picomatch).
  if (last && /^\*+$/.test(segment)) return (part) => part !== '';
  const source = segment
    .split(/\*+/)
    .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  const re = new RegExp(`^${source}$`);
  return (part) => re.test(part);
}

function globTest(pattern: string): PathTest {
  // A `**` segment is any number of segments, none included: `/admin/**` is `/admin` and below.
  const split = pattern.split('/');
  const segments = split.map((segment, index) => (segment === '**' ? null : segmentTest(segment, index === split.length - 1)));
  return (path) => {
    // One trailing slash is ignored: `/pricing/` is the page `/pricing`.
    const parts = (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path).split('/');
    // Positions in `parts` the pattern can have reached; a glob has few segments, so this is small.
    let reached = new Set<number>([0]);
    for (const test of segments) {
      const next = new Set<number>();
      for (const at of reached) {
        if (test === null) for (let i = at; i <= parts.length; i += 1) next.add(i);
        else if (at < parts.length && test(parts[at])) next.add(at + 1);
      }
      if (next.size === 0) return false;
      reached = next;
    }
    return reached.has(parts.length);
  };
}

function patternTest(pattern: string): PathTest {
  if (pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/') && /[\\^$()|[\]{}+]/.test(pattern)) {
    const re = new RegExp(pattern.slice(1, -1));
    return (path) => re.test(path);
  }
  return globTest(pattern);
}

/**
 * A test for paths from include / exclude patterns: `*` matches within one path segment, a `**`
 * segment any number of segments (none too, so `/admin/**` covers `/admin`), as picomatch does;
 * `/…/` with regex characters is a regular expression. An empty include list allows every path.
 */
export function pathFilter(include: readonly string[], exclude: readonly string[]): (path: string) => boolean {
  const included = include.map(patternTest);
  const excluded = exclude.map(patternTest);
  if (included.length === 0 && excluded.length === 0) return () => true;
  return (path) => (included.length === 0 || included.some((test) => test(path))) && !excluded.some((test) => test(path));
}
