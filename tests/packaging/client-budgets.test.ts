// The client bundle budgets of the product contract, kept by `npm test` and not only reported by
// `npm run bench`: each package's browser code, minified (esbuild, es2020) and gzipped at level 9,
// measured by the functions the bench reports from (bench/client-bundle-size.ts). For analytics
// the figure is what an app downloads: the entry plus the one destination chunk its settings name,
// each chunk gzipped alone and summed. Meteor's Babel build (bench/meteor-babel-bundle.cjs) stays
// a reported bench row, not a bar here.
import assert from 'node:assert/strict';
import { analyticsClientBundle, BUDGETS, checkBudget, clientBundleSize, DESTINATION_CHUNKS } from '../../bench/client-bundle-size.ts';

type AnalyticsSizes = Awaited<ReturnType<typeof analyticsClientBundle>>;

describe('client bundle budgets (min+gzip -9)', () => {
  let analytics: AnalyticsSizes;
  before(async () => {
    analytics = await analyticsClientBundle();
  });

  it('analytics: login following and both page-view adapters are in the entry (else the startup figures miss a chunk)', () => {
    assert.deepEqual(analytics.notInEntry, [], `analytics: ${analytics.notInEntry.join(', ')} not in client.js: an app loads another chunk for it that the budget figures do not count`);
  });

  for (const [chunk, setting] of Object.entries(DESTINATION_CHUNKS)) {
    it(`analytics: entry + ${chunk} (an app with ${setting}) < ${BUDGETS.analytics} B`, () => {
      const figure = analytics.startup.find((entry) => entry.chunk === chunk);
      assert.ok(figure, `analytics: no startup figure for ${chunk}`);
      const bundle = `${[...figure.loaded].map(analytics.label).join(' + ')} (${setting} at startup)`;
      const { within, message } = checkBudget({ pkg: 'analytics', bundle, bytes: figure.bytes, budget: BUDGETS.analytics });
      assert.ok(within, message);
    });
  }

  for (const pkg of ['seo', 'cdn'] as const) {
    it(`${pkg}: src/client.ts bundle < ${BUDGETS[pkg]} B`, async () => {
      const size = await clientBundleSize(pkg);
      const { within, message } = checkBudget({ pkg, bundle: `src/client.ts bundle (${size.minified.toLocaleString('en-US')} B min)`, bytes: size.gzip, budget: BUDGETS[pkg] });
      assert.ok(within, message);
    });
  }

  it('fails a bundle at or over its budget, naming the package, the bundle and both figures', async () => {
    const { gzip } = await clientBundleSize('cdn');
    const over = checkBudget({ pkg: 'cdn', bundle: 'src/client.ts bundle', bytes: gzip, budget: gzip - 10 });
    assert.equal(over.within, false);
    assert.equal(over.message, `cdn: src/client.ts bundle is ${gzip.toLocaleString('en-US')} B min+gzip, budget < ${(gzip - 10).toLocaleString('en-US')} B (over budget: cut 11 B)`);
    // The budget is a strict bound: a bundle of exactly the budget is over it.
    const exact = checkBudget({ pkg: 'cdn', bundle: 'src/client.ts bundle', bytes: gzip, budget: gzip });
    assert.equal(exact.within, false);
    assert.match(exact.message, /over budget: cut 1 B\)$/);
    assert.equal(checkBudget({ pkg: 'cdn', bundle: 'src/client.ts bundle', bytes: gzip, budget: gzip + 1 }).within, true);
  });
});
