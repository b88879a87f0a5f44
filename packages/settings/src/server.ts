// flightdeck:settings on the server: one registry for every package's schema and the app's, checked
// once at startup. The logic is in lib/; this file hands it Meteor.settings.
import { Meteor } from 'meteor/meteor';
import { checkSettingsAtStartup } from './lib/check-at-startup.ts';
import { meteorPackage } from './lib/meteor-package.ts';
import { settingsAccess, type SettingsAccess } from './lib/settings-access.ts';
import { SettingsRegistry } from './lib/settings-registry.ts';
import type { SettingsReport } from './lib/settings-report.ts';
import type { SettingsSpec } from './lib/settings-spec.ts';
import { suiteSettings } from './lib/suite-settings.ts';
import './meteor-settings.ts';

export * from './index.ts';

const registry = new SettingsRegistry();
registry.register(suiteSettings);
let lastReport: SettingsReport | undefined;

/**
 * Registers a package's or the app's schema. Call it at module top level, so it is in place before
 * startup validation; a spec registered after startup is validated at once.
 */
export function registerSettings<const S extends SettingsSpec>(spec: S): SettingsAccess<S> {
  registry.register(spec);
  if (lastReport) validateSettingsNow();
  return settingsAccess(spec, () => Meteor.settings);
}

/** Validates Meteor.settings against every registered schema; throws in production on any error. */
export function validateSettingsNow(): SettingsReport {
  return validate({});
}

function validate(options: { refusalLog?: (text: string) => void }): SettingsReport {
  lastReport = checkSettingsAtStartup(Meteor.settings, registry.specs(), {
    production: Meteor.isProduction,
    source: 'Meteor.settings',
    ...options,
  });
  return lastReport;
}

/** The schemas registered so far (for tooling and tests). */
export function registeredSettings(): SettingsSpec[] {
  return registry.specs();
}

// flightdeck:settings loads before every package that uses it and Meteor runs startup callbacks
// in registration order, so this runs before their startup code sees the settings, and after the
// app's top-level registerSettings() calls.
Meteor.startup(async () => {
  // A refusal thrown from here reaches boot.js, which prints the error twice (inspected, then its
  // stack): the report goes to stderr once and the error only points at it.
  validate({ refusalLog: (text) => console.error(text) });
  // Defaults were just written into Meteor.settings.public; the runtime config that carries it to
  // clients was encoded when webapp generated the boilerplate, so encode it again (async in 3.0).
  const webapp = meteorPackage<{ WebAppInternals: { generateBoilerplate(): Promise<void> } }>('webapp');
  await webapp?.WebAppInternals.generateBoilerplate();
});
