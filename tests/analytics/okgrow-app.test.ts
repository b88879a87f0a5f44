// An okgrow:analytics app moving over with no code change: its settings (`public.analyticsSettings`)
// and its calls on the `analytics` global, against flightdeck:analytics' real client entry
// (src/client.ts, bundled as Meteor would serve it, its lazy modules as separate chunks) in
// Chromium, sending to the local Segment collector.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.ts';
import { freePort } from '../helpers/free-port.ts';
import { startSegmentCollector, type CollectedEvent, type SegmentCollector } from '../helpers/segment-collector.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const fixture = join(here, '..', 'fixtures', 'analytics', 'okgrow-app');

const meteorModel: Plugin = {
  name: 'meteor-model',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^meteor\/meteor$/ }, () => ({ path: join(fixture, 'meteor-client.ts') }));
    pluginBuild.onResolve({ filter: /^meteor\/flightdeck:settings$/ }, () => ({ path: join(root, 'packages', 'settings', 'src', 'lib', 'meteor-package.ts') }));
  },
};

async function bundleClient(): Promise<Map<string, string>> {
  const result = await build({
    entryPoints: { client: join(root, 'packages', 'analytics', 'src', 'client.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    outdir: '/bundle',
    write: false,
    plugins: [meteorModel],
    logLevel: 'warning',
  });
  return new Map(result.outputFiles.map((file) => [file.path.replace(/^\/bundle\//, ''), file.text]));
}

interface App {
  url: string;
  close(): Promise<void>;
}

async function serveApp(files: Map<string, string>, publicSettings: object): Promise<App> {
  const port = await freePort();
  const html = `<!doctype html><html><head><title>Tickets</title>
<script>window.__meteor_runtime_config__ = ${JSON.stringify({ PUBLIC_SETTINGS: publicSettings })};</script>
<script type="module" src="/bundle/client.js"></script>
<script type="module" src="/app.js"></script></head>
<body><button id="buy">Buy</button><button id="pricing">Pricing</button></body></html>`;
  const app = readFileSync(join(fixture, 'app.js'), 'utf8');
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const chunk = path.startsWith('/bundle/') ? files.get(path.slice('/bundle/'.length)) : undefined;
    if (chunk !== undefined) response.writeHead(200, { 'content-type': 'text/javascript' }).end(chunk);
    else if (path === '/app.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(app);
    else response.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function until(condition: () => boolean, timeout = 15000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const summary = (events: CollectedEvent[]) =>
  events.map((event) => [event.type, event.event ?? event.name ?? (event.properties?.path as string) ?? '', event.userId ?? null]);

describe('an okgrow:analytics app moves over with no code change (Chromium, Segment collector)', function () {
  this.timeout(60000);
  let browser: Browser;
  let files: Map<string, string>;
  let collector: SegmentCollector;
  let app: App | undefined;

  before(async () => {
    [browser, files] = await Promise.all([launchChromium(), bundleClient()]);
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    collector = await startSegmentCollector();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await collector.close();
  });

  const okgrowSettings = (extra: object = {}) => ({
    analyticsSettings: {
      'Segment.io': { apiKey: collector.writeKey, apiHost: `${collector.url}/v1` },
      Mixpanel: { token: 'mixpanel-token', people: true },
      ...extra,
    },
  });

  it("sends the global's track / page / identify calls, page views and Signed in / Signed out to Segment", async () => {
    app = await serveApp(files, okgrowSettings());
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    await page.goto(app.url);
    await page.evaluate(() => (window as unknown as { whenAnalyticsReady: Promise<void> }).whenAnalyticsReady);
    await page.click('#buy');
    await page.evaluate(() => (window as unknown as { __meteorModel: { login(id: string): void } }).__meteorModel.login('user-7'));
    // okgrow apps identified with their own traits, analytics.js' form.
    await page.evaluate(() => (window as unknown as { analytics: { identify(id: string, traits: object): void } }).analytics.identify('user-7', { plan: 'pro' }));
    await page.click('#pricing');
    // The automatic page view of /pricing is made once the route has settled (100 ms): wait until
    // the collector has it, so the logout comes after it whatever the machine's load.
    await until(() => collector.events.some((event) => event.type === 'page' && !event.name && event.properties?.path === '/pricing'));
    await page.evaluate(() => (window as unknown as { __meteorModel: { logout(): void } }).__meteorModel.logout());
    await collector.waitForDistinct(9, 20000).catch((error) => {
      throw new Error(`${error.message}: ${JSON.stringify(summary(collector.events))}`);
    });
    await context.close();

    assert.deepEqual(errors, []);
    assert.deepEqual(errors, []);
    // The landing page view and the call made at the app's top level may arrive in either order.
    const [first, second, ...rest] = summary(collector.events);
    assert.deepEqual([first, second].sort(), [['page', '/', null], ['track', 'Bought Ticket', null]]);
    assert.deepEqual(rest, [
      ['track', 'Clicked Buy', null],
      ['identify', '', 'user-7'],
      ['track', 'Signed in', 'user-7'],
      ['identify', '', 'user-7'],
      ['page', 'Pricing', 'user-7'],
      ['page', '/pricing', 'user-7'],
      ['track', 'Signed out', 'user-7'],
    ]);
    const ticket = collector.events.find((event) => event.event === 'Bought Ticket')!;
    assert.deepEqual(ticket.properties, { eventName: 'Wine Tasting', couponValue: 50 });
    assert.equal(collector.events[5].traits?.plan, 'pro');
    assert.equal(collector.events[6].properties?.section, 'plans');
    assert.ok(collector.requests.every((request) => request.auth === 'body'), 'the write key okgrow users had as Segment.io apiKey');
    assert.equal(new Set(collector.events.slice(0, 8).map((event) => event.anonymousId)).size, 1);
  });

  it("honours okgrow's autorun: false (page views only where the app logs them) and identifies with the email when asked", async () => {
    app = await serveApp(files, { ...okgrowSettings({ autorun: false }), analytics: { identifyEmail: true } });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(app.url);
    await page.evaluate(() => (window as unknown as { whenAnalyticsReady: Promise<void> }).whenAnalyticsReady);
    await page.click('#pricing');
    await page.evaluate(() => (window as unknown as { __meteorModel: { login(id: string, email: string): void } }).__meteorModel.login('user-9', 'ann@example.com'));
    await collector.waitForDistinct(4, 20000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await context.close();
    assert.deepEqual(summary(collector.events), [
      ['track', 'Bought Ticket', null],
      ['page', 'Pricing', null],
      ['identify', '', 'user-9'],
      ['track', 'Signed in', 'user-9'],
    ]);
    assert.deepEqual(collector.events[2].traits, { email: 'ann@example.com' });
  });

  it('sets no global and fetches no okgrow layer for an app without okgrow settings', async () => {
    app = await serveApp(files, { analytics: { destinations: { segment: { writeKey: collector.writeKey, host: collector.url } } } });
    const context = await browser.newContext();
    const page = await context.newPage();
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await page.goto(app.url.replace(/$/, '/?plain'));
    await collector.waitForDistinct(1, 20000);
    const global = await page.evaluate(() => typeof (window as unknown as { analytics?: unknown }).analytics);
    await context.close();
    assert.equal(global, 'undefined');
    assert.ok(!fetched.some((path) => path.includes('install-okgrow')), fetched.join(' '));
    assert.deepEqual(summary(collector.events), [['page', '/', null]]);
  });
});
