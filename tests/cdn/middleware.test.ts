// The npm entry's middleware in a plain Express app (no Meteor): what `@flightdeck/cdn` users get.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { meteorWebappModel } from '../helpers/meteor-webapp-release.ts';
import { assetHashes, createAssetUrl, createCacheBustingHandler, createCorsHandler, createMissingFileHandler } from '../../packages/cdn/src/index.ts';
import { buildCdnFixtureApp, type CdnFixtureApp } from '../helpers/cdn-fixture-app.ts';

// The run's Express: 4.21, or 5.1 in the matrix's Express 5 runs.
const { express } = meteorWebappModel();

describe('@flightdeck/cdn middleware in a plain Express app', () => {
  let fixture: CdnFixtureApp;
  let server: Server;
  let origin: string;
  const hashes = assetHashes([{ type: 'asset', url: '/img/cats.gif', hash: 'feedfacecafe0000000000000000000000000000' }]);

  before(async () => {
    fixture = await buildCdnFixtureApp();
    const app = express();
    app.use(createCorsHandler({ origins: ['https://app.example.com'] }));
    app.use(createCacheBustingHandler({ hashes }));
    app.use(express.static(`${fixture.dir}/public`));
    app.get('/', (_req, res) => res.send('<!doctype html><title>home</title>'));
    app.use(createMissingFileHandler());
    app.use((_req, res) => res.status(200).send('<!doctype html><title>spa fallback</title>'));
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await fixture?.remove();
  });

  it('adds CORS to fonts for an allowed origin, with Vary: Origin', async () => {
    const response = await fetch(`${origin}/fonts/liberation-mono.ttf`, { headers: { origin: 'https://app.example.com' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.match(response.headers.get('vary') ?? '', /Origin/);
  });

  it('makes a file linked with its hash immutable, overriding express.static\'s Cache-Control', async () => {
    const url = createAssetUrl({ hashes })('img/cats.gif');
    assert.equal(url, '/img/cats.gif?v=feedfacecafe');
    const response = await fetch(origin + url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  });

  it('answers 404 no-cache for a missing file, GET and HEAD, before the SPA fallback', async () => {
    for (const method of ['GET', 'HEAD']) {
      const response = await fetch(`${origin}/img/nope.webp`, { method });
      assert.equal(response.status, 404, method);
      assert.equal(response.headers.get('cache-control'), 'no-cache');
    }
    const navigation = await fetch(`${origin}/profile/jane.doe`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    assert.equal(navigation.status, 200);
    assert.match(await navigation.text(), /spa fallback/);
  });
});
