import { SimpleSchema } from './simple-schema.ts';
import type { SchemaKey } from './schema-keys.ts';

/**
 * Every declared key of the merged schemas, looked up in constant time. simpl-schema's
 * `allowsKey` scans every key and `objectKeys(prefix)` rebuilds its map on each call, so asking
 * them once per settings key made validation quadratic; this index is built once per set of specs.
 * Keys are generic paths (array items as `$`); a nested SimpleSchema type is flattened in place.
 */
export class SchemaIndex {
  /** every key, in declaration order */
  readonly keys: readonly SchemaKey[];
  readonly #byPath = new Map<string, SchemaKey>();
  readonly #children = new Map<string, string[]>();
  #withDefaults: SchemaKey[] | undefined;

  constructor(keys: readonly SchemaKey[]) {
    const list: SchemaKey[] = [];
    for (const key of keys) {
      if (this.#byPath.has(key.path)) continue;
      this.#byPath.set(key.path, key);
      list.push(key);
      const at = key.path.lastIndexOf('.');
      const parent = at === -1 ? '' : key.path.slice(0, at);
      const name = key.path.slice(at + 1);
      if (name === '$') continue;
      const siblings = this.#children.get(parent) ?? [];
      siblings.push(name);
      this.#children.set(parent, siblings);
    }
    this.keys = list;
  }

  get(path: string): SchemaKey | undefined {
    return this.#byPath.get(path);
  }

  has(path: string): boolean {
    return this.#byPath.has(path);
  }

  /** The declared names directly under `parent` ('' for the root), `$` items left out. */
  children(parent: string): readonly string[] {
    return this.#children.get(parent) ?? [];
  }

  /** The keys with a default (outside arrays), parents before children, computed once. */
  keysWithDefaults(): readonly SchemaKey[] {
    if (this.#withDefaults) return this.#withDefaults;
    this.#withDefaults = this.keys
      .filter((key) => 'defaultValue' in key.definition && !key.path.includes('$'))
      .map((key) => ({ key, depth: key.path.split('.').length }))
      .sort((a, b) => a.depth - b.depth)
      .map(({ key }) => key);
    return this.#withDefaults;
  }

  isBlackbox(path: string): boolean {
    return this.#byPath.get(path)?.definition.blackbox === true;
  }
}

/** The keys of one simpl-schema, nested SimpleSchema types flattened under their key. */
export function indexedKeys(schema: SimpleSchema, prefix = '', depth = 0): SchemaKey[] {
  const keys: SchemaKey[] = [];
  // getDefinition() moves `blackbox` into the type list; the index keeps it on the key.
  const blackbox = new Set(schema.blackboxKeys());
  for (const path of Object.keys(schema.schema())) {
    const definition = schema.getDefinition(path) as SchemaKey['definition'] & { type: Array<{ type: unknown; blackbox?: boolean }> };
    if (blackbox.has(path) || definition.type?.some((option) => option.blackbox === true)) definition.blackbox = true;
    const full = prefix ? `${prefix}.${path}` : path;
    const type = definition.type?.[0]?.type;
    keys.push({ path: full, type, definition });
    if (depth < 32) {
      for (const option of definition.type ?? []) {
        if (SimpleSchema.isSimpleSchema(option.type)) keys.push(...indexedKeys(option.type as SimpleSchema, full, depth + 1));
      }
    }
  }
  return keys;
}
