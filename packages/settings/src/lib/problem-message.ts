import { typeName } from './schema-keys.ts';
import { SimpleSchema } from './simple-schema.ts';

const TYPE_NAMES: Record<string, unknown> = {
  String,
  Number,
  Integer: SimpleSchema.Integer,
  Boolean,
  Array,
  Object,
  Date,
};

function describeValueType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return `a ${typeof value}`;
}

/**
 * simpl-schema's own messages name only the key's last segment ("Url is required") and some echo
 * the value ("sk_live_... is not an allowed value"). These name nothing: the report puts the full
 * path in front, and a value is never repeated, since it may be a secret.
 */
export interface SchemaValidationError {
  name: string;
  type: string;
  value?: unknown;
  [detail: string]: unknown;
}

export function problemMessage(error: SchemaValidationError, customMessages: Readonly<Record<string, string>> = {}): string {
  const { type } = error;
  switch (type) {
    case 'required':
      return 'is required';
    case 'expectedType': {
      const expected = TYPE_NAMES[String(error.dataType)] ?? error.dataType;
      return `must be ${typeName(expected)}, not ${describeValueType(error.value)}`;
    }
    case 'minString':
      return `must be at least ${String(error.min)} characters long`;
    case 'maxString':
      return `must be at most ${String(error.max)} characters long`;
    case 'minNumber':
      return `must be at least ${String(error.min)}`;
    case 'maxNumber':
      return `must be at most ${String(error.max)}`;
    case 'minNumberExclusive':
      return `must be greater than ${String(error.min)}`;
    case 'maxNumberExclusive':
      return `must be less than ${String(error.max)}`;
    case 'minDate':
      return `must be on or after ${String(error.min)}`;
    case 'maxDate':
      return `must be on or before ${String(error.max)}`;
    case 'badDate':
      return 'is not a valid date';
    case 'minCount':
      return `must have at least ${String(error.minCount)} items`;
    case 'maxCount':
      return `must have at most ${String(error.maxCount)} items`;
    case 'noDecimal':
      return 'must be an integer';
    case 'notAllowed':
      return 'is not one of the allowed values';
    case 'regEx':
      return 'does not have the expected format';
    case 'keyNotInSchema':
      return 'is not a known key';
    default:
      // A custom validator's error type, e.g. 'invalidCdnUrl': its words come from the spec's `messages`.
      return customMessages[type] ?? `is invalid (${type})`;
  }
}
