import type { SimpleSchema } from './simple-schema.ts';
import { schemaKeys } from './schema-keys.ts';
import { getAtPath, isPlainObject } from './value-at-path.ts';

/**
 * Sets every schema default whose key is missing, in place: `Meteor.settings.public` must keep its
 * identity, because Meteor ships that very object to clients as PUBLIC_SETTINGS.
 *
 * A missing parent object is created only when it is one of `roots` (a package's namespace such as
 * `public.cdn`) or has a default of its own (declared before its children); an optional object the
 * user left out stays out, so its required children are not suddenly demanded.
 */
export function applyDefaults(settings: Record<string, unknown>, schema: SimpleSchema, roots: ReadonlySet<string>): string[] {
  const applied: string[] = [];
  for (const key of schemaKeys(schema)) {
    if (!('defaultValue' in key.definition) || key.path.includes('$')) continue;
    if (getAtPath(settings, key.path) !== undefined) continue;
    const segments = key.path.split('.');
    let parent: Record<string, unknown> = settings;
    let reachable = true;
    for (let depth = 1; depth < segments.length; depth += 1) {
      const ancestorPath = segments.slice(0, depth).join('.');
      const next = parent[segments[depth - 1]];
      if (next === undefined && roots.has(ancestorPath)) {
        parent[segments[depth - 1]] = {};
      } else if (!isPlainObject(next)) {
        reachable = false;
        break;
      }
      parent = parent[segments[depth - 1]] as Record<string, unknown>;
    }
    if (!reachable) continue;
    parent[segments[segments.length - 1]] = structuredClone(key.definition.defaultValue);
    applied.push(key.path);
  }
  return applied;
}
