import type { SettingsProblem } from './settings-spec.ts';
import { isPlainObject } from './value-at-path.ts';

/**
 * How deep settings may nest. Real settings files nest a handful of levels; past this, simpl-schema's
 * recursive validation (and any recursive walk) would end in a RangeError stack instead of a report.
 */
export const MAX_SETTINGS_DEPTH = 100;

const SHOWN_SEGMENTS = 4;

/**
 * The places where `settings` nests deeper than MAX_SETTINGS_DEPTH, found without recursion (a
 * 100,000-level file cannot overflow the stack here). Each is named by the first few segments of
 * its path, so the report stays one line.
 */
export function findTooDeepSettings(settings: Record<string, unknown>, mask: (path: string) => string): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const stack: Array<{ value: unknown; path: string[] }> = [{ value: settings, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: string[] };
    const entries = Array.isArray(value) ? value.map((item, at) => [String(at), item] as const) : isPlainObject(value) ? Object.entries(value) : [];
    if (entries.length === 0) continue;
    if (path.length >= MAX_SETTINGS_DEPTH) {
      const shown = path.slice(0, SHOWN_SEGMENTS).join('.');
      problems.push({
        path: mask(shown),
        severity: 'error',
        message: `nests more than ${MAX_SETTINGS_DEPTH} levels deep below this key, deeper than flightdeck:settings reads (depth limit)`,
        hint: 'Settings are configuration, not data: flatten it, or load the data from a file or a collection.',
      });
      // One problem per top-level branch is enough to find it.
      while (stack.length > 0 && stack[stack.length - 1].path[0] === path[0]) stack.pop();
      continue;
    }
    for (const [key, child] of entries) stack.push({ value: child, path: [...path, key] });
  }
  return problems;
}
