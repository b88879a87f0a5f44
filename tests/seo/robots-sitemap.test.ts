// robots.txt, sitemap.xml and X-Robots-Tag through the WebApp harness, as crawlers fetch them.
import assert from 'node:assert/strict';
import { createWebApp, type WebAppHarness } from '../helpers/webapp-harness.ts';
import { installSeo, ServerHeadRoutes, seoServerOptions, type SitemapEntry, type SitemapSource, type SeoServerSettings } from '../../packages/seo/src/server-index.ts';

interface Site {
  app: WebAppHarness;
  errors: Error[];
}

async function site(settings: SeoServerSettings, env: { NODE_ENV?: string }, sitemap?: SitemapSource, rootUrl?: string): Promise<Site> {
  const app = await createWebApp(rootUrl ? { rootUrl } : {});
  const errors: Error[] = [];
  installSeo({
    ...seoServerOptions(settings, { ROOT_URL: app.rootUrl, ...env }),
    WebApp: app.WebApp,
    WebAppInternals: app.WebAppInternals,
    routes: new ServerHeadRoutes(),
    sitemap: () => sitemap,
    onError: (error) => errors.push(error),
  });
  return { app, errors };
}

describe('robots.txt and X-Robots-Tag', () => {
  const opened: WebAppHarness[] = [];
  afterEach(async () => {
    for (const app of opened.splice(0)) await app.close();
  });

  it('staging (NODE_ENV not production) says Disallow: / and noindex on every response', async () => {
    const { app } = await site({ seo: { robots: { disallow: ['/admin'] } } }, { NODE_ENV: 'development' });
    opened.push(app);
    const robots = await fetch(`${app.url}/robots.txt`);
    assert.equal(robots.status, 200);
    assert.equal(await robots.text(), 'User-agent: *\nDisallow: /\n');
    for (const path of ['/', '/posts/1', '/cats.gif', '/robots.txt', '/no/such/file.png']) {
      const response = await fetch(`${app.url}${path}`);
      assert.equal(response.headers.get('x-robots-tag'), 'noindex', path);
    }
  });

  it('production serves the configured rules, the sitemap line, and no X-Robots-Tag', async () => {
    const { app } = await site({ seo: { robots: { disallow: ['/admin', '/api\nAllow: /secret'], allow: ['/admin/public'] } } }, { NODE_ENV: 'production' }, () => [{ loc: '/' }]);
    opened.push(app);
    const robots = await fetch(`${app.url}/robots.txt`);
    assert.equal(
      await robots.text(),
      `User-agent: *\nAllow: /admin/public\nDisallow: /admin\nDisallow: /apiAllow: /secret\n\nSitemap: ${new URL('/sitemap.xml', app.rootUrl).href}\n`,
    );
    assert.equal(robots.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal((await fetch(`${app.url}/`)).headers.get('x-robots-tag'), null);
  });

  it('seo.indexable: false keeps a production deployment out of the index', async () => {
    const { app } = await site({ seo: { indexable: false } }, { NODE_ENV: 'production' });
    opened.push(app);
    assert.equal(await (await fetch(`${app.url}/robots.txt`)).text(), 'User-agent: *\nDisallow: /\n');
    assert.equal((await fetch(`${app.url}/`)).headers.get('x-robots-tag'), 'noindex');
  });

  it('answers /robots.txt at the host root when ROOT_URL has a path prefix', async () => {
    const { app } = await site({}, { NODE_ENV: 'development' }, undefined, '/app');
    opened.push(app);
    for (const path of ['/robots.txt', '/app/robots.txt']) {
      const response = await fetch(`${app.url}${path}`);
      assert.equal(response.status, 200, path);
      assert.equal(await response.text(), 'User-agent: *\nDisallow: /\n');
    }
  });
});

describe('sitemap.xml', () => {
  const opened: WebAppHarness[] = [];
  afterEach(async () => {
    for (const app of opened.splice(0)) await app.close();
  });

  it('serves the app\'s async source with absolute, escaped URLs', async () => {
    const source = async (): Promise<SitemapEntry[]> => [
      { loc: '/', changefreq: 'daily', priority: 1 },
      { loc: '/search?q=a&b=<c>', lastmod: new Date('2026-01-02T03:04:05Z') },
    ];
    const { app } = await site({}, { NODE_ENV: 'production' }, source);
    opened.push(app);
    const response = await fetch(`${app.url}/sitemap.xml`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/xml; charset=utf-8');
    const xml = await response.text();
    const origin = new URL(app.rootUrl).origin;
    assert.match(xml, new RegExp(`<url><loc>${origin}/</loc><changefreq>daily</changefreq><priority>1.0</priority></url>`));
    assert.match(xml, /<loc>[^<]*\/search\?q=a&amp;b=%3Cc%3E<\/loc><lastmod>2026-01-02T03:04:05.000Z<\/lastmod>/);
  });

  it('splits past 50,000 URLs into a sitemap index and pages', async function () {
    this.timeout(20000);
    async function* source() {
      for (let index = 0; index < 50_001; index += 1) yield { loc: `/items/${index}` };
    }
    const { app } = await site({}, { NODE_ENV: 'production' }, source);
    opened.push(app);
    const origin = new URL(app.rootUrl).origin;
    const index = await (await fetch(`${app.url}/sitemap.xml`)).text();
    assert.match(index, /<sitemapindex/);
    assert.deepEqual([...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]), [`${origin}/sitemap-1.xml`, `${origin}/sitemap-2.xml`]);
    const first = await (await fetch(`${app.url}/sitemap-1.xml`)).text();
    assert.equal([...first.matchAll(/<url>/g)].length, 50_000);
    const second = await (await fetch(`${app.url}/sitemap-2.xml`)).text();
    assert.deepEqual([...second.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]), [`${origin}/items/50000`]);
    assert.equal((await fetch(`${app.url}/sitemap-3.xml`)).status, 404);
  });

  it('answers 503 (never the app page) when the source fails', async () => {
    const { app, errors } = await site({}, { NODE_ENV: 'production' }, async () => {
      throw new Error('database down');
    });
    opened.push(app);
    const response = await fetch(`${app.url}/sitemap.xml`);
    assert.equal(response.status, 503);
    assert.equal(errors[0]?.message, 'database down');
  });

  it('leaves /sitemap.xml to the app when no source is registered', async () => {
    const { app } = await site({}, { NODE_ENV: 'production' });
    opened.push(app);
    const response = await fetch(`${app.url}/sitemap.xml`);
    assert.doesNotMatch(await response.text(), /urlset/);
  });
});
