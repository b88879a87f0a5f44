import type { SchemaIndex } from './schema-index.ts';
import { getAtPath, isPlainObject } from './value-at-path.ts';

/**
 * Whether a default at `segments` can be placed: every ancestor is an object already, or is
 * missing and may be created (one of `roots`, and so are the missing ones below it).
 */
function canPlace(settings: Record<string, unknown>, segments: string[], roots: ReadonlySet<string>): boolean {
  let current: unknown = settings;
  for (let depth = 1; depth < segments.length; depth += 1) {
    const next = current === undefined ? undefined : (current as Record<string, unknown>)[segments[depth - 1]];
    if (next === undefined) {
      if (!roots.has(segments.slice(0, depth).join('.'))) return false;
    } else if (!isPlainObject(next)) {
      return false;
    }
    current = next;
  }
  return true;
}

/**
 * Sets every schema default whose key is missing, in place: `Meteor.settings.public` must keep its
 * identity, because Meteor ships that very object to clients as PUBLIC_SETTINGS.
 *
 * A missing parent object is created only when it is one of `roots` (a package's namespace such as
 * `public.cdn`) or has a default of its own; an optional object the
 * user left out stays out, so its required children are not suddenly demanded.
 */
export function applyDefaults(settings: Record<string, unknown>, index: SchemaIndex, roots: ReadonlySet<string>): string[] {
  const applied: string[] = [];
  // Parents before children, whatever the declaration order: an object's own default (often `{}`)
  // must be in place before its children's defaults can go into it.
  for (const key of index.keysWithDefaults()) {
    if (getAtPath(settings, key.path) !== undefined) continue;
    const segments = key.path.split('.');
    if (!canPlace(settings, segments, roots)) continue;
    let parent = settings;
    for (const segment of segments.slice(0, -1)) {
      if (parent[segment] === undefined) parent[segment] = {};
      parent = parent[segment] as Record<string, unknown>;
    }
    parent[segments[segments.length - 1]] = structuredClone(key.definition.defaultValue);
    applied.push(key.path);
  }
  return applied;
}
