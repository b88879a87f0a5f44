import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { createWebApp } from '../helpers/webapp-harness.ts';
import type { ManifestItem, WebAppHarness, WebAppHarnessOptions } from '../helpers/webapp-harness.ts';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

function itemOfType(harness: WebAppHarness, type: ManifestItem['type'], url?: string): ManifestItem {
  const item = harness.manifest.find((entry) => entry.type === type && (url === undefined || entry.url === url));
  assert.ok(item, `no ${type} item ${url ?? ''} in the manifest`);
  return item;
}

function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
    }).on('error', reject);
  });
}

function runtimeConfigOf(html: string): Record<string, unknown> {
  const match = /__meteor_runtime_config__ = JSON\.parse\(decodeURIComponent\(("[^"]*")\)\)/.exec(html);
  assert.ok(match, 'the page has no inline runtime config');
  return JSON.parse(decodeURIComponent(JSON.parse(match[1])));
}

describe('webapp harness (Meteor 3 webapp emulation)', () => {
  let harness: WebAppHarness;

  async function start(options?: WebAppHarnessOptions): Promise<WebAppHarness> {
    harness = await createWebApp(options);
    return harness;
  }

  // As a person's browser: Node's fetch says `node`, which Meteor serves the legacy bundle.
  async function get(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: string }> {
    const response = await fetch(harness.url + path, { ...init, headers: { 'user-agent': CHROME, ...(init?.headers as Record<string, string>) } });
    return { status: response.status, headers: response.headers, body: await response.text() };
  }

  afterEach(async () => {
    await harness?.close();
  });

  describe('mounting order', () => {
    it('raw handlers see the ROOT_URL path prefix and handlers see it stripped', async () => {
      await start({ rootUrl: '/app' });
      const rawUrls: string[] = [];
      const handlerUrls: string[] = [];
      harness.WebApp.rawHandlers.use((req: Request, _res: Response, next: NextFunction) => {
        rawUrls.push(req.url);
        next();
      });
      harness.WebApp.handlers.use((req: Request, _res: Response, next: NextFunction) => {
        handlerUrls.push(req.url);
        next();
      });
      harness.WebApp.handlers.get('/hello', (_req: Request, res: Response) => {
        res.end('hello');
      });

      const response = await get('/app/hello?x=1');

      assert.deepEqual(rawUrls, ['/app/hello?x=1']);
      assert.deepEqual(handlerUrls, ['/hello?x=1']);
      assert.equal(response.body, 'hello');
    });

    it('handlers run after static files, so a bundle request never reaches them', async () => {
      await start();
      const seen: string[] = [];
      harness.WebApp.handlers.use((req: Request, _res: Response, next: NextFunction) => {
        seen.push(req.url);
        next();
      });

      const bundle = await get(itemOfType(harness, 'js').url);
      const page = await get('/some/route');

      assert.equal(bundle.status, 200);
      assert.equal(page.status, 200);
      assert.deepEqual(seen, ['/some/route']);
    });

    it('paths outside the ROOT_URL prefix get 404, except /robots.txt and /favicon.ico', async () => {
      await start({ rootUrl: '/app' });
      harness.WebApp.handlers.use('/robots.txt', (_req: Request, res: Response) => {
        res.type('text/plain').end('User-agent: *\n');
      });

      const outside = await get('/elsewhere');
      const robots = await get('/robots.txt');
      const favicon = await get('/favicon.ico');

      assert.equal(outside.status, 404);
      assert.equal(outside.body, 'Unknown path');
      assert.equal(robots.status, 200);
      assert.equal(robots.body, 'User-agent: *\n');
      // No handler and no app HTML for /favicon.ico: the final 404.
      assert.equal(favicon.status, 404);
      assert.equal(favicon.body, '');
    });

    it('each handler object is an Express app with x-powered-by and etag off', async () => {
      await start();
      for (const app of [harness.WebApp.expressApp, harness.WebApp.rawHandlers, harness.WebApp.handlers]) {
        assert.equal(app.get('x-powered-by'), false);
        assert.equal(app.get('etag'), false);
      }
      assert.equal(harness.WebApp.connectHandlers, harness.WebApp.handlers);
      assert.equal(harness.WebApp.rawConnectHandlers, harness.WebApp.rawHandlers);
      harness.WebApp.handlers.get('/json', (_req: Request, res: Response) => {
        res.json({ ok: true });
      });
      const response = await get('/json');
      assert.equal(response.headers.get('x-powered-by'), null);
      assert.equal(response.headers.get('etag'), null);
    });
  });

  describe('static files', () => {
    it('serves hashed bundles for a year with the manifest hash as ETag (Meteor 3.0-3.4: and Vary: User-Agent)', async () => {
      await start({ meteorRelease: '3.4' });
      const js = itemOfType(harness, 'js');
      const css = itemOfType(harness, 'css');

      const jsResponse = await get(js.url);
      const cssResponse = await get(css.url);

      assert.match(js.url, /^\/[0-9a-f]{40}\.js\?meteor_js_resource=true$/);
      assert.equal(jsResponse.status, 200);
      assert.equal(jsResponse.headers.get('cache-control'), 'public, max-age=31536000');
      assert.equal(jsResponse.headers.get('vary'), 'User-Agent');
      assert.equal(jsResponse.headers.get('etag'), `"${js.hash}"`);
      assert.equal(jsResponse.headers.get('last-modified'), null);
      assert.equal(jsResponse.headers.get('content-type'), 'application/javascript; charset=UTF-8');
      assert.equal(cssResponse.headers.get('content-type'), 'text/css; charset=UTF-8');
      assert.match(cssResponse.body, /url\(\/fonts\/inter\.woff2\)/);
    });

    it('computes manifest sizes, hashes and SRI from the fixture files', async () => {
      await start();
      const js = itemOfType(harness, 'js');
      const source = await readFile(join(harness.fixtureDir, 'app.js'));
      const sri = createHash('sha512').update(source).digest('base64');

      assert.equal(js.size, source.length);
      assert.equal(js.sri, sri);
      assert.equal(js.hash, createHash('sha1').update('2').update(sri).digest('hex'));
      assert.equal(harness.WebApp.clientPrograms['web.browser'].manifest, harness.manifest);
      const gif = itemOfType(harness, 'asset', '/cats.gif');
      assert.equal(gif.size, 43);
      assert.equal(gif.sri, null);
      assert.equal(gif.cacheable, false);
    });

    it('serves public files with max-age=0 and the manifest hash as ETag, answering 304 to a match', async () => {
      await start();
      const gif = itemOfType(harness, 'asset', '/cats.gif');

      const response = await fetch(harness.url + '/cats.gif');
      const bytes = Buffer.from(await response.arrayBuffer());
      // fetch() adds `Cache-Control: no-cache` to conditional requests, which send honours.
      const again = await rawGet(harness.url + '/cats.gif', { 'If-None-Match': `"${gif.hash}"` });

      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=0');
      assert.equal(response.headers.get('etag'), `"${gif.hash}"`);
      assert.equal(response.headers.get('content-type'), 'image/gif');
      assert.equal(response.headers.get('vary'), null);
      assert.equal(bytes.subarray(0, 6).toString('latin1'), 'GIF89a');
      assert.equal(again.status, 304);
    });

    it('keeps a Cache-Control set by a raw handler, but overwrites its ETag', async () => {
      await start();
      harness.WebApp.rawHandlers.use((_req: Request, res: Response, next: NextFunction) => {
        res.setHeader('Cache-Control', 'public, max-age=600');
        res.setHeader('ETag', '"raw"');
        next();
      });
      const font = itemOfType(harness, 'asset', '/fonts/inter.woff2');

      const response = await get('/fonts/inter.woff2');

      assert.equal(response.headers.get('cache-control'), 'public, max-age=600');
      assert.equal(response.headers.get('etag'), `"${font.hash}"`);
      assert.equal(response.headers.get('content-type'), 'font/woff2');
    });

    it('answers a missing public file with the app HTML and 200, and no Cache-Control', async () => {
      await start();

      const response = await get('/images/missing.png');

      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(response.headers.get('cache-control'), null);
      assert.match(response.body, /^<!DOCTYPE html>\n<html>/);
    });

    it('answers a missing ?meteor_js_resource with 404 no-cache and a missing css resource with a 200 stub', async () => {
      await start();

      const js = await get('/0000000000000000000000000000000000000000.js?meteor_js_resource=true');
      const css = await get('/0000000000000000000000000000000000000000.css?meteor_css_resource=true');

      assert.equal(js.status, 404);
      assert.equal(js.headers.get('cache-control'), 'no-cache');
      assert.equal(js.body, '404 Not Found');
      assert.equal(css.status, 200);
      assert.equal(css.headers.get('cache-control'), 'no-cache');
      assert.equal(css.body, '.meteor-css-not-found-error { width: 0px;}');
    });

    it('serves the program manifest at /__browser/manifest.json', async () => {
      await start({ publicSettings: { theme: 'dark' } });

      const response = await get('/__browser/manifest.json');
      const program = JSON.parse(response.body);

      assert.equal(response.headers.get('content-type'), 'application/json; charset=UTF-8');
      assert.equal(program.format, 'web-program-pre1');
      assert.deepEqual(program.manifest, harness.manifest);
      assert.deepEqual(program.PUBLIC_SETTINGS, { theme: 'dark' });
      assert.equal(response.headers.get('etag'), `"${program.version}"`);
    });

    it('serves development bundles under cache-busting ?hash= URLs', async () => {
      await start({ production: false });

      const js = itemOfType(harness, 'js');
      const css = itemOfType(harness, 'css');
      const response = await get(js.url);

      assert.equal(js.url, `/app/app.js?hash=${js.hash}`);
      assert.equal(css.url, `/merged-stylesheets.css?hash=${css.hash}`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000');
    });
  });

  describe('HTML boilerplate', () => {
    it('renders the runtime config, the CSS link and the bundle script under the path prefix', async () => {
      const publicSettings = { cdn: { url: '' } };
      await start({ rootUrl: '/app', publicSettings, bodyHtml: '<main id="root"></main>' });
      const js = itemOfType(harness, 'js');
      const css = itemOfType(harness, 'css');

      const { body } = await get('/app/');
      const config = runtimeConfigOf(body);

      assert.ok(body.includes(`<link rel="stylesheet" type="text/css" class="__meteor-css__" href="/app${css.url}">`));
      assert.ok(body.includes(`<script type="text/javascript" src="/app${js.url}"></script>`));
      assert.ok(body.includes('<body><main id="root"></main>\n  <script type="text/javascript">__meteor_runtime_config__'));
      assert.equal(config.ROOT_URL, `${harness.url}/app`);
      assert.equal(config.ROOT_URL_PATH_PREFIX, '/app');
      assert.deepEqual(config.PUBLIC_SETTINGS, publicSettings);
      assert.equal(harness.runtimeConfig.PUBLIC_SETTINGS, publicSettings);
    });

    it('shows a change to PUBLIC_SETTINGS only after generateBoilerplate', async () => {
      const publicSettings: Record<string, unknown> = {};
      await start({ publicSettings });

      publicSettings.late = true;
      const before = runtimeConfigOf((await get('/')).body);
      await harness.WebAppInternals.generateBoilerplate();
      const after = runtimeConfigOf((await get('/')).body);

      assert.deepEqual(before.PUBLIC_SETTINGS, {});
      assert.deepEqual(after.PUBLIC_SETTINGS, { late: true });
    });

    it('answers POST to a page with 405 and Allow, and OPTIONS with 200', async () => {
      await start();

      const post = await get('/page', { method: 'POST', body: 'x' });
      const options = await get('/page', { method: 'OPTIONS' });
      const postToAsset = await get('/cats.gif', { method: 'POST', body: 'x' });

      assert.equal(post.status, 405);
      assert.equal(post.headers.get('allow'), 'OPTIONS, GET, HEAD');
      assert.equal(post.body, '');
      assert.equal(options.status, 200);
      assert.equal(postToAsset.status, 405);
    });

    it('answers HEAD for a page with the HTML headers and no body', async () => {
      await start();

      const response = await get('/page', { method: 'HEAD' });

      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(response.body, '');
    });

    it('adds integrity and crossorigin attributes once subresource integrity is enabled', async () => {
      await start();
      const js = itemOfType(harness, 'js');
      const css = itemOfType(harness, 'css');

      await harness.WebAppInternals.enableSubresourceIntegrity();
      const anonymous = (await get('/')).body;
      await harness.WebAppInternals.enableSubresourceIntegrity(true);
      const withCredentials = (await get('/')).body;

      assert.ok(anonymous.includes(`src="${js.url}" integrity="sha512-${js.sri}" crossorigin="anonymous"></script>`));
      assert.ok(anonymous.includes(`href="${css.url}" integrity="sha512-${css.sri}" crossorigin="anonymous">`));
      assert.ok(withCredentials.includes(`integrity="sha512-${js.sri}" crossorigin="use-credentials"`));
    });

    it('renders URL client scripts as deferred head scripts and code as inline scripts after the bundles', async () => {
      await start({ clientScripts: ['/test/client.js', 'window.inline = 1;'] });

      const { body } = await get('/');

      assert.match(body, /<head>[\s\S]*<script type="text\/javascript" src="\/test\/client\.js" defer><\/script>[\s\S]*<\/head>/);
      assert.match(body, /meteor_js_resource=true"><\/script>\n {2}<script>window\.inline = 1;<\/script>/);
    });
  });

  describe('bundle URL rewriting', () => {
    it('setBundledJsCssPrefix returns a promise, regenerates the page and replaces the path prefix', async () => {
      await start({ rootUrl: '/app' });
      const js = itemOfType(harness, 'js');

      const pending = harness.WebAppInternals.setBundledJsCssPrefix('https://cdn.example.com');
      assert.ok(pending instanceof Promise);
      await pending;
      const { body } = await get('/app/');

      assert.ok(body.includes(`src="https://cdn.example.com${js.url}"`));
      assert.ok(!body.includes(`src="/app${js.url}"`));
    });

    it('setBundledJsCssPrefix called detached from WebAppInternals rejects with a TypeError', async () => {
      await start();
      const setPrefix: (prefix: string) => Promise<void> = harness.WebAppInternals.setBundledJsCssPrefix;

      await assert.rejects(setPrefix('https://cdn.example.com'), TypeError);
    });

    it('calls the rewrite hook for every script and link tag on every page request, without the request', async () => {
      await start();
      const calls: unknown[][] = [];
      await harness.WebAppInternals.setBundledJsCssUrlRewriteHook((...args: unknown[]) => {
        calls.push(args);
        return `https://cdn.example.com${String(args[0])}`;
      });
      const generated = calls.length;

      await get('/');
      await get('/other');

      assert.equal(calls.length - generated, 4);
      assert.ok(calls.every((args) => args.length === 1));
    });
  });

  describe('per-request hooks', () => {
    it('runs a boilerplate data callback per request with the categorized request, awaiting it', async () => {
      await start();
      const js = itemOfType(harness, 'js');
      harness.WebApp.handlers.use((req: Request, _res: Response, next: NextFunction) => {
        (req as Request & { dynamicHead?: string }).dynamicHead = '<meta name="from-handler">';
        next();
      });
      harness.WebAppInternals.registerBoilerplateDataCallback('test', async (request, data, arch) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        const host = String(request.headers['x-cdn-host']);
        data.bundledJsCssUrlRewriteHook = (url) => `https://${host}${url}`;
        data.dynamicHead = `${data.dynamicHead ?? ''}<meta name="arch" content="${arch}">`;
        data.dynamicBody = `<p>${request.path}</p>`;
        if (request.path === '/gone') data.statusCode = 404;
      });

      const first = await get('/page', { headers: { 'x-cdn-host': 'a.example.com' } });
      const second = await get('/gone', { headers: { 'x-cdn-host': 'b.example.com' } });

      assert.ok(first.body.includes(`src="https://a.example.com${js.url}"`));
      assert.ok(first.body.includes('<meta name="from-handler"><meta name="arch" content="web.browser">\n</head>'));
      assert.ok(first.body.includes('<div id="app"></div><p>/page</p>\n'));
      assert.equal(first.status, 200);
      assert.ok(second.body.includes(`src="https://b.example.com${js.url}"`));
      assert.equal(second.status, 404);
    });

    it('answers 500 when a boilerplate data callback throws, and records the error as Meteor logs it', async () => {
      await start();
      harness.WebAppInternals.registerBoilerplateDataCallback('broken', async () => {
        throw new Error('callback failed');
      });

      const response = await get('/');

      assert.equal(response.status, 500);
      assert.equal(response.body, '');
      assert.equal((harness.errors[0] as Error).message, 'callback failed');
    });

    it('returns the previous boilerplate data callback on registration and removes it on null', async () => {
      await start();
      const first = () => undefined;
      const second = () => undefined;

      assert.equal(harness.WebAppInternals.registerBoilerplateDataCallback('key', first), null);
      assert.equal(harness.WebAppInternals.registerBoilerplateDataCallback('key', second), first);
      assert.equal(harness.WebAppInternals.registerBoilerplateDataCallback('key', null), second);
      assert.throws(() => harness.WebAppInternals.registerBoilerplateDataCallback('key', 'x' as never));
    });

    it('lets a runtime config hook change the config per request until it is stopped', async () => {
      await start({ runtimeConfig: { appId: 'fixture' } });
      const seen: boolean[] = [];
      const handle = harness.WebApp.addRuntimeConfigHook(({ arch, request, encodedCurrentConfig, updated }) => {
        seen.push(updated);
        const config = harness.WebApp.decodeRuntimeConfig(encodedCurrentConfig) as Record<string, unknown>;
        return harness.WebApp.encodeRuntimeConfig({ ...config, arch, lang: request.headers['accept-language'] });
      });

      const french = runtimeConfigOf((await get('/', { headers: { 'accept-language': 'fr' } })).body);
      const german = runtimeConfigOf((await get('/', { headers: { 'accept-language': 'de' } })).body);
      handle.stop();
      const after = runtimeConfigOf((await get('/')).body);

      assert.equal(french.lang, 'fr');
      assert.equal(french.arch, 'web.browser');
      assert.equal(french.appId, 'fixture');
      assert.equal(german.lang, 'de');
      assert.deepEqual(seen, [true, false]);
      // Meteor 3.0 keeps the last string a hook returned as the page's base config.
      assert.equal(after.lang, 'de');
    });
  });
});
