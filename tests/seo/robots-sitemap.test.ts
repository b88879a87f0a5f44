// robots.txt, sitemap.xml and X-Robots-Tag through the WebApp harness, as crawlers fetch them.
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateSettings } from '../../packages/settings/src/index.ts';
import { createWebApp, type WebAppHarness } from '../helpers/webapp-harness.ts';
import { installSeo, prerenderIOSettings, robotsTxt, ServerHeadRoutes, seoServerOptions, seoSettings, type SitemapEntry, type SitemapSource, type SeoServerSettings } from '../../packages/seo/src/index.ts';

interface Site {
  app: WebAppHarness;
  errors: Error[];
}

async function site(settings: SeoServerSettings, env: { NODE_ENV?: string }, sitemap?: SitemapSource, rootUrl?: string, fixtureDir?: string): Promise<Site> {
  const app = await createWebApp({ ...(rootUrl ? { rootUrl } : {}), ...(fixtureDir ? { fixtureDir } : {}) });
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

  it('staging with the production bundle (NODE_ENV=production, seo.indexable false) says Disallow: / and noindex', async () => {
    const { app } = await site({ seo: { indexable: false } }, { NODE_ENV: 'production' });
    opened.push(app);
    assert.equal(await (await fetch(`${app.url}/robots.txt`)).text(), 'User-agent: *\nDisallow: /\n');
    assert.equal((await fetch(`${app.url}/posts/1`)).headers.get('x-robots-tag'), 'noindex');
  });

  it('an unset seo.indexable is never indexed, NODE_ENV=production included', async () => {
    const { app } = await site({}, { NODE_ENV: 'production' });
    opened.push(app);
    assert.equal(await (await fetch(`${app.url}/robots.txt`)).text(), 'User-agent: *\nDisallow: /\n');
    assert.equal((await fetch(`${app.url}/`)).headers.get('x-robots-tag'), 'noindex');
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

  it('an indexable deployment serves the configured rules, the sitemap line, and no X-Robots-Tag', async () => {
    const { app } = await site({ seo: { indexable: true, robots: { disallow: ['/admin', '/api\nAllow: /secret'], allow: ['/admin/public'] } } }, { NODE_ENV: 'production' }, () => [{ loc: '/' }]);
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

describe('robots.txt groups and the app\'s own robots.txt', () => {
  const opened: WebAppHarness[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const app of opened.splice(0)) await app.close();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  async function fixtureWithRobotsTxt(text: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'seo-robots-'));
    dirs.push(dir);
    await cp(join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'app'), dir, { recursive: true });
    await writeFile(join(dir, 'public', 'robots.txt'), text);
    return dir;
  }

  it('writes a group per named crawler from settings, before the * group, validated like any setting', async () => {
    const settings = {
      public: {},
      seo: { indexable: true, robots: { disallow: ['/admin'], groups: [{ userAgents: ['GPTBot', 'CCBot'], disallow: ['/'] }, { userAgents: ['Googlebot-Image'], allow: ['/images/'], disallow: ['/private/'] }] } },
    };
    assert.deepEqual(validateSettings(settings, [seoSettings, prerenderIOSettings], { env: {}, environment: 'production' }).errors, []);
    const { app } = await site(settings, { NODE_ENV: 'production' });
    opened.push(app);
    assert.equal(
      await (await fetch(`${app.url}/robots.txt`)).text(),
      'User-agent: GPTBot\nUser-agent: CCBot\nDisallow: /\n\nUser-agent: Googlebot-Image\nAllow: /images/\nDisallow: /private/\n\nUser-agent: *\nDisallow: /admin\n',
    );
  });

  it('reports a group without user agents with its full key', () => {
    const report = validateSettings({ public: {}, seo: { indexable: true, robots: { groups: [{ userAgents: [], disallow: ['/'] }] } } }, [seoSettings, prerenderIOSettings], { env: {} });
    assert.ok(report.errors.some((problem) => problem.path.startsWith('seo.robots.groups.0.userAgents')), JSON.stringify(report.errors));
  });

  it('still answers robots.txt, never a 500, with settings that failed validation (a development server goes on)', async () => {
    const { app } = await site({ seo: { indexable: true, robots: { disallow: [42 as never, '/x'], groups: [{ userAgents: 'GPTBot' as never }, null as never, { userAgents: [7 as never], allow: 'nope' as never }] } } }, { NODE_ENV: 'development' });
    opened.push(app);
    const response = await fetch(`${app.url}/robots.txt`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'User-agent: 7\nDisallow:\n\nUser-agent: *\nDisallow: /x\n');
    // robotsTxt itself copes with the same junk when called directly.
    assert.equal(robotsTxt({ indexable: true, disallow: [42 as never], groups: [null as never, { userAgents: 'x' as never }] }), 'User-agent: *\nDisallow: 42\n');
  });

  it('never lets a setting smuggle a directive or a comment into robots.txt', () => {
    const text = robotsTxt({ indexable: true, groups: [{ userAgents: ['GPTBot\nUser-agent: *'], disallow: ['/x # Allow: /'] }] });
    assert.equal(text, 'User-agent: GPTBotUser-agent: *\nDisallow: /x\n\nUser-agent: *\nDisallow:\n');
  });

  it('serves the app\'s own public/robots.txt as is, and warns when settings also define rules', async () => {
    const own = 'User-agent: *\nDisallow: /drafts\n# the app\'s own file\n';
    const { app, errors } = await site({ seo: { indexable: true, robots: { groups: [{ userAgents: ['GPTBot'], disallow: ['/'] }] } } }, { NODE_ENV: 'production' }, undefined, undefined, await fixtureWithRobotsTxt(own));
    opened.push(app);
    const response = await fetch(`${app.url}/robots.txt`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), own);
    assert.match(errors.map((error) => error.message).join('\n'), /own public\/robots\.txt, served as is: seo\.robots\.disallow, allow and groups are ignored/);
  });

  it('serves the app\'s own robots.txt without a warning when settings define no rules, under a path prefix too', async () => {
    const own = 'User-agent: *\nAllow: /\n';
    const { app, errors } = await site({ seo: { indexable: true } }, { NODE_ENV: 'production' }, undefined, '/app', await fixtureWithRobotsTxt(own));
    opened.push(app);
    for (const path of ['/robots.txt', '/app/robots.txt']) assert.equal(await (await fetch(`${app.url}${path}`)).text(), own, path);
    assert.deepEqual(errors, []);
  });

  it('still answers Disallow: / on a deployment that is not indexable, whatever the app\'s file says', async () => {
    const { app } = await site({ seo: { indexable: false } }, { NODE_ENV: 'production' }, undefined, undefined, await fixtureWithRobotsTxt('User-agent: *\nAllow: /\n'));
    opened.push(app);
    assert.equal(await (await fetch(`${app.url}/robots.txt`)).text(), 'User-agent: *\nDisallow: /\n');
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

  it('keeps the ROOT_URL path prefix in every loc and in the index', async () => {
    const { app } = await site({}, { NODE_ENV: 'production' }, () => [{ loc: '/notes/hello' }, { loc: 'notes/bye' }, { loc: `${'http://127.0.0.1'}/elsewhere` }], '/app');
    opened.push(app);
    const origin = new URL(app.rootUrl).origin;
    const xml = await (await fetch(`${app.url}/app/sitemap.xml`)).text();
    assert.deepEqual([...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]), [`${origin}/app/notes/hello`, `${origin}/app/notes/bye`]);
  });

  it('skips each bad entry, logging it with its index, and never crashes the server', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const entries = [
        { loc: '/good', priority: 0.5 },
        { loc: '/a', lastmod: 1767225600000 },
        { loc: '/b', priority: 'high' },
        { loc: 'https://' },
        { loc: '/c', changefreq: 'daily</changefreq><loc>https://evil.example/</loc>' },
        null,
        'just a string',
        { loc: 'https://evil.example/page' },
        { loc: 'javascript:alert(1)' },
        { loc: '/d', priority: 1.5 },
        { loc: '/e', lastmod: 'yesterday' },
        { loc: '/f', lastmod: new Date('nope') },
        { loc: 42 },
        { loc: '/g/../../../outside' }, // dot segments resolved: still under ROOT_URL
        { loc: '/last', lastmod: '2026-01-02', changefreq: 'weekly', priority: 0 },
      ];
      const { app, errors } = await site({}, { NODE_ENV: 'production' }, () => entries as never);
      opened.push(app);
      const response = await fetch(`${app.url}/sitemap.xml`);
      assert.equal(response.status, 200);
      const xml = await response.text();
      const origin = new URL(app.rootUrl).origin;
      assert.deepEqual([...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]), [`${origin}/good`, `${origin}/outside`, `${origin}/last`]);
      assert.doesNotMatch(xml, /evil\.example/);
      assert.match(xml, /<url><loc>[^<]+\/last<\/loc><lastmod>2026-01-02<\/lastmod><changefreq>weekly<\/changefreq><priority>0\.0<\/priority><\/url>/);
      const logged = errors.map((error) => error.message);
      for (const index of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) assert.ok(logged.some((line) => line.startsWith(`sitemap entry ${index} skipped`)), `${index}: ${logged.join('\n')}`);
      assert.ok(logged.some((line) => /more invalid sitemap entries skipped/.test(line)), logged.join('\n'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(rejections, []);
      assert.equal((await fetch(`${app.url}/`)).status, 200);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('answers 503 when the source never resolves, or stops yielding, past seo.sitemap.timeout', async () => {
    const settings = { seo: { sitemap: { timeout: 200 } } };
    const never = await site(settings, { NODE_ENV: 'production' }, () => new Promise<never>(() => undefined));
    opened.push(never.app);
    const started = Date.now();
    const response = await fetch(`${never.app.url}/sitemap.xml`);
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '60');
    assert.ok(Date.now() - started < 8000, `answered after ${Date.now() - started} ms`);
    assert.match(never.errors[0]?.message ?? '', /within 200 ms/);
    async function* stalls() {
      yield { loc: '/one' };
      await new Promise(() => undefined);
    }
    const stalled = await site(settings, { NODE_ENV: 'production' }, stalls);
    opened.push(stalled.app);
    assert.equal((await fetch(`${stalled.app.url}/sitemap.xml`)).status, 503);
  });

  it('answers 503 for a source that throws or returns something other than entries', async () => {
    for (const source of [() => {
      throw new Error('sync boom');
    }, () => 42, () => null]) {
      const { app, errors } = await site({}, { NODE_ENV: 'production' }, source as never);
      opened.push(app);
      assert.equal((await fetch(`${app.url}/sitemap.xml`)).status, 503);
      assert.ok(errors.length > 0);
    }
  });

  it('reads the source once for many requests within seo.sitemap.cacheLifetime, concurrent ones included', async () => {
    let reads = 0;
    const source = async () => {
      reads += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return [{ loc: '/' }];
    };
    const { app } = await site({}, { NODE_ENV: 'production' }, source);
    opened.push(app);
    await Promise.all(Array.from({ length: 5 }, () => fetch(`${app.url}/sitemap.xml`).then((response) => response.text())));
    for (let i = 0; i < 3; i++) await (await fetch(`${app.url}/sitemap.xml`)).text();
    assert.equal(reads, 1);
    const uncached = await site({ seo: { sitemap: { cacheLifetime: 0 } } }, { NODE_ENV: 'production' }, source);
    opened.push(uncached.app);
    reads = 0;
    for (let i = 0; i < 3; i++) await (await fetch(`${uncached.app.url}/sitemap.xml`)).text();
    assert.equal(reads, 3);
  });
});

