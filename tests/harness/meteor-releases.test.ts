// What the harness models differently per Meteor release (tests/helpers/meteor-webapp-release.ts),
// and the legacy bundle every release serves to browsers modern-browsers does not know. Each test
// names the release it starts, so every run of the matrix checks every model.
import assert from 'node:assert/strict';
import type { NextFunction, Request, Response } from 'express';
import express4 from 'express';
import express5 from 'express5';
import { createWebApp } from '../helpers/webapp-harness.ts';
import type { ManifestItem, WebAppHarness, WebAppHarnessOptions } from '../helpers/webapp-harness.ts';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const OLD_CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/54.0.2840.99 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/126.0.6478.126 Safari/537.36';
const CURL = 'curl/8.5.0';
const IE11 = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko';
const SAFARI_10_1 = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12_4) AppleWebKit/603.1.30 (KHTML, like Gecko) Version/10.1 Safari/603.1.30';
const SAFARI_10_0 = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12) AppleWebKit/602.1.50 (KHTML, like Gecko) Version/10.0 Safari/602.1.50';

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

function scriptSources(html: string): string[] {
  return [...html.matchAll(/<script type="text\/javascript" src="([^"]+)"/g)].map((match) => match[1]);
}

function runtimeConfigOf(html: string): Record<string, unknown> {
  const match = /__meteor_runtime_config__ = JSON\.parse\(decodeURIComponent\(("[^"]*")\)\)/.exec(html);
  assert.ok(match, 'the page has no inline runtime config');
  return JSON.parse(decodeURIComponent(JSON.parse(match[1])));
}

/** Express's final handler logs an error on the next turn of the loop (setImmediate), after it answered. */
async function loggedErrors(app: WebAppHarness): Promise<unknown[]> {
  for (let turn = 0; turn < 100 && app.errors.length === 0; turn += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  return app.errors;
}

function jsOf(manifest: ManifestItem[] | undefined): ManifestItem {
  const item = manifest?.find((entry) => entry.type === 'js');
  assert.ok(item, 'no js item in the manifest');
  return item;
}

describe('webapp harness: the Meteor releases it models', () => {
  let harness: WebAppHarness | undefined;

  async function start(options: WebAppHarnessOptions): Promise<WebAppHarness> {
    harness = await createWebApp(options);
    return harness;
  }

  async function get(path: string, userAgent = CHROME, init?: RequestInit): Promise<Answer> {
    const response = await fetch((harness as WebAppHarness).url + path, { ...init, headers: { 'user-agent': userAgent } });
    return { status: response.status, headers: response.headers, body: await response.text() };
  }

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  describe('Express', () => {
    it('Meteor 3.0.4 runs on Express 4.21, Meteor 3.4 and 3.4.1 on Express 5.1', async () => {
      for (const [release, express, version] of [['3.0.4', express4, '4.21'], ['3.4', express5, '5.1'], ['3.4.1', express5, '5.1']] as const) {
        const app = await start({ meteorRelease: release });
        assert.equal(app.model.expressVersion, version);
        assert.equal(app.WebApp.express, express);
        assert.equal(app.runtimeConfig.meteorRelease, `METEOR@${release}`);
        await app.close();
      }
    });

    it('parses nested query strings with qs in raw handlers and handlers on every release', async () => {
      for (const release of ['3.0.4', '3.4'] as const) {
        const app = await start({ meteorRelease: release });
        const seen: unknown[] = [];
        app.WebApp.rawHandlers.use((req: Request, _res: Response, next: NextFunction) => {
          seen.push(req.query);
          next();
        });
        app.WebApp.handlers.use('/q', (req: Request, res: Response) => {
          seen.push(req.query);
          res.end();
        });
        await get('/q?a[b]=1&c=2&c=3');
        assert.deepEqual(JSON.parse(JSON.stringify(seen)), [{ a: { b: '1' }, c: ['2', '3'] }, { a: { b: '1' }, c: ['2', '3'] }], release);
        await app.close();
      }
    });

    it('on Express 4.21 a handler may assign req.query; on Express 5.1 the assignment throws and the request gets 500', async () => {
      const mount = (app: WebAppHarness) =>
        app.WebApp.handlers.use('/rewrite', (req: Request, res: Response) => {
          (req as { query: unknown }).query = { forced: 'yes' };
          res.end(JSON.stringify(req.query));
        });
      const old = await start({ meteorRelease: '3.0.4' });
      mount(old);
      const onFour = await get('/rewrite?x=1');
      await old.close();
      const current = await start({ meteorRelease: '3.4' });
      mount(current);
      const onFive = await get('/rewrite?x=1');

      assert.equal(onFour.status, 200);
      assert.deepEqual(JSON.parse(onFour.body), { forced: 'yes' });
      assert.equal(onFive.status, 500);
      assert.doesNotMatch(onFive.body, /TypeError/, 'a production server shows no stack');
      const errors = await loggedErrors(current);
      assert.equal(errors.length, 1);
      assert.ok(errors[0] instanceof TypeError);
      assert.match(String((errors[0] as Error).message), /query/);
    });

    it('on Express 5.1 a rejected promise from an async handler reaches Express\'s error handling (500); Express 4.21 never sees it', async () => {
      const mount = (app: WebAppHarness) =>
        app.WebApp.handlers.use('/async', (_req: Request, _res: Response) => {
          const rejected = Promise.reject(new Error('handler failed'));
          // Kept from being an unhandled rejection in this process; the handler still returns it.
          rejected.catch(() => undefined);
          return rejected;
        });
      const current = await start({ meteorRelease: '3.4' });
      mount(current);
      const onFive = await get('/async');
      const fiveErrors = await loggedErrors(current);
      await current.close();
      const old = await start({ meteorRelease: '3.0.4' });
      mount(old);
      const onFour = await fetch(old.url + '/async', { signal: AbortSignal.timeout(400) }).then(
        (response) => response.status,
        (error: Error) => error.name,
      );

      assert.equal(onFive.status, 500);
      assert.equal((fiveErrors[0] as Error).message, 'handler failed');
      assert.equal(onFour, 'TimeoutError', 'Express 4 leaves the request unanswered');
      assert.deepEqual(old.errors, []);
    });

    it('Express 5.1 rejects Express 4 path syntax (`*`, `:id?`) when a handler is registered, and takes its own (`*name`, `{/:id}`)', async () => {
      const current = await start({ meteorRelease: '3.4' });
      assert.throws(() => current.WebApp.handlers.get('*', () => undefined), /Missing parameter name/);
      assert.throws(() => current.WebApp.handlers.get('/notes/:id?', () => undefined), /Unexpected \?/);
      current.WebApp.handlers.get('/files/*path', (req: Request, res: Response) => {
        res.end(JSON.stringify(req.params));
      });
      current.WebApp.handlers.get('/notes{/:id}', (req: Request, res: Response) => {
        res.end(JSON.stringify(req.params));
      });
      const files = await get('/files/a/b.txt');
      const notes = await get('/notes');
      await current.close();
      const old = await start({ meteorRelease: '3.0.4' });
      old.WebApp.handlers.get('/notes/:id?', (req: Request, res: Response) => {
        res.end(JSON.stringify(req.params));
      });
      const oldNotes = await get('/notes');

      assert.deepEqual(JSON.parse(files.body), { path: ['a', 'b.txt'] });
      assert.deepEqual(JSON.parse(notes.body), {});
      assert.deepEqual(JSON.parse(oldNotes.body), {});
    });
  });

  describe('static files', () => {
    it('Meteor 3.4.1 leaves Vary: User-Agent off hashed bundles, keeps it on ?hash= URLs, and drops it with includeVaryUserAgent: false', async () => {
      const hashed = await start({ meteorRelease: '3.4.1' });
      const bundle = await get(jsOf(hashed.manifest).url);
      await hashed.close();
      const development = await start({ meteorRelease: '3.4.1', production: false });
      const devBundle = await get(jsOf(development.manifest).url);
      await development.close();
      const off = await start({ meteorRelease: '3.4.1', production: false, packageSettings: { webapp: { includeVaryUserAgent: false } } });
      const devBundleOff = await get(jsOf(off.manifest).url);
      await off.close();
      const before = await start({ meteorRelease: '3.4' });
      const oldBundle = await get(jsOf(before.manifest).url);

      assert.equal(bundle.status, 200);
      assert.equal(bundle.headers.get('cache-control'), 'public, max-age=31536000');
      assert.equal(bundle.headers.get('vary'), null);
      assert.equal(devBundle.headers.get('vary'), 'User-Agent');
      assert.equal(devBundleOff.headers.get('vary'), null);
      assert.equal(oldBundle.headers.get('vary'), 'User-Agent');
    });
  });

  describe('the legacy bundle', () => {
    it('builds a web.browser.legacy program with its own JS bundle and the same CSS and public files', async () => {
      const app = await start({ meteorRelease: '3.4' });
      const modern = app.manifest;
      const legacy = app.legacyManifest as ManifestItem[];

      assert.notEqual(jsOf(legacy).url, jsOf(modern).url);
      assert.deepEqual(legacy.filter((item) => item.type !== 'js'), modern.filter((item) => item.type !== 'js'));
      assert.equal(app.WebApp.clientPrograms['web.browser.legacy']?.manifest, legacy);
    });

    it('serves the legacy page to Googlebot, curl, Node\'s fetch, IE 11, Chrome 54 and Safari 10.0, and the modern page to Chrome 126 and Safari 10.1', async () => {
      for (const release of ['3.0.4', '3.4.1'] as const) {
        const app = await start({ meteorRelease: release });
        const legacyJs = jsOf(app.legacyManifest).url;
        const modernJs = jsOf(app.manifest).url;
        const pageFor = async (userAgent: string) => {
          const { body } = await get('/notes/1', userAgent);
          return { scripts: scriptSources(body), isModern: runtimeConfigOf(body).isModern };
        };
        for (const userAgent of [GOOGLEBOT, CURL, 'node', IE11, OLD_CHROME, SAFARI_10_0]) {
          assert.deepEqual(await pageFor(userAgent), { scripts: [legacyJs], isModern: false }, `${release}: ${userAgent}`);
        }
        for (const userAgent of [CHROME, SAFARI_10_1]) {
          assert.deepEqual(await pageFor(userAgent), { scripts: [modernJs], isModern: true }, `${release}: ${userAgent}`);
        }
        await app.close();
      }
    });

    it('hands the legacy arch to boilerplate data callbacks and runtime config hooks for a crawler', async () => {
      const app = await start({ meteorRelease: '3.4' });
      const arches: string[] = [];
      app.WebAppInternals.registerBoilerplateDataCallback('arch', (request, _data, arch) => {
        arches.push(`${arch} ${request.arch} ${request.modern} ${request.browser.name}`);
      });
      app.WebApp.addRuntimeConfigHook(({ arch }) => {
        arches.push(`hook ${arch}`);
        return undefined;
      });

      await get('/', GOOGLEBOT);
      await get('/', CHROME);

      assert.deepEqual(arches, [
        'hook web.browser.legacy',
        'web.browser.legacy web.browser.legacy false googlebot',
        'hook web.browser',
        'web.browser web.browser true chrome',
      ]);
    });

    it('serves either arch\'s bundle to any browser, and each program at /__<arch>/manifest.json', async () => {
      const app = await start({ meteorRelease: '3.4' });

      const legacyForChrome = await get(jsOf(app.legacyManifest).url, CHROME);
      const modernForCurl = await get(jsOf(app.manifest).url, CURL);
      const legacyProgram = JSON.parse((await get('/__browser.legacy/manifest.json', CHROME)).body);
      const modernProgram = JSON.parse((await get('/__browser/manifest.json', CURL)).body);

      assert.equal(legacyForChrome.status, 200);
      assert.match(legacyForChrome.body, /^\/\* web\.browser\.legacy \*\//);
      assert.equal(modernForCurl.status, 200);
      assert.deepEqual(legacyProgram.manifest, app.legacyManifest);
      assert.deepEqual(modernProgram.manifest, app.manifest);
    });

    it('with legacy: false (--exclude-archs web.browser.legacy) serves everyone the modern page', async () => {
      const app = await start({ meteorRelease: '3.4', legacy: false });

      const { body } = await get('/', GOOGLEBOT);

      assert.equal(app.legacyManifest, undefined);
      assert.deepEqual(scriptSources(body), [jsOf(app.manifest).url]);
      assert.equal(runtimeConfigOf(body).isModern, true);
    });

    it('Meteor 3.0.4 reads only the first 150 characters of the user agent; 3.4 reads all of it', async () => {
      const longChrome = `Mozilla/5.0 (${'X11; '.repeat(30)}Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36`;
      const old = await start({ meteorRelease: '3.0.4' });
      const onOld = runtimeConfigOf((await get('/', longChrome)).body).isModern;
      await old.close();
      await start({ meteorRelease: '3.4' });
      const onCurrent = runtimeConfigOf((await get('/', longChrome)).body).isModern;

      assert.ok(longChrome.indexOf('Chrome/') > 150);
      assert.equal(onOld, false);
      assert.equal(onCurrent, true);
    });

    it('packages.modern-browsers.unknownBrowsersAssumedModern gives curl the modern page from Meteor 3.1.2 on', async () => {
      const packageSettings = { 'modern-browsers': { unknownBrowsersAssumedModern: true } };
      const old = await start({ meteorRelease: '3.0.4', packageSettings });
      const onOld = runtimeConfigOf((await get('/', CURL)).body).isModern;
      await old.close();
      await start({ meteorRelease: '3.4', packageSettings });
      const onCurrent = runtimeConfigOf((await get('/', CURL)).body).isModern;

      assert.equal(onOld, false);
      assert.equal(onCurrent, true);
    });
  });

  describe('boilerplate', () => {
    it('from Meteor 3.4 a boilerplate data callback gets the response, and may write the page itself after disableBoilerplateResponse()', async () => {
      const old = await start({ meteorRelease: '3.0.4' });
      const oldArgs: number[] = [];
      old.WebAppInternals.registerBoilerplateDataCallback('args', (...args: unknown[]) => {
        oldArgs.push(args.length);
      });
      await get('/');
      assert.deepEqual(oldArgs, [3]);
      assert.equal(old.WebAppInternals.disableBoilerplateResponse, undefined);
      await old.close();

      const app = await start({ meteorRelease: '3.4' });
      app.WebAppInternals.disableBoilerplateResponse?.();
      app.WebAppInternals.registerBoilerplateDataCallback('ssr', (request, data, _arch, response) => {
        data.statusCode = 203;
        // The headers are still written by webapp after the callbacks; the body is ours.
        setImmediate(() => response?.end(`<p>rendered ${request.path}</p>`));
      });
      const page = await get('/notes/7');

      assert.equal(page.status, 203);
      assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(page.body, '<p>rendered /notes/7</p>');
    });
  });
});
