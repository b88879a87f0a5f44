// Runs inside a Meteor app: meteor test-packages --driver-package meteortesting:mocha ./packages/seo
import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';
import { fetch } from 'meteor/fetch';
import { Seo } from 'meteor/flightdeck:seo';

describe('flightdeck:seo in Meteor (server)', () => {
  it('serves robots.txt', async () => {
    const response = await fetch(Meteor.absoluteUrl('robots.txt'));
    assert.equal(response.status, 200);
    assert.match(await response.text(), /^User-agent: \*/);
  });

  it('puts a server head and prerenderReady = false into the initial HTML', async () => {
    Seo.serverHead('/seo-meteor-test/:id', (params) => ({ title: `Item ${params.id}`, description: 'From the server' }));
    const html = await (await fetch(Meteor.absoluteUrl('seo-meteor-test/7'))).text();
    assert.match(html, /window\.prerenderReady=false/);
    assert.match(html, /<title data-seo="title">Item 7<\/title>/);
  });
});
