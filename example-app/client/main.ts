// The browser: routes and pages. flightdeck:analytics records a page view per route change
// (FlowRouter, weak dependency), flightdeck:seo clears the previous route's head on the same change,
// and flightdeck:cdn registers the {{assetUrl}} Blaze helper.
import '../imports/ui/routes.ts';
