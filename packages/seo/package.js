// @ts-check
Package.describe({
  name: 'flightdeck:seo',
  version: '0.1.0',
  summary: 'Prerender for crawlers (self-hosted or prerender.io), a safe document head, robots.txt and sitemap.xml',
  git: 'https://github.com/flightdeck-meteor/flightdeck',
  documentation: 'README.md',
});

// prerender-node supplies the crawler list and ignored extensions (CommonJS, main: index.js).
Npm.depends({
  'prerender-node': '3.8.3',
  // node-redis' client, for the shared render cache (seo.prerender.redis).
  '@redis/client': '6.3.1',
});

Package.onUse((api) => {
  api.versionsFrom(['3.0']);
  api.use(['ecmascript', 'typescript']);
  api.use('flightdeck:settings@0.1.0');
  api.use('webapp', 'server');
  api.use('tracker', 'client');
  // Weak: the previous route's head is cleared on FlowRouter route changes when the app has it.
  api.use('ostrio:flow-router-extra@3.0.0', 'client', { weak: true });
  // Strong: Meteor runs no build plugin of a weak dependency, and zodern:types' plugin is what
  // includes package-types.json and the generated declarations (__types/) when publishing.
  api.use('zodern:types@1.0.13');
  api.mainModule('src/server.ts', 'server');
  api.mainModule('src/client.ts', 'client');
  // The globals of the packages it replaces: kadira:dochead's DocHead (browser), mdg:seo's PrerenderIO.
  api.export('DocHead', 'client');
  api.export('PrerenderIO', 'server');
});

Package.onTest((api) => {
  api.use(['ecmascript', 'typescript', 'webapp', 'tracker', 'fetch', 'meteortesting:mocha@3.0.0', 'flightdeck:settings', 'flightdeck:seo']);
  api.mainModule('meteor-tests/server.ts', 'server');
  api.mainModule('meteor-tests/client.ts', 'client');
});
