// mocha's spec reporter, plus the counts written to .test-results/node.json (or the file named by
// FLIGHTDECK_TEST_RESULTS: `npm test` runs mocha once per Node / Express pair) for `npm test`'s
// closing line. CommonJS because mocha loads reporters with require().
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const Mocha = require('mocha');

class CountReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const dir = join(process.cwd(), '.test-results');
      mkdirSync(dir, { recursive: true });
      const { passes, failures, pending } = runner.stats;
      writeFileSync(join(dir, process.env.FLIGHTDECK_TEST_RESULTS || 'node.json'), JSON.stringify({ passed: passes, failed: failures, skipped: pending }));
    });
  }
}
module.exports = CountReporter;
