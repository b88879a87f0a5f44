// Runs in the browser of a Meteor test app: the public defaults the server applied reach clients.
import { assert } from './assert.ts';
import { Meteor } from 'meteor/meteor';
import { registerSettings } from 'meteor/flightdeck:settings';

describe('flightdeck:settings in Meteor (client)', () => {
  it('reads public settings through a typed accessor', () => {
    const access = registerSettings({ name: 'flightdeckClientTest', public: { label: { type: String, optional: true } } });
    assert.deepEqual(access.public, Meteor.settings.public.flightdeckClientTest ?? {});
  });
});
