// The Meteor.Settings augmentation for flightdeck:seo's private keys (`Meteor.settings.seo`) and
// mdg:seo's `Meteor.settings.PrerenderIO`. Public keys are read through registerSettings(seoSettings).public.
import type { InferSettings } from '@flightdeck/settings';
import type { prerenderIOSettings, seoSettings } from './lib/seo-settings.ts';

declare module 'meteor/meteor' {
  namespace Meteor {
    interface Settings {
      seo?: InferSettings<(typeof seoSettings)['private']>;
      PrerenderIO?: InferSettings<(typeof prerenderIOSettings)['private']>['PrerenderIO'];
    }
  }
}
