// @ts-check
Package.describe({
  name: 'flightdeck:cdn',
  version: '0.1.0',
  summary: "Serve Meteor's bundles and public/ files through a CDN: assetUrl, cache busting, CORS for fonts",
  git: 'https://github.com/flightdeck-meteor/flightdeck',
  documentation: 'README.md',
});

Package.onUse((api) => {
  api.versionsFrom(['3.0']);
  api.use(['ecmascript', 'typescript']);
  api.use('flightdeck:settings@0.1.0');
  api.use('webapp', 'server');
  // Weak: the {{assetUrl}} helper is registered only when the app has Blaze templates.
  api.use('templating', 'client', { weak: true });
  // Strong: Meteor runs no build plugin of a weak dependency, and zodern:types' plugin is what
  // includes package-types.json and the generated declarations (__types/) when publishing.
  api.use('zodern:types@1.0.13');
  api.mainModule('src/server.ts', 'server');
  api.mainModule('src/client.ts', 'client');
});

Package.onTest((api) => {
  api.use(['ecmascript', 'typescript', 'webapp', 'meteortesting:mocha@3.0.0', 'flightdeck:settings', 'flightdeck:cdn']);
  api.mainModule('meteor-tests/server.ts', 'server');
  api.mainModule('meteor-tests/client.ts', 'client');
});
