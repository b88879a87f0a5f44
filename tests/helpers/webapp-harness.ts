/**
 * A stand-in for Meteor 3's `webapp` package, made of real Express apps, so server code can be
 * tested against real HTTP without Meteor. Written from `packages/webapp/webapp_server.js` of Meteor
 * 3.0.4, 3.4 and 3.4.1 (which one: `meteorRelease`, see meteor-webapp-release.ts for what differs and
 * where), `packages/modern-browsers/modern.js`, `packages/boilerplate-generator/{generator,template-web.browser}.js`,
 * `packages/meteor/url_server.js`, `packages/callback-hook/hook.js` and `tools/isobuild/bundler.js`.
 * 3.0.4 runs on Express 4.21 (`express`), 3.4 and 3.4.1 on Express 5.1 (`express5`, an npm alias).
 *
 * Emulated: the root app's mounting order (rawHandlers, cookies, "Not a proxy", 3.0's query
 * middleware, ROOT_URL path-prefix stripping, static files, meteorInternalHandlers, handlers, the
 * error pass-through, HTML boilerplate, 404; webapp_server.js 1059-1321 in 3.0.4, 1066-1321 in
 * 3.4.1); Express's own final handler for errors (a throwing handler, and on Express 5 a rejected
 * promise from one, answer 500; the error goes to `errors` instead of stderr); static files through
 * `send` 1.1 with Meteor's headers (1-year Cache-Control, `Vary: User-Agent` as each release sets
 * it, the manifest ETag, max-age=0 on `public/` files, a Cache-Control set earlier wins, the ETag
 * does not); both browser programs of a production build, `web.browser` and `web.browser.legacy`,
 * each with its manifest at `/__<arch>/manifest.json`, and the arch chosen per request from the
 * user agent as `categorizeRequest` does (useragent-ng and modern-browsers' rules: Googlebot, curl
 * and Node's fetch get the legacy page, a recent Chrome the modern one; tests/helpers/modern-browsers.ts);
 * a static file found in any arch's files, the request's arch first; the missing
 * `?meteor_js_resource` 404 and `?meteor_css_resource` stub; a missing `public/` file falling
 * through to the app HTML with 200; 405/200 for other methods; the boilerplate HTML byte for byte
 * as boilerplate-generator renders it (runtime config with `isModern` per arch, CSS/JS tags through
 * the bundle URL rewrite hook, SRI attributes, `<meteor-bundled-css>`, dynamicHead/dynamicBody,
 * addStaticJs, inline scripts off); per-request boilerplate data callbacks (may be async, may set
 * `bundledJsCssUrlRewriteHook`, `statusCode`, `headers`; the response as 4th argument from 3.4);
 * runtime config hooks (including Meteor's quirk that a returned string replaces the base config
 * for later requests); the async `setBundledJsCssPrefix` that calls the hook setter through `this`.
 * The manifests are built at start from the fixture's files, with the bundler's hashes
 * (sha1("2", sri)) and SRI (sha512, base64); `public/` assets get sha1("2", sha1(contents)) and
 * `sri: null`, as the bundler skips SRI for assets. The legacy JS is the modern JS behind a
 * one-line banner (Meteor compiles it with the legacy Babel preset: other bytes, another hash and
 * URL); CSS and `public/` files are the same bytes, so the same URLs, in both archs.
 *
 * Not emulated: DDP and `/sockjs` routes, compression (real Meteor also adds
 * `Vary: Accept-Encoding` to compressible responses and gzips them), signed cookies, socket
 * timeouts, autoupdate fields in the runtime config, source maps, and the `web.cordova` program.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parse as parseUrl } from 'node:url';
import type { UrlWithParsedQuery } from 'node:url';
import { strictEqual } from 'node:assert/strict';
import type express from 'express';
import type { Express, NextFunction, Request, Response } from 'express';
import qs from 'qs';
import send from 'send';
import { meteorWebappModel } from './meteor-webapp-release.ts';
import type { MeteorWebappModel, MeteorWebappRelease } from './meteor-webapp-release.ts';
import { createIsModern, identifyBrowser } from './modern-browsers.ts';
import type { IdentifiedBrowser, ModernBrowsersSettings } from './modern-browsers.ts';

export interface WebAppHarnessOptions {
  /** ROOT_URL. Default the listening origin. A value starting with `/` is a path prefix on it. */
  rootUrl?: string;
  /** A folder with top-level `.js`/`.css` bundles and a `public/` folder. Default tests/fixtures/app. */
  fixtureDir?: string;
  /** Default true: one minified bundle per type at `/<sha1>.js?meteor_js_resource=true`. */
  production?: boolean;
  /** Extra fields merged into `__meteor_runtime_config__` before the boilerplate is generated. */
  runtimeConfig?: Record<string, unknown>;
  /** Becomes `__meteor_runtime_config__.PUBLIC_SETTINGS`, the same object. */
  publicSettings?: Record<string, unknown>;
  /** The app's `<body>` template. Default `<div id="app"></div>`. */
  bodyHtml?: string;
  /** The app's `<head>` template. Default a `<title>`. May hold `<meteor-bundled-css />`. */
  headHtml?: string;
  /**
   * Scripts for browser tests. A URL (`/x.js`, `http(s)://`, `//`) becomes a deferred
   * `<script src>` in the head template, so it runs after the app bundle; any other string is
   * inline code added with `WebAppInternals.addStaticJs`, rendered after the bundles.
   */
  clientScripts?: string[];
  /**
   * Which Meteor's webapp to model (and so which Express): default `FLIGHTDECK_METEOR_WEBAPP`,
   * which `npm test` sets per run of the matrix, else 3.0.4.
   */
  meteorRelease?: MeteorWebappRelease;
  /** Default true: serve `web.browser.legacy` too, as a production build does (false: `--exclude-archs web.browser.legacy`). */
  legacy?: boolean;
  /** `Meteor.settings.packages` as webapp and modern-browsers read it. */
  packageSettings?: {
    webapp?: { includeVaryUserAgent?: boolean };
    'modern-browsers'?: ModernBrowsersSettings;
  };
}

export interface ManifestItem {
  path: string;
  where: 'client';
  type: 'js' | 'css' | 'asset';
  cacheable: boolean;
  url: string;
  replaceable?: boolean;
  size: number;
  hash: string;
  sri: string | null;
}

export interface ClientProgram {
  format: 'web-program-pre1';
  manifest: ManifestItem[];
  version: string | (() => string);
  PUBLIC_SETTINGS: Record<string, unknown>;
  meteorRuntimeConfig?: string;
  refreshableAssets?: { url: string }[];
}

/** What `WebApp.categorizeRequest` returns: callbacks and hooks get this, not the IncomingMessage. */
export interface CategorizedRequest {
  browser: IdentifiedBrowser;
  modern: boolean;
  path: string;
  arch: string;
  url: UrlWithParsedQuery;
  dynamicHead?: string;
  dynamicBody?: string;
  headers: IncomingHttpHeaders;
  cookies: Record<string, string>;
}

export type BundledJsCssUrlRewriteHook = (url: string) => string;
export type SriMode = 'anonymous' | 'use-credentials';

export interface BoilerplateData {
  css: { url: string; sri?: string }[];
  js: { url: string; sri?: string }[];
  head: string;
  body: string;
  meteorManifest: string;
  additionalStaticJs: { pathname: string; contents: string }[];
  meteorRuntimeConfig: string;
  meteorRuntimeHash: string;
  rootUrlPathPrefix: string;
  bundledJsCssUrlRewriteHook: BundledJsCssUrlRewriteHook;
  sriMode: SriMode | undefined;
  inlineScriptsAllowed: boolean;
  htmlAttributes?: Record<string, string>;
  dynamicHead?: string;
  dynamicBody?: string;
  statusCode?: number;
  headers?: Record<string, string>;
  [key: string]: unknown;
}

/** Return `false` when nothing changed; may return a promise (Meteor chains them). */
export type BoilerplateDataCallback = (
  request: CategorizedRequest,
  data: BoilerplateData,
  arch: string,
  /** Meteor 3.4+ only. */
  response?: ServerResponse,
) => unknown;

export type RuntimeConfigHook = (options: {
  arch: string;
  request: CategorizedRequest;
  encodedCurrentConfig: string;
  updated: boolean;
}) => string | undefined | null | false | Promise<string | undefined | null | false>;

export type HtmlAttributeHook = (request: CategorizedRequest) => Record<string, string> | null;

export interface WebAppEmulation {
  defaultArch: string;
  express: typeof express;
  expressApp: Express;
  httpServer: Server;
  rawHandlers: Express;
  /** @deprecated in Meteor 3: use rawHandlers. */
  rawConnectHandlers: Express;
  handlers: Express;
  /** @deprecated in Meteor 3: use handlers. */
  connectHandlers: Express;
  clientPrograms: { 'web.browser': ClientProgram; 'web.browser.legacy'?: ClientProgram; [arch: string]: ClientProgram | undefined };
  categorizeRequest(req: IncomingMessage): CategorizedRequest;
  addHtmlAttributeHook(hook: HtmlAttributeHook): void;
  addRuntimeConfigHook(callback: RuntimeConfigHook): { callback: RuntimeConfigHook; stop(): void };
  encodeRuntimeConfig(config: unknown): string;
  decodeRuntimeConfig(encoded: string): unknown;
}

/** Static file info by decoded URL path (or a function that returns it, resolved on first use). */
export type StaticFiles = Record<string, StaticFileInfo | (() => StaticFileInfo)>;

export interface WebAppInternalsEmulation {
  meteorInternalHandlers: Express;
  /** Arch → static files, as generateClientProgram fills them. */
  staticFilesByArch: Record<string, StaticFiles>;
  /** Serves static files; called through this property on every request, so it can be replaced (Meteor 3.4's rspack package does). */
  staticFilesMiddleware(staticFilesByArch: Record<string, StaticFiles>, req: IncomingMessage, res: ServerResponse, next: NextFunction): unknown;
  setBundledJsCssUrlRewriteHook(hookFn: BundledJsCssUrlRewriteHook): Promise<void>;
  /** Uses `this`, as Meteor's does: call it as a method. */
  setBundledJsCssPrefix(this: WebAppInternalsEmulation, prefix: string): Promise<void>;
  registerBoilerplateDataCallback(
    key: string,
    callback: BoilerplateDataCallback | null,
  ): BoilerplateDataCallback | null;
  generateBoilerplate(): Promise<void>;
  /** Async in Meteor 3.0 (it regenerates the boilerplate). */
  enableSubresourceIntegrity(useCredentials?: boolean): Promise<void>;
  inlineScriptsAllowed(): boolean;
  setInlineScriptsAllowed(value: boolean): Promise<void>;
  addStaticJs(contents: string): void;
  /** Meteor 3.4+ only: the boilerplate's headers are still written, its body is not. */
  disableBoilerplateResponse?(): void;
}

export interface WebAppHarness {
  WebApp: WebAppEmulation;
  WebAppInternals: WebAppInternalsEmulation;
  /** `__meteor_runtime_config__` on the server. */
  runtimeConfig: Record<string, unknown> & { PUBLIC_SETTINGS: Record<string, unknown> };
  /** The listening origin, `http://127.0.0.1:<port>`, without the path prefix. */
  url: string;
  /** ROOT_URL. */
  rootUrl: string;
  /** `web.browser`'s manifest. */
  manifest: ManifestItem[];
  /** `web.browser.legacy`'s manifest, unless `legacy: false`. */
  legacyManifest: ManifestItem[] | undefined;
  /** The webapp release modelled and its Express. */
  model: Pick<MeteorWebappModel, 'release' | 'expressVersion'>;
  fixtureDir: string;
  /** Errors Meteor would log with `Log.error` (template errors, send errors). */
  errors: unknown[];
  /** Listens again after close(), on the same port. A no-op while listening. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface StaticFileInfo {
  absolutePath?: string;
  content?: string;
  cacheable: boolean;
  hash?: string;
  type?: string;
}

const MODERN = 'web.browser';
const LEGACY = 'web.browser.legacy';
const ONE_YEAR_MS = 1000 * 60 * 60 * 24 * 365;
const DEFAULT_FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'app');

function sha1(...parts: (string | Buffer)[]): string {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

function sha512Base64(contents: Buffer): string {
  return createHash('sha512').update(contents).digest('base64');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** lodash's `escape`, which boilerplate-generator's `<%- %>` uses. */
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/** Express apps as Meteor 3's `createExpressApp` makes them (webapp_server.js 26-34). */
function createExpressApp(model: MeteorWebappModel): Express {
  const app = model.express();
  app.set('x-powered-by', false);
  app.set('etag', false);
  // 3.1+ (meteor#13408): Express 5's default `simple` parser would drop nested keys (`a[b]=1`).
  if (model.queryParserSetting) app.set('query parser', qs.parse);
  return app;
}

type FinalHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  options: { env: string; onerror: (error: unknown) => void },
) => (error?: unknown) => void;

// The final handler each Express version answers unhandled errors with (its own dependency).
const requireHere = createRequire(import.meta.url);
const finalHandlers: Record<MeteorWebappModel['expressVersion'], FinalHandler> = {
  '4.21': createRequire(requireHere.resolve('express/package.json'))('finalhandler') as FinalHandler,
  '5.1': createRequire(requireHere.resolve('express5/package.json'))('finalhandler') as FinalHandler,
};

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at < 0) continue;
    const name = pair.slice(0, at).trim();
    let value = pair.slice(at + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!name || name in cookies) continue;
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      cookies[name] = value;
    }
  }
  return cookies;
}

/** Meteor's url_server.js: ROOT_URL_PATH_PREFIX is the path without its trailing slash. */
function rootUrlPathPrefix(rootUrl: string): string {
  const parsed = parseUrl(rootUrl);
  if (!parsed.host || !['http:', 'https:'].includes(parsed.protocol ?? '')) {
    throw new Error('$ROOT_URL, if specified, must be an URL');
  }
  const pathname = parsed.pathname ?? '';
  return pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
}

async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

interface BuiltClient {
  manifest: ManifestItem[];
  absolutePaths: Map<ManifestItem, string>;
}

// Bundles made of several source files are written here; removed when the process exits.
const buildDirs = new Set<string>();
process.once('exit', () => {
  for (const dir of buildDirs) rmSync(dir, { recursive: true, force: true });
});

/** One file's bytes as is, several files joined by newlines into a file of their own. */
async function bundleFile(sources: string[], name: string, banner?: string): Promise<{ contents: Buffer; absolutePath: string }> {
  if (sources.length === 1 && banner === undefined) return { contents: await readFile(sources[0]), absolutePath: sources[0] };
  const parts = await Promise.all(sources.map((source) => readFile(source)));
  const text = parts.map((part) => part.toString('utf8')).join('\n');
  const contents = Buffer.from(banner === undefined ? text : `${banner}\n${text}`, 'utf8');
  const dir = await mkdtemp(join(tmpdir(), 'flightdeck-webapp-'));
  buildDirs.add(dir);
  const absolutePath = join(dir, name);
  await writeFile(absolutePath, contents);
  return { contents, absolutePath };
}

/**
 * What `meteor build` would serve for the fixture: in production all JS becomes one minified
 * bundle and all CSS another, named by hash (tools/isobuild/bundler.js `setUrlToHash`); in
 * development each JS file keeps its name with a `?hash=` cache buster and the CSS is merged into
 * `merged-stylesheets.css` (standard-minifier-css).
 */
async function buildClient(fixtureDir: string, production: boolean, arch: string): Promise<BuiltClient> {
  const topLevel = (await readdir(fixtureDir, { withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
  const manifest: ManifestItem[] = [];
  const absolutePaths = new Map<ManifestItem, string>();

  const addBundle = async (type: 'js' | 'css', names: string[]) => {
    // The legacy JS is other bytes (Meteor compiles it with the legacy Babel preset); CSS is the same.
    const banner = arch === LEGACY && type === 'js' ? `/* ${LEGACY} */` : undefined;
    const { contents, absolutePath } = await bundleFile(names.map((name) => join(fixtureDir, name)), `bundle.${type}`, banner);
    const sri = sha512Base64(contents);
    const hash = sha1('2', sri);
    let path: string;
    let url: string;
    if (production) {
      path = `${hash}.${type}`;
      url = `/${hash}.${type}?meteor_${type}_resource=true`;
    } else {
      path = type === 'css' ? 'merged-stylesheets.css' : `app/${names[0]}`;
      url = `/${path}?hash=${hash}`;
    }
    const item: ManifestItem = { path, where: 'client', type, cacheable: true, url, size: contents.length, hash, sri };
    if (type === 'js') item.replaceable = false;
    manifest.push(item);
    absolutePaths.set(item, absolutePath);
  };

  for (const type of ['js', 'css'] as const) {
    const names = topLevel.filter((name) => name.endsWith(`.${type}`));
    if (names.length === 0) continue;
    if (production || type === 'css') await addBundle(type, names);
    else for (const name of names) await addBundle(type, [name]);
  }

  const publicDir = join(fixtureDir, 'public');
  for (const name of await listFiles(publicDir)) {
    const absolutePath = join(publicDir, ...name.split('/'));
    const contents = await readFile(absolutePath);
    const item: ManifestItem = {
      path: `app/${name}`,
      where: 'client',
      type: 'asset',
      cacheable: false,
      url: `/${name}`,
      size: contents.length,
      // The bundler hashes the compiler's input hash (sha1 of the file) and skips SRI for assets.
      hash: sha1('2', sha1(contents)),
      sri: null,
    };
    manifest.push(item);
    absolutePaths.set(item, absolutePath);
  }
  return { manifest, absolutePaths };
}

function sriAttributes(sri: string | undefined, mode: SriMode | undefined): string {
  return sri && mode ? ` integrity="sha512-${sri}" crossorigin="${mode}"` : '';
}

/** boilerplate-generator's web.browser template, rendered to one string. */
function renderBoilerplate(data: BoilerplateData): string {
  const rewrite = data.bundledJsCssUrlRewriteHook;
  const headSections = data.head.split(/<meteor-bundled-css[^<>]*>/, 2);
  const cssBundle = data.css
    .map((file) =>
      `  <link rel="stylesheet" type="text/css" class="__meteor-css__" href="${escapeHtml(rewrite(file.url))}"${sriAttributes(file.sri, data.sriMode)}>`)
    .join('\n');
  const attributes = Object.entries(data.htmlAttributes ?? {})
    .map(([name, value]) => ` ${name}="${escapeHtml(String(value))}"`)
    .join('');
  const open = [
    `<html${attributes}>`,
    '<head>',
    headSections.length === 1
      ? [cssBundle, headSections[0]].join('\n')
      : [headSections[0], cssBundle, headSections[1]].join('\n'),
    data.dynamicHead,
    '</head>',
    '<body>',
  ].join('\n');
  const close = [
    '',
    data.inlineScriptsAllowed
      ? `  <script type="text/javascript">__meteor_runtime_config__ = JSON.parse(decodeURIComponent(${data.meteorRuntimeConfig}))</script>`
      : `  <script type="text/javascript" src="${escapeHtml(data.rootUrlPathPrefix)}/meteor_runtime_config.js?hash=${escapeHtml(data.meteorRuntimeHash)}"></script>`,
    '',
    ...data.js.map((file) =>
      `  <script type="text/javascript" src="${escapeHtml(rewrite(file.url))}"${sriAttributes(file.sri, data.sriMode)}></script>`),
    ...data.additionalStaticJs.map(({ contents, pathname }) =>
      data.inlineScriptsAllowed
        ? `  <script>${contents}</script>`
        : `  <script type="text/javascript" src="${escapeHtml(data.rootUrlPathPrefix + pathname)}"></script>`),
    '',
    '',
    '</body>',
    '</html>',
  ].join('\n');
  const dynamicBody = typeof data.dynamicBody === 'string' ? data.dynamicBody : '';
  return `<!DOCTYPE html>\n${open}${data.body || ''}${dynamicBody}${close}`;
}

function isScriptUrl(entry: string): boolean {
  return /^(\/|https?:\/\/)/i.test(entry);
}

/** Starts an emulated Meteor 3 web server on 127.0.0.1 and resolves once it listens. */
export async function createWebApp(options: WebAppHarnessOptions = {}): Promise<WebAppHarness> {
  const production = options.production ?? true;
  const fixtureDir = options.fixtureDir ?? DEFAULT_FIXTURE_DIR;
  const model = meteorWebappModel(options.meteorRelease);
  const archs = options.legacy === false ? [MODERN] : [MODERN, LEGACY];
  const includeVaryUserAgent = options.packageSettings?.webapp?.includeVaryUserAgent ?? true;
  const isModern = createIsModern(model, options.packageSettings?.['modern-browsers']);
  const errors: unknown[] = [];

  const app = createExpressApp(model);
  // NODE_ENV, which Express reads for its error pages: production servers show no stack.
  app.set('env', production ? 'production' : 'development');
  const finalHandler = finalHandlers[model.expressVersion];
  // What `app(req, res)` does, with Express's own final handler, whose error log goes to `errors`.
  // `app.handle` is what `app(req, res)` calls, in Express 4 and 5 alike; untyped in @types/express.
  const handle = (app as unknown as { handle(req: IncomingMessage, res: ServerResponse, done: (error?: unknown) => void): void }).handle.bind(app);
  const httpServer = createServer((req, res) => {
    handle(req, res, finalHandler(req, res, { env: production ? 'production' : 'development', onerror: (error) => errors.push(error) }));
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(0, '127.0.0.1', () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const rootUrl = options.rootUrl === undefined
    ? origin
    : options.rootUrl.startsWith('/') ? origin + options.rootUrl : options.rootUrl;

  const builtByArch = new Map<string, BuiltClient>();
  let pathPrefix: string;
  try {
    pathPrefix = rootUrlPathPrefix(rootUrl);
    for (const arch of archs) builtByArch.set(arch, await buildClient(fixtureDir, production, arch));
  } catch (error) {
    await new Promise((resolve) => httpServer.close(resolve));
    throw error;
  }

  // boot.js, server_environment.js and url_server.js fill these in this order.
  const runtimeConfig: WebAppHarness['runtimeConfig'] = {
    meteorRelease: `METEOR@${model.release}`,
    meteorEnv: { NODE_ENV: production ? 'production' : 'development', TEST_METADATA: '{}' },
    PUBLIC_SETTINGS: options.publicSettings ?? {},
    ROOT_URL: rootUrl,
    ROOT_URL_PATH_PREFIX: pathPrefix,
    ...options.runtimeConfig,
  };
  if (options.publicSettings) runtimeConfig.PUBLIC_SETTINGS = options.publicSettings;

  // generateClientProgram (webapp_server.js 860-990 in 3.0.4): per arch, its program and its static
  // files by decoded pathname, and the program itself at /__<arch>/manifest.json.
  const clientPrograms: WebAppEmulation['clientPrograms'] = {} as WebAppEmulation['clientPrograms'];
  const staticFilesByArch: Record<string, StaticFiles> = Object.create(null);
  for (const arch of archs) {
    const built = builtByArch.get(arch) as BuiltClient;
    const manifest = built.manifest;
    const program: ClientProgram = {
      format: 'web-program-pre1',
      manifest,
      version: () => sha1(JSON.stringify({ hashes: manifest.map((item) => item.hash), PUBLIC_SETTINGS: runtimeConfig.PUBLIC_SETTINGS })),
      PUBLIC_SETTINGS: runtimeConfig.PUBLIC_SETTINGS,
    };
    clientPrograms[arch] = program;
    const staticFiles: StaticFiles = Object.create(null);
    for (const item of manifest) {
      staticFiles[decodeURIComponent(parseUrl(item.url).pathname ?? '/')] = {
        absolutePath: built.absolutePaths.get(item),
        cacheable: item.cacheable,
        hash: item.hash,
        type: item.type,
      };
    }
    staticFiles[`/__${arch.replace(/^web\./, '')}/manifest.json`] = () => {
      if (typeof program.version === 'function') program.version = program.version();
      return { content: JSON.stringify(program), cacheable: false, hash: program.version, type: 'json' };
    };
    staticFilesByArch[arch] = staticFiles;
  }

  let bundledJsCssUrlRewriteHook: BundledJsCssUrlRewriteHook = (url) =>
    String(runtimeConfig.ROOT_URL_PATH_PREFIX || '') + url;
  let sriMode: SriMode | undefined;
  let inlineScriptsAllowed = true;
  let boilerplateResponseDisabled = false;
  const additionalStaticJs: Record<string, string> = {};
  const boilerplateDataCallbacks: Record<string, BoilerplateDataCallback> = Object.create(null);
  const htmlAttributeHooks: HtmlAttributeHook[] = [];
  const runtimeConfigHooks = new Map<number, RuntimeConfigHook>();
  let nextHookId = 0;
  const isUpdatedByArch = new Map<string, boolean>();
  const baseDataByArch = new Map<string, BoilerplateData>();

  const scriptTags = (options.clientScripts ?? [])
    .filter(isScriptUrl)
    .map((src) => `<script type="text/javascript" src="${escapeHtml(src)}" defer></script>`);
  const head = [options.headHtml ?? '<title>Flightdeck fixture</title>', ...scriptTags].join('\n');
  const body = options.bodyHtml ?? '<div id="app"></div>';

  function generateBoilerplateForArch(arch: string): void {
    const program = clientPrograms[arch] as ClientProgram;
    isUpdatedByArch.set(arch, true);
    // defaultOptionsForArch: the runtime config tells the client which bundle it got.
    const config = { ...runtimeConfig, isModern: arch === MODERN };
    const meteorRuntimeConfig = JSON.stringify(encodeURIComponent(JSON.stringify(config)));
    const data: BoilerplateData = {
      css: [],
      js: [],
      head,
      body,
      meteorManifest: JSON.stringify(program.manifest),
      additionalStaticJs: Object.entries(additionalStaticJs).map(([pathname, contents]) => ({ pathname, contents })),
      meteorRuntimeConfig,
      meteorRuntimeHash: sha1(meteorRuntimeConfig),
      rootUrlPathPrefix: String(runtimeConfig.ROOT_URL_PATH_PREFIX || ''),
      bundledJsCssUrlRewriteHook,
      sriMode,
      inlineScriptsAllowed,
    };
    for (const item of program.manifest) {
      const entry: { url: string; sri?: string } = { url: item.url };
      if (item.sri) entry.sri = item.sri;
      if (item.type === 'css') data.css.push(entry);
      if (item.type === 'js') data.js.push(entry);
    }
    baseDataByArch.set(arch, data);
    program.meteorRuntimeConfig = JSON.stringify(config);
    program.refreshableAssets = data.css.map((file) => ({ url: bundledJsCssUrlRewriteHook(file.url) }));
  }

  // Meteor runs generateBoilerplate through a queue so calls never interleave.
  let queue: Promise<void> = Promise.resolve();
  function runTask(task: () => void): Promise<void> {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  }

  // webapp's categorizeRequest: the browser from the user agent, then the arch, from a
  // `/__<arch>/` path prefix or else modern-first / legacy-first among the programs there are.
  function categorizeRequest(req: IncomingMessage): CategorizedRequest {
    const extended = req as IncomingMessage & { dynamicHead?: string; dynamicBody?: string; cookies?: Record<string, string> };
    const browser = identifyBrowser(req.headers['user-agent'], model);
    const modern = isModern(browser);
    const url = parseUrl(req.url ?? '/', true);
    const path = url.pathname ?? '/';
    const categorized: CategorizedRequest = {
      browser,
      modern,
      path,
      arch: LEGACY,
      url,
      dynamicHead: extended.dynamicHead,
      dynamicBody: extended.dynamicBody,
      headers: req.headers,
      cookies: extended.cookies ?? {},
    };
    const parts = path.split('/');
    const archKey = parts[1] ?? '';
    if (archKey.startsWith('__') && Object.hasOwn(clientPrograms, `web.${archKey.slice(2)}`)) {
      parts.splice(1, 1);
      categorized.arch = `web.${archKey.slice(2)}`;
      categorized.path = parts.join('/');
      return categorized;
    }
    for (const arch of modern ? [MODERN, LEGACY] : [LEGACY, MODERN]) {
      if (Object.hasOwn(clientPrograms, arch)) {
        categorized.arch = arch;
        break;
      }
    }
    return categorized;
  }

  function getHtmlAttributes(request: CategorizedRequest): Record<string, string> {
    const combined: Record<string, string> = {};
    for (const hook of htmlAttributeHooks) {
      const attributes = hook(request);
      if (attributes === null) continue;
      if (typeof attributes !== 'object') throw new Error('HTML attribute hook must return null or object');
      Object.assign(combined, attributes);
    }
    return combined;
  }

  // getBoilerplateAsync (webapp_server.js 439-488 in 3.0.4, 440-489 in 3.4.1).
  async function getBoilerplate(request: CategorizedRequest, arch: string, response: ServerResponse): Promise<{ html: string; statusCode?: number; headers?: Record<string, string> }> {
    for (const hook of [...runtimeConfigHooks.values()]) {
      const current = baseDataByArch.get(arch) as BoilerplateData;
      const meteorRuntimeConfig = await hook({
        arch,
        request,
        encodedCurrentConfig: current.meteorRuntimeConfig,
        updated: isUpdatedByArch.get(arch) === true,
      });
      // Meteor assigns the hook's string to the arch's base data, so it also becomes the
      // encodedCurrentConfig of later requests until the boilerplate is regenerated.
      if (meteorRuntimeConfig) baseDataByArch.set(arch, { ...current, meteorRuntimeConfig });
    }
    isUpdatedByArch.set(arch, false);
    const data: BoilerplateData = { ...(baseDataByArch.get(arch) as BoilerplateData), htmlAttributes: getHtmlAttributes(request) };
    // Set by an earlier handler on the IncomingMessage, as server-render does.
    data.dynamicHead = request.dynamicHead;
    data.dynamicBody = request.dynamicBody;
    for (const key of Object.keys(boilerplateDataCallbacks)) {
      // 3.4+ hands the response over too (meteor 4c400ab, for SSR that writes it itself).
      if (model.callbacksGetResponse) await boilerplateDataCallbacks[key](request, data, arch, response);
      else await boilerplateDataCallbacks[key](request, data, arch);
    }
    return { html: renderBoilerplate(data), statusCode: data.statusCode, headers: data.headers };
  }

  // getStaticFileInfo (webapp_server.js 740-785 in 3.0.4): the request's arch first, then every
  // other arch, by the original pathname or the one categorizeRequest stripped `/__<arch>` from.
  function staticFileInfo(byArch: Record<string, StaticFiles>, originalPath: string, path: string, arch: string): StaticFileInfo | undefined {
    const order = [arch, ...Object.keys(byArch).filter((other) => other !== arch)];
    for (const each of order) {
      const staticFiles = byArch[each];
      if (!staticFiles) continue;
      const key = Object.hasOwn(staticFiles, originalPath) ? originalPath : path !== originalPath && Object.hasOwn(staticFiles, path) ? path : undefined;
      if (key === undefined) continue;
      let info = staticFiles[key];
      if (typeof info === 'function') {
        info = info();
        staticFiles[key] = info;
      }
      return info;
    }
    return undefined;
  }

  function methodNotAllowed(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(req.method === 'OPTIONS' ? 200 : 405, { Allow: 'OPTIONS, GET, HEAD', 'Content-Length': '0' });
    res.end();
  }

  function serveStaticFiles(byArch: Record<string, StaticFiles>, req: IncomingMessage, res: ServerResponse, next: NextFunction): void {
    let pathname = parseUrl(req.url ?? '/').pathname ?? '/';
    try {
      pathname = decodeURIComponent(pathname);
    } catch {
      next();
      return;
    }
    const serveStaticJs = (source: string) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        methodNotAllowed(req, res);
        return;
      }
      res.writeHead(200, { 'Content-type': 'application/javascript; charset=UTF-8', 'Content-Length': Buffer.byteLength(source) });
      res.end(source);
    };
    if (Object.hasOwn(additionalStaticJs, pathname) && !inlineScriptsAllowed) {
      serveStaticJs(additionalStaticJs[pathname]);
      return;
    }
    const { arch, path } = categorizeRequest(req);
    const program = clientPrograms[arch];
    if (!program) {
      next();
      return;
    }
    if (path === '/meteor_runtime_config.js' && !inlineScriptsAllowed) {
      serveStaticJs(`__meteor_runtime_config__ = ${program.meteorRuntimeConfig};`);
      return;
    }
    const info = staticFileInfo(byArch, pathname, path, arch);
    if (!info) {
      next();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      methodNotAllowed(req, res);
      return;
    }
    // Before 3.4.1 every cacheable file varies on the user agent (it picks the arch); 3.4.1
    // (meteor#14122) leaves it off a URL that holds the file's hash, unique per arch already.
    const varyUserAgent = model.varyUserAgentOnHashedUrls
      ? info.cacheable
      : info.cacheable && !pathname.includes(info.hash ?? '') && includeVaryUserAgent;
    if (varyUserAgent) res.setHeader('Vary', 'User-Agent');
    if (info.type === 'js') res.setHeader('Content-Type', 'application/javascript; charset=UTF-8');
    else if (info.type === 'css') res.setHeader('Content-Type', 'text/css; charset=UTF-8');
    else if (info.type === 'json') res.setHeader('Content-Type', 'application/json; charset=UTF-8');
    if (info.hash) res.setHeader('ETag', `"${info.hash}"`);
    if (info.content) {
      res.setHeader('Content-Length', Buffer.byteLength(info.content));
      res.end(info.content);
      return;
    }
    const absolutePath = info.absolutePath as string;
    // send sets Cache-Control (and ETag, Content-Type) only when no earlier handler did.
    send(req, absolutePath, { maxAge: info.cacheable ? ONE_YEAR_MS : 0, dotfiles: 'allow', lastModified: false })
      .on('error', (error: unknown) => {
        errors.push(error);
        res.writeHead(500);
        res.end();
      })
      .on('directory', () => {
        errors.push(new Error(`Unexpected directory ${absolutePath}`));
        res.writeHead(500);
        res.end();
      })
      .pipe(res);
  }

  // The boilerplate handler, an async function as Meteor mounts it (so Express 5 sees its promise).
  async function serveBoilerplate(req: Request, res: Response, next: NextFunction): Promise<void> {
    // appUrl() compares the whole URL, query included.
    if (req.url === '/favicon.ico' || req.url === '/robots.txt' || req.url === '/app.manifest') {
      next();
      return;
    }
    if (req.method !== 'HEAD' && req.method !== 'GET') {
      methodNotAllowed(req, res);
      return;
    }
    const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8' };
    const request = categorizeRequest(req);
    const query = request.url.query;
    if (query.meteor_css_resource) {
      headers['Content-Type'] = 'text/css; charset=utf-8';
      headers['Cache-Control'] = 'no-cache';
      res.writeHead(200, headers);
      res.end('.meteor-css-not-found-error { width: 0px;}');
      return;
    }
    if (query.meteor_js_resource || query.meteor_dont_serve_index) {
      headers['Cache-Control'] = 'no-cache';
      res.writeHead(404, headers);
      res.end('404 Not Found');
      return;
    }
    const { arch } = request;
    if (!Object.hasOwn(clientPrograms, arch)) {
      headers['Cache-Control'] = 'no-cache';
      res.writeHead(404, headers);
      res.end(production ? '404 Not Found' : `No client program found for the ${arch} architecture.`);
      return;
    }
    try {
      const page = await getBoilerplate(request, arch, res);
      const statusCode = page.statusCode || res.statusCode || 200;
      res.writeHead(statusCode, Object.assign(headers, page.headers));
      if (!boilerplateResponseDisabled) res.end(page.html);
    } catch (error) {
      errors.push(error);
      res.writeHead(500, headers);
      res.end();
    }
  }

  const rawHandlers = createExpressApp(model);
  const meteorInternalHandlers = createExpressApp(model);
  const handlers = createExpressApp(model);

  app.use(rawHandlers);
  // cookie-parser, without signed cookies; it leaves cookies a raw handler already parsed.
  app.use((req, _res, next) => {
    req.cookies ??= parseCookies(req.headers.cookie);
    next();
  });
  // "Not a proxy" (meteor#1212): RoutePolicy.isValidUrl wants a path.
  app.use((req, res, next) => {
    if (req.url.startsWith('/')) {
      next();
      return;
    }
    res.writeHead(400);
    res.end('Not a proxy');
  });
  if (!model.queryParserSetting) {
    // 3.0 only (webapp_server.js 1084-1091, before the prefix is stripped, meteor#10111); 3.1
    // dropped it, as Express 5's req.query is a getter that cannot be assigned.
    app.use((req, _res, next) => {
      (req as { query: unknown }).query = qs.parse(parseUrl(req.url).query ?? '');
      next();
    });
  }
  app.use((req, res, next) => {
    const prefix = String(runtimeConfig.ROOT_URL_PATH_PREFIX || '');
    const { pathname, search } = parseUrl(req.url);
    const partsOf = (path: string) => {
      const parts = path.split('/');
      while (parts[0] === '') parts.shift();
      return parts;
    };
    if (prefix) {
      const prefixParts = partsOf(prefix);
      const pathParts = partsOf(pathname ?? '');
      if (prefixParts.length <= pathParts.length && prefixParts.every((part, i) => part === pathParts[i])) {
        req.url = '/' + pathParts.slice(prefixParts.length).join('/') + (search ?? '');
        next();
        return;
      }
    }
    if (pathname === '/favicon.ico' || pathname === '/robots.txt') {
      next();
      return;
    }
    if (prefix) {
      res.writeHead(404);
      res.end('Unknown path');
      return;
    }
    next();
  });
  // Through WebAppInternals on every request, as Meteor mounts it: a package may replace the
  // middleware (Meteor 3.4's rspack package does).
  app.use((req, res, next) => {
    Promise.resolve(WebAppInternals.staticFilesMiddleware(WebAppInternals.staticFilesByArch, req, res, next)).catch(next);
  });
  app.use(meteorInternalHandlers);
  app.use(handlers);
  // The error pass-through Meteor mounts for `_suppressExpressErrors` (off outside Meteor's own tests).
  app.use((error: unknown, _req: Request, _res: Response, next: NextFunction) => {
    next(error);
  });
  app.use(serveBoilerplate);
  app.use((req, res) => {
    res.writeHead(404);
    res.end();
  });

  // Tell clients that send garbage so, instead of dropping the socket (webapp_server.js).
  httpServer.on('clientError', (error: Error, socket) => {
    if (socket.destroyed) return;
    if (error.message === 'Parse Error') socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    else socket.destroy(error);
  });

  const WebAppInternals: WebAppInternalsEmulation = {
    meteorInternalHandlers,
    staticFilesByArch,
    staticFilesMiddleware: serveStaticFiles,
    async setBundledJsCssUrlRewriteHook(hookFn) {
      bundledJsCssUrlRewriteHook = hookFn;
      await WebAppInternals.generateBoilerplate();
    },
    async setBundledJsCssPrefix(prefix) {
      // Meteor writes `var self = this; await self.setBundledJsCssUrlRewriteHook(...)`, so a
      // detached call rejects with a TypeError.
      await this.setBundledJsCssUrlRewriteHook((url) => prefix + url);
    },
    registerBoilerplateDataCallback(key, callback) {
      const previous = boilerplateDataCallbacks[key];
      if (typeof callback === 'function') {
        boilerplateDataCallbacks[key] = callback;
      } else {
        strictEqual(callback, null);
        delete boilerplateDataCallbacks[key];
      }
      return previous || null;
    },
    generateBoilerplate() {
      return runTask(() => {
        for (const arch of Object.keys(clientPrograms)) generateBoilerplateForArch(arch);
      });
    },
    async enableSubresourceIntegrity(useCredentials = false) {
      sriMode = useCredentials ? 'use-credentials' : 'anonymous';
      await WebAppInternals.generateBoilerplate();
    },
    inlineScriptsAllowed() {
      return inlineScriptsAllowed;
    },
    async setInlineScriptsAllowed(value) {
      inlineScriptsAllowed = value;
      await WebAppInternals.generateBoilerplate();
    },
    addStaticJs(contents) {
      additionalStaticJs[`/${sha1(contents)}.js`] = contents;
    },
  };
  if (model.callbacksGetResponse) {
    WebAppInternals.disableBoilerplateResponse = () => {
      boilerplateResponseDisabled = true;
    };
  }

  const WebApp: WebAppEmulation = {
    defaultArch: 'web.browser.legacy',
    express: model.express,
    expressApp: app,
    httpServer,
    rawHandlers,
    rawConnectHandlers: rawHandlers,
    handlers,
    connectHandlers: handlers,
    clientPrograms,
    categorizeRequest,
    addHtmlAttributeHook(hook) {
      htmlAttributeHooks.push(hook);
    },
    addRuntimeConfigHook(callback) {
      const id = nextHookId++;
      runtimeConfigHooks.set(id, callback);
      return { callback, stop: () => void runtimeConfigHooks.delete(id) };
    },
    encodeRuntimeConfig(config) {
      return JSON.stringify(encodeURIComponent(JSON.stringify(config)));
    },
    decodeRuntimeConfig(encoded) {
      return JSON.parse(decodeURIComponent(JSON.parse(encoded)));
    },
  };

  for (const entry of options.clientScripts ?? []) {
    if (!isScriptUrl(entry)) WebAppInternals.addStaticJs(entry);
  }
  await WebAppInternals.generateBoilerplate();

  return {
    WebApp,
    WebAppInternals,
    runtimeConfig,
    url: origin,
    rootUrl,
    manifest: (clientPrograms[MODERN] as ClientProgram).manifest,
    legacyManifest: clientPrograms[LEGACY]?.manifest,
    model: { release: model.release, expressVersion: model.expressVersion },
    fixtureDir,
    errors,
    async start() {
      if (httpServer.listening) return;
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, '127.0.0.1', () => {
          httpServer.off('error', reject);
          resolve();
        });
      });
    },
    async close() {
      if (httpServer.listening) {
        const done = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        httpServer.closeAllConnections();
        await done;
      }
    },
  };
}
