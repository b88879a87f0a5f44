// Runs inside a Meteor app: meteor test-packages --driver-package meteortesting:mocha ./packages/cdn
import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';
import { assetUrl, cdnSettings, setCdnUrlResolver } from 'meteor/flightdeck:cdn';

// At module top level, before Meteor.startup: it must already agree with what it answers later.
const beforeStartup = assetUrl('/some/file.png');

describe('flightdeck:cdn in Meteor (server)', () => {
  it('gives the same URL at module top level as after startup', () => {
    assert.equal(beforeStartup, assetUrl('/some/file.png'));
  });

  it('links a public/ file under ROOT_URL path prefix, or on the CDN when one is set', () => {
    const url = assetUrl('/some/file.png');
    const cdn = (Meteor.settings.public.cdn as { url?: string } | undefined)?.url;
    assert.ok(url.endsWith('/some/file.png'), url);
    if (!cdn) assert.ok(url.startsWith('/'), url);
  });

  it('passes absolute and data: URLs through', () => {
    assert.equal(assetUrl('https://elsewhere.example/x.png'), 'https://elsewhere.example/x.png');
    assert.equal(assetUrl('data:image/gif;base64,R0lGOD'), 'data:image/gif;base64,R0lGOD');
  });

  it('registers its settings under the name cdn', () => {
    assert.equal(cdnSettings.name, 'cdn');
  });

  it('accepts and clears a per-request CDN resolver', () => {
    setCdnUrlResolver(() => null);
    setCdnUrlResolver(null);
  });
});
