// Runs in the browser of a Meteor test app: the client's assetUrl reads the runtime config.
import { assert } from './assert.ts';
import { assetUrl } from 'meteor/flightdeck:cdn';

describe('flightdeck:cdn in Meteor (client)', () => {
  it('links a public/ file the way the server does', () => {
    const config = (window as unknown as { __meteor_runtime_config__: { flightdeckCdn?: { url: string | null } } }).__meteor_runtime_config__;
    const url = assetUrl('file.png');
    assert.ok(url.endsWith('/file.png'), url);
    if (config.flightdeckCdn?.url) assert.ok(url.startsWith(config.flightdeckCdn.url), url);
  });
});
