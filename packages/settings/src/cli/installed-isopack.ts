import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';

/**
 * A Meteor package as `meteor` installed it from Atmosphere: an isopack in the package warehouse,
 * `<warehouse>/packages/<author>_<name>/<version>/` (Meteor's tools/packaging/tropohouse.js,
 * `packagePath`; the colon becomes `_`). The isopack holds `isopack.json` (its unibuilds), one
 * `<arch>.json` per unibuild listing its resources, and the files: a package compiled by a build
 * plugin (ecmascript, typescript) keeps its sources as they are, `os/src/lib/x.ts` for the source
 * `src/lib/x.ts`, because plugins compile them when an app builds; Npm.depends' modules are in
 * `npm/node_modules`.
 */
export interface InstalledIsopack {
  name: string;
  version: string;
  /** the isopack's directory */
  dir: string;
  /** the server unibuild's source files, by their path in the package: `settings-spec.ts` → `<dir>/os/settings-spec.ts` */
  sources: Map<string, string>;
  /** the server unibuild's node_modules folders (Npm.depends), absolute */
  nodeModules: string[];
  /** the packages the server unibuild uses */
  uses: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

// An isopack's control files list every file of a package: a few hundred KB for the largest.
const MAX_CONTROL_FILE_BYTES = 16 << 20;

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    if (statSync(path).size > MAX_CONTROL_FILE_BYTES) return undefined;
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where `meteor` keeps the packages it downloads: METEOR_WAREHOUSE_DIR, else `~/.meteor`
 * (tools/packaging/tropohouse.js, `defaultWarehouseDir`; on Windows the folder above
 * METEOR_INSTALLATION, as tools/fs/files.ts `getHomeDir` says).
 */
export function meteorWarehouseDir(env: Env, platform: NodeJS.Platform = process.platform): string {
  if (env.METEOR_WAREHOUSE_DIR) return env.METEOR_WAREHOUSE_DIR;
  if (platform === 'win32' && env.METEOR_INSTALLATION) return join(dirname(env.METEOR_INSTALLATION.replace(/[\\/]+$/, '')), '.meteor');
  return join(env.HOME || homedir(), '.meteor');
}

/** The version `meteor` resolved for each package of an app: `.meteor/versions`, `name@version` a line. */
export function meteorVersionsOf(appDir: string): Map<string, string> {
  const versions = new Map<string, string>();
  let text: string;
  try {
    text = readFileSync(join(appDir, '.meteor', 'versions'), 'utf8');
  } catch {
    return versions;
  }
  for (const line of text.split('\n')) {
    const match = /^\s*([^\s@#]+)@([^\s#]+)/.exec(line);
    if (match) versions.set(match[1], match[2]);
  }
  return versions;
}

/** A path an isopack's control file names, kept inside the isopack. */
function inside(dir: string, path: unknown): string | undefined {
  if (typeof path !== 'string' || path === '') return undefined;
  const absolute = resolve(dir, path);
  return absolute.startsWith(`${resolve(dir)}${sep}`) ? absolute : undefined;
}

/** The isopack of `name@version` in the warehouse, read from its control files; undefined when it is not installed. */
export function installedIsopack(warehouseDir: string, name: string, version: string): InstalledIsopack | undefined {
  if (!/^[a-z0-9:._-]+$/i.test(name) || !/^[0-9A-Za-z.+_-]+$/.test(version)) return undefined;
  const dir = join(warehouseDir, 'packages', name.replace(/:/g, '_'), version);
  const metadata = readJson(join(dir, 'isopack.json'))?.['isopack-2'] as { builds?: Array<{ kind?: string; arch?: string; path?: string }> } | undefined;
  if (!metadata || !Array.isArray(metadata.builds)) return undefined;
  // The server unibuild (`os`, or `os.linux.x86_64` for a package with binary npm modules), else any.
  const builds = metadata.builds.filter((build) => build?.kind === 'main' || build?.kind === undefined);
  const build = builds.find((candidate) => /^os(\.|$)/.test(candidate.arch ?? '')) ?? builds[0];
  const unibuildPath = inside(dir, build?.path);
  const unibuild = unibuildPath ? readJson(unibuildPath) : undefined;
  const sources = new Map<string, string>();
  const nodeModules: string[] = [];
  const uses: string[] = [];
  if (unibuild) {
    for (const resource of Array.isArray(unibuild.resources) ? (unibuild.resources as Array<Record<string, unknown>>) : []) {
      const file = inside(dir, resource?.file);
      if (resource?.type === 'source' && typeof resource.path === 'string' && file) sources.set(resource.path, file);
    }
    const modules = unibuild.node_modules;
    for (const path of typeof modules === 'string' ? [modules] : modules && typeof modules === 'object' ? Object.keys(modules) : []) {
      const absolute = inside(dir, path);
      if (absolute) nodeModules.push(absolute);
    }
    for (const use of Array.isArray(unibuild.uses) ? (unibuild.uses as Array<{ package?: unknown }>) : []) {
      if (typeof use?.package === 'string') uses.push(use.package);
    }
  }
  return { name, version, dir, sources, nodeModules, uses };
}
