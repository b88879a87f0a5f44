import type { SettingsSpec } from './settings-spec.ts';

/** flightdeck:settings' own keys, shared by the whole suite. */
export const suiteSettings = {
  name: 'flightdeck',
  private: {
    strict: {
      type: Boolean,
      defaultValue: false,
      env: 'FLIGHTDECK_SETTINGS_STRICT',
      description: 'Unknown keys are errors (a production server does not start) instead of warnings.',
    },
  },
} as const satisfies SettingsSpec;
