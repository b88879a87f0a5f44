// `npm test`: everything a fresh clone needs, then every test. Node specs (mocha) and browser
// specs (mocha inside headless Chromium) both count in the closing `N passed, N failed` line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSystemPrograms } from './system-programs.mjs';
import { npmInstallIfNeeded } from './npm-install-if-needed.mjs';
import { selectSpecs } from './select-specs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, '.test-results');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status ?? 1;
}

// `npm test -- tests/seo` or `npm test -- head`: the specs whose path contains a filter; checked
// before the install and build, so a typo is answered at once.
const filter = process.argv.slice(2);
const selected = selectSpecs(root, filter);
if (selected.unmatched.length > 0) {
  for (const part of selected.unmatched) console.error(`no spec matched ${part}`);
  process.exit(2);
}

if (!npmInstallIfNeeded(root)) process.exit(1);

console.log('> npm run build');
if (run('npm', ['run', 'build', '--silent']) !== 0) process.exit(1);

const missing = findSystemPrograms().filter((program) => !program.path);
if (missing.length > 0) {
  for (const program of missing) console.error(`missing: ${program.name} — ${program.why}`);
  console.error('Install them with: sudo bash scripts/install-system-deps.sh');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

// A filter that selects only browser specs runs no mocha (mocha fails on an empty file list).
const nodeSpecs = filter.length === 0 ? ['tests/**/*.test.ts'] : selected.node;
const nodeStatus = nodeSpecs.length === 0 ? 0 : run('npx', ['mocha', ...nodeSpecs]);
if (nodeSpecs.length === 0) writeFileSync(join(results, 'node.json'), JSON.stringify({ passed: 0, failed: 0, skipped: 0 }));
const browserStatus = run('node', ['--import', 'tsx', 'tests/helpers/browser-runner.ts', ...filter]);

let passed = 0;
let failed = 0;
for (const name of ['node.json', 'browser.json']) {
  const file = join(results, name);
  if (!existsSync(file)) {
    console.error(`no results from ${name.replace('.json', '')} specs: the runner crashed`);
    failed += 1;
    continue;
  }
  const counts = JSON.parse(readFileSync(file, 'utf8'));
  passed += counts.passed;
  failed += counts.failed;
}
if (failed === 0 && (nodeStatus !== 0 || browserStatus !== 0)) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
