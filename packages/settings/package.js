// @ts-check
Package.describe({
  name: 'flightdeck:settings',
  version: '0.1.0',
  summary: 'Validate Meteor.settings with simpl-schema: at startup, per environment, before deploy',
  git: 'https://github.com/flightdeck-meteor/flightdeck',
  documentation: 'README.md',
});

// Meteor loads server npm dependencies with Node's require(): simpl-schema 3.4.7's CommonJS
// build is broken, 3.4.6's works.
Npm.depends({
  'simpl-schema': '3.4.6',
});

Package.onUse((api) => {
  api.versionsFrom(['3.0']);
  api.use(['ecmascript', 'typescript']);
  // Weak: used only when the app has them. webapp re-encodes the runtime config after defaults.
  api.use('webapp', 'server', { weak: true });
  // Strong: Meteor runs no build plugin of a weak dependency, and zodern:types' plugin is what
  // includes package-types.json and the generated declarations (__types/) when publishing.
  api.use('zodern:types@1.0.13');
  api.mainModule('src/server.ts', 'server');
  api.mainModule('src/client.ts', 'client');
});

Package.onTest((api) => {
  api.use(['ecmascript', 'typescript', 'meteortesting:mocha@3.0.0', 'flightdeck:settings']);
  api.mainModule('meteor-tests/server.ts', 'server');
  api.mainModule('meteor-tests/client.ts', 'client');
});
