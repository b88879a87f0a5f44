/** What `Seo.invalidate` accepts: a path, a glob of paths, or a regular expression. */
export type InvalidationPattern = string | RegExp;

/** A pattern as it travels between containers (JSON over Redis pub/sub). */
export type SerializedPattern = { glob: string } | { regexp: string; flags: string } | { all: true };

const MAX_PATTERN_LENGTH = 2048;

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const character = glob[index];
    if (character === '*' && glob[index + 1] === '*') {
      source += '.*';
      index += 1;
    } else if (character === '*') {
      source += '[^/?]*';
    } else {
      source += character.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/**
 * `'/posts/1'` matches that path with any query; `'/posts/*'` one segment (`/posts/1`, not
 * `/posts/1/comments`); `'/docs/**'` anything below; a path with `?` matches path and query
 * exactly; a RegExp is tested against path and query. Throws a TypeError naming the argument on
 * anything else.
 */
export function serializePattern(pattern: InvalidationPattern): SerializedPattern {
  if (pattern instanceof RegExp) {
    if (pattern.source.length > MAX_PATTERN_LENGTH) throw new TypeError(`Seo.invalidate(pattern): the regular expression is longer than ${MAX_PATTERN_LENGTH} characters`);
    return { regexp: pattern.source, flags: pattern.flags.replace(/[gy]/g, '') };
  }
  if (typeof pattern !== 'string' || !pattern.startsWith('/')) {
    throw new TypeError(`Seo.invalidate(pathOrPattern): expected a path starting with "/" or a RegExp, got ${typeof pattern === 'string' ? JSON.stringify(pattern.slice(0, 80)) : typeof pattern}`);
  }
  if (pattern.length > MAX_PATTERN_LENGTH) throw new TypeError(`Seo.invalidate(pathOrPattern): the path is longer than ${MAX_PATTERN_LENGTH} characters`);
  return { glob: pattern };
}

/** A predicate on a request path (with its query), from a pattern that may come off the network. */
export function compilePattern(pattern: SerializedPattern): (pathWithQuery: string) => boolean {
  if ('all' in pattern) return () => true;
  if ('regexp' in pattern) {
    const regexp = new RegExp(pattern.regexp, pattern.flags);
    return (path) => regexp.test(path);
  }
  const glob = pattern.glob;
  const withQuery = glob.includes('?');
  const regexp = globToRegExp(glob);
  return (path) => {
    const target = withQuery ? path : path.split('?', 1)[0];
    return regexp.test(target);
  };
}

/** Parses a pattern received from another container; undefined for anything malformed. */
export function parseSerializedPattern(value: unknown): SerializedPattern | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (record.all === true) return { all: true };
  if (typeof record.glob === 'string' && record.glob.startsWith('/') && record.glob.length <= MAX_PATTERN_LENGTH) return { glob: record.glob };
  if (typeof record.regexp === 'string' && record.regexp.length <= MAX_PATTERN_LENGTH && typeof record.flags === 'string' && /^[imsu]*$/.test(record.flags)) {
    try {
      new RegExp(record.regexp, record.flags);
      return { regexp: record.regexp, flags: record.flags };
    } catch {
      return undefined;
    }
  }
  return undefined;
}
