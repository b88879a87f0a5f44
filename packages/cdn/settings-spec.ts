// flightdeck:cdn's settings spec, for `flightdeck-settings` to find in an app that has the package
// from Atmosphere: an installed isopack keeps the sources but not package.json's `flightdeck` field.
// Nothing imports this file, so Meteor leaves it out of the app.
export { cdnSettings } from './src/lib/cdn-settings.ts';
