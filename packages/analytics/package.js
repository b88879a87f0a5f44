// @ts-check
Package.describe({
  name: 'flightdeck:analytics',
  version: '0.1.0',
  summary: 'Router-hooked page views, method and subscription tracking, server-side events (Segment), consent',
  git: 'https://github.com/flightdeck-meteor/flightdeck',
  documentation: 'README.md',
});

Package.onUse((api) => {
  api.versionsFrom(['3.0']);
  api.use(['ecmascript', 'typescript']);
  api.use('flightdeck:settings@0.1.0');
  // Weak: each is used only when the app has it, looked up at run time through Package[...].
  api.use('tracker', 'client', { weak: true });
  api.use('accounts-base', ['client', 'server'], { weak: true });
  api.use('ddp-rate-limiter', 'server', { weak: true });
  api.use('ostrio:flow-router-extra@3.0.0', 'client', { weak: true });
  // Strong: Meteor runs no build plugin of a weak dependency, and zodern:types' plugin is what
  // includes package-types.json and the generated declarations (__types/) when publishing.
  api.use('zodern:types@1.0.13');
  api.mainModule('src/server.ts', 'server');
  api.mainModule('src/client.ts', 'client');
  // `meteor/flightdeck:analytics/tracked` (Meteor resolves the path in the package, .ts included):
  // lazy, so only an app that imports the wrappers gets them; the main modules never import it.
  api.addFiles('tracked.ts', ['client', 'server'], { lazy: true });
});

Package.onTest((api) => {
  api.use(['ecmascript', 'typescript', 'meteortesting:mocha@3.0.0', 'flightdeck:settings', 'flightdeck:analytics']);
  api.mainModule('meteor-tests/server.ts', 'server');
  api.mainModule('meteor-tests/client.ts', 'client');
});
