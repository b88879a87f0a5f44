import type { SchemaIndex } from './schema-index.ts';
import type { SimpleSchema } from './simple-schema.ts';

/** A simpl-schema definition, keyed by dotted paths relative to where the spec mounts it. */
export type SchemaDefinition = Record<string, unknown>;

/** One problem with the settings. `path` is the full key path from the settings root. */
export interface SettingsProblem {
  path: string;
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
}

/** What a spec's own `check` sees: the settings (defaults and env overrides applied). */
export interface SettingsCheckContext {
  settings: MeteorSettingsShape;
  env: Readonly<Record<string, string | undefined>>;
  /** development, staging, production...: the CLI's --env, else NODE_ENV, else development */
  environment: string;
  error(path: string, message: string, hint?: string): void;
  warn(path: string, message: string, hint?: string): void;
}

export interface MeteorSettingsShape {
  public: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * A schema registered by a package or by the app.
 * - scope 'package' (default): `public` mounts at `Meteor.settings.public.<name>`, `private` at
 *   `Meteor.settings.<name>`.
 * - scope 'app': `public` mounts at `Meteor.settings.public`, `private` at the settings root, so the
 *   app describes its own top-level keys.
 */
export interface SettingsSpec {
  name: string;
  scope?: 'package' | 'app';
  public?: SchemaDefinition;
  private?: SchemaDefinition;
  /** Messages for the error types this spec's `custom` validators return, e.g. `{ notHttpUrl: 'must be an http(s) URL' }`. */
  messages?: Record<string, string>;
  /** Checks that span keys or need the environment (ROOT_URL...). Runs after schema validation. */
  check?: (context: SettingsCheckContext) => void;
}

/** The merged schema of every spec, with where each key came from. */
export interface MergedSchema {
  /** every declared key, for lookups in constant time */
  index: SchemaIndex;
  /** full key path → the spec that declared it */
  owners: Map<string, SettingsSpec>;
  /** each spec's own schema: validation runs per spec, so each problem is checked against the spec that declared the key */
  parts: Array<{ spec: SettingsSpec; schema: SimpleSchema }>;
}
