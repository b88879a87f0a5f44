import { SimpleSchema } from './simple-schema.ts';
import type { MergedSchema, SchemaDefinition, SettingsSpec } from './settings-spec.ts';
import { SettingsSchemaError } from './settings-schema-error.ts';
import { schemaKeys } from './schema-keys.ts';

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
function checkKeyOptions(spec: SettingsSpec, schema: SimpleSchema): void {
  for (const key of schemaKeys(schema)) {
    const types = (schema.getDefinition(key.path) as unknown as { type: Array<{ type: unknown }> }).type;
    for (const { type } of types) {
      if (!KNOWN_TYPES.includes(type) && !(type instanceof SimpleSchema)) {
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

/**
 * One simpl-schema for every registered spec. Two specs may not declare the same key, and a
 * definition simpl-schema refuses is reported with the spec's name.
 */
export function buildSchema(specs: readonly SettingsSpec[]): MergedSchema {
  const merged: SchemaDefinition = { ...BASE_DEFINITION };
  const owners = new Map<string, SettingsSpec>();
  const parts: MergedSchema['parts'] = [];
  for (const spec of specs) {
    const definition = specDefinition(spec);
    let alone: SimpleSchema;
    try {
      // Build each spec alone first, so a broken definition is blamed on the right spec.
      alone = new SimpleSchema({ ...BASE_DEFINITION, ...definition } as SimpleSchemaDefinition);
    } catch (error) {
      throw new SettingsSchemaError(`the schema "${spec.name}" is invalid: ${(error as Error).message}`);
    }
    checkKeyOptions(spec, alone);
    parts.push({ spec, schema: alone });
    for (const [key, value] of Object.entries(definition)) {
      const owner = owners.get(key);
      if (owner && owner !== spec) {
        throw new SettingsSchemaError(`"${key}" is declared by both "${owner.name}" and "${spec.name}"`);
      }
      merged[key] = value;
      owners.set(key, spec);
    }
  }
  return { schema: new SimpleSchema(merged as SimpleSchemaDefinition), owners, parts };
}
