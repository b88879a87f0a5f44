// The Meteor.Settings augmentation for the suite's own private keys. @types/meteor fixes
// `public` to `{ [id: string]: any }`, which an augmentation cannot narrow: typed public reads go
// through registerSettings(...).public instead.
import type { InferSettings } from './lib/infer-settings.ts';
import type { suiteSettings } from './lib/suite-settings.ts';

declare module 'meteor/meteor' {
  namespace Meteor {
    interface Settings {
      flightdeck?: InferSettings<(typeof suiteSettings)['private']>;
    }
  }
}
