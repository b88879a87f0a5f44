import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve, sep } from 'node:path';
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
    try {
      for (const spec of await loadSpecModule(module, dir, shown)) found.push({ spec, from: shownDir });
    } catch (error) {
      if (!(error instanceof SpecLoadError)) throw error;
      notes.push(error.message);
    }
  }
  return found;
}

function relativeTo(appDir: string, dir: string): string {
  const app = resolve(appDir);
  return dir.startsWith(`${app}${sep}`) ? dir.slice(app.length + 1) : dir;
}

/** How to get a Meteor package's spec to the CLI. */
function installAdvice(name: string): string {
  const [owner, short] = name.split(':');
  const npm = owner === 'flightdeck' ? `${NPM_SCOPE}/${short}` : undefined;
  return `${npm ? `npm install --save-dev ${npm} (its npm core ships the spec), or ` : ''}pass its schema with --schema <module>`;
}

function missingSpecAdvice(name: string): string {
  return `${name} is in .meteor/packages but its settings spec was not found, so its keys cannot be checked: ${installAdvice(name)}`;
}

/**
 * The settings specs of the packages an app uses: its local Meteor packages that .meteor/packages
 * names, and its npm dependencies (plus every installed @flightdeck/* package) whose package.json
 * declares `flightdeck.settingsSpec`. A package .meteor/packages names whose spec is expected
 * (a flightdeck:* package, or a local package that uses flightdeck:settings) but not found is a
 * note saying what to do. `builtIn` names the Meteor packages the caller already covers.
 */
export async function findSettingsSpecs(
  appDir: string,
  env: Readonly<Record<string, string | undefined>>,
  builtIn: readonly string[] = [],
): Promise<FoundSpecs> {
  const notes: string[] = [];
  const specs: FoundSpec[] = [];
  const used = meteorPackagesOf(appDir);
  const covered = new Set(builtIn);
  const expected = new Set((used ?? []).filter((name) => name.startsWith('flightdeck:')));

  for (const dir of localPackageDirs(appDir, env)) {
    const name = localPackageName(dir);
    if (!used?.includes(name) || covered.has(name)) continue;
    const packageJson = readJson(join(dir, 'package.json'));
    const field = packageJson?.flightdeck;
    const shownDir = relativeTo(appDir, dir);
    if (!field?.settingsSpec) {
      let usesSettings = false;
      try {
        usesSettings = readFileSync(join(dir, 'package.js'), 'utf8').includes('flightdeck:settings');
      } catch {
        // unreadable package.js: nothing to say about it
      }
      if (usesSettings) expected.add(name);
      continue;
    }
    const found = await specsOfPackage(dir, field, shownDir, notes, `build the package, or ${installAdvice(name)}`);
    if (found.length > 0) {
      specs.push(...found);
      covered.add(name);
    }
  }

  for (const dir of npmPackageDirs(appDir)) {
    const packageJson = readJson(join(dir, 'package.json'));
    const field = packageJson?.flightdeck;
    if (!field?.settingsSpec) continue;
    const meteorNames = list(field.meteorPackage);
    // The local package wins: it is what the app builds with.
    if (meteorNames.length > 0 && meteorNames.every((name) => covered.has(name))) continue;
    const found = await specsOfPackage(dir, field, relativeTo(appDir, dir), notes, `reinstall ${packageJson?.name ?? 'the package'}`);
    specs.push(...found);
    if (found.length > 0) for (const name of meteorNames) covered.add(name);
  }

  for (const name of expected) if (!covered.has(name)) notes.push(missingSpecAdvice(name));
  return { specs, notes };
}
