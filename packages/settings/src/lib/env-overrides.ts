import type { SchemaIndex } from './schema-index.ts';
import type { SettingsProblem } from './settings-spec.ts';
import { typeName } from './schema-keys.ts';
import { SimpleSchema as Schema } from './simple-schema.ts';
import { setAtPath } from './value-at-path.ts';

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);
const NOT_COERCIBLE = Symbol('not coercible');

function coerceScalar(raw: string, type: unknown): unknown {
  const text = raw.trim();
  if (type === String) return raw;
  if (type === Number || type === Schema.Integer) {
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return NOT_COERCIBLE;
    const number = Number(text);
    if (type === Schema.Integer && !Number.isInteger(number)) return NOT_COERCIBLE;
    return number;
  }
  if (type === Boolean) {
    const word = text.toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    return NOT_COERCIBLE;
  }
  if (type === Date) {
    const time = Date.parse(text);
    return Number.isNaN(time) ? NOT_COERCIBLE : new Date(time);
  }
  if (type === Object) {
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : NOT_COERCIBLE;
    } catch {
      return NOT_COERCIBLE;
    }
  }
  return NOT_COERCIBLE;
}

/** An env value as the key's type: arrays take JSON (`["a","b"]`) or a comma-separated list. */
export function coerceEnvValue(raw: string, type: unknown, itemType: unknown): unknown {
  if (type !== Array) return coerceScalar(raw, type);
  const text = raw.trim();
  let items: unknown[];
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (!Array.isArray(parsed)) return NOT_COERCIBLE;
      items = parsed;
    } catch {
      return NOT_COERCIBLE;
    }
    return items;
  }
  items = text === '' ? [] : text.split(',').map((item) => coerceScalar(item.trim(), itemType ?? String));
  return items.includes(NOT_COERCIBLE) ? NOT_COERCIBLE : items;
}

export function isNotCoercible(value: unknown): boolean {
  return value === NOT_COERCIBLE;
}

/**
 * Applies the environment variables that schema keys declare with `env`, in place, coerced to each
 * key's type. An empty variable counts as unset. A value that does not coerce is a problem that
 * names the variable and the key, never the value (it may be a secret).
 */
export function applyEnvOverrides(
  settings: Record<string, unknown>,
  index: SchemaIndex,
  env: Readonly<Record<string, string | undefined>>,
): { problems: SettingsProblem[]; overridden: Map<string, string> } {
  const problems: SettingsProblem[] = [];
  const overridden = new Map<string, string>();
  for (const key of index.keys) {
    const name = key.definition.env;
    if (!name) continue;
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const itemType = index.get(`${key.path}.$`)?.type;
    const value = coerceEnvValue(raw, key.type, itemType);
    if (isNotCoercible(value)) {
      problems.push({
        path: key.path,
        severity: 'error',
        message: `the environment variable ${name} cannot be read as ${typeName(key.type)}`,
        hint: `Fix ${name}, or unset it to use the settings file's value.`,
      });
      continue;
    }
    if (setAtPath(settings, key.path, value)) overridden.set(key.path, name);
  }
  return { problems, overridden };
}
