// A Meteor app type-checked against the four packages as Atmosphere publishes them: the declarations
// zodern:types generates at `meteor publish`, in the files `meteor publish` includes, laid out
// as zodern:types lays them out in the app (tests/helpers/published-meteor-types.ts).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { meteorTypesApp, typecheckApp, METEOR_PACKAGES, METEOR_SUB_PATHS, type MeteorTypesApp } from '../helpers/published-meteor-types.ts';
import { repoRoot } from '../helpers/packed-tarballs.ts';

const SERVER = `
import { registerSettings, validateSettingsNow } from 'meteor/flightdeck:settings';
import { assetUrl, setCdnUrlResolver } from 'meteor/flightdeck:cdn';
import { analytics, trackMethods } from 'meteor/flightdeck:analytics';
import { Seo, PrerenderIO } from 'meteor/flightdeck:seo';

export const settings = registerSettings({ name: 'app', scope: 'app', public: { siteName: { type: String } } } as const);
export const siteName: string = settings.public.siteName;
validateSettingsNow();
setCdnUrlResolver(() => undefined);
export const logo: string = assetUrl('/logo.png');
analytics.track({ userId: 'u1', event: 'Signed Up' });
export const methods = trackMethods({ ping() { return 'pong'; } });
Seo.serverHead('/post/:id', () => ({ title: 'Post' }));
PrerenderIO.set('prerenderToken', 'token').whitelisted(['^/blog']);
`;

const CLIENT = `
import { registerSettings } from 'meteor/flightdeck:settings';
import { assetUrl } from 'meteor/flightdeck:cdn';
import { analytics } from 'meteor/flightdeck:analytics';
import { trackedSubscribe, trackedCallAsync } from 'meteor/flightdeck:analytics/tracked';
import { Seo, DocHead } from 'meteor/flightdeck:seo';

registerSettings({ name: 'app', scope: 'app', public: { siteName: { type: String } } } as const);
export const logo: string = assetUrl('/logo.png');
analytics.track('Clicked', { button: 'buy' });
export const handle = trackedSubscribe('posts');
export const placed: Promise<unknown> = trackedCallAsync('orders.place', 'o1');
Seo.setHead({ title: 'Home', description: 'The home page' });
DocHead.setTitle('Home');
`;

describe('the Atmosphere packages as published, type-checked in a Meteor app', function () {
  this.timeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'flightdeck-meteor-types-'));
  let app: MeteorTypesApp;

  type Check = { status: number; output: string };
  // Five programs, checked side by side (each takes a while) and awaited by their tests.
  let checks: Record<'shared' | 'server' | 'client' | 'clientBad' | 'serverBad' | 'core', Promise<Check>>;

  before(async () => {
    app = await meteorTypesApp(dir);
    mkdirSync(join(dir, 'server'));
    mkdirSync(join(dir, 'client'));
    writeFileSync(join(dir, 'server', 'main.ts'), SERVER);
    writeFileSync(join(dir, 'client', 'main.ts'), CLIENT);
    writeFileSync(join(dir, 'client', 'server-only.ts'), "import { PrerenderIO } from 'meteor/flightdeck:seo';\nPrerenderIO.set('protocol', 'https');\n");
    writeFileSync(join(dir, 'client', 'core.ts'), "import { createPrerenderMiddleware } from 'meteor/flightdeck:seo';\nexport const m = createPrerenderMiddleware;\n");
    writeFileSync(join(dir, 'server', 'client-only.ts'), "import { DocHead } from 'meteor/flightdeck:seo';\nDocHead.setTitle('x');\n");
    checks = {
      shared: typecheckApp(app, 'tsconfig.json', { files: ['server/main.ts', 'client/main.ts'] }),
      server: typecheckApp(app, 'tsconfig.server.json', { files: ['server/main.ts'], paths: perSide('server') }),
      client: typecheckApp(app, 'tsconfig.client.json', { files: ['client/main.ts'], paths: perSide('client') }),
      clientBad: typecheckApp(app, 'tsconfig.client-bad.json', { files: ['client/server-only.ts'], paths: perSide('client') }),
      serverBad: typecheckApp(app, 'tsconfig.server-bad.json', { files: ['server/client-only.ts'], paths: perSide('server') }),
      core: typecheckApp(app, 'tsconfig.core.json', { files: ['client/core.ts'] }),
    };
    // Settled here, so a rejection is not reported as unhandled before its test awaits it.
    await Promise.allSettled(Object.values(checks));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const name of METEOR_PACKAGES) rmSync(join(repoRoot, 'packages', name, '__types'), { recursive: true, force: true });
  });

  const perSide = (side: 'client' | 'server') =>
    Object.fromEntries(METEOR_PACKAGES.map((name) => [`meteor/flightdeck:${name}`, [`${app.packagePath(name)}/__types/src/${side}.d.ts`]]));

  it("each package's typesEntry resolves to a generated declaration inside the package", () => {
    assert.deepEqual(app.typesEntries, {
      settings: '__types/src/server.d.ts',
      cdn: '__types/src/server.d.ts',
      analytics: '__types/src/types.d.ts',
      seo: '__types/src/types.d.ts',
    });
  });

  it('the declaration build emits only the package itself, and meteor publish leaves the npm build out', () => {
    for (const name of METEOR_PACKAGES) {
      const files = app.published[name];
      assert.ok(files.includes('package-types.json') && files.includes('__types/package-types.json'), name);
      const subPaths = Object.values(METEOR_SUB_PATHS).filter((sub) => sub.name === name).flatMap((sub) => [sub.declaration, `${sub.declaration}.map`]);
      assert.deepEqual(
        files.filter((file) => file.startsWith('__types/') && !file.startsWith('__types/src/') && file !== '__types/package-types.json' && !subPaths.includes(file)),
        [],
        `${name}: __types holds only src/ and the sub-path modules' declarations`,
      );
      for (const declaration of subPaths) assert.ok(files.includes(declaration), `${name}: ${declaration} is published`);
      assert.deepEqual(files.filter((file) => file.startsWith('dist/') || file.startsWith('bin/')), [], `${name}: no dist/ or bin/`);
    }
  });

  it('a client and a server file type-check against the one types entry zodern:types writes', async () => {
    const result = await checks.shared;
    assert.equal(result.status, 0, result.output);
  });

  it('the server files type-check against the server entry, the client files against the client entry', async () => {
    const server = await checks.server;
    assert.equal(server.status, 0, server.output);
    const client = await checks.client;
    assert.equal(client.status, 0, client.output);
  });

  it("a client import of a server-only export (mdg:seo's PrerenderIO) fails against the client entry", async () => {
    const result = await checks.clientBad;
    assert.notEqual(result.status, 0);
    assert.match(result.output, /has no exported member named 'PrerenderIO'|has no exported member 'PrerenderIO'/);
  });

  it('a server import of the browser-only DocHead fails against the server entry', async () => {
    const result = await checks.serverBad;
    assert.notEqual(result.status, 0);
    assert.match(result.output, /has no exported member named 'DocHead'|has no exported member 'DocHead'/);
  });

  it("the Node-only core (createPrerenderMiddleware) is not in the shared entry, so client code cannot import it", async () => {
    const result = await checks.core;
    assert.notEqual(result.status, 0);
    assert.match(result.output, /createPrerenderMiddleware/);
  });

  it('flightdeck:seo exports the globals of the packages it replaces: DocHead in the browser, PrerenderIO on the server', () => {
    const packageJs = readFileSync(join(repoRoot, 'packages', 'seo', 'package.js'), 'utf8');
    assert.match(packageJs, /api\.export\('DocHead', 'client'\)/);
    assert.match(packageJs, /api\.export\('PrerenderIO', 'server'\)/);
  });

  it('every package uses zodern:types as a strong dependency (Meteor runs no plugin of a weak one)', () => {
    for (const name of METEOR_PACKAGES) {
      const packageJs = readFileSync(join(repoRoot, 'packages', name, 'package.js'), 'utf8');
      const use = /api\.use\('zodern:types@[^']+'([^)]*)\)/.exec(packageJs);
      assert.ok(use, `${name} uses zodern:types`);
      assert.doesNotMatch(use[1], /weak/, name);
    }
  });
});
