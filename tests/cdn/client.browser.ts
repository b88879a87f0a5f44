// @browser-init: ../fixtures/cdn/meteor-client.init.ts
// flightdeck:cdn's client entry in a real browser, on a page as Meteor serves it.
import assert from 'node:assert/strict';
import { assetUrl } from '../../packages/cdn/src/client.ts';

describe('flightdeck:cdn in the browser', () => {
  it('links public/ files on the CDN the page was served with, with their hash and the path prefix', () => {
    assert.equal(assetUrl('cats.gif'), 'https://eu.cdn.example.com/app/cats.gif?v=abc123def456');
    assert.equal(assetUrl('/fonts/a.woff2?x=1'), 'https://eu.cdn.example.com/app/fonts/a.woff2?x=1');
    assert.equal(assetUrl('data:image/png;base64,AAAA'), 'data:image/png;base64,AAAA');
  });

  it('registers the {{assetUrl}} Blaze helper when templating is there, ignoring the Spacebars keyword hash', () => {
    const helpers = (window as unknown as { registeredHelpers: Record<string, (...args: unknown[]) => unknown> }).registeredHelpers;
    assert.equal(typeof helpers.assetUrl, 'function');
    assert.equal(helpers.assetUrl('cats.gif', { hash: {} }), 'https://eu.cdn.example.com/app/cats.gif?v=abc123def456');
  });

  it('gives a link an URL the browser resolves to the CDN', () => {
    const link = document.createElement('a');
    link.href = assetUrl('cats.gif');
    assert.equal(new URL(link.href).host, 'eu.cdn.example.com');
  });
});
