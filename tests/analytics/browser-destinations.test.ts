import assert from 'node:assert/strict';
import { segmentDestination } from '../../packages/analytics/src/lib/destinations/segment-destination.ts';
import { relayDestination } from '../../packages/analytics/src/lib/destinations/relay-destination.ts';
import { STORAGE_KEYS, createAnalyticsClient, type BrowserEnvironment } from '../../packages/analytics/src/lib/analytics-client.ts';
import type { AnalyticsEvent } from '../../packages/analytics/src/lib/analytics-event.ts';
import { startSegmentCollector, type SegmentCollector } from '../helpers/segment-collector.ts';

function memoryBrowser(path = '/shop'): BrowserEnvironment {
  const store = new Map<string, string>();
  return {
    location: { href: `https://app.example.com${path}`, pathname: path, search: '' },
    document: { title: 'Shop', referrer: '' },
    navigator: {},
    localStorage: { getItem: (key) => store.get(key) ?? null, setItem: (key, value) => void store.set(key, value), removeItem: (key) => void store.delete(key) },
  };
}

describe('browser destinations that send over the network', () => {
  let collector: SegmentCollector;
  beforeEach(async () => {
    collector = await startSegmentCollector({ writeKey: 'browser-key' });
  });
  afterEach(() => collector.close());

  it("the Segment destination posts batches to /v1/batch with the write key in the body, as Segment's HTTP API takes it", async () => {
    const analytics = createAnalyticsClient({
      browser: memoryBrowser(),
      destinations: [segmentDestination({ writeKey: 'browser-key', host: `${collector.url}/`, flushInterval: 20 })],
    });
    analytics.page();
    analytics.track('Added To Cart', { sku: 'A1' });
    await collector.waitForDistinct(2);
    assert.equal(collector.requests.length, 1, 'one request for both events');
    assert.equal(collector.requests[0].auth, 'body');
    assert.deepEqual(
      collector.events.map((event) => [event.type, event.event ?? null, event.anonymousId === analytics.anonymousId]),
      [
        ['page', null, true],
        ['track', 'Added To Cart', true],
      ],
    );
  });

  it('the relay destination batches events for the method, never sending the userId the browser holds', async () => {
    const batches: AnalyticsEvent[][] = [];
    const analytics = createAnalyticsClient({
      browser: memoryBrowser(),
      destinations: [
        relayDestination({
          send: async (call) => {
            assert.ok(Math.abs(Date.parse(call.sentAt) - Date.now()) < 1000, 'sentAt is the browser clock');
            batches.push(call.batch);
          },
          flushInterval: 10,
          maxBatchEvents: 3,
        }),
      ],
    });
    analytics.identify('u-browser');
    for (let i = 0; i < 4; i += 1) analytics.track('Step', { i });
    await analytics.ready();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(batches.map((batch) => batch.length), [3, 2]);
    assert.ok(batches.flat().every((event) => !('userId' in event)));
  });
});

describe('what the browser client keeps in localStorage', () => {
  it('writes under the names STORAGE_KEYS exports (the client builds them from one prefix)', () => {
    const written = new Set<string>();
    const browser = memoryBrowser();
    const storage = browser.localStorage!;
    const setItem = storage.setItem;
    storage.setItem = (key, value) => {
      written.add(key);
      setItem(key, value);
    };
    const analytics = createAnalyticsClient({ browser });
    analytics.identify('u-1');
    analytics.optOut();
    assert.deepEqual([...written].sort(), Object.values(STORAGE_KEYS).sort());
    assert.equal(storage.getItem(STORAGE_KEYS.userId), 'u-1');
    assert.equal(createAnalyticsClient({ browser }).isOptedOut(), true);
  });
});
