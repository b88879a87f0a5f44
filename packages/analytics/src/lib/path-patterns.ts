function patternToRegExp(pattern: string): RegExp {
  if (pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/') && /[\\^$()|[\]{}+]/.test(pattern)) {
    return new RegExp(pattern.slice(1, -1));
  }
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i];
    if (char === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i += 1;
    } else if (char === '*') source += '[^/]*';
    else source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}/?$`);
}

/**
 * A test for paths from include / exclude patterns: `*` matches one path segment, `**` any number,
 * `/…/` with regex characters is a regular expression. An empty include list allows every path.
 */
export function pathFilter(include: readonly string[], exclude: readonly string[]): (path: string) => boolean {
  const included = include.map(patternToRegExp);
  const excluded = exclude.map(patternToRegExp);
  if (included.length === 0 && excluded.length === 0) return () => true;
  return (path) => (included.length === 0 || included.some((re) => re.test(path))) && !excluded.some((re) => re.test(path));
}
