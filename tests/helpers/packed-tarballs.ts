// The four packages as npm users get them: `npm pack` of each workspace (which runs its prepack
// build), then `npm ci --offline` of a fresh npm project that depends on the tarballs. The
// project's package-lock.json is written here from the repository's own lock (the exact versions
// and integrity hashes it resolved), so the install needs no registry: tarballs come from npm's
// cache, and a dependency the lock does not know fails loudly instead of going to the network.
//
//   const tarballs = await packTarballs(dir);
//   const project = await installTarballs(tarballs, { dir: projectDir, extra: ['@types/node'] });
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const PACKAGES = ['settings', 'cdn', 'analytics', 'seo'] as const;
export type PackageName = (typeof PACKAGES)[number];

export interface PackedFile {
  path: string;
  size: number;
}
export interface Tarball {
  name: string;
  version: string;
  file: string;
  integrity: string;
  files: PackedFile[];
  manifest: Record<string, unknown>;
}

/** `npm pack` of the four workspaces into `dir` (prepack builds each); one entry per package. */
export async function packTarballs(dir: string): Promise<Record<PackageName, Tarball>> {
  await mkdir(dir, { recursive: true });
  const workspaces = PACKAGES.flatMap((name) => ['-w', `packages/${name}`]);
  const { stdout } = await run('npm', ['pack', ...workspaces, '--pack-destination', dir, '--json', '--silent'], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
  });
  const packed = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ name: string; version: string; filename: string; integrity: string; files: PackedFile[] }>;
  const result = {} as Record<PackageName, Tarball>;
  for (const entry of packed) {
    const short = entry.name.replace('@flightdeck/', '') as PackageName;
    const manifest = JSON.parse(await readFile(join(repoRoot, 'packages', short, 'package.json'), 'utf8')) as Record<string, unknown>;
    result[short] = { name: entry.name, version: entry.version, file: join(dir, entry.filename), integrity: entry.integrity, files: entry.files, manifest };
  }
  return result;
}

type LockEntry = Record<string, unknown> & { version?: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; link?: boolean; resolved?: string };

/** Where Node would find `name` from a package at `from` in the repository's tree (its lock keys). */
function resolveInLock(lock: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const key = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (lock[key]) return key;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? (base.startsWith('node_modules/') || base.startsWith('packages/') ? '' : '') : base.slice(0, cut);
    if (cut === -1 && base === '') {
      const top = `node_modules/${name}`;
      return lock[top] ? top : undefined;
    }
  }
}

export interface InstallOptions {
  dir: string;
  /** Registry packages the consumer also depends on (names the repository's lock has). */
  extra?: string[];
  /** The four packages by default. */
  packages?: readonly PackageName[];
}

/** Writes package.json + package-lock.json for a consumer of the tarballs and runs `npm ci --offline`. */
export async function installTarballs(tarballs: Record<PackageName, Tarball>, options: InstallOptions): Promise<string> {
  const dir = options.dir;
  await mkdir(dir, { recursive: true });
  const repoLock = (JSON.parse(await readFile(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> }).packages;
  const packages: Record<string, LockEntry> = {};
  const dependencies: Record<string, string> = {};

  // Copies a registry package and, depth first, what it needs, at the same place in the tree.
  const copy = (from: string, name: string, optional: boolean): void => {
    const key = resolveInLock(repoLock, from, name);
    if (!key) {
      if (optional) return;
      throw new Error(`${name} (needed by ${from || 'the consumer'}) is not in package-lock.json: the offline install cannot get it`);
    }
    const target = key.replace(/^packages\/([^/]+)\/node_modules\//, (_m, pkg: string) => `node_modules/@flightdeck/${pkg}/node_modules/`);
    if (packages[target]) return;
    const entry = repoLock[key];
    const copied: LockEntry = { ...entry };
    // This repository's lock records no `resolved`; without one npm asks the registry for the
    // package's metadata. The registry's tarball URL is what npm's cache has the tarball under.
    const installedName = String(entry.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
    copied.resolved ??= `https://registry.npmjs.org/${installedName}/-/${installedName.split('/').pop()}-${entry.version}.tgz`;
    delete copied.dev;
    delete copied.devOptional;
    delete copied.peer;
    packages[target] = copied;
    for (const dep of Object.keys(entry.dependencies ?? {})) copy(key, dep, false);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) copy(key, dep, true);
  };

  for (const short of options.packages ?? PACKAGES) {
    const tarball = tarballs[short];
    const spec = `file:${relative(dir, tarball.file)}`;
    dependencies[tarball.name] = spec;
    const manifest = tarball.manifest;
    const entry: LockEntry = { version: tarball.version, resolved: spec, integrity: tarball.integrity, license: manifest.license };
    for (const field of ['dependencies', 'peerDependencies', 'peerDependenciesMeta', 'bin', 'engines']) {
      if (manifest[field]) entry[field] = manifest[field];
    }
    packages[`node_modules/${tarball.name}`] = entry;
    for (const dep of Object.keys((manifest.dependencies as Record<string, string> | undefined) ?? {})) copy(`packages/${short}`, dep, false);
  }
  for (const name of options.extra ?? []) {
    const key = resolveInLock(repoLock, '', name);
    if (!key) throw new Error(`${name} is not in package-lock.json`);
    dependencies[name] = String(repoLock[key].version);
    copy('', name, false);
  }

  const manifest = { name: 'flightdeck-consumer', version: '1.0.0', private: true, type: 'module', dependencies };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const lock = { name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages: { '': { name: manifest.name, version: manifest.version, dependencies }, ...packages } };
  await writeFile(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  await run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
  return dir;
}
