// `node scripts/npm-shrinkwrap.mjs`: writes packages/<name>/.npm/package/npm-shrinkwrap.json for
// every package whose package.js has Npm.depends, as Meteor 3 writes it on the first build
// (tools/isobuild/meteor-npm.js: `{ lockfileVersion: 4, dependencies: { name: { version, resolved,
// integrity, dependencies? } } }`, nested where npm nests, in npm's key order), from npm's own
// resolution of the exact Npm.depends versions. Committed, so the transitive versions a user's
// build installs are the ones tested, not whatever is newest that day. Needs the npm registry.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The Npm.depends of a package.js, read by running it with Package / Npm / Cordova stand-ins.
 * @param {string} packageJsPath
 * @returns {Record<string, string> | undefined}
 */
export function npmDepends(packageJsPath) {
  /** @type {Record<string, string> | undefined} */
  let depends;
  const noop = () => {};
  runInNewContext(readFileSync(packageJsPath, 'utf8'), {
    Package: { describe: noop, onUse: noop, onTest: noop, registerBuildPlugin: noop },
    Npm: { depends: (/** @type {Record<string, string>} */ deps) => (depends = { ...depends, ...deps }), strip: noop },
    Cordova: { depends: noop },
  });
  return depends;
}

/** `node_modules/a/node_modules/b` -> `b`; scoped names kept. */
function packageName(path) {
  const parts = path.split('node_modules/');
  return parts[parts.length - 1];
}

/** The packages directly under `prefix` (`node_modules`, or `node_modules/a` for a's nested ones). */
function children(packages, prefix) {
  const base = prefix === 'node_modules' ? 'node_modules/' : `${prefix}/node_modules/`;
  return Object.keys(packages).filter((path) => path.startsWith(base) && /^(@[^/]+\/)?[^/]+$/.test(path.slice(base.length)));
}

/**
 * Meteor's tree from npm's lock `packages`: one level per node_modules folder.
 * @param {Record<string, { version?: string, resolved?: string, integrity?: string }>} packages
 * @param {string} [prefix]
 * @returns {Record<string, { version?: string, resolved?: string, integrity?: string, dependencies?: object }>}
 */
export function shrinkwrapTree(packages, prefix = 'node_modules') {
  /** @type {Record<string, { version?: string, resolved?: string, integrity?: string, dependencies?: object }>} */
  const tree = {};
  for (const path of children(packages, prefix)) {
    const entry = packages[path];
    const nested = shrinkwrapTree(packages, path);
    tree[packageName(path)] = {
      version: entry.version,
      resolved: entry.resolved,
      integrity: entry.integrity,
      ...(Object.keys(nested).length > 0 ? { dependencies: nested } : {}),
    };
  }
  return tree;
}

export function shrinkwrapFor(depends) {
  const dir = mkdtempSync(join(tmpdir(), 'flightdeck-shrinkwrap-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'packages', version: '0.0.0', private: true, dependencies: depends }));
    execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--omit-lockfile-registry-resolved=false', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
    const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
    return { lockfileVersion: 4, dependencies: shrinkwrapTree(lock.packages) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const name of readdirSync(join(root, 'packages'))) {
    const packageJs = join(root, 'packages', name, 'package.js');
    if (!existsSync(packageJs)) continue;
    const depends = npmDepends(packageJs);
    if (!depends) continue;
    const npmDir = join(root, 'packages', name, '.npm', 'package');
    mkdirSync(npmDir, { recursive: true });
    writeFileSync(join(npmDir, 'npm-shrinkwrap.json'), `${JSON.stringify(shrinkwrapFor(depends), null, 2)}\n`);
    // As Meteor writes it: node_modules is rebuilt from the shrinkwrap, never committed.
    writeFileSync(join(npmDir, '.gitignore'), 'node_modules\n');
    console.log(`packages/${name}/.npm/package/npm-shrinkwrap.json: ${Object.keys(depends).join(', ')}`);
  }
}
