import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve, sep } from 'node:path';
import { installedIsopack, meteorVersionsOf, meteorWarehouseDir, type InstalledIsopack } from './installed-isopack.ts';
import { loadSpecModule, SpecLoadError } from './load-spec-module.ts';
import type { SettingsSpec } from '../lib/settings-spec.ts';

/**
 * How a package ships its settings spec, for `flightdeck-settings` to find: a field in its
 * package.json,
 *
 *   "flightdeck": { "meteorPackage": "acme:maps", "settingsSpec": "./dist/settings-spec.js" }
 *
 * `settingsSpec` is a module (or a list of modules) relative to the package, exporting specs the
 * way a `--schema` module does; `meteorPackage` is the Atmosphere name (or names) the spec serves,
 * so an app that lists that name in `.meteor/packages` gets it. The field is read from the app's
 * local packages (`packages/`, METEOR_PACKAGE_DIRS) and from its npm dependencies in node_modules.
 */
export interface FlightdeckPackageField {
  meteorPackage?: string | string[];
  settingsSpec?: string | string[];
}

export interface FoundSpec {
  spec: SettingsSpec;
  /** where it came from, for the report: `packages/cdn`, `node_modules/@flightdeck/cdn` */
  from: string;
}

export interface FoundSpecs {
  specs: FoundSpec[];
  /** what could not be found or loaded, each with what to do about it */
  notes: string[];
}

interface PackageJson {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  flightdeck?: FlightdeckPackageField;
}

// A package.json bigger than this is not one a person wrote; it is skipped, not parsed.
const MAX_PACKAGE_JSON_BYTES = 1 << 20;
const NPM_SCOPE = '@flightdeck';

/**
 * A Meteor package's spec module at its root, found without its package.json: how a package
 * installed from Atmosphere ships its spec, since an isopack keeps the package's sources (`.js`,
 * `.ts`) and drops its package.json.
 */
export const SPEC_MODULES = ['settings-spec.js', 'settings-spec.mjs', 'settings-spec.ts'];

function readJson(path: string): PackageJson | undefined {
  try {
    if (statSync(path).size > MAX_PACKAGE_JSON_BYTES) return undefined;
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as PackageJson) : undefined;
  } catch {
    return undefined;
  }
}

function list(value: string | string[] | undefined): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((item): item is string => typeof item === 'string' && item !== '');
}

/** The package names an app uses, from `.meteor/packages` (`name`, `name@1.0.0`, `name@=1.0.0`, comments). */
export function meteorPackagesOf(appDir: string): string[] | undefined {
  let text: string;
  try {
    text = readFileSync(join(appDir, '.meteor', 'packages'), 'utf8');
  } catch {
    return undefined;
  }
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '')
    .map((line) => line.split('@')[0].trim());
}

/** The name in a package.js's Package.describe({ name }), else the directory's name (as Meteor does). */
function localPackageName(dir: string): string {
  try {
    const source = readFileSync(join(dir, 'package.js'), 'utf8');
    const describe = /Package\.describe\s*\(\s*\{([\s\S]*?)\}\s*\)/.exec(source)?.[1] ?? '';
    const name = /\bname\s*:\s*['"]([^'"]+)['"]/.exec(describe)?.[1];
    if (name) return name;
  } catch {
    // no package.js: not a package
  }
  return dir.split(/[\\/]/).pop() as string;
}

/** Local package directories: the app's packages/ and each METEOR_PACKAGE_DIRS entry (a package, or a folder of packages). */
function localPackageDirs(appDir: string, env: Readonly<Record<string, string | undefined>>): string[] {
  const roots = [join(appDir, 'packages'), ...(env.METEOR_PACKAGE_DIRS ?? '').split(delimiter).filter(Boolean).map((dir) => resolve(appDir, dir))];
  const dirs: string[] = [];
  for (const root of roots) {
    if (existsSync(join(root, 'package.js'))) {
      dirs.push(root);
      continue;
    }
    let entries: string[];
    try {
      entries = readdirSync(root);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const dir = join(root, entry);
      if (entry !== 'node_modules' && existsSync(join(dir, 'package.js'))) dirs.push(dir);
    }
  }
  return dirs;
}

/** node_modules/<name> for the app's npm dependencies and every @flightdeck/* package, nearest node_modules first. */
function npmPackageDirs(appDir: string): string[] {
  const app = readJson(join(appDir, 'package.json'));
  const names = new Set(Object.keys({ ...app?.dependencies, ...app?.devDependencies, ...app?.optionalDependencies }));
  const dirs: string[] = [];
  const seen = new Set<string>();
  for (let dir = resolve(appDir); ; dir = dirname(dir)) {
    const modules = join(dir, 'node_modules');
    const candidates = new Set(names);
    try {
      for (const entry of readdirSync(join(modules, NPM_SCOPE))) candidates.add(`${NPM_SCOPE}/${entry}`);
    } catch {
      // no @flightdeck scope here
    }
    for (const name of candidates) {
      if (seen.has(name) || !existsSync(join(modules, name, 'package.json'))) continue;
      seen.add(name);
      dirs.push(join(modules, name));
    }
    if (dirname(dir) === dir) break;
  }
  return dirs;
}

async function specsOfPackage(dir: string, field: FlightdeckPackageField, shownDir: string, notes: string[], fix: string): Promise<FoundSpec[]> {
  const found: FoundSpec[] = [];
  for (const module of list(field.settingsSpec)) {
    const shown = `${shownDir}/${module.replace(/^\.\//, '')}`;
    if (!resolve(dir, module).startsWith(`${resolve(dir)}${sep}`)) {
      notes.push(`${shownDir}/package.json names a settings spec outside its package (${module}): not loaded`);
      continue;
    }
    if (!existsSync(resolve(dir, module))) {
      notes.push(`${shown} is declared as a settings spec but is not there: ${fix}`);
      continue;
    }
    found.push(...(await specsOfModule(resolve(dir, module), shown, shownDir, notes)));
  }
  return found;
}

async function specsOfModule(path: string, shown: string, from: string, notes: string[], describe = (error: SpecLoadError) => error.message): Promise<FoundSpec[]> {
  try {
    return (await loadSpecModule(path, '/', shown)).map((spec) => ({ spec, from }));
  } catch (error) {
    if (!(error instanceof SpecLoadError)) throw error;
    notes.push(describe(error));
    return [];
  }
}

function declaredSpecsExist(dir: string, field: FlightdeckPackageField | undefined): boolean {
  const modules = list(field?.settingsSpec);
  return modules.length > 0 && modules.every((module) => existsSync(resolve(dir, module)));
}

/** The npm packages in these node_modules folders (Npm.depends') whose package.json says it holds `meteorName`'s spec. */
function npmCoresOf(nodeModules: readonly string[], meteorName: string): Array<{ dir: string; field: FlightdeckPackageField }> {
  const cores: Array<{ dir: string; field: FlightdeckPackageField }> = [];
  for (const modules of nodeModules) {
    let entries: string[];
    try {
      entries = readdirSync(modules);
    } catch {
      continue;
    }
    const dirs = entries.flatMap((entry) => {
      if (!entry.startsWith('@')) return [join(modules, entry)];
      try {
        return readdirSync(join(modules, entry)).map((inner) => join(modules, entry, inner));
      } catch {
        return [];
      }
    });
    for (const dir of dirs) {
      const field = readJson(join(dir, 'package.json'))?.flightdeck;
      if (field?.settingsSpec && list(field.meteorPackage).includes(meteorName)) cores.push({ dir, field });
    }
  }
  return cores;
}

function relativeTo(appDir: string, dir: string): string {
  const app = resolve(appDir);
  return dir.startsWith(`${app}${sep}`) ? dir.slice(app.length + 1) : dir;
}

/** A path as the user would type it: under the home directory, `~/…`. */
function shownPath(path: string, env: Env): string {
  const home = env.HOME || homedir();
  return home && path.startsWith(`${home}${sep}`) ? `~${path.slice(home.length)}` : path;
}

/** How to get a Meteor package's spec to the CLI. */
function installAdvice(name: string): string {
  const [owner, short] = name.split(':');
  const npm = owner === 'flightdeck' ? `${NPM_SCOPE}/${short}` : undefined;
  return `${npm ? `npm install --save-dev ${npm} (its npm core ships the spec), or ` : ''}pass its schema with --schema <module>`;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The specs of a package `meteor` installed from Atmosphere. Its isopack keeps the package's
 * sources but not its package.json, so the spec is found as a `settings-spec` module at the
 * package's root, else in an npm core the package Npm.depends on.
 */
async function specsOfIsopack(isopack: InstalledIsopack, env: Env, notes: string[]): Promise<FoundSpec[]> {
  const shownDir = shownPath(isopack.dir, env);
  const installed = `${isopack.name}@${isopack.version} (installed from Atmosphere, ${shownDir})`;
  const describe = (error: SpecLoadError): string =>
    error.needsTsx
      ? `${installed} ships its settings spec in TypeScript, which needs tsx to load: npm install --save-dev tsx, or ${installAdvice(isopack.name)}`
      : `${installed}: ${error.message}; or ${installAdvice(isopack.name)}`;
  for (const module of SPEC_MODULES) {
    const file = isopack.sources.get(module);
    if (file && existsSync(file)) return specsOfModule(file, shownPath(file, env), shownDir, notes, describe);
  }
  for (const { dir, field } of npmCoresOf(isopack.nodeModules, isopack.name)) {
    const found = await specsOfPackage(dir, field, shownPath(dir, env), notes, `reinstall ${isopack.name}`);
    if (found.length > 0) return found;
  }
  return [];
}

/**
 * The specs of a local Meteor package: the modules its package.json's `flightdeck.settingsSpec`
 * names when they are built, else its `settings-spec` module, else an npm core in its
 * `.npm/package/node_modules` (Npm.depends); a declared module that is not there is a note.
 */
async function specsOfLocalPackage(dir: string, name: string, shownDir: string, notes: string[]): Promise<FoundSpec[] | undefined> {
  const field = readJson(join(dir, 'package.json'))?.flightdeck;
  if (field?.settingsSpec && declaredSpecsExist(dir, field)) return specsOfPackage(dir, field, shownDir, notes, '');
  const module = SPEC_MODULES.find((candidate) => existsSync(join(dir, candidate)));
  if (module) return specsOfModule(join(dir, module), `${shownDir}/${module}`, shownDir, notes);
  for (const core of npmCoresOf([join(dir, '.npm', 'package', 'node_modules')], name)) {
    const found = await specsOfPackage(core.dir, core.field, `${shownDir}/${relativeTo(dir, core.dir)}`, notes, `reinstall ${name}`);
    if (found.length > 0) return found;
  }
  if (field?.settingsSpec) return specsOfPackage(dir, field, shownDir, notes, `build the package, or ${installAdvice(name)}`);
  return undefined;
}

/**
 * The settings specs of the packages an app uses: its local Meteor packages that .meteor/packages
 * names, the Atmosphere packages `meteor` installed for it (the version in .meteor/versions, in the
 * package warehouse), and its npm dependencies (plus every installed @flightdeck/* package) whose
 * package.json declares `flightdeck.settingsSpec`. A package .meteor/packages names whose spec is
 * expected (a flightdeck:* package, or one that uses flightdeck:settings) but not found is a note
 * saying what to do. `builtIn` names the Meteor packages the caller already covers.
 */
export async function findSettingsSpecs(appDir: string, env: Env, builtIn: readonly string[] = []): Promise<FoundSpecs> {
  const notes: string[] = [];
  const specs: FoundSpec[] = [];
  const used = meteorPackagesOf(appDir);
  const covered = new Set(builtIn);
  const noted = new Set<string>();
  const expected = new Set((used ?? []).filter((name) => name.startsWith('flightdeck:')));
  const local = new Set<string>();

  for (const dir of localPackageDirs(appDir, env)) {
    const name = localPackageName(dir);
    if (!used?.includes(name) || covered.has(name)) continue;
    local.add(name);
    const before = notes.length;
    const found = await specsOfLocalPackage(dir, name, relativeTo(appDir, dir), notes);
    if (notes.length > before) noted.add(name);
    if (found && found.length > 0) {
      specs.push(...found);
      covered.add(name);
    } else if (!found) {
      try {
        if (readFileSync(join(dir, 'package.js'), 'utf8').includes('flightdeck:settings')) expected.add(name);
      } catch {
        // unreadable package.js: nothing to say about it
      }
    }
  }

  // What Meteor installed from Atmosphere: a local package of the same name is the one the app builds with.
  const versions = meteorVersionsOf(appDir);
  const warehouse = meteorWarehouseDir(env);
  const notInstalled = new Map<string, string>();
  for (const name of used ?? []) {
    if (covered.has(name) || local.has(name)) continue;
    const version = versions.get(name);
    const isopack = version ? installedIsopack(warehouse, name, version) : undefined;
    if (!isopack) {
      if (version) notInstalled.set(name, shownPath(join(warehouse, 'packages', name.replace(/:/g, '_'), version), env));
      continue;
    }
    if (isopack.uses.includes('flightdeck:settings')) expected.add(name);
    const before = notes.length;
    const found = await specsOfIsopack(isopack, env, notes);
    if (notes.length > before) noted.add(name);
    if (found.length > 0) {
      specs.push(...found);
      covered.add(name);
    } else if (expected.has(name) && !noted.has(name)) {
      notes.push(`${name}@${isopack.version} is installed from Atmosphere (${shownPath(isopack.dir, env)}) but ships no settings spec (a ${SPEC_MODULES.join(' or ')} at its root), so its keys cannot be checked: ${installAdvice(name)}`);
      noted.add(name);
    }
  }

  for (const dir of npmPackageDirs(appDir)) {
    const packageJson = readJson(join(dir, 'package.json'));
    const field = packageJson?.flightdeck;
    if (!field?.settingsSpec) continue;
    const meteorNames = list(field.meteorPackage);
    // The Meteor package wins, local or from Atmosphere: it is what the app builds with.
    if (meteorNames.length > 0 && meteorNames.every((name) => covered.has(name))) continue;
    const found = await specsOfPackage(dir, field, relativeTo(appDir, dir), notes, `reinstall ${packageJson?.name ?? 'the package'}`);
    specs.push(...found);
    if (found.length > 0) for (const name of meteorNames) covered.add(name);
  }

  for (const name of expected) {
    if (covered.has(name) || noted.has(name)) continue;
    const where = notInstalled.get(name);
    notes.push(
      `${name} is in .meteor/packages but its settings spec was not found, so its keys cannot be checked: ${installAdvice(name)}` +
        (where ? ` (Meteor has not downloaded ${name} to ${where} yet: run the app once with meteor)` : ''),
    );
  }
  return { specs, notes };
}
