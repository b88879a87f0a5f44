import type { InferSettings } from './infer-settings.ts';
import type { MeteorSettingsShape, SettingsSpec } from './settings-spec.ts';

/** Typed reads of one spec's part of the settings, after validation filled in the defaults. */
export interface SettingsAccess<S extends SettingsSpec> {
  readonly public: InferSettings<S['public']>;
  /** On the client this is an empty object: Meteor sends only `public` to browsers. */
  readonly private: InferSettings<S['private']>;
}

export function settingsAccess<S extends SettingsSpec>(spec: S, settings: () => MeteorSettingsShape): SettingsAccess<S> {
  const part = (root: Record<string, unknown> | undefined): never =>
    (spec.scope === 'app' ? (root ?? {}) : ((root?.[spec.name] as Record<string, unknown> | undefined) ?? {})) as never;
  return {
    get public() {
      return part(settings().public);
    },
    get private() {
      return part(settings());
    },
  };
}
