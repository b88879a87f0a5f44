import assert from 'node:assert/strict';
import { createDocHead, HeadState, headTags, isSafeHeadUrl, renderHead, ServerHeadRoutes, titleTag } from '../../packages/seo/src/index.ts';

const UNSAFE = ['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'java\nscript:alert(1)', '\u0001javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'file:///etc/passwd', 'ftp://x.example/'];
const SAFE = ['https://x.example/a', 'http://x.example/', 'HTTPS://X.EXAMPLE/', '/posts/1', 'posts/1', '//cdn.example/og.png', '?page=2', '#top', 'a:b/c'.replace('a:', './a:')];

describe('head URLs', () => {
  it('accepts http(s) and relative URLs only, read as a browser reads them', () => {
    for (const url of UNSAFE) assert.equal(isSafeHeadUrl(url), false, JSON.stringify(url));
    for (const url of SAFE) assert.equal(isSafeHeadUrl(url), true, JSON.stringify(url));
  });

  it('drops a canonical, og:url, og:image, twitter:image or alternate that is not, and says which', () => {
    for (const bad of UNSAFE) {
      const dropped: string[] = [];
      const tags = headTags(
        { title: 'T', canonical: bad, alternates: { fr: bad, en: 'https://x.example/en' }, openGraph: { url: bad, image: { url: bad, width: 10 } }, twitter: { image: bad, card: 'summary' } },
        (key) => dropped.push(key),
      );
      const html = renderHead(tags);
      assert.doesNotMatch(html, /script:|data:|vbscript|file:|ftp:/i, html);
      assert.match(html, /hreflang="en" href="https:\/\/x.example\/en"/);
      assert.match(html, /twitter:card/);
      assert.deepEqual(dropped.sort(), ['link:alternate:fr', 'link:canonical', 'meta:name:twitter:image', 'meta:property:og:image', 'meta:property:og:url'], JSON.stringify(bad));
    }
  });

  it('keeps safe URLs as given', () => {
    const html = renderHead(headTags({ canonical: '/posts/1', openGraph: { url: 'https://x.example/p', image: '//cdn.example/og.png' } }));
    assert.match(html, /href="\/posts\/1"/);
    assert.match(html, /content="https:\/\/x.example\/p"/);
    assert.match(html, /content="\/\/cdn.example\/og.png"/);
  });

  it('drops the same through DocHead.addLink / addMeta, and warns through the head\'s callback', () => {
    const warned: string[] = [];
    const head = new HeadState(undefined, { onUnsafeUrl: (key, value) => warned.push(`${key} ${value}`) });
    const docHead = createDocHead(head);
    docHead.addLink({ rel: 'canonical', href: 'javascript:alert(1)' });
    docHead.addMeta({ property: 'og:image', content: 'data:image/svg+xml,<svg onload=alert(1)>' });
    docHead.addMeta({ name: 'description', content: 'javascript: is fine as text' });
    head.setHead({ canonical: 'vbscript:x' });
    assert.deepEqual(head.tags().map((tag) => tag.key), ['meta:name:description']);
    assert.equal(warned.length, 3);
  });

  it('drops unsafe URLs from a server head too', async () => {
    const warned: string[] = [];
    const routes = new ServerHeadRoutes({ onUnsafeUrl: (key) => warned.push(key) });
    routes.add('/p', () => ({ title: 'P', canonical: 'javascript:alert(1)', openGraph: { image: 'https://x.example/og.png' } }));
    const head = await routes.render({ path: '/p', headers: {}, url: new URL('https://x.example/p') });
    assert.doesNotMatch(head?.html ?? '', /javascript/);
    assert.match(head?.html ?? '', /og.png/);
    assert.deepEqual(warned, ['link:canonical']);
  });
});

describe('title template', () => {
  it('puts the title in literally: $&, $\', $` and $$ are text, not replacement patterns', () => {
    for (const title of ['Save $$ now', 'A $& B', "It's $' here", 'Back$`tick', '$1 and $<name>']) {
      assert.equal(titleTag(title, '%s · Flightdeck').text, `${title} · Flightdeck`);
    }
    assert.equal(titleTag('Plain', 'no placeholder').text, 'Plain');
  });
});
