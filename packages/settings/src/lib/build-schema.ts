import { SimpleSchema } from './simple-schema.ts';
import type { MergedSchema, SchemaDefinition, SettingsSpec } from './settings-spec.ts';
import { SettingsSchemaError } from './settings-schema-error.ts';
import { memoizeObjectKeys } from './memoize-object-keys.ts';
import { indexedKeys, SchemaIndex } from './schema-index.ts';
import type { SchemaKey } from './schema-keys.ts';

// simpl-schema's own definition type, which its package does not export by name.
type SimpleSchemaDefinition = ConstructorParameters<typeof SimpleSchema>[0];

const RESERVED_NAMES = new Set(['public', 'packages']);
const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

const BASE_DEFINITION: SchemaDefinition = {
  public: { type: Object, optional: true },
  // Meteor's own package configuration: its shape belongs to each Meteor package.
  packages: { type: Object, optional: true, blackbox: true },
  'public.packages': { type: Object, optional: true, blackbox: true },
};

function mount(definition: SchemaDefinition | undefined, prefix: string): SchemaDefinition {
  const mounted: SchemaDefinition = {};
  for (const [key, value] of Object.entries(definition ?? {})) {
    mounted[prefix ? `${prefix}.${key}` : key] = value;
  }
  return mounted;
}

function specDefinition(spec: SettingsSpec): SchemaDefinition {
  if (spec.scope === 'app') {
    return { ...mount(spec.private, ''), ...mount(spec.public, 'public') };
  }
  if (!NAME_PATTERN.test(spec.name) || RESERVED_NAMES.has(spec.name)) {
    throw new SettingsSchemaError(
      `"${spec.name}" cannot name a package's settings: use letters, digits, "_" or "-", and not "public" or "packages"`,
    );
  }
  const definition: SchemaDefinition = {};
  if (spec.private) definition[spec.name] = { type: Object, optional: true };
  if (spec.public) definition[`public.${spec.name}`] = { type: Object, optional: true };
  return { ...definition, ...mount(spec.private, spec.name), ...mount(spec.public, `public.${spec.name}`) };
}

const KNOWN_TYPES: readonly unknown[] = [String, Number, Boolean, Date, Object, Array, RegExp, SimpleSchema.Integer, SimpleSchema.Any];

/** What simpl-schema 3.4 lets through but would misbehave later: a type given as a string, a bad env name. */
function checkKeyOptions(spec: SettingsSpec, keys: readonly SchemaKey[]): void {
  for (const key of keys) {
    const types = (key.definition as unknown as { type: Array<{ type: unknown }> }).type;
    for (const { type } of types) {
      if (!KNOWN_TYPES.includes(type) && !SimpleSchema.isSimpleSchema(type)) {
        throw new SettingsSchemaError(
          `the schema "${spec.name}" is invalid: ${key.path} has type ${JSON.stringify(type) ?? String(type)}; use String, Number, SimpleSchema.Integer, Boolean, Date, Object or Array`,
        );
      }
    }
    const env = key.definition.env;
    if (env !== undefined && (typeof env !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(env) || key.path.includes('$'))) {
      throw new SettingsSchemaError(`the schema "${spec.name}" is invalid: ${key.path} has env ${JSON.stringify(env)}; use a variable name, on a key outside arrays`);
    }
  }
}

interface BuiltPart {
  schema: SimpleSchema;
  definition: SchemaDefinition;
  keys: SchemaKey[];
}

// A spec is built once, when it is first registered or validated: its schema is then reused by
// every validation (the startup check, validateSettingsNow, the CLI). Specs are plain objects that
// nobody edits after registering them; a changed spec is a new object (hot code push re-registers).
const builtParts = new WeakMap<SettingsSpec, BuiltPart>();
const specIds = new WeakMap<SettingsSpec, number>();
let nextSpecId = 0;
const MERGED_CACHE_SIZE = 16;
const mergedCache = new Map<string, MergedSchema>();

function buildPart(spec: SettingsSpec): BuiltPart {
  const cached = builtParts.get(spec);
  if (cached) return cached;
  const definition = specDefinition(spec);
  let schema: SimpleSchema;
  try {
    // Each spec is its own schema, so a broken definition is blamed on the right spec.
    schema = new SimpleSchema({ ...BASE_DEFINITION, ...definition } as SimpleSchemaDefinition);
  } catch (error) {
    throw new SettingsSchemaError(`the schema "${spec.name}" is invalid: ${(error as Error).message}`);
  }
  const keys = indexedKeys(schema);
  checkKeyOptions(spec, keys);
  const part = { schema: memoizeObjectKeys(schema), definition, keys };
  builtParts.set(spec, part);
  return part;
}

function cacheKey(specs: readonly SettingsSpec[]): string {
  return specs
    .map((spec) => {
      let id = specIds.get(spec);
      if (id === undefined) specIds.set(spec, (id = nextSpecId++));
      return id;
    })
    .join(',');
}

/**
 * Every registered spec, each as its own simpl-schema (validation runs per spec), plus one index of
 * all their keys. Two specs may not declare the same key, and a definition simpl-schema refuses is
 * reported with the spec's name. Built once per set of specs.
 */
export function buildSchema(specs: readonly SettingsSpec[]): MergedSchema {
  const key = cacheKey(specs);
  const cached = mergedCache.get(key);
  if (cached) return cached;
  const owners = new Map<string, SettingsSpec>();
  const parts: MergedSchema['parts'] = [];
  const keys: SchemaKey[] = [];
  const base = buildPart({ name: 'flightdeck-base', scope: 'app' }).keys;
  keys.push(...base);
  for (const spec of specs) {
    const part = buildPart(spec);
    parts.push({ spec, schema: part.schema });
    for (const path of Object.keys(part.definition)) {
      const owner = owners.get(path);
      if (owner && owner !== spec) {
        throw new SettingsSchemaError(`"${path}" is declared by both "${owner.name}" and "${spec.name}"`);
      }
      owners.set(path, spec);
    }
    keys.push(...part.keys);
  }
  const merged: MergedSchema = { index: new SchemaIndex(keys), owners, parts };
  if (mergedCache.size >= MERGED_CACHE_SIZE) mergedCache.delete(mergedCache.keys().next().value as string);
  mergedCache.set(key, merged);
  return merged;
}
