/** A settings text that is not JSON: names the source and where the parser stopped. */
export class SettingsParseError extends Error {
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(source: string, reason: string, line?: number, column?: number) {
    const where = line === undefined ? '' : ` at line ${line}, column ${column}`;
    super(`${source} is not valid JSON${where}: ${reason}`);
    this.name = 'SettingsParseError';
    this.line = line;
    this.column = column;
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Parses a settings file or METEOR_SETTINGS. Node 20's JSON.parse says "at position N"; this turns
 * it into a line and column a person can find. The top level must be an object, as Meteor needs.
 */
export function parseSettingsJson(text: string, source: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
    if (position) {
      const { line, column } = lineAndColumn(text, Number(position[1]));
      throw new SettingsParseError(source, reason, line, column);
    }
    const { line, column } = lineAndColumn(text, text.length);
    throw new SettingsParseError(source, reason, line, column);
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
