// The Meteor.Settings augmentation for flightdeck:analytics' private keys (`Meteor.settings.analytics`).
// Public keys are read through registerSettings(analyticsSettings).public: @types/meteor fixes `public`.
import type { InferSettings } from '@flightdeck/settings';
import type { analyticsSettings } from './lib/analytics-settings.ts';

declare module 'meteor/meteor' {
  namespace Meteor {
    interface Settings {
      analytics?: InferSettings<(typeof analyticsSettings)['private']>;
    }
  }
}
