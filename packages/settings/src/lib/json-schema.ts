import { buildSchema } from './build-schema.ts';
import { METEOR_OWN_KEYS } from './meteor-keys.ts';
import type { SchemaIndex } from './schema-index.ts';
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

function definitionOf(index: SchemaIndex, key: string): KeyDefinition {
  return index.get(key)?.definition as unknown as KeyDefinition;
}

function nodeFor(index: SchemaIndex, key: string): JsonSchema {
  const definition = definitionOf(index, key);
  const first = definition.type[0];
  const type = first.type;
  const node: JsonSchema = {};
  if (type === String) node.type = 'string';
  else if (type === Number) node.type = 'number';
  else if (type === SimpleSchema.Integer) node.type = 'integer';
  else if (type === Boolean) node.type = 'boolean';
  else if (type === Date) Object.assign(node, { type: 'string', format: 'date-time' });
  else if (type === Array) Object.assign(node, { type: 'array', ...(index.has(`${key}.$`) ? { items: nodeFor(index, `${key}.$`) } : {}) });
  else Object.assign(node, objectNode(index, key, definition.blackbox === true));

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

function objectNode(index: SchemaIndex, key: string, blackbox: boolean): JsonSchema {
  // A blackbox holds anything: say so explicitly, so editors do not flag its keys.
  if (blackbox) return { type: 'object', additionalProperties: true };
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const child of index.children(key)) {
    const childKey = key ? `${key}.${child}` : child;
    properties[child] = nodeFor(index, childKey);
    if (isRequired(definitionOf(index, childKey))) required.push(child);
  }
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

/**
 * The merged JSON Schema (draft-07) of every spec, for editor completion of settings files
 * (VS Code: "json.schemas"). Written here rather than with simpl-schema's toJsonSchema, which in
 * 3.4 keeps the slashes of a regEx in `pattern`, makes every array a one-item tuple and marks keys
 * with a default as required. Meteor's own keys (`packages.*`, `public.packages.*`,
 * `galaxy.meteor.com`) are open objects: their shape belongs to each Meteor package.
 */
export function settingsJsonSchema(specs: readonly SettingsSpec[]): JsonSchema {
  const { index } = buildSchema(specs);
  const root = objectNode(index, '', false) as { properties: Record<string, JsonSchema> };
  const publicNode = root.properties.public as { properties: Record<string, JsonSchema> };
  const meteorNode = (description: string): JsonSchema => ({ type: 'object', additionalProperties: true, description });
  for (const key of METEOR_OWN_KEYS) {
    if (key === 'packages') root.properties.packages = meteorNode("Meteor packages' own server settings, e.g. packages.mongo (Meteor).");
    else if (key === 'public.packages') publicNode.properties.packages = meteorNode("Meteor packages' own client settings, e.g. public.packages.dynamic-import (Meteor).");
    else root.properties[key] = meteorNode("Galaxy's own settings (Meteor).");
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Meteor.settings',
    ...root,
  };
}
