// The head API in Chromium: what ends up in document.head, as a crawler's renderer serializes it.
import assert from 'node:assert/strict';
import { createSeo } from '../../packages/seo/src/lib/head/create-seo.ts';
import { headTags } from '../../packages/seo/src/lib/head/head-tags.ts';
import { renderHead } from '../../packages/seo/src/lib/head/render-head.ts';
import { clearHeadOnRouteChange } from '../../packages/seo/src/lib/head/clear-head-on-route-change.ts';

function ours(): Element[] {
  return Array.from(document.head.querySelectorAll('[data-seo]'));
}

function resetHead(): void {
  for (const element of Array.from(document.head.children)) {
    if (element.matches('meta, link, title, script[type="application/ld+json"]')) element.remove();
  }
  document.title = '';
}

describe('Seo.setHead in the browser', () => {
  beforeEach(resetHead);

  it('writes the title, description, canonical, robots, Open Graph, Twitter, hreflang and JSON-LD', () => {
    const { Seo } = createSeo({ document });
    Seo.setHead({
      title: 'Pricing',
      titleTemplate: '%s · Flightdeck',
      description: 'Plans and prices',
      canonical: 'https://flightdeck.example/pricing',
      robots: 'index, follow',
      openGraph: { title: 'Pricing', type: 'website', siteName: 'Flightdeck', image: { url: 'https://flightdeck.example/og.png', alt: 'Logo' } },
      twitter: { card: 'summary', site: '@flightdeck' },
      alternates: { fr: 'https://flightdeck.example/fr/pricing', 'x-default': 'https://flightdeck.example/pricing' },
      jsonLd: { '@context': 'https://schema.org', '@type': 'Product', name: 'Flightdeck' },
    });
    assert.equal(document.title, 'Pricing · Flightdeck');
    assert.equal(document.querySelector('meta[name="description"]')?.getAttribute('content'), 'Plans and prices');
    assert.equal(document.querySelector('link[rel="canonical"]')?.getAttribute('href'), 'https://flightdeck.example/pricing');
    assert.equal(document.querySelector('meta[name="robots"]')?.getAttribute('content'), 'index, follow');
    assert.equal(document.querySelector('meta[property="og:site_name"]')?.getAttribute('content'), 'Flightdeck');
    assert.equal(document.querySelector('meta[property="og:image:alt"]')?.getAttribute('content'), 'Logo');
    assert.equal(document.querySelector('meta[name="twitter:site"]')?.getAttribute('content'), '@flightdeck');
    assert.equal(document.querySelector('link[rel="alternate"][hreflang="x-default"]')?.getAttribute('href'), 'https://flightdeck.example/pricing');
    const jsonLd = document.querySelector('script[type="application/ld+json"]');
    assert.deepEqual(JSON.parse(jsonLd?.textContent ?? ''), { '@context': 'https://schema.org', '@type': 'Product', name: 'Flightdeck' });
  });

  it('keeps one tag per key: a second description, canonical or hreflang replaces the first', () => {
    const { Seo, DocHead } = createSeo({ document });
    Seo.setHead({ description: 'one', canonical: 'https://a.example/1', alternates: { fr: 'https://a.example/fr/1' } });
    Seo.setHead({ description: 'two', canonical: 'https://a.example/2', alternates: { fr: 'https://a.example/fr/2', de: 'https://a.example/de/2' } });
    DocHead.addMeta({ name: 'description', content: 'three' });
    DocHead.addMeta({ property: 'og:title', content: 'A' });
    DocHead.addMeta({ property: 'og:title', content: 'B' });
    assert.deepEqual(Array.from(document.querySelectorAll('meta[name="description"]')).map((meta) => meta.getAttribute('content')), ['three']);
    assert.deepEqual(Array.from(document.querySelectorAll('link[rel="canonical"]')).map((link) => link.getAttribute('href')), ['https://a.example/2']);
    assert.equal(document.querySelectorAll('link[hreflang="fr"]').length, 1);
    assert.equal(document.querySelectorAll('link[hreflang="de"]').length, 1);
    assert.equal(document.querySelectorAll('meta[property="og:title"]').length, 1);
  });

  it('replaces the app\'s own description from the head template instead of adding a second one', () => {
    const template = document.createElement('meta');
    template.setAttribute('name', 'description');
    template.setAttribute('content', 'from the template');
    document.head.appendChild(template);
    createSeo({ document }).Seo.setHead({ description: 'from the route' });
    assert.deepEqual(Array.from(document.querySelectorAll('meta[name="description"]')).map((meta) => meta.getAttribute('content')), ['from the route']);
  });

  it('escapes "><script> in a title and </script> inside JSON-LD: no script runs, the serialized head stays whole', () => {
    const { Seo } = createSeo({ document });
    (window as { pwned?: number }).pwned = 0;
    Seo.setHead({
      title: '"><script>window.pwned=1</script>',
      description: '"><img src=x onerror="window.pwned=2">',
      jsonLd: { '@type': 'Article', headline: '</script><script>window.pwned=3</script>' },
    });
    assert.equal(document.title, '"><script>window.pwned=1</script>');
    // Parse our tags as a crawler receives them from the renderer (outerHTML), in a fresh document.
    const serialized = [document.querySelector('title') as Element, ...ours()].map((element) => element.outerHTML).join('');
    const parsed = new DOMParser().parseFromString(`<html><head>${serialized}</head><body></body></html>`, 'text/html');
    assert.equal(parsed.querySelectorAll('script:not([type="application/ld+json"])').length, 0);
    assert.equal(parsed.querySelectorAll('img').length, 0);
    assert.equal(parsed.title, '"><script>window.pwned=1</script>');
    const scripts = parsed.querySelectorAll('script[type="application/ld+json"]');
    assert.equal(scripts.length, 1);
    assert.equal(JSON.parse(scripts[0].textContent ?? '').headline, '</script><script>window.pwned=3</script>');
    assert.equal((window as { pwned?: number }).pwned, 0);
  });

  it('removes the previous route\'s tags on route change, and the next route starts clean', () => {
    const { Seo } = createSeo({ document });
    Seo.setHead({ title: 'Post 1', description: 'first', openGraph: { title: 'Post 1' }, jsonLd: { '@type': 'Article' } });
    Seo.setStatus(404);
    assert.ok(ours().length >= 5);
    Seo.clear();
    assert.deepEqual(ours().map((element) => element.tagName.toLowerCase()), []);
    Seo.setHead({ title: 'About', description: 'second' });
    assert.equal(document.title, 'About');
    assert.deepEqual(ours().map((element) => element.getAttribute('data-seo')), ['meta:name:description']);
    assert.equal(document.querySelector('meta[name="prerender-status-code"]'), null);
  });

  it('takes over tags the server rendered, by key, and removes them on the first route change', () => {
    document.head.insertAdjacentHTML('beforeend', renderHead(headTags({ description: 'from the server', openGraph: { title: 'Server' } })));
    const { Seo } = createSeo({ document });
    Seo.setHead({ description: 'from the client' });
    assert.deepEqual(Array.from(document.querySelectorAll('meta[name="description"]')).map((meta) => meta.getAttribute('content')), ['from the client']);
    document.head.insertAdjacentHTML('beforeend', renderHead(headTags({ title: 'Server title' })));
    Seo.setHead({ title: 'Client title' });
    assert.deepEqual(Array.from(document.querySelectorAll('title')).map((title) => title.textContent), ['Client title', 'Client title']);
    Seo.clear();
    assert.equal(document.querySelector('meta[property="og:title"]'), null);
  });

  it('emits prerender-status-code and noindex for a 404, and prerender-header for a redirect', () => {
    const { Seo } = createSeo({ document });
    Seo.setStatus(404);
    assert.equal(document.querySelector('meta[name="prerender-status-code"]')?.getAttribute('content'), '404');
    assert.equal(document.querySelector('meta[name="robots"]')?.getAttribute('content'), 'noindex');
    Seo.redirect('https://flightdeck.example/new', 301);
    assert.equal(document.querySelector('meta[name="prerender-status-code"]')?.getAttribute('content'), '301');
    assert.equal(document.querySelector('meta[name="prerender-header"]')?.getAttribute('content'), 'Location: https://flightdeck.example/new');
    assert.throws(() => Seo.setStatus(99), /Seo\.setStatus\(99\): the status must be an HTTP status code/);
    assert.throws(() => Seo.redirect('/x', 200), /the status must be 301, 302, 303, 307 or 308/);
  });
});

describe('route changes with FlowRouter', () => {
  beforeEach(resetHead);

  // FlowRouter's order on navigation: `triggers.enter` callbacks, then the route's action.
  function router() {
    const enter: Array<() => void> = [];
    return {
      triggers: { enter: (callbacks: Array<() => void>) => void enter.push(...callbacks) },
      go(path: string, action: () => void) {
        history.pushState(null, '', path);
        for (const trigger of enter) trigger();
        action();
      },
    };
  }

  it('keeps the server\'s tags on the first route and drops each route\'s tags when the next one enters', () => {
    document.head.insertAdjacentHTML('beforeend', renderHead(headTags({ description: 'server', openGraph: { title: 'Server post' } })));
    const { Seo } = createSeo({ document });
    const flowRouter = router();
    clearHeadOnRouteChange(flowRouter, () => Seo.clear());
    flowRouter.go('/posts/1', () => Seo.setHead({ title: 'Post 1', description: 'post' }));
    assert.equal(document.querySelector('meta[property="og:title"]')?.getAttribute('content'), 'Server post');
    flowRouter.go('/posts/1/comments', () => Seo.setHead({ title: 'Comments', jsonLd: { '@type': 'Comment' } }));
    assert.equal(document.title, 'Comments');
    assert.equal(document.querySelector('meta[property="og:title"]'), null);
    assert.equal(document.querySelector('meta[name="description"]'), null);
    flowRouter.go('/about', () => Seo.setHead({ description: 'about' }));
    assert.equal(document.querySelector('script[type="application/ld+json"]'), null);
    assert.deepEqual(ours().map((element) => element.getAttribute('data-seo')), ['meta:name:description']);
    history.pushState(null, '', '/');
  });
});

describe('DocHead (kadira:dochead\'s API)', () => {
  beforeEach(resetHead);

  it('sets the title and reports it through a reactive getTitle', () => {
    let changes = 0;
    let depended = 0;
    const { DocHead } = createSeo({ document, titleDependency: { depend: () => (depended += 1), changed: () => (changes += 1) } });
    DocHead.setTitle('Hello <world>');
    assert.equal(DocHead.getTitle(), 'Hello <world>');
    assert.equal(document.title, 'Hello <world>');
    assert.equal(depended, 1);
    assert.ok(changes >= 1);
  });

  it('adds links and JSON-LD, and removeDocHeadAddedTags takes them all away', () => {
    const { DocHead } = createSeo({ document });
    DocHead.addLink({ rel: 'icon', href: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' });
    DocHead.addLink({ rel: 'icon', href: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' });
    DocHead.addLdJsonScript({ '@type': 'Organization', name: 'Flightdeck' });
    DocHead.addMeta({ name: 'theme-color', content: '#123456' });
    assert.equal(document.querySelectorAll('link[rel="icon"]').length, 1);
    assert.equal(document.querySelectorAll('script[type="application/ld+json"]').length, 1);
    DocHead.removeDocHeadAddedTags();
    assert.equal(document.querySelectorAll('link[rel="icon"], script[type="application/ld+json"], meta[name="theme-color"]').length, 0);
  });

  it('loads a script once and calls back when it has run', async () => {
    const { DocHead } = createSeo({ document });
    const url = `data:text/javascript,window.loadedCount=(window.loadedCount||0)+1`;
    await new Promise<void>((resolve) => DocHead.loadScript(url, () => resolve()));
    await new Promise<void>((resolve) => DocHead.loadScript(url, { attrs: { 'data-x': '1' } }, () => resolve()));
    assert.equal((window as { loadedCount?: number }).loadedCount, 1);
    assert.equal(document.querySelectorAll('script[src^="data:text/javascript"]').length, 1);
  });
});

describe('window.prerenderReady', () => {
  it('turns true only after a delayed readiness source does, and once the head has settled', async () => {
    const target: { prerenderReady?: boolean } = {};
    let dataReady = false;
    const { Seo } = createSeo({ document, window: target, readiness: { isReady: () => dataReady }, settleTime: 50 });
    assert.equal(target.prerenderReady, false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(target.prerenderReady, false, 'still false while the source is not ready');
    dataReady = true;
    Seo.setHead({ title: 'Loaded' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(target.prerenderReady, false, 'the head changed a moment ago');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(target.prerenderReady, true);
  });

  it('waits for Seo.waitFor promises, and Seo.ready() decides at once', async () => {
    const target: { prerenderReady?: boolean } = {};
    const { Seo } = createSeo({ document, window: target, readiness: { isReady: () => true }, settleTime: 0 });
    let release!: () => void;
    void Seo.waitFor(new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(target.prerenderReady, false);
    release();
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(target.prerenderReady, true);

    const manual: { prerenderReady?: boolean } = {};
    const second = createSeo({ document, window: manual, readiness: { isReady: () => false } });
    second.Seo.ready();
    assert.equal(manual.prerenderReady, true);
  });

  it('turns true at the ceiling even if the source never is ready', async () => {
    const target: { prerenderReady?: boolean } = {};
    createSeo({ document, window: target, readiness: { isReady: () => false }, readyTimeout: 250 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(target.prerenderReady, false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(target.prerenderReady, true);
  });
});
