/** Reads and writes nested plain-object values by dotted path, without replacing any object on the way. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function getAtPath(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const segment of path.split('.')) {
    if (isPlainObject(current) || Array.isArray(current)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

/**
 * Sets `path` to `value`, creating missing plain objects on the way. Returns false (and changes
 * nothing) when something on the way exists and is not an object: that is a type error the
 * validation reports, and the user's value must not be overwritten.
 */
export function setAtPath(root: Record<string, unknown>, path: string, value: unknown): boolean {
  const segments = path.split('.');
  let current: Record<string, unknown> = root;
  for (const segment of segments.slice(0, -1)) {
    const next = current[segment];
    if (next === undefined) {
      current[segment] = {};
    } else if (!isPlainObject(next)) {
      return false;
    }
    current = current[segment] as Record<string, unknown>;
  }
  current[segments[segments.length - 1]] = value;
  return true;
}

/** Removes the key at `path`, if it is there. */
export function deleteAtPath(root: Record<string, unknown>, path: string): void {
  const segments = path.split('.');
  const last = segments.pop() as string;
  const container = segments.length === 0 ? root : getAtPath(root, segments.join('.'));
  if (isPlainObject(container) || Array.isArray(container)) {
    delete (container as Record<string, unknown>)[last];
  }
}
