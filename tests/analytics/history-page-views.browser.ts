import assert from 'node:assert/strict';
import { createAnalyticsClient } from '../../packages/analytics/src/lib/analytics-client.ts';
import { trackHistoryPageViews } from '../../packages/analytics/src/lib/history-page-views.ts';
import { recordingDestination } from '../fixtures/analytics/recording-destination.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const SETTLE = 40;

describe('page views from the History API adapter in Chromium', () => {
  let stop: (() => void) | undefined;
  beforeEach(() => {
    history.replaceState({}, '', '/');
  });
  afterEach(() => {
    stop?.();
    stop = undefined;
    localStorage.clear();
  });

  function start(hashChanges = false) {
    const destination = recordingDestination();
    const analytics = createAnalyticsClient({ destinations: [destination] });
    stop = trackHistoryPageViews({ page: analytics.page, settleDelay: SETTLE, hashChanges });
    const pages = () => destination.events.filter((event) => event.type === 'page').map((event) => event.properties);
    return { analytics, pages, destination };
  }

  it('sends the landing page, then one page view per pushState with the previous in-app URL as referrer', async () => {
    document.title = 'Home';
    const { pages } = start();
    await sleep(SETTLE * 2);
    const origin = location.origin;
    history.pushState({}, '', '/pricing?plan=pro');
    document.title = 'Pricing';
    await sleep(SETTLE * 2);
    history.pushState({}, '', '/about');
    document.title = 'About us';
    await sleep(SETTLE * 2);
    assert.deepEqual(
      pages().map((page) => [page.path, page.search, page.referrer, page.title]),
      [
        ['/', '', '', 'Home'],
        ['/pricing', '?plan=pro', `${origin}/`, 'Pricing'],
        ['/about', '', `${origin}/pricing?plan=pro`, 'About us'],
      ],
    );
  });

  it('reads the title after it settles, not the one of the page being left', async () => {
    document.title = 'Start';
    const { pages } = start();
    await sleep(SETTLE * 2);
    history.pushState({}, '', '/post/42');
    // A router renders, then sets the title a moment later.
    await sleep(SETTLE / 4);
    document.title = 'Post 42 — Blog';
    await sleep(SETTLE * 2);
    assert.equal(pages().at(-1)?.title, 'Post 42 — Blog');
  });

  it('does not send the same path twice in a row (replaceState on the same path, a double push)', async () => {
    const { pages } = start();
    await sleep(SETTLE * 2);
    history.pushState({}, '', '/docs');
    await sleep(SETTLE * 2);
    history.replaceState({ scroll: 300 }, '', '/docs');
    await sleep(SETTLE * 2);
    history.pushState({}, '', '/docs');
    await sleep(SETTLE * 2);
    assert.deepEqual(
      pages().map((page) => page.path),
      ['/', '/docs'],
    );
  });

  it('sends a page view for replaceState to a new path, and one for back with the right referrer', async () => {
    const { pages } = start();
    await sleep(SETTLE * 2);
    history.pushState({}, '', '/login');
    await sleep(SETTLE * 2);
    history.replaceState({}, '', '/dashboard');
    await sleep(SETTLE * 2);
    history.pushState({}, '', '/settings');
    await sleep(SETTLE * 2);
    // back() is asynchronous: wait for its popstate (on a loaded machine it came after SETTLE * 3).
    const popped = new Promise((resolve) => addEventListener('popstate', resolve, { once: true }));
    history.back();
    await popped;
    await sleep(SETTLE * 2);
    assert.deepEqual(
      pages().map((page) => [page.path, page.referrer]),
      [
        ['/', ''],
        ['/login', `${location.origin}/`],
        ['/dashboard', `${location.origin}/login`],
        ['/settings', `${location.origin}/dashboard`],
        ['/dashboard', `${location.origin}/settings`],
      ],
    );
  });

  it('makes one page view of where a redirect lands when routes change within the settle time', async () => {
    const { pages } = start();
    await sleep(SETTLE * 2);
    history.pushState({}, '', '/old-pricing');
    history.replaceState({}, '', '/pricing');
    await sleep(SETTLE * 2);
    assert.deepEqual(
      pages().map((page) => page.path),
      ['/', '/pricing'],
    );
  });

  it('ignores hash links by default and counts them when hashChanges is on', async () => {
    history.replaceState({}, '', '/guide');
    let session = start(false);
    await sleep(SETTLE * 2);
    location.hash = '#install';
    await sleep(SETTLE * 2);
    assert.deepEqual(session.pages().map((page) => page.url), [`${location.origin}/guide`]);
    stop?.();

    history.replaceState({}, '', '/guide');
    session = start(true);
    await sleep(SETTLE * 2);
    location.hash = '#usage';
    await sleep(SETTLE * 2);
    assert.deepEqual(
      session.pages().map((page) => [page.url, page.referrer]),
      [
        [`${location.origin}/guide`, ''],
        [`${location.origin}/guide#usage`, `${location.origin}/guide`],
      ],
    );
  });

  it('stops sending page views when stopped, and gives history its own methods back', async () => {
    const original = history.pushState;
    const { pages } = start();
    assert.notEqual(history.pushState, original);
    await sleep(SETTLE * 2);
    stop?.();
    stop = undefined;
    assert.equal(history.pushState, original);
    history.pushState({}, '', '/after-stop');
    await sleep(SETTLE * 2);
    assert.deepEqual(pages().map((page) => page.path), ['/']);
  });

  it('queues events made before a destination has loaded and delivers them in order once it has', async () => {
    const slow = recordingDestination(150);
    const analytics = createAnalyticsClient({ destinations: [slow] });
    analytics.track('Early One');
    analytics.track('Early Two');
    assert.equal(slow.events.length, 0);
    await analytics.ready();
    analytics.track('After Ready');
    assert.deepEqual(slow.events.map((event) => event.event), ['Early One', 'Early Two', 'After Ready']);
  });
});
