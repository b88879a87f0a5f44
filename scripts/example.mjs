// `npm run example`: builds the packages, installs the example app's npm packages, and starts it
// with Meteor (METEOR_PACKAGE_DIRS=../packages, settings.development.json). Meteor is not an npm
// package: install it once with `npx meteor`.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npmInstallIfNeeded } from './npm-install-if-needed.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const app = join(root, 'example-app');

// Checked first: the installs and the build below take most of a minute, and are no use without it.
const meteor = spawnSync('meteor', ['--version'], { encoding: 'utf8' });
if (meteor.error || meteor.status !== 0) {
  console.error('The example app needs Meteor 3. Install it with:\n\n  npx meteor\n\nthen run `npm run example` again.');
  process.exit(1);
}

if (!npmInstallIfNeeded(root)) process.exit(1);
if (spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
if (!npmInstallIfNeeded(app)) process.exit(1);

const result = spawnSync('npm', ['start'], { cwd: app, stdio: 'inherit' });
process.exit(result.status ?? 1);
