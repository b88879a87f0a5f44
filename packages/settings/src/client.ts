// flightdeck:settings in the browser: typed reads of Meteor.settings.public. Validation happens on
// the server, which also wrote the defaults into the public settings clients receive; simpl-schema
// is not needed here, so it stays out of every app's client bundle.
import { Meteor } from 'meteor/meteor';
import { settingsAccess, type SettingsAccess } from './lib/settings-access.ts';
import type { SettingsSpec } from './lib/settings-spec.ts';
import './meteor-settings.ts';

export { meteorPackage } from './lib/meteor-package.ts';
export type { SettingsSpec, SchemaDefinition, SettingsProblem } from './lib/settings-spec.ts';
export type { SettingsAccess } from './lib/settings-access.ts';
export type { InferSettings } from './lib/infer-settings.ts';

export function registerSettings<const S extends SettingsSpec>(spec: S): SettingsAccess<S> {
  return settingsAccess(spec, () => Meteor.settings);
}
