// @flightdeck/settings: the framework-free core. Nothing here imports meteor/*.
export { SimpleSchema } from './lib/simple-schema.ts';
export type {
  SettingsSpec,
  SettingsProblem,
  SchemaDefinition,
  SettingsCheckContext,
  MeteorSettingsShape,
} from './lib/settings-spec.ts';
export { SettingsSchemaError } from './lib/settings-schema-error.ts';
export { validateSettings, type ValidateOptions } from './lib/validate-settings.ts';
export { checkSettingsAtStartup, type StartupOptions } from './lib/check-at-startup.ts';
export { SettingsRegistry } from './lib/settings-registry.ts';
export { formatReport, problemLine, SettingsError, type SettingsReport } from './lib/settings-report.ts';
export { findSecretsInPublic, isSecretLookingName, secretKind } from './lib/find-secrets.ts';
export { coerceEnvValue } from './lib/env-overrides.ts';
export { parseSettingsJson, readMeteorSettings, SettingsParseError } from './lib/parse-settings-json.ts';
export { jsonSyntaxError, type JsonSyntaxError } from './lib/json-syntax-error.ts';
export { MAX_SETTINGS_DEPTH } from './lib/settings-depth.ts';
export { settingsJsonSchema, type JsonSchema } from './lib/json-schema.ts';
export { METEOR_OWN_KEYS } from './lib/meteor-keys.ts';
export { suiteSettings } from './lib/suite-settings.ts';
export type { InferSettings } from './lib/infer-settings.ts';
export { settingsAccess, type SettingsAccess } from './lib/settings-access.ts';
export { meteorPackage } from './lib/meteor-package.ts';
export { flightdeckRawLayer, type RawLayer, type RawStep, type RawHandlersLike } from './lib/raw-layer.ts';
