// The browser client's track() cost in Chromium: the core bundled for the browser, one destination
// (Segment's HTTP API, batching; its fetch answers at once, outside the timed loop), events with a
// few properties on a page with a query string and a referrer, as apps send them.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../tests/helpers/browser.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const PAGE_SCRIPT = `
import { createAnalyticsClient } from './packages/analytics/src/lib/analytics-client.ts';
import { segmentDestination } from './packages/analytics/src/lib/destinations/segment-destination.ts';
window.runTrackBench = async (calls, rounds) => {
  history.replaceState({}, '', '/pricing/plans?utm_source=mail&utm_campaign=spring&ref=home');
  const analytics = createAnalyticsClient({
    destinations: [segmentDestination({ writeKey: 'k', flushInterval: 60000, fetch: () => Promise.resolve(new Response('{}')) })],
    respectDoNotTrack: false,
  });
  await analytics.ready();
  const noop = (event, properties) => properties;
  const perCall = (fn) => {
    const start = performance.now();
    for (let i = 0; i < calls; i += 1) fn(i);
    return ((performance.now() - start) * 1000) / calls;
  };
  const ours = [];
  const base = [];
  for (let round = 0; round < rounds; round += 1) {
    base.push(perCall((i) => noop('Plan Chosen', { plan: 'pro', seats: i, source: 'pricing-table' })));
    ours.push(perCall((i) => analytics.track('Plan Chosen', { plan: 'pro', seats: i, source: 'pricing-table' })));
  }
  return { ours, base };
};
`;

/** Median µs per track() call and per empty-function call, over `rounds` rounds of `calls` (the first two dropped as warm-up). */
export async function clientTrackMicroseconds(calls = 20_000, rounds = 9): Promise<{ ours: number; base: number }> {
  const bundle = await build({
    stdin: { contents: PAGE_SCRIPT, resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    write: false,
    logLevel: 'warning',
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // A real http origin, so the History API and the page context are those of a site.
    await page.route('http://localhost:9/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Plans</title>' }));
    await page.goto('http://localhost:9/');
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    const result = await page.evaluate(([c, r]) => (window as unknown as { runTrackBench(c: number, r: number): Promise<{ ours: number[]; base: number[] }> }).runTrackBench(c, r), [calls, rounds]);
    const median = (samples: number[]): number => [...samples.slice(2)].sort((a, b) => a - b)[Math.floor((samples.length - 2) / 2)];
    return { ours: median(result.ours), base: median(result.base) };
  } finally {
    await browser.close();
  }
}
