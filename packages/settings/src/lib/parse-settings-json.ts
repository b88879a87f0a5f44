import { maskSecretSegments } from './find-secrets.ts';
import { jsonSyntaxError } from './json-syntax-error.ts';

/** A settings text that is not JSON: names the source and where the parser stopped. */
export class SettingsParseError extends Error {
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** the key being written where the text went wrong, secret-looking segments masked */
  readonly key: string | undefined;

  constructor(source: string, reason: string, line?: number, column?: number, key?: string) {
    const where = line === undefined ? '' : ` at line ${line}, column ${column}`;
    super(`${source} is not valid JSON${where}${key ? ` (in ${key})` : ''}: ${reason}`);
    this.name = 'SettingsParseError';
    this.line = line;
    this.column = column;
    this.key = key;
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Parses a settings file or METEOR_SETTINGS. When it is not JSON, the error gives the line, the
 * column and the key being written, in its own words: V8's message quotes the text around the
 * error, and next to a key such as "password" that text is the secret. The top level must be an
 * object, as Meteor needs.
 */
export function parseSettingsJson(text: string, source: string): Record<string, unknown> {
  let value: unknown;
  const body = text.replace(/^\uFEFF/, '');
  try {
    value = JSON.parse(body);
  } catch {
    const found = jsonSyntaxError(body) ?? { offset: body.length, reason: 'it cannot be read as JSON', path: [] };
    const offset = found.offset + (text.length - body.length);
    const { line, column } = lineAndColumn(text, offset);
    const shown = found.path.length > 6 ? [...found.path.slice(0, 4), `… (${found.path.length} levels)`] : found.path;
    const key = shown.length > 0 ? maskSecretSegments(shown.join('.')) : undefined;
    throw new SettingsParseError(source, found.reason, line, column, key);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SettingsParseError(source, 'the top level must be an object ({ ... })');
  }
  return value as Record<string, unknown>;
}

/** What Meteor itself reads at startup: METEOR_SETTINGS, or `{}` when it is unset. */
export function readMeteorSettings(env: Readonly<Record<string, string | undefined>> = process.env): Record<string, unknown> {
  const text = env.METEOR_SETTINGS;
  if (text === undefined || text.trim() === '') return { public: {} };
  return parseSettingsJson(text, 'METEOR_SETTINGS');
}
