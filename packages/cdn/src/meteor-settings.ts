// The Meteor.Settings augmentation for flightdeck:cdn's private keys (`Meteor.settings.cdn`).
// Public keys are read through registerSettings(cdnSettings).public: @types/meteor fixes `public`.
import type { InferSettings } from '@flightdeck/settings';
import type { cdnSettings } from './lib/cdn-settings.ts';

declare module 'meteor/meteor' {
  namespace Meteor {
    interface Settings {
      cdn?: InferSettings<(typeof cdnSettings)['private']>;
    }
  }
}
