// The app's own settings keys. Imported by server/main.ts (registered with flightdeck:settings)
// and by the CLI before deploy: npx flightdeck-settings check settings.production.json --schema ./settings.schema.ts
// Type-only imports, so the CLI can load it without Meteor.
import type { SettingsSpec } from '@flightdeck/settings';

export const appSettings = {
  name: 'app',
  scope: 'app',
  public: {
    siteName: { type: String, description: 'Shown in page titles and link previews.' },
    supportEmail: { type: String, regEx: /^[^@\s]+@[^@\s]+$/, description: 'Shown on the about page.' },
  },
  private: {
    adminEmail: {
      type: String,
      regEx: /^[^@\s]+@[^@\s]+$/,
      env: 'ADMIN_EMAIL',
      description: 'Who gets told about failed deploy checks.',
    },
    seedLaunchNotes: {
      type: Boolean,
      defaultValue: true,
      env: 'SEED_LAUNCH_NOTES',
      description: 'Insert the sample launch notes when the collection is empty.',
    },
  },
} as const satisfies SettingsSpec;

export default appSettings;
