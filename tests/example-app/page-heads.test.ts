import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createAssetUrl } from '../../packages/cdn/src/lib/asset-url.ts';
import { headTags, type HeadTag } from '../../packages/seo/src/lib/head/head-tags.ts';
import { homeHead, noteHead, type PageHeadContext } from '../../example-app/imports/page-heads.ts';

const development = JSON.parse(readFileSync('example-app/settings.development.json', 'utf8'));
const siteName: string = development.public.siteName;
const titleTemplate: string = development.public.seo.titleTemplate;

/** What Meteor.absoluteUrl and flightdeck:cdn's assetUrl give for a ROOT_URL and CDN settings. */
function context(rootUrl: string, cdn: { url?: string } = {}): PageHeadContext {
  const prefix = new URL(rootUrl).pathname.replace(/\/$/, '');
  return {
    siteName,
    absoluteUrl: (path = '') => rootUrl.replace(/\/?$/, '/') + path.replace(/^\/+/, ''),
    assetUrl: createAssetUrl({ url: cdn.url, rootUrlPathPrefix: prefix }),
  };
}

function tag(tags: HeadTag[], key: string): HeadTag | undefined {
  return tags.find((candidate) => candidate.key === key);
}

describe("the example app's page heads", () => {
  it("name the site once in the home page's title, with the app's title template", () => {
    const title = tag(headTags({ ...homeHead(context('http://localhost:3000/')), titleTemplate }), 'title')?.text ?? '';
    assert.equal(title.split(siteName).length - 1, 1, title);
  });

  it('give link-preview bots an absolute og:image when there is no CDN, under the ROOT_URL path too', () => {
    for (const [rootUrl, expected] of [
      ['http://localhost:3000/', 'http://localhost:3000/images/rocket.svg'],
      ['https://x.com/app', 'https://x.com/app/images/rocket.svg'],
    ]) {
      const note = { slug: 'hello', title: 'Hello', summary: 'A note.' };
      for (const head of [homeHead(context(rootUrl)), noteHead(context(rootUrl), note)]) {
        assert.equal(tag(headTags(head), 'meta:property:og:image')?.attrs.content, expected);
      }
    }
  });

  it('keep the CDN URL of og:image as it is', () => {
    const image = tag(headTags(homeHead(context('https://x.com/', { url: 'https://cdn.example.com' }))), 'meta:property:og:image')?.attrs.content;
    assert.equal(image, 'https://cdn.example.com/images/rocket.svg');
  });
});
