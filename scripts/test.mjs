// `npm test`: everything a fresh clone needs, then every test. Node specs (mocha) run once per
// Node / Express / Meteor pair of scripts/node-matrix.mjs, browser specs (mocha inside headless
// Chromium) once; every run counts in the closing `N passed, N failed` line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSystemPrograms } from './system-programs.mjs';
import { npmInstallIfNeeded } from './npm-install-if-needed.mjs';
import { MATRIX, ensureNode } from './node-matrix.mjs';
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

let nodes;
try {
  nodes = MATRIX.map((entry) => ({ ...entry, binary: ensureNode(entry) }));
} catch (error) {
  console.error(error.message);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

// Specs whose subject does not change with the pair run in the first pair only: they check our
// files (the Meteor compile check, the packed tarballs), run commands through `npx` (which starts
// the system Node whatever the pair: the settings CLI, the example app's settings check), or test
// the browser spec runner itself. Every other Node spec runs on each pair.
const ONCE = /^tests\/(meteor-compile\/|packaging\/|settings\/cli\.test\.ts$|example-app\/settings-files\.test\.ts$|harness\/browser-runner\.test\.ts$)/;
const mochaBin = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const runs = [];
for (const [index, entry] of nodes.entries()) {
  const specs = index === 0 ? selected.node : selected.node.filter((path) => !ONCE.test(path));
  // A filter that selects only browser specs runs no mocha (mocha fails on an empty file list).
  if (specs.length === 0) continue;
  console.log(`\n=== node specs: ${entry.label}`);
  const name = `node-${index + 1}.json`;
  // The harness models this pair's webapp (and Express); the count reporter writes `name`.
  const env = { ...process.env, FLIGHTDECK_METEOR_WEBAPP: entry.webapp, FLIGHTDECK_TEST_RESULTS: name };
  runs.push({ label: `node specs, ${entry.label}`, name, status: run(entry.binary, [mochaBin, ...specs], { env }) });
}
if (selected.browser.length > 0) {
  console.log('\n=== browser specs (Chromium; node 20)');
  runs.push({ label: 'browser specs', name: 'browser.json', status: run('node', ['--import', 'tsx', 'tests/helpers/browser-runner.ts', ...filter]) });
}

let passed = 0;
let failed = 0;
// Each spec file's time summed over the pairs (the count reporter writes it), slowest first: CI
// has a hard time limit, and this says where the time goes.
const seconds = new Map();
for (const { name } of runs) {
  const file = join(results, name);
  if (!existsSync(file)) continue;
  for (const [spec, ms] of Object.entries(JSON.parse(readFileSync(file, 'utf8')).files ?? {})) seconds.set(spec, (seconds.get(spec) ?? 0) + ms / 1000);
}
if (seconds.size > 0) {
  console.log('\nslowest node spec files (seconds, all pairs):');
  for (const [spec, total] of [...seconds].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`${total.toFixed(1).padStart(7)}  ${spec}`);
}
console.log('');
for (const { label, name, status } of runs) {
  const file = join(results, name);
  if (!existsSync(file)) {
    console.error(`${label}: no results, the runner crashed`);
    failed += 1;
    continue;
  }
  const counts = JSON.parse(readFileSync(file, 'utf8'));
  // A runner that failed without a failing test (a crash after counting) still fails the run.
  const runFailed = counts.failed === 0 && status !== 0 ? 1 : counts.failed;
  console.log(`${label}: ${counts.passed} passed, ${runFailed} failed`);
  passed += counts.passed;
  failed += runFailed;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
