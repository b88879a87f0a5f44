// flightdeck:analytics' settings specs (its own and okgrow's `public.analyticsSettings`), for
// `flightdeck-settings` to find in an app that has the package from Atmosphere: an installed isopack
// keeps the sources but not package.json's `flightdeck` field. Nothing imports this file, so Meteor
// leaves it out of the app.
export { analyticsSettings } from './src/lib/analytics-settings.ts';
export { okgrowAnalyticsSettings } from './src/lib/okgrow-settings.ts';
