// A ServerAnalytics against a fresh local Segment collector for each test of a describe block:
//
//   const segment = serverAnalyticsFixture({ flushAt: 5, flushInterval: 50, closeTimeout: 500 });
//   it('…', async () => { const server = segment.start(); …; await segment.collector.waitForDistinct(1); });
//
// It registers the block's beforeEach (a collector, empty logs) and afterEach (flush and close the
// instance, then the collector), so call it inside the describe.
import { ServerAnalytics } from '../../packages/analytics/src/lib/server-analytics.ts';
import { startSegmentCollector, type SegmentCollector } from './segment-collector.ts';

export type ServerAnalyticsOptions = ConstructorParameters<typeof ServerAnalytics>[0];

export interface ServerAnalyticsFixture {
  /** this test's collector */
  readonly collector: SegmentCollector;
  /** what the instance logged in this test */
  readonly logs: string[];
  /** A ServerAnalytics delivering to the collector, with the block's defaults under `options`. */
  start(options?: Partial<ServerAnalyticsOptions>): ServerAnalytics;
  /** The test closed the instance itself: nothing is left to flush after it. */
  closed(): void;
}

export function serverAnalyticsFixture(defaults: { flushAt: number; flushInterval: number; closeTimeout: number }): ServerAnalyticsFixture {
  let collector: SegmentCollector | undefined;
  let analytics: ServerAnalytics | undefined;
  const logs: string[] = [];

  beforeEach(async () => {
    collector = await startSegmentCollector();
    logs.length = 0;
  });
  afterEach(async () => {
    await analytics?.closeAndFlush({ timeout: defaults.closeTimeout }).catch(() => undefined);
    analytics = undefined;
    await collector?.close();
  });

  return {
    get collector() {
      if (!collector) throw new Error('serverAnalyticsFixture: the collector starts in beforeEach; use it inside a test');
      return collector;
    },
    logs,
    start(options = {}) {
      analytics = new ServerAnalytics({
        writeKey: this.collector.writeKey,
        host: this.collector.url,
        flushAt: defaults.flushAt,
        flushInterval: defaults.flushInterval,
        retryDelay: 50,
        httpRequestTimeout: 2000,
        log: (message) => logs.push(message),
        ...options,
      });
      return analytics;
    },
    closed() {
      analytics = undefined;
    },
  };
}
