// @browser-init: ../fixtures/browser-runner/privacy-signals.init.ts
import assert from 'node:assert/strict';
import sinon from 'sinon';

describe('the browser spec runner', () => {
  it('serves the spec page from a real http origin on 127.0.0.1', () => {
    assert.equal(location.protocol, 'http:');
    assert.equal(location.hostname, '127.0.0.1');
    assert.equal(location.pathname, '/');
  });

  it('lets history.pushState change location.pathname, and popstate fire on back', async () => {
    history.pushState({ step: 1 }, '', '/pricing?plan=pro');
    assert.equal(location.pathname, '/pricing');
    assert.equal(location.search, '?plan=pro');
    const popped = new Promise<PopStateEvent>((resolve) => window.addEventListener('popstate', resolve, { once: true }));
    history.back();
    const event = await popped;
    assert.equal(location.pathname, '/');
    assert.equal(event.state, null);
  });

  it('runs the @browser-init script before any script of the page', () => {
    assert.equal(navigator.doNotTrack, '1');
    assert.equal((navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl, true);
    assert.equal((window as Window & { scriptsSeenByInit?: number }).scriptsSeenByInit, 0);
  });

  it('hands the spec an empty body to write its DOM into', () => {
    assert.equal(document.body.children.length, 0);
    document.body.innerHTML = '<main><h1>Pricing</h1></main>';
    assert.equal(document.querySelector('h1')?.textContent, 'Pricing');
  });

  it('bundles sinon, whose fake timers drive setTimeout', () => {
    const clock = sinon.useFakeTimers();
    try {
      const callback = sinon.spy();
      setTimeout(callback, 5000);
      clock.tick(4999);
      sinon.assert.notCalled(callback);
      clock.tick(1);
      sinon.assert.calledOnce(callback);
    } finally {
      clock.restore();
    }
  });

  it('gives node:assert/strict semantics and readable messages in the page', async () => {
    assert.deepEqual({ tags: ['og:title'], at: new Date(0) }, { tags: ['og:title'], at: new Date(0) });
    assert.notDeepEqual([1, 2], [1, '2']);
    assert.throws(() => assert.equal(1, '1'), { name: 'AssertionError', message: /strictly equal[\s\S]*actual: {3}1\n {2}expected: "1"/ });
    assert.throws(() => assert.deepEqual({ a: [1, 2] }, { a: [1, 3] }), /strictly deep-equal/);
    assert.throws(() => assert.match('/pricing', /^\/about/), /did not match/);
    await assert.rejects(Promise.reject(new TypeError('bad origin')), TypeError);
    await assert.rejects(assert.rejects(Promise.resolve()), /Missing expected rejection/);
  });
});
