import { buildSchema } from './build-schema.ts';
import type { SettingsSpec } from './settings-spec.ts';
import { validateSettings, type ValidateOptions } from './validate-settings.ts';
import type { SettingsReport } from './settings-report.ts';

/**
 * The schemas registered so far: each Flightdeck package registers its own when it loads, and the
 * app registers its own keys; one validation then covers them all. A spec registered again under
 * the same name replaces the earlier one (hot code push reloads the server's modules).
 */
export class SettingsRegistry {
  readonly #specs = new Map<string, SettingsSpec>();

  register(spec: SettingsSpec): void {
    // A broken definition fails here, at the line that registers it, not later at startup.
    buildSchema([spec]);
    this.#specs.set(spec.name, spec);
  }

  specs(): SettingsSpec[] {
    return [...this.#specs.values()];
  }

  validate(settings: Record<string, unknown>, options?: ValidateOptions): SettingsReport {
    return validateSettings(settings, this.specs(), options);
  }
}
