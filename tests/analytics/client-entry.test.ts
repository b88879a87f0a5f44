import assert from 'node:assert/strict';
import { build } from 'esbuild';

// What the browser gets from `meteor/flightdeck:analytics` (src/client.ts) and from
// `meteor/flightdeck:analytics/tracked` (tracked.ts), bundled as the bench bundles them.
async function bundle(entry: string): Promise<string> {
  const result = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', external: ['meteor/*'], write: false, logLevel: 'silent' });
  return result.outputFiles[0].text;
}

describe('the client entry and meteor/flightdeck:analytics/tracked', function () {
  this.timeout(30_000);

  it('leaves the method and subscription wrappers out of the main module: an app that does not import them does not download them', async () => {
    const code = await bundle('packages/analytics/src/client.ts');
    assert.doesNotMatch(code, /Subscription Ready|Method Latency|create-tracked/);
    assert.match(code, /flightdeck\.analytics\.relay/);
  });

  it('gives the wrappers their own module, which reaches the client through the package main module, not a copy of it', async () => {
    const code = await bundle('packages/analytics/tracked.ts');
    assert.match(code, /Subscription Ready/);
    assert.match(code, /Method Latency/);
    assert.match(code, /from ["']meteor\/flightdeck:analytics["']/);
    assert.doesNotMatch(code, /createAnalyticsCore|\[redacted\]/);
  });
});
