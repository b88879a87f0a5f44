// mocha's spec reporter, plus the counts written to .test-results/node.json (or the file named by
// FLIGHTDECK_TEST_RESULTS: `npm test` runs mocha once per Node / Express pair) for `npm test`'s
// closing line, and each spec file's duration in milliseconds (its top-level suites, hooks
// included) under `files`, for the slowest-files list. CommonJS because mocha loads reporters
// with require().
const { mkdirSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const Mocha = require('mocha');

const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_SUITE_END } = Mocha.Runner.constants;

class CountReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const files = {};
    const started = new Map();
    const topLevel = (suite) => Boolean(suite.file && suite.parent && suite.parent.root);
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (topLevel(suite)) started.set(suite, Date.now());
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      if (!started.has(suite)) return;
      const file = relative(process.cwd(), suite.file);
      files[file] = (files[file] ?? 0) + Date.now() - started.get(suite);
      started.delete(suite);
    });
    runner.once(EVENT_RUN_END, () => {
      const dir = join(process.cwd(), '.test-results');
      mkdirSync(dir, { recursive: true });
      const { passes, failures, pending } = runner.stats;
      writeFileSync(join(dir, process.env.FLIGHTDECK_TEST_RESULTS || 'node.json'), JSON.stringify({ passed: passes, failed: failures, skipped: pending, files }));
    });
  }
}
module.exports = CountReporter;
