import type { SettingsProblem } from './settings-spec.ts';

export interface SettingsReport {
  problems: SettingsProblem[];
  errors: SettingsProblem[];
  warnings: SettingsProblem[];
  /** full key path → the environment variable that set it */
  overridden: Map<string, string>;
  /** keys that got their schema default */
  defaulted: string[];
  ok: boolean;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** One line a problem, `<full.key.path>: <message>`, as the CLI prints them. */
export function problemLine(problem: SettingsProblem): string {
  return `${problem.path}: ${problem.message}`;
}

/** The startup report: a headline, then each problem with its hint. */
export function formatReport(report: SettingsReport, source = 'Meteor.settings'): string {
  if (report.problems.length === 0) return `${source}: valid`;
  const headline = `${source}: ${plural(report.errors.length, 'error')}, ${plural(report.warnings.length, 'warning')}`;
  const lines = report.problems.map((problem) => {
    const mark = problem.severity === 'error' ? 'error  ' : 'warning';
    const hint = problem.hint ? `\n           ${problem.hint}` : '';
    return `  ${mark} ${problemLine(problem)}${hint}`;
  });
  return [headline, ...lines].join('\n');
}

/**
 * Thrown at startup in production: its message holds the whole report, so the server's log shows
 * it once. `report` is not enumerable: Node prints an uncaught error's own enumerable properties
 * after its stack, which would print every problem a second time as an object dump.
 */
export class SettingsError extends Error {
  declare readonly report: SettingsReport;

  /** `reported`: the report was already printed, so the message points at it instead of repeating it. */
  constructor(report: SettingsReport, source?: string, reported = false) {
    super(reported
      ? 'flightdeck:settings refused to start the server: the settings report above says why.'
      : `flightdeck:settings refused to start the server.\n${formatReport(report, source)}`);
    this.name = 'SettingsError';
    Object.defineProperty(this, 'report', { value: report, enumerable: false, writable: false, configurable: true });
  }
}
