// The Flightdeck packages' one layer on WebApp.rawHandlers (flightdeck:settings' flightdeckRawLayer):
// cdn's CORS / cache busting and seo's robots / X-Robots-Tag / prerender proxy run in it, in front
// of Meteor's static files, on the WebApp harness (Express 4.21 or 5.1, Meteor's mounting order).
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { flightdeckRawLayer, type RawStep } from '../../packages/settings/src/index.ts';
import { installSeo, seoServerOptions, ServerHeadRoutes, type SeoServerSettings } from '../../packages/seo/src/server-index.ts';
import { startFlightdeckStack } from '../helpers/flightdeck-stack.ts';
import { installCdnOnHarness } from '../helpers/install-cdn-on-harness.ts';
import { createWebApp, type WebAppHarness } from '../helpers/webapp-harness.ts';

const FONT = '/fonts/inter.woff2';

/**
 * WebApp.rawHandlers' router stack, or undefined when it has none: none on Express 4.21 until
 * something is routed on it, an empty one on 5.1 (read as none).
 */
function rawRouterStack(app: WebAppHarness): { name: string }[] | undefined {
  const raw = app.WebApp.rawHandlers as unknown as { _router?: { stack: { name: string }[] }; router?: { stack: { name: string }[] } };
  const stack = app.model.expressVersion === '4.21' ? raw._router?.stack : raw.router?.stack;
  return stack && stack.length > 0 ? stack : undefined;
}

/** The layers on WebApp.rawHandlers' router, without the two Express 4 adds to every router (query, expressInit). */
function rawLayers(app: WebAppHarness): string[] {
  return (rawRouterStack(app) ?? []).map((layer) => layer.name).filter((name) => name !== 'query' && name !== 'expressInit');
}

/** Whether rawHandlers has a router of its own (its size). While the Flightdeck layer is alone there, it must not make one. */
function routerLayers(app: WebAppHarness): number | undefined {
  return rawRouterStack(app)?.length;
}

function installSeoOnHarness(app: WebAppHarness, settings: SeoServerSettings, layer = true): void {
  installSeo({
    ...seoServerOptions(settings, { ROOT_URL: app.rootUrl, NODE_ENV: 'production' }),
    WebApp: app.WebApp,
    WebAppInternals: app.WebAppInternals,
    routes: new ServerHeadRoutes(),
    sitemap: () => undefined,
    rawLayer: layer ? flightdeckRawLayer(app.WebApp.rawHandlers) : undefined,
  });
}

describe("the Flightdeck packages' one layer on WebApp.rawHandlers", () => {
  const opened: WebAppHarness[] = [];
  const open = async (): Promise<WebAppHarness> => {
    const app = await createWebApp();
    opened.push(app);
    return app;
  };
  afterEach(async () => {
    for (const app of opened.splice(0)) await app.close();
  });

  it('is one layer for cdn and seo started as the app starts them, cdn first, and does its work in front of the static files', async () => {
    const settings = { public: {}, seo: { indexable: false } };
    const app = await createWebApp({ publicSettings: settings.public });
    const stack = await startFlightdeckStack({ app, settings, env: { NODE_ENV: 'production' } });
    try {
      // No router on rawHandlers for it: the layer runs in the app's handle (Express 4.21 would
      // otherwise make a router, with its prototype swaps and setImmediate, for every request).
      assert.equal(routerLayers(app), undefined, `rawHandlers has a router: ${rawLayers(app).join(', ')}`);
      assert.deepEqual(flightdeckRawLayer(app.WebApp.rawHandlers).names, ['flightdeck:cdn', 'flightdeck:seo']);

      // A public/ font served by Meteor's static files: cdn's CORS and seo's noindex on it.
      const font = await fetch(app.url + FONT, { headers: { origin: app.url } });
      assert.equal(font.status, 200);
      assert.equal(font.headers.get('access-control-allow-origin'), app.url);
      assert.equal(font.headers.get('x-robots-tag'), 'noindex');
      // The URL assetUrl links, with the file's hash: a year, immutable, set before `send` decides.
      const hashed = await fetch(app.url + stack.cdn.assetUrl('/cats.gif'));
      assert.equal(hashed.status, 200);
      assert.equal(hashed.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal(hashed.headers.get('x-robots-tag'), 'noindex');
      assert.equal(await (await fetch(`${app.url}/robots.txt`)).text(), 'User-agent: *\nDisallow: /\n');
      // A person's page goes through both steps on to the app.
      const page = await fetch(`${app.url}/notes/1`, { headers: { accept: 'text/html' } });
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('x-robots-tag'), 'noindex');
      assert.match(await page.text(), /__meteor_runtime_config__/);
    } finally {
      await stack.stop();
    }
  });

  it('is mounted once by cdn alone, and once by seo alone', async () => {
    const cdnOnly = await open();
    await installCdnOnHarness(cdnOnly, { settings: { cacheBusting: true }, rawLayer: flightdeckRawLayer(cdnOnly.WebApp.rawHandlers) });
    assert.equal(routerLayers(cdnOnly), undefined);
    assert.deepEqual(flightdeckRawLayer(cdnOnly.WebApp.rawHandlers).names, ['flightdeck:cdn']);
    const font = await fetch(cdnOnly.url + FONT, { headers: { origin: cdnOnly.url } });
    assert.equal(font.headers.get('access-control-allow-origin'), cdnOnly.url);

    const seoOnly = await open();
    installSeoOnHarness(seoOnly, { seo: { indexable: true, robots: { disallow: ['/admin'] } } });
    assert.equal(routerLayers(seoOnly), undefined);
    assert.deepEqual(flightdeckRawLayer(seoOnly.WebApp.rawHandlers).names, ['flightdeck:seo']);
    assert.match(await (await fetch(`${seoOnly.url}/robots.txt`)).text(), /^Disallow: \/admin$/m);
  });

  it('adds no layer until a package has a step for it, one per rawHandlers', async () => {
    const app = await open();
    const layer = flightdeckRawLayer(app.WebApp.rawHandlers);
    const handle = (app.WebApp.rawHandlers as unknown as { handle: unknown }).handle;
    assert.deepEqual(rawLayers(app), []);
    assert.equal(flightdeckRawLayer(app.WebApp.rawHandlers), layer, 'the same layer for the same rawHandlers');
    assert.equal((app.WebApp.rawHandlers as unknown as { handle: unknown }).handle, handle, 'nothing mounted before a step');
    const other = await open();
    assert.notEqual(flightdeckRawLayer(other.WebApp.rawHandlers), layer);
    // CORS is always on (fonts): cdn has a step even without a CDN or cache busting.
    await installCdnOnHarness(app, { settings: { cacheBusting: false }, rawLayer: layer });
    assert.equal(routerLayers(app), undefined);
    const font = await fetch(app.url + FONT, { headers: { origin: app.url } });
    assert.equal(font.headers.get('access-control-allow-origin'), app.url);
  });

  it("runs a package installed later at the layer's place, before a raw handler mounted in between", async () => {
    const app = await open();
    const layer = flightdeckRawLayer(app.WebApp.rawHandlers);
    await installCdnOnHarness(app, { settings: { cacheBusting: true }, rawLayer: layer });
    app.WebApp.rawHandlers.use((_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(418, { 'Content-Type': 'text/plain' });
      res.end('the app');
    });
    installSeoOnHarness(app, { seo: { indexable: true, robots: { disallow: ['/admin'] } } });
    assert.deepEqual(layer.names, ['flightdeck:cdn', 'flightdeck:seo']);
    // The router holds only the app's handler: the layer runs ahead of the router.
    assert.equal(rawLayers(app).length, 1);
    // seo's step is in the first layer: its robots.txt comes before the app's handler.
    const robots = await fetch(`${app.url}/robots.txt`);
    assert.equal(robots.status, 200);
    assert.match(await robots.text(), /^Disallow: \/admin$/m);
    // What neither package answers reaches the app's handler.
    const page = await fetch(`${app.url}/`);
    assert.equal(page.status, 418);
    assert.equal(await page.text(), 'the app');
  });

  it('ends the chain at the step that answers, and passes every other request through each step once', async () => {
    const settings = { public: {}, seo: { indexable: true } };
    const app = await createWebApp({ publicSettings: settings.public });
    const stack = await startFlightdeckStack({ app, settings, env: { NODE_ENV: 'production' } });
    try {
      const seen: string[] = [];
      flightdeckRawLayer(app.WebApp.rawHandlers).add('spy', (req) => {
        seen.push(`${req.method} ${req.url}`);
        return false;
      });
      // cdn's step answers a font's CORS preflight: the steps after it never see it.
      const preflight = await fetch(app.url + FONT, { method: 'OPTIONS', headers: { origin: app.url, 'access-control-request-method': 'GET' } });
      assert.equal(preflight.status, 204);
      // seo's step answers robots.txt.
      assert.equal((await fetch(`${app.url}/robots.txt`)).status, 200);
      const page = await fetch(`${app.url}/`, { headers: { accept: 'text/html' } });
      assert.equal(page.status, 200);
      assert.deepEqual(seen, ['GET /']);
    } finally {
      await stack.stop();
    }
  });

  it("gives a step's throw to Express (500), and runs no step after it", async () => {
    const app = await open();
    const layer = flightdeckRawLayer(app.WebApp.rawHandlers);
    let after = 0;
    const throwing: RawStep = () => {
      throw new Error('broken step');
    };
    layer.add('throwing', throwing);
    layer.add('after', () => {
      after += 1;
      return false;
    });
    const response = await fetch(`${app.url}/`);
    assert.equal(response.status, 500);
    assert.equal(after, 0);
    assert.throws(() => layer.add('not a function', undefined as unknown as RawStep), /flightdeck raw layer: the step "not a function" is not a function/);
  });

  it('lets a step that took the request call next itself, later, once', async () => {
    const app = await open();
    const layer = flightdeckRawLayer(app.WebApp.rawHandlers);
    let later = 0;
    layer.add('deferred', (_req, _res, next) => {
      setTimeout(() => next(), 5);
      return true;
    });
    layer.add('after', () => {
      later += 1;
      return false;
    });
    const page = await fetch(`${app.url}/`, { headers: { accept: 'text/html' } });
    assert.equal(page.status, 200);
    // The step that took the request called next: the layer's later steps are skipped.
    assert.equal(later, 0);
  });

  it('goes behind a raw handler mounted before its first step, as a use after it', async () => {
    const app = await open();
    const order: string[] = [];
    app.WebApp.rawHandlers.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
      order.push('earlier');
      if (req.url === '/earlier') {
        res.writeHead(418, { 'Content-Type': 'text/plain' });
        res.end('earlier');
        return;
      }
      next();
    });
    const layer = flightdeckRawLayer(app.WebApp.rawHandlers);
    layer.add('spy', () => {
      order.push('flightdeck');
      return false;
    });
    assert.equal(rawLayers(app).length, 2);
    assert.equal((await fetch(`${app.url}/earlier`)).status, 418);
    assert.deepEqual(order, ['earlier']);
    assert.equal((await fetch(`${app.url}/`, { headers: { accept: 'text/html' } })).status, 200);
    assert.deepEqual(order, ['earlier', 'earlier', 'flightdeck']);
  });

  it("gives a step's next(error) to Meteor's app (500), past the raw handlers mounted after it", async () => {
    const app = await open();
    const layer = flightdeckRawLayer(app.WebApp.rawHandlers);
    let after = 0;
    layer.add('failing', (req, _res, next) => {
      if (req.url !== '/fail') return false;
      setTimeout(() => next(new Error('step failed')), 1);
      return true;
    });
    app.WebApp.rawHandlers.use((_req: IncomingMessage, _res: ServerResponse, next: () => void) => {
      after += 1;
      next();
    });
    assert.equal((await fetch(`${app.url}/fail`)).status, 500);
    assert.equal(after, 0);
    // Every other request goes through the steps, then the handler mounted after, then the app.
    assert.equal((await fetch(`${app.url}/`, { headers: { accept: 'text/html' } })).status, 200);
    assert.equal(after, 1);
  });

  it('hands a request a step took and passes on later to the raw handlers mounted after it, then to the app', async () => {
    const app = await open();
    const layer = flightdeckRawLayer(app.WebApp.rawHandlers);
    const seen: string[] = [];
    layer.add('deferred', (req, _res, next) => {
      seen.push(`step ${req.url}`);
      setTimeout(() => next(), 5);
      return true;
    });
    app.WebApp.rawHandlers.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
      seen.push(`after ${req.url}`);
      res.setHeader('X-After', '1');
      next();
    });
    const page = await fetch(`${app.url}/notes/1`, { headers: { accept: 'text/html' } });
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('x-after'), '1');
    assert.match(await page.text(), /__meteor_runtime_config__/);
    assert.deepEqual(seen, ['step /notes/1', 'after /notes/1']);
  });

  it('runs in front of a Connect-style rawHandlers (not an Express app) as a use', async () => {
    const used: unknown[] = [];
    const connectLike = { use: (handler: unknown) => used.push(handler) };
    const layer = flightdeckRawLayer(connectLike);
    layer.add('one', () => false);
    layer.add('two', () => false);
    assert.equal(used.length, 1);
    assert.equal(typeof used[0], 'function');
  });
});
