import { buildSchema } from './build-schema.ts';
import { SimpleSchema } from './simple-schema.ts';
import type { SettingsSpec } from './settings-spec.ts';

export type JsonSchema = Record<string, unknown>;

interface KeyDefinition {
  type: Array<{ type: unknown; min?: unknown; max?: unknown; regEx?: unknown; allowedValues?: unknown }>;
  optional?: unknown;
  blackbox?: boolean;
  defaultValue?: unknown;
  description?: string;
  env?: string;
  allowedValues?: unknown;
}

function isRequired(definition: KeyDefinition): boolean {
  return definition.optional !== true && !('defaultValue' in definition);
}

function nodeFor(schema: SimpleSchema, key: string): JsonSchema {
  const definition = schema.getDefinition(key) as unknown as KeyDefinition;
  const first = definition.type[0];
  const type = first.type;
  const node: JsonSchema = {};
  if (type === String) node.type = 'string';
  else if (type === Number) node.type = 'number';
  else if (type === SimpleSchema.Integer) node.type = 'integer';
  else if (type === Boolean) node.type = 'boolean';
  else if (type === Date) Object.assign(node, { type: 'string', format: 'date-time' });
  else if (type === Array) Object.assign(node, { type: 'array', items: nodeFor(schema, `${key}.$`) });
  else Object.assign(node, objectNode(schema, key, definition.blackbox === true));

  const allowed = first.allowedValues ?? definition.allowedValues;
  if (Array.isArray(allowed)) node.enum = allowed;
  if (allowed instanceof Set) node.enum = [...allowed];
  const bounds = node.type === 'string' ? ['minLength', 'maxLength'] : ['minimum', 'maximum'];
  if (typeof first.min === 'number' && node.type !== 'array') node[bounds[0]] = first.min;
  if (typeof first.max === 'number' && node.type !== 'array') node[bounds[1]] = first.max;
  if (first.regEx instanceof RegExp) node.pattern = first.regEx.source;
  if ('defaultValue' in definition) node.default = definition.defaultValue;
  const description = [definition.description, definition.env ? `Environment override: ${definition.env}.` : undefined]
    .filter(Boolean)
    .join(' ');
  if (description) node.description = description;
  return node;
}

function objectNode(schema: SimpleSchema, key: string, blackbox: boolean): JsonSchema {
  if (blackbox) return { type: 'object' };
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const child of (key ? schema.objectKeys(key) : schema.objectKeys()) as string[]) {
    const childKey = key ? `${key}.${child}` : child;
    properties[child] = nodeFor(schema, childKey);
    if (isRequired(schema.getDefinition(childKey) as unknown as KeyDefinition)) required.push(child);
  }
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

/**
 * The merged JSON Schema (draft-07) of every spec, for editor completion of settings files
 * (VS Code: "json.schemas"). Written here rather than with simpl-schema's toJsonSchema, which in
 * 3.4 keeps the slashes of a regEx in `pattern`, makes every array a one-item tuple and marks keys
 * with a default as required.
 */
export function settingsJsonSchema(specs: readonly SettingsSpec[]): JsonSchema {
  const { schema } = buildSchema(specs);
  const root = objectNode(schema, '', false) as { properties: Record<string, JsonSchema> };
  root.properties['galaxy.meteor.com'] = { type: 'object', description: "Galaxy's own settings (Meteor)." };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Meteor.settings',
    ...root,
  };
}
