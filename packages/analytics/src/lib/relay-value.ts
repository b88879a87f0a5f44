import { RelayError } from './relay-error.ts';

export interface RelayValueLimits {
  /** levels of objects / arrays below the field (default 16) */
  maxDepth: number;
  /** values in one call, all fields together: the walk's work is bounded whatever the input */
  budget: { nodes: number };
}

const invalid = (where: string, what: string): RelayError => new RelayError('analytics-batch-invalid', `${where} ${what}`);

/**
 * A relayed value as JSON-safe data, checked on the way: strings, finite numbers, booleans, null,
 * plain objects and arrays (a Date, which EJSON can carry over DDP, becomes its ISO string).
 * Anything else, a cycle, or nesting deeper than the limit is a RelayError naming the field, so
 * the client learns which one; nothing is thrown as a RangeError or TypeError.
 */
export function relayValue(value: unknown, where: string, limits: RelayValueLimits, depth = 0, seen: Set<object> = new Set()): unknown {
  limits.budget.nodes -= 1;
  if (limits.budget.nodes < 0) throw new RelayError('analytics-batch-too-large', `${where}: the batch holds too many values`);
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw invalid(where, `is ${value}, which JSON cannot carry`);
      return value;
    case 'bigint':
      throw invalid(where, 'is a BigInt, which JSON cannot carry: send it as a string');
    case 'undefined':
      return undefined;
    case 'object':
      break;
    default:
      throw invalid(where, `is a ${typeof value}, which JSON cannot carry`);
  }
  if (value === null) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalid(where, 'is an invalid Date');
    return value.toISOString();
  }
  if (seen.has(value)) throw invalid(where, 'refers back to itself (a cycle)');
  if (depth >= limits.maxDepth) throw invalid(where, `nests deeper than ${limits.maxDepth} levels`);
  seen.add(value);
  let result: unknown;
  if (Array.isArray(value)) {
    result = value.map((item, index) => relayValue(item, `${where}[${index}]`, limits, depth + 1, seen) ?? null);
  } else {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) throw invalid(where, 'must be a plain object');
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const child = relayValue((value as Record<string, unknown>)[key], `${where}.${key}`, limits, depth + 1, seen);
      if (child !== undefined) copy[key] = child;
    }
    result = copy;
  }
  seen.delete(value);
  return result;
}
