import { formatReport, SettingsError, type SettingsReport } from './settings-report.ts';
import type { SettingsSpec } from './settings-spec.ts';
import { validateSettings, type ValidateOptions } from './validate-settings.ts';

export interface StartupOptions extends ValidateOptions {
  /** Production refuses to start on any error; development reports and goes on. */
  production: boolean;
  log?: (text: string) => void;
  /**
   * Production refusal: prints the report here before throwing, and the thrown SettingsError's
   * message then only points at it. For a caller whose error is printed more than once: Meteor 3's
   * boot.js prints a failed startup callback's error inspected, then its stack (seen in 3.0.4).
   */
  refusalLog?: (text: string) => void;
  source?: string;
}

/**
 * What the server does with its settings before anything else uses them: validate them all, apply
 * env overrides and defaults in place, then either throw (production, any error) or log the report.
 */
export function checkSettingsAtStartup(
  settings: Record<string, unknown>,
  specs: readonly SettingsSpec[],
  options: StartupOptions,
): SettingsReport {
  const report = validateSettings(settings, specs, options);
  if (!report.ok && options.production) {
    if (!options.refusalLog) throw new SettingsError(report, options.source);
    options.refusalLog(`flightdeck:settings refused to start the server.\n${formatReport(report, options.source)}`);
    throw new SettingsError(report, options.source, true);
  }
  if (report.problems.length > 0) {
    const note = report.ok ? '' : '\n  (development: the app goes on; in production the server would not start)';
    (options.log ?? console.warn)(`flightdeck:settings — ${formatReport(report, options.source)}${note}`);
  }
  return report;
}
