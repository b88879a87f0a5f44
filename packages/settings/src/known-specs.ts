// Every Flightdeck package's settings schema, so the CLI can check a whole settings file before
// deploy. Bundled into dist/cli.js (scripts/build-bundles.mjs): the schemas come from the
// packages' sources, with nothing Meteor-specific in them.
import type { SettingsSpec } from './lib/settings-spec.ts';
import { suiteSettings } from './lib/suite-settings.ts';
import { cdnSettings } from '../../cdn/src/lib/cdn-settings.ts';
import { prerenderIOSettings, seoSettings } from '../../seo/src/lib/seo-settings.ts';
import { analyticsSettings } from '../../analytics/src/lib/analytics-settings.ts';
import { okgrowAnalyticsSettings } from '../../analytics/src/lib/okgrow-settings.ts';

export const knownSpecs: readonly SettingsSpec[] = [
  suiteSettings,
  cdnSettings,
  analyticsSettings,
  okgrowAnalyticsSettings,
  seoSettings,
  prerenderIOSettings,
];
