import type { SchemaIndex } from './schema-index.ts';
import { genericPath } from './schema-keys.ts';
import { isMeteorOwnKey } from './meteor-keys.ts';
import { isPlainObject } from './value-at-path.ts';

/** Edits between two names, a swap of neighbours counting as one (`ulr` → `url`). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) d[0][j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The declared sibling an unknown key was most likely meant to be, e.g. `url` for `ulr`. */
export function closestKey(index: SchemaIndex, path: string): string | undefined {
  const segments = path.split('.');
  const name = segments.pop() as string;
  const parent = genericPath(segments.join('.'));
  // A name far longer than any key is not a typo (it may be a value pasted as a key): no edit table for it.
  if (name.length > 64) return undefined;
  const siblings = index.children(parent);
  let best: { key: string; distance: number } | undefined;
  const allowed = Math.max(1, Math.floor(name.length / 4));
  for (const sibling of siblings) {
    if (Math.abs(sibling.length - name.length) > allowed) continue;
    const distance = sibling.toLowerCase() === name.toLowerCase() ? 0 : editDistance(sibling, name);
    if (distance <= allowed && (!best || distance < best.distance)) {
      best = { key: sibling, distance };
    }
  }
  return best ? [...segments, best.key].join('.') : undefined;
}

/** Full paths of the keys in `settings` that no schema declares (Meteor's own keys excepted). */
export function findUnknownKeys(settings: Record<string, unknown>, index: SchemaIndex): string[] {
  const unknown: string[] = [];
  const walk = (value: Record<string, unknown>, path: string): void => {
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (isMeteorOwnKey(childPath)) continue;
      const generic = genericPath(childPath);
      if (!index.has(generic)) {
        unknown.push(childPath);
        continue;
      }
      // Inside a blackbox anything goes: the walk stops at it.
      if (index.isBlackbox(generic)) continue;
      if (isPlainObject(child)) walk(child, childPath);
      if (Array.isArray(child)) {
        child.forEach((item, index) => {
          if (isPlainObject(item)) walk(item, `${childPath}.${index}`);
        });
      }
    }
  };
  walk(settings, '');
  return unknown;
}
