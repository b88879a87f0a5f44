import { SimpleSchema } from './simple-schema.ts';

/** What the settings code needs to know about one schema key. */
export interface SchemaKey {
  /** generic key path, array items as `$` (e.g. `cdn.corsOrigins.$`) */
  path: string;
  /** simpl-schema's type function of the key's first type: String, Number, SimpleSchema.Integer, ... */
  type: unknown;
  definition: Record<string, unknown> & {
    env?: string;
    secret?: boolean;
    notSecret?: boolean;
    description?: string;
    defaultValue?: unknown;
    optional?: boolean | (() => boolean);
    blackbox?: boolean;
    allowedValues?: unknown;
    label?: string;
  };
}

const INDEX_SEGMENT = /(^|\.)\d+(?=\.|$)/g;

/** `a.0.b` → `a.$.b`: the form simpl-schema keys arrays by. */
export function genericPath(path: string): string {
  return path.replace(INDEX_SEGMENT, '$1$$');
}

export function typeName(type: unknown): string {
  if (type === String) return 'a string';
  if (type === Number) return 'a number';
  if (type === SimpleSchema.Integer) return 'an integer';
  if (type === Boolean) return 'true or false';
  if (type === Array) return 'a list';
  if (type === Object) return 'an object';
  if (type === Date) return 'a date';
  if (SimpleSchema.isSimpleSchema(type)) return 'an object';
  return 'a value of another type';
}
