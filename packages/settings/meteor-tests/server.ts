// Runs inside a Meteor app: meteor test-packages --driver-package meteortesting:mocha ./packages/settings
import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';
import { registerSettings, validateSettingsNow, SimpleSchema } from 'meteor/flightdeck:settings';

describe('flightdeck:settings in Meteor (server)', () => {
  it('applies a registered default to Meteor.settings.public in place', () => {
    const publicSettings = Meteor.settings.public;
    const access = registerSettings({
      name: 'meteorTestPackage',
      public: { greeting: { type: String, defaultValue: 'hello' }, retries: { type: SimpleSchema.Integer, defaultValue: 3 } },
    });
    const report = validateSettingsNow();
    assert.equal(report.errors.length, 0);
    assert.equal(Meteor.settings.public, publicSettings);
    assert.equal(access.public.greeting, 'hello');
    assert.equal(access.public.retries, 3);
  });
});
