// flightdeck:seo's settings specs (its own and mdg:seo's `PrerenderIO`), for `flightdeck-settings`
// to find in an app that has the package from Atmosphere: an installed isopack keeps the sources but
// not package.json's `flightdeck` field. Nothing imports this file, so Meteor leaves it out of the app.
export { prerenderIOSettings, seoSettings } from './src/lib/seo-settings.ts';
