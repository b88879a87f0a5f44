// Runs inside a Meteor app: meteor test-packages --driver-package meteortesting:mocha ./packages/seo
import { assert } from './assert.ts';
// meteor/flightdeck:seo is the client main module here; the relative import keeps tsc on the client types.
import { Seo, DocHead } from '../src/client.ts';

describe('flightdeck:seo in Meteor (client)', () => {
  it('sets the title and one description', () => {
    Seo.setHead({ title: 'Meteor test', description: 'one' });
    Seo.setHead({ description: 'two' });
    assert.equal(DocHead.getTitle(), 'Meteor test');
    assert.equal(document.head.querySelectorAll('meta[name="description"]').length, 1);
  });
});
