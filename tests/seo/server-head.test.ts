// Seo.serverHead: the head link-preview bots read from the initial HTML, with no browser.
import assert from 'node:assert/strict';
import { createWebApp, type WebAppHarness } from '../helpers/webapp-harness.ts';
import { installSeo, matchRoute, ServerHeadRoutes, seoServerOptions } from '../../packages/seo/src/server-index.ts';

const SLACKBOT = 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)';

describe('server-side head for link-preview bots', () => {
  let app: WebAppHarness;
  const routes = new ServerHeadRoutes();
  const errors: Error[] = [];
  const seen: { params: Record<string, string>; path: string; userAgent: unknown }[] = [];

  before(async () => {
    routes.add('/posts/:id', async (params, request) => {
      seen.push({ params, path: request.path, userAgent: request.headers['user-agent'] });
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (params.id === 'missing') return { title: 'Not found', status: 404 };
      return {
        title: `"><script>alert(1)</script> Post ${params.id}`,
        description: 'Fish & chips <b>',
        canonical: `https://flightdeck.example/posts/${params.id}`,
        openGraph: { title: `Post ${params.id}`, image: { url: 'https://flightdeck.example/og.png', width: 1200, height: 630 } },
        twitter: { card: 'summary_large_image' },
        alternates: { fr: `https://flightdeck.example/fr/posts/${params.id}` },
        jsonLd: { '@type': 'Article', headline: '</script><script>alert(2)</script>' },
      };
    });
    routes.add('/moved/:slug', (params) => ({ redirect: `/posts/${params.slug}`, status: 308 }));
    routes.add('/broken', () => {
      throw new Error('head callback failed');
    });
    app = await createWebApp({ publicSettings: { seo: { titleTemplate: '%s | Flightdeck' } } });
    installSeo({
      ...seoServerOptions({ public: { seo: { titleTemplate: '%s | Flightdeck' } } }, { ROOT_URL: app.rootUrl, NODE_ENV: 'production' }),
      WebApp: app.WebApp,
      WebAppInternals: app.WebAppInternals,
      routes,
      sitemap: () => undefined,
      onError: (error) => errors.push(error),
    });
  });

  after(() => app.close());

  it('puts the route\'s title, description, canonical, Open Graph, Twitter, hreflang and JSON-LD into the initial HTML, escaped', async () => {
    const response = await fetch(`${app.url}/posts/42`, { headers: { 'user-agent': SLACKBOT } });
    const html = await response.text();
    assert.equal(response.status, 200);
    assert.match(html, /<title data-seo="title">&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt; Post 42 \| Flightdeck<\/title>/);
    assert.match(html, /<meta name="description" content="Fish &amp; chips &lt;b&gt;" data-seo="meta:name:description">/);
    assert.match(html, /<link rel="canonical" href="https:\/\/flightdeck.example\/posts\/42" data-seo="link:canonical">/);
    assert.match(html, /<meta property="og:image:width" content="1200"/);
    assert.match(html, /<meta name="twitter:card" content="summary_large_image"/);
    assert.match(html, /<link rel="alternate" hreflang="fr" href="https:\/\/flightdeck.example\/fr\/posts\/42"/);
    assert.match(html, /"headline":"\\u003c\/script\\u003e\\u003cscript\\u003ealert\(2\)\\u003c\/script\\u003e"/);
    assert.equal((html.match(/<script>alert/g) ?? []).length, 0);
    assert.deepEqual(seen.at(-1), { params: { id: '42' }, path: '/posts/42', userAgent: SLACKBOT });
  });

  it('answers 404 with noindex for a route the callback says is missing', async () => {
    const response = await fetch(`${app.url}/posts/missing`);
    assert.equal(response.status, 404);
    const html = await response.text();
    assert.match(html, /<meta name="prerender-status-code" content="404"/);
    assert.match(html, /<meta name="robots" content="noindex"/);
  });

  it('redirects with the status and Location the callback gives', async () => {
    const response = await fetch(`${app.url}/moved/7`, { redirect: 'manual' });
    assert.equal(response.status, 308);
    assert.equal(response.headers.get('location'), '/posts/7');
  });

  it('sets prerenderReady to false on every page, matched or not', async () => {
    for (const path of ['/', '/posts/1', '/elsewhere']) {
      assert.match(await (await fetch(`${app.url}${path}`)).text(), /<script>window\.prerenderReady=false;<\/script>/, path);
    }
  });

  it('keeps a dynamic head an earlier handler set (as server-render does), the ready script and the route\'s head after it', async () => {
    app.WebApp.rawHandlers.use((req, _res, next) => {
      if (req.headers['x-test-dynamic-head']) (req as typeof req & { dynamicHead?: string }).dynamicHead = '<meta name="earlier" content="1">';
      next();
    });
    const headers = { 'x-test-dynamic-head': '1' };
    const unmatched = await (await fetch(`${app.url}/elsewhere`, { headers })).text();
    assert.match(unmatched, /<meta name="earlier" content="1"><script>window\.prerenderReady=false;<\/script>\n<\/head>/);
    const matched = await (await fetch(`${app.url}/posts/3`, { headers })).text();
    assert.match(matched, /<meta name="earlier" content="1"><script>window\.prerenderReady=false;<\/script>\n<title data-seo="title">/);
  });

  it('still serves the page when a head callback throws', async () => {
    const response = await fetch(`${app.url}/broken`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /<div id="app"><\/div>/);
    assert.equal(errors.at(-1)?.message, 'head callback failed');
  });

  it('refuses a pattern that is not a path, naming it', () => {
    assert.throws(() => routes.add('posts/:id', () => ({})), /Seo\.serverHead\("posts\/:id"\): the pattern must be a path/);
  });
});

describe('route patterns', () => {
  it('give the first matching route and its params, synchronously, or undefined', () => {
    const routes = new ServerHeadRoutes();
    const post = () => ({ title: 'post' });
    routes.add('/posts/:id', post);
    routes.add('/posts/:id', () => ({ title: 'second' }));
    assert.deepEqual(routes.match('/posts/a%20b'), { params: { id: 'a b' }, callback: post });
    assert.equal(routes.match('/'), undefined);
  });


  it('match FlowRouter-style params, optional and rest segments', () => {
    assert.deepEqual(matchRoute('/posts/:id', '/posts/a%20b'), { id: 'a b' });
    assert.deepEqual(matchRoute('/posts/:id', '/posts/1/'), { id: '1' });
    assert.equal(matchRoute('/posts/:id', '/posts'), undefined);
    assert.deepEqual(matchRoute('/docs/:path*', '/docs/a/b/c'), { path: 'a/b/c' });
    assert.deepEqual(matchRoute('/search/:q?', '/search'), {});
    assert.deepEqual(matchRoute('/', '/'), {});
    assert.equal(matchRoute('/a.b', '/axb'), undefined);
  });
});
