/**
 * The WebApp harness in Rspack mode: a client built by real Rspack (`@rspack/core` from npm) and
 * served the way Meteor 3.4+'s `rspack` package serves it. Checked against meteor/meteor
 * `packages/rspack/` (rspack_server.js, lib/constants.js, rspack_plugin.js, package.js 1.1.x) and
 * the `@meteorjs/rspack` npm package (2.2.0 and 3.0.0-beta.3, rspack.config.js and
 * plugins/RspackMeteorHtmlPlugin.js), production mode (`meteor build` / `meteor run --production`):
 *
 * - Build (Rspack 2.3 from `@rspack/core`, or 1.7 from the `rspack-core-v1` alias, the one Meteor
 *   3.5.2 installs): the client config's output as @meteorjs/rspack sets it: `publicPath: "/"`, the main
 *   chunk written to `_build/<out>/client-rspack.js` (Meteor then bundles it as the app's main
 *   module: here it is concatenated after the packages' code in the app's JS bundle, wrapped in a
 *   CommonJS module, as `library.type: "commonjs2"` needs), lazy chunks as
 *   `build-chunks/[id].[chunkhash].js`, CSS as `build-chunks/[name].[contenthash].css` and
 *   `[id].[contenthash].css` (`type: "css/auto"`), assets as `build-assets/[hash][ext]`, all in
 *   the app's `public/`, so Meteor's bundler makes them manifest assets (`path: app/build-chunks/...`).
 *   `splitChunks: { chunks: "async" }`, `hidden-source-map`. The app's package.json name gives
 *   the chunk loading global (`rspackChunk<name>`).
 * - HTML: HtmlRspackPlugin with `inject: false` and @meteorjs/rspack's `<head>`/`<body>` template;
 *   the `*-rspack.js` script tag and the `<html>` wrapper removed, as RspackMeteorHtmlPlugin does.
 *   Meteor compiles that index.html like any app HTML file, so its head and body become the
 *   boilerplate's `head` and `body` (where meteor/meteor#14523's proposed fix rewrites them).
 * - Serving: rspack_server.js replaces `WebAppInternals.staticFilesMiddleware`; for a path under
 *   `/build-chunks/` or `/build-assets/` (after webapp stripped ROOT_URL's prefix) the file is
 *   served as cacheable (`public, max-age=31536000`, `Vary: User-Agent`). Two versions of it:
 *   - `'registers-on-demand'` (the version with `registerRspackStaticAsset`, Meteor 3.4): marks the
 *     manifest entry cacheable, or registers `process.cwd()/<context>/<file>` for all three archs
 *     with `hash` = the file name's second dot-part; a missing file then fails in `send` and
 *     Meteor answers 500.
 *   - `'request-local'` (devel, with `rspackStaticAssetInfo`/`rspackAssetNotFound`): decodes the
 *     path, refuses traversal, answers a missing file 404 `Cache-Control: no-store`, and serves a
 *     found one through a request-local static-files table.
 *
 * Not modelled: development (the Rspack dev server behind `/__rspack__/`, HMR), `meteor test`
 * folders, per-arch builds (`clientOutputContext`), the legacy and Cordova programs.
 *
 *   const { app, fixture } = await createRspackWebApp({ rootUrl: '/app' });
 */
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath, parse as parseUrl } from 'node:url';
import { build as esbuild } from 'esbuild';
import { rspack, type Configuration, type Stats } from '@rspack/core';
// Rspack 1.7, as Meteor 3.5.2 installs it (@meteorjs/rspack 2.2.0 → @rspack/core 1.7.x), under an npm alias.
import * as rspackV1Module from 'rspack-core-v1';
import { SYSTEM_FONT_CANDIDATES } from './cdn-fixture-app.ts';
import { createWebApp, type StaticFileInfo, type StaticFiles, type WebAppHarness, type WebAppHarnessOptions } from './webapp-harness.ts';

const fixtureRoot = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'cdn-rspack');
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The folder names of rspack's lib/constants.js without RSPACK_*_CONTEXT or METEOR_LOCAL_DIR. */
export const RSPACK_CHUNKS_CONTEXT = 'build-chunks';
export const RSPACK_ASSETS_CONTEXT = 'build-assets';
/** The fixture app's package.json name, from which Rspack names its chunk loading global. */
export const FIXTURE_APP_NAME = 'flightdeck-rspack-fixture';

export interface RspackFixture {
  /** The app folder for `createWebApp({ fixtureDir })`: the JS bundle's parts and public/. */
  dir: string;
  /** The boilerplate head and body from HtmlRspackPlugin's index.html. */
  head: string;
  body: string;
  /** URL paths of what Rspack emitted, by role. */
  files: { mainCss: string; lazyJs: string; lazyCss: string; font: string };
  /** Rspack's version, for messages. */
  rspackVersion: string;
}

function compile(bundler: RspackFunction, config: Configuration): Promise<Stats> {
  return new Promise((resolvePromise, reject) => {
    bundler(config, (error, stats) => {
      if (error) reject(error);
      else if (!stats) reject(new Error('rspack returned no stats'));
      else if (stats.hasErrors()) reject(new Error(`rspack build failed:\n${stats.toString({ colors: false, all: false, errors: true })}`));
      else resolvePromise(stats);
    });
  });
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/** HtmlRspackPlugin's template as @meteorjs/rspack passes it (inject: false, head and body tags). */
const HTML_TEMPLATE = `<head>
<% for tag in htmlRspackPlugin.tags.headTags { %><%= toHtml(tag) %>
<% } %></head>
<body>
<% for tag in htmlRspackPlugin.tags.bodyTags { %><%= toHtml(tag) %>
<% } %></body>`;

/**
 * `'plain'`: Rspack 2.3 with @meteorjs/rspack 3.0.0-beta.3's output settings (CSS through
 * `type: "css/auto"`). `'rspack1'`: Rspack 1.7 with @meteorjs/rspack 2.2.0's (CSS through
 * `experiments.css`), what Meteor 3.5.2 installs. `'bootstrap'`: 'plain' plus a first entry module
 * that sets `__webpack_public_path__` to ROOT_URL's prefix, as meteor/meteor#14567/#14637 propose
 * (tests/fixtures/cdn-rspack/client/meteor-public-path.js).
 */
export type RspackFixtureVariant = 'plain' | 'rspack1' | 'bootstrap';

type RspackFunction = typeof rspack;
const rspackV1 = ((rspackV1Module as unknown as { rspack?: RspackFunction; default?: RspackFunction }).rspack
  ?? (rspackV1Module as unknown as { default: RspackFunction }).default) as RspackFunction;

async function buildFixture(variant: RspackFixtureVariant): Promise<RspackFixture & { root: string }> {
  const font = SYSTEM_FONT_CANDIDATES.find((path) => existsSync(path));
  if (!font) throw new Error(`no TrueType font for the Rspack fixture: install fonts-liberation or fonts-dejavu-core (looked at ${SYSTEM_FONT_CANDIDATES.join(', ')})`);
  const root = await mkdtemp(join(tmpdir(), 'flightdeck-rspack-'));
  const project = join(root, 'project');
  const app = join(root, 'app');
  try {
    await cp(join(fixtureRoot, 'client'), join(project, 'client'), { recursive: true });
    await mkdir(join(project, 'client', 'fonts'), { recursive: true });
    await copyFile(font, join(project, 'client', 'fonts', 'fixture-mono.ttf'));
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: FIXTURE_APP_NAME, private: true }));
    const mainOutput = '_build/main-prod/client-rspack.js';
    const publicDir = join(project, 'public');
    const bundler = variant === 'rspack1' ? rspackV1 : rspack;
    await compile(bundler, {
      name: '[client-rspack]',
      target: 'web',
      mode: 'production',
      context: project,
      entry: variant === 'bootstrap' ? [join(project, 'client', 'meteor-public-path.js'), join(project, 'client', 'main.js')] : join(project, 'client', 'main.js'),
      output: {
        path: publicDir,
        filename: (data) => (!data.chunk?.name || data.chunk.name === 'main' ? `../${mainOutput}` : `${RSPACK_CHUNKS_CONTEXT}/[id].[chunkhash].js`),
        library: { type: 'commonjs2' },
        publicPath: '/',
        chunkFilename: `${RSPACK_CHUNKS_CONTEXT}/[id].[chunkhash].js`,
        assetModuleFilename: `${RSPACK_ASSETS_CONTEXT}/[hash][ext][query]`,
        cssFilename: `${RSPACK_CHUNKS_CONTEXT}/[name].[contenthash].css`,
        cssChunkFilename: `${RSPACK_CHUNKS_CONTEXT}/[id].[contenthash].css`,
      },
      optimization: { usedExports: true, splitChunks: { chunks: 'async' } },
      ...(variant === 'rspack1'
        ? { experiments: { css: true } }
        : { module: { rules: [{ test: /\.css$/, type: 'css/auto' }] } }),
      plugins: [new bundler.HtmlRspackPlugin({ inject: false, filename: '../_build/main-prod/index.html', templateContent: HTML_TEMPLATE })],
      devtool: 'hidden-source-map',
      performance: false,
      infrastructureLogging: { level: 'error' },
    });

    // RspackMeteorHtmlPlugin: no `*-rspack.js` script tag (Meteor loads the main chunk in its
    // bundle), no doctype or <html> wrapper.
    const html = (await readFile(join(project, '_build', 'main-prod', 'index.html'), 'utf8'))
      .replace(/<script\b[^>]*\bsrc="[^"]*-rspack\.js"[^>]*><\/script>\s*/gi, '')
      .replace(/<!doctype[^>]*>\s*/i, '')
      .replace(/<html[^>]*>\s*/i, '')
      .replace(/\s*<\/html>\s*$/i, '')
      .trim();
    const head = /<head>([\s\S]*?)<\/head>/i.exec(html)?.[1].trim() ?? '';
    const body = /<body>([\s\S]*?)<\/body>/i.exec(html)?.[1].trim() ?? '';

    // The app's JS bundle: packages first (flightdeck:cdn's client entry), then the app's main
    // module, the Rspack entry, in a CommonJS wrapper as Meteor's module system gives it.
    await mkdir(app, { recursive: true });
    await esbuild({
      entryPoints: [join(repoRoot, 'packages', 'cdn', 'src', 'client.ts')],
      outfile: join(app, '1-packages.js'),
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      logLevel: 'warning',
    });
    const main = await readFile(join(project, mainOutput), 'utf8');
    await writeFile(join(app, '2-app.js'), `(function () {\nvar module = { exports: {} }, exports = module.exports;\n${main}\n})();\n`);
    await cp(publicDir, join(app, 'public'), { recursive: true });

    const files = (await listFiles(publicDir)).filter((file) => !file.endsWith('.map')).map((file) => '/' + file);
    const pick = (test: (file: string) => boolean, what: string) => {
      const found = files.filter(test);
      if (found.length !== 1) throw new Error(`the Rspack build should emit one ${what}, got: ${files.join(', ')}`);
      return found[0];
    };
    return {
      root,
      dir: app,
      head,
      body,
      files: {
        mainCss: pick((file) => /^\/build-chunks\/main\.[0-9a-f]+\.css$/.test(file), 'main CSS'),
        lazyJs: pick((file) => /^\/build-chunks\/[^/]+\.js$/.test(file), 'lazy JS chunk'),
        lazyCss: pick((file) => /^\/build-chunks\/(?!main\.)[^/]+\.css$/.test(file), 'lazy CSS chunk'),
        font: pick((file) => /^\/build-assets\/[0-9a-f]+\.ttf$/.test(file), 'font'),
      },
      rspackVersion: bundler.rspackVersion,
    };
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

const built = new Map<RspackFixtureVariant, Promise<RspackFixture & { root: string }>>();

/** The Rspack fixture, built once per test process and variant (in a temp dir removed at exit). */
export function rspackFixture(variant: RspackFixtureVariant = 'plain'): Promise<RspackFixture> {
  let fixture = built.get(variant);
  if (!fixture) {
    fixture = buildFixture(variant);
    built.set(variant, fixture);
    fixture.then(
      (done) => process.once('exit', () => rmSync(done.root, { recursive: true, force: true })),
      () => undefined,
    );
  }
  return fixture;
}

export type RspackServerVersion = 'registers-on-demand' | 'request-local';

/** rspack_server.js's `staticFilesMiddleware` replacement, production branch. */
function installRspackServer(app: WebAppHarness, version: RspackServerVersion, cwd: string): void {
  const internals = app.WebAppInternals;
  const original = internals.staticFilesMiddleware;
  const chunks = new RegExp(`^/${RSPACK_CHUNKS_CONTEXT}/(.+)$`);
  const assets = new RegExp(`^/${RSPACK_ASSETS_CONTEXT}/(.+)$`);
  const typeOf = (pathname: string) => (pathname.endsWith('.js') ? 'js' : pathname.endsWith('.css') ? 'css' : pathname.endsWith('.json') ? 'json' : undefined);
  const hashOf = (pathname: string) => (pathname.split('/').pop() ?? '').split('.')[1];

  if (version === 'registers-on-demand') {
    internals.staticFilesMiddleware = (byArch, req, res, next) => {
      const pathname = parseUrl(req.url ?? '/').pathname ?? '/';
      const match = chunks.exec(pathname) ?? assets.exec(pathname);
      if (match) {
        const context = chunks.test(pathname) ? RSPACK_CHUNKS_CONTEXT : RSPACK_ASSETS_CONTEXT;
        for (const arch of ['web.browser', 'web.browser.legacy', 'web.cordova']) {
          const files = (byArch[arch] ??= Object.create(null) as StaticFiles);
          const known = files[pathname];
          if (known && typeof known !== 'function') known.cacheable = true;
          else if (!known) files[pathname] = { absolutePath: join(cwd, context, match[1]), cacheable: true, hash: hashOf(pathname), type: typeOf(pathname) };
        }
      }
      return original(byArch, req, res, next);
    };
    return;
  }

  internals.staticFilesMiddleware = async (byArch, req, res, next) => {
    const notFound = (response: ServerResponse) => {
      response.writeHead(404, { 'Cache-Control': 'no-store' });
      response.end();
    };
    const path = app.WebApp.categorizeRequest(req as IncomingMessage).path;
    let pathname: string;
    try {
      pathname = decodeURIComponent(path);
    } catch {
      if (chunks.test(path) || assets.test(path)) return notFound(res);
      return original(byArch, req, res, next);
    }
    const match = chunks.exec(pathname) ?? assets.exec(pathname);
    if (!match) return original(byArch, req, res, next);
    const rootDir = resolve(cwd, chunks.test(pathname) ? RSPACK_CHUNKS_CONTEXT : RSPACK_ASSETS_CONTEXT);
    let filePath = join(rootDir, match[1]);
    const inside = relative(rootDir, filePath);
    if (match[1].includes('\\') || match[1].includes('\0') || inside === '..' || inside.startsWith(`..${sep}`)) return notFound(res);
    const canonical = posix.normalize(pathname);
    let info: StaticFileInfo | (() => StaticFileInfo) | undefined;
    for (const arch of Object.keys(byArch)) {
      info = byArch[arch]?.[canonical];
      if (info) break;
    }
    if (typeof info === 'function') info = info();
    if (info?.absolutePath) filePath = info.absolutePath;
    if (!existsSync(filePath)) return notFound(res);
    const local = { 'web.browser': { [path]: { absolutePath: filePath, hash: hashOf(canonical), type: typeOf(canonical), ...info, cacheable: true } } };
    return original(local, req, res, next);
  };
}

export interface RspackWebAppOptions extends Omit<WebAppHarnessOptions, 'fixtureDir'> {
  /** Which rspack_server.js to model. Default 'registers-on-demand'. */
  rspackServer?: RspackServerVersion;
  /** Which build of the fixture. Default 'plain'. */
  fixture?: RspackFixtureVariant;
  /**
   * A fixture another process built (`rspackFixture()`'s result, passed as JSON): serves it instead
   * of building one here. The bench builds it once for all its server processes, so none of them
   * carries Rspack's build in its heap while it is measured.
   */
  built?: RspackFixture;
}

export interface RspackWebApp {
  app: WebAppHarness;
  fixture: RspackFixture;
  /** What `Package` holds on such a server: the `rspack` package is loaded. */
  Package: Record<string, unknown>;
}

/** Starts the WebApp harness serving the Rspack fixture as a Meteor 3.4+ production server does. */
export async function createRspackWebApp(options: RspackWebAppOptions = {}): Promise<RspackWebApp> {
  const { rspackServer, fixture: variant, built, ...harness } = options;
  const fixture = built ?? (await rspackFixture(variant));
  const app = await createWebApp({
    ...harness,
    fixtureDir: fixture.dir,
    headHtml: [options.headHtml ?? '<title>Rspack fixture</title>', fixture.head].join('\n'),
    bodyHtml: [options.bodyHtml ?? '<div id="app"></div>', fixture.body].join('\n'),
  });
  // A production server's cwd is programs/server, where no build-chunks/ folder is.
  installRspackServer(app, rspackServer ?? 'registers-on-demand', join(fixture.dir, 'programs-server'));
  return { app, fixture, Package: { webapp: {}, rspack: {} } };
}
