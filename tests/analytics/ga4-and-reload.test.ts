import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { launchChromium, withPage } from '../helpers/browser.ts';
import { freePort } from '../helpers/free-port.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/analytics/${name}`, import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('the GA4 destination and opt-out in a real page (Chromium)', function () {
  this.timeout(30000);
  let browser: Browser;
  let server: Server;
  let origin: string;
  const hits: URLSearchParams[] = [];
  const events: Array<Record<string, any>> = [];

  before(async () => {
    const bundle = await build({ entryPoints: [fixture('page-app.ts')], bundle: true, format: 'esm', write: false, platform: 'browser', logLevel: 'silent' });
    const appJs = bundle.outputFiles[0].text;
    const gtagJs = readFileSync(fixture('fake-gtag.js'), 'utf8');
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', origin);
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (url.pathname === '/gtag/js') {
          response.writeHead(200, { 'content-type': 'text/javascript' }).end(gtagJs);
        } else if (url.pathname === '/app.js') {
          response.writeHead(200, { 'content-type': 'text/javascript' }).end(appJs);
        } else if (url.pathname === '/g/collect') {
          hits.push(url.searchParams);
          response.writeHead(204).end();
        } else if (url.pathname === '/events') {
          events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          response.writeHead(204).end();
        } else {
          const title = url.pathname === '/' ? 'Home' : url.pathname.slice(1);
          response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>${title}</title><script type="module" src="/app.js"></script>`);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });
  beforeEach(() => {
    hits.length = 0;
    events.length = 0;
  });

  const waitFor = async (check: () => boolean, what: string): Promise<void> => {
    for (let i = 0; i < 100 && !check(); i += 1) await sleep(30);
    assert.ok(check(), `timed out waiting for ${what}`);
  };

  it('drives gtag.js served from 127.0.0.1: page views with in-app referrer and title, events, user id — and no request to Google', async () => {
    await withPage(
      async ({ page, pageErrors }) => {
        const foreign: string[] = [];
        await page.route('**/*', (route) => {
          const url = new URL(route.request().url());
          if (url.hostname !== '127.0.0.1') {
            foreign.push(url.href);
            return route.abort();
          }
          return route.continue();
        });
        await page.goto(`${origin}/`);
        await waitFor(() => hits.length >= 1, 'the landing page_view hit');
        await page.evaluate(() => {
          history.pushState({}, '', '/pricing');
          document.title = 'Pricing';
        });
        await waitFor(() => hits.length >= 2, 'the second page_view hit');
        await page.evaluate(() => {
          const analytics = (window as any).analytics;
          analytics.identify('user-42');
          analytics.track('Plan Chosen', { plan: 'pro' });
        });
        await waitFor(() => hits.length >= 3, 'the Plan Chosen hit');

        assert.deepEqual(
          hits.map((hit) => [hit.get('tid'), hit.get('en'), hit.get('dl'), hit.get('dr'), hit.get('dt')]),
          [
            ['G-TEST123', 'page_view', `${origin}/`, '', 'Home'],
            ['G-TEST123', 'page_view', `${origin}/pricing`, `${origin}/`, 'Pricing'],
            ['G-TEST123', 'Plan Chosen', null, null, null],
          ],
        );
        assert.equal(hits[2].get('ep.plan'), 'pro');
        assert.equal(hits[2].get('uid'), 'user-42');
        assert.deepEqual(foreign, [], 'nothing was requested from outside 127.0.0.1');
        assert.deepEqual(pageErrors, []);
      },
      { browser },
    );
  });

  it('keeps a visitor opted out across a reload', async () => {
    await withPage(
      async ({ page }) => {
        await page.goto(`${origin}/docs`);
        await waitFor(() => events.some((event) => event.type === 'page'), 'the first page view');
        await page.evaluate(() => (window as any).analytics.optOut());
        events.length = 0;
        hits.length = 0;
        await page.reload();
        await page.waitForFunction(() => (window as any).analytics !== undefined);
        await page.evaluate(() => {
          (window as any).analytics.track('After Reload');
          history.pushState({}, '', '/docs/install');
        });
        await sleep(300);
        assert.equal(await page.evaluate(() => (window as any).analytics.isOptedOut()), true);
        assert.equal(events.length, 0, `sent ${JSON.stringify(events)}`);
        assert.equal(hits.length, 0);

        await page.evaluate(() => (window as any).analytics.optIn());
        await page.reload();
        await waitFor(() => events.some((event) => event.type === 'page'), 'a page view after optIn');
      },
      { browser },
    );
  });
});
