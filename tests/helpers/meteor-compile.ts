// The Meteor compile check: every file Meteor would compile, compiled the way Meteor 3.0-3.5 does.
//
// Modelled on Meteor's own sources (3.0.4 and the 3.5 line, which agree on all of this):
// - packages/typescript/plugin.js: .ts/.tsx (not .d.ts) through BabelCompiler({ react, typescript });
//   packages/ecmascript/plugin.js: .js/.jsx/.mjs through BabelCompiler({ react }).
// - packages/babel-compiler/babel-compiler.js: per arch, os.* gets nodeMajorVersion, web.browser gets
//   modernBrowsers, web.browser.legacy neither; jscript and useNativeAsyncAwait on; topLevelAwait on
//   the server only; .es5.js/.min.js files are not transpiled; filename "packages/<name>/<path>".
// - @meteorjs/babel 7.20 (babel-compiler's Npm.depends: 7.20.0 in 3.0.4, 7.20.1 since; they differ
//   only in @meteorjs/reify 0.25.3 vs 0.25.4): TypeScript's transpileModule, then Babel with Reify's
//   parser options, which enable private fields but not private methods.
// - tools/fs/files.ts runJavaScript: package.js runs in the tool's Node, wrapped in
//   "(function(Package,Npm,Cordova){...\n})", never through Babel.
// - tools/isobuild/resolver.ts: in the browser a Node built-in `x` or `node:x` resolves to
//   meteor-node-stubs/deps/x.js, which exists only for the ids in meteor-node-stubs' map.json.
// - A package's or an app's files other than its main modules and added files are lazy: compiled
//   for an arch only when something compiled for that arch imports them. Files nothing imports are
//   compiled here for all three arches anyway (stricter than Meteor: they are one import away).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { runInThisContext } from 'node:vm';
import { Worker } from 'node:worker_threads';

export const METEOR_ARCHES = ['os', 'web.browser', 'web.browser.legacy'] as const;
export type MeteorArch = (typeof METEOR_ARCHES)[number];

export interface MeteorCompileFailure {
  /** Path relative to the check's root directory. */
  path: string;
  arch: MeteorArch | 'package.js';
  message: string;
}

export interface MeteorCompileReport {
  /** Every compiled file (relative path) with the arches it was compiled for. */
  compiled: Map<string, Set<MeteorArch>>;
  failures: MeteorCompileFailure[];
}

export interface MeteorCompileOptions {
  /** Directory the reported paths are relative to. */
  root: string;
  /** Meteor package directories (each with a package.js). */
  packages: string[];
  /** Meteor app directories (each with .meteor/). */
  apps: string[];
  /** The server's Node major version: 20 for Meteor 3.0 (3.1-3.4 run 22, 3.5 runs 24). */
  nodeMajorVersion?: number;
}

const TYPESCRIPT_EXTENSIONS = ['.ts', '.tsx'];
const ECMASCRIPT_EXTENSIONS = ['.js', '.jsx', '.mjs'];
// What an import without extension may resolve to in Meteor: compiled sources, then files other
// compilers (templating, Meteor's JSON handler) take.
const RESOLVE_EXTENSIONS = ['.js', '.mjs', '.ts', '.tsx', '.jsx', '.json', '.html'];
const NOT_TRANSPILED = /\.(es5|min)\.js$/i;
const localRequire = createRequire(import.meta.url);

interface Unit {
  kind: 'package' | 'app';
  dir: string;
  /** "packages/<name>/" for a package (Meteor's Babel filename), "" for an app. */
  babelPrefix: string;
  /** Absolute paths of the files a compiler plugin takes. */
  sources: string[];
  /** Eager entries per arch. */
  entries: Map<MeteorArch, Set<string>>;
  /** The arches a file may be compiled for at all (app client/ and server/ directories). */
  allowedArches: (file: string) => readonly MeteorArch[];
  usesTypescript: boolean;
  usesEcmascript: boolean;
  /** A package's Npm.depends names; undefined for an app (its node_modules has what it installs). */
  npmDepends?: Set<string>;
}

function where(value: unknown): MeteorArch[] {
  const names = value === undefined ? ['client', 'server'] : Array.isArray(value) ? value : [value];
  const arches = new Set<MeteorArch>();
  for (const name of names) {
    if (name === 'server' || (typeof name === 'string' && name.startsWith('os'))) arches.add('os');
    else if (name === 'client') { arches.add('web.browser'); arches.add('web.browser.legacy'); }
    else if (name === 'web.browser' || name === 'web.browser.legacy') arches.add(name);
    else if (name === 'web.cordova' || name === 'web') { arches.add('web.browser.legacy'); }
    else throw new Error(`unknown architecture ${JSON.stringify(name)}`);
  }
  return [...arches];
}

interface PackageJsResult {
  name: string | undefined;
  entries: Map<MeteorArch, Set<string>>;
  uses: Set<string>;
  npmDepends: Set<string>;
}

/** Runs package.js the way Meteor's tool does, with an API that records what the check needs. */
function runPackageJs(file: string): PackageJsResult {
  const entries = new Map<MeteorArch, Set<string>>(METEOR_ARCHES.map((arch) => [arch, new Set<string>()]));
  const uses = new Set<string>();
  const npmDepends = new Set<string>();
  let name: string | undefined;
  const handlers: Array<(api: unknown) => void> = [];
  const addEntries = (paths: unknown, arches: unknown) => {
    for (const path of Array.isArray(paths) ? paths : [paths]) {
      for (const arch of where(arches)) entries.get(arch)!.add(join(dirname(file), String(path)));
    }
  };
  const api = {
    versionsFrom() {},
    use(names: unknown) {
      for (const spec of Array.isArray(names) ? names : [names]) uses.add(String(spec).split('@')[0]);
    },
    imply() {},
    export() {},
    addAssets() {},
    mainModule(path: unknown, arches?: unknown) { addEntries(path, arches); },
    addFiles(paths: unknown, arches?: unknown) { addEntries(paths, arches); },
  };
  const Package = {
    describe(options: { name?: string }) { name = options.name; },
    onUse(handler: (api: unknown) => void) { handlers.push(handler); },
    onTest(handler: (api: unknown) => void) { handlers.push(handler); },
    registerBuildPlugin() {},
  };
  const Npm = {
    depends(dependencies: Record<string, string>) { for (const dependency of Object.keys(dependencies)) npmDepends.add(dependency); },
    strip() {},
  };
  const Cordova = { depends() {} };
  const code = readFileSync(file, 'utf8');
  const run = runInThisContext(`(function(Package,Npm,Cordova){${code}\n})`, { filename: file }) as (...args: unknown[]) => void;
  run(Package, Npm, Cordova);
  for (const handler of handlers) {
    handler(new Proxy(api, {
      get(target, key) {
        if (key in target) return target[key as keyof typeof target];
        throw new Error(`package.js calls api.${String(key)}, which the compile check does not model`);
      },
    }));
  }
  return { name, entries, uses, npmDepends };
}

/** A .meteorignore as Meteor reads it (gitignore syntax); negations are not modelled. */
function meteorIgnore(dir: string): (rel: string) => boolean {
  const file = join(dir, '.meteorignore');
  if (!existsSync(file)) return () => false;
  const patterns = readFileSync(file, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const matchers = patterns.map((pattern) => {
    if (pattern.startsWith('!')) throw new Error(`${file}: negated patterns are not modelled by the compile check`);
    const anchored = pattern.replace(/\/$/, '').includes('/');
    const body = pattern.replace(/^\//, '').replace(/\/$/, '');
    const glob = new RegExp(`^${body.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
    return (rel: string) => {
      const parts = rel.split('/');
      if (anchored) return parts.some((_, index) => glob.test(parts.slice(0, index + 1).join('/')));
      return parts.some((part) => glob.test(part));
    };
  });
  return (rel) => matchers.some((matches) => matches(rel));
}

function walk(dir: string, skip: (rel: string, isDir: boolean) => boolean, base = dir, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const rel = relative(base, path).split(sep).join('/');
    // Meteor skips dot files and directories, and never compiles node_modules.
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    if (skip(rel, entry.isDirectory())) continue;
    if (entry.isDirectory()) walk(path, skip, base, found);
    else found.push(path);
  }
  return found;
}

function isCompiled(file: string): boolean {
  if (file.endsWith('.d.ts')) return false;
  return [...TYPESCRIPT_EXTENSIONS, ...ECMASCRIPT_EXTENSIONS].some((ext) => file.endsWith(ext));
}

/**
 * The files of a Meteor package that its compiler plugins take (the sources an isopack keeps), as
 * paths relative to the package, with the packages its package.js uses.
 */
export function meteorPackageSources(dir: string): { name: string; sources: string[]; uses: string[] } {
  const described = runPackageJs(join(dir, 'package.js'));
  const sources = packageSourceFiles(dir).map((file) => relative(dir, file).split(sep).join('/'));
  return { name: described.name ?? dir.split(sep).pop()!, sources, uses: [...described.uses] };
}

function packageSourceFiles(dir: string): string[] {
  const packageJs = join(dir, 'package.js');
  const ignored = meteorIgnore(dir);
  return walk(dir, (rel) => ignored(rel)).filter((file) => isCompiled(file) && file !== packageJs);
}

function packageUnit(dir: string, failures: MeteorCompileFailure[], root: string): Unit | null {
  const packageJs = join(dir, 'package.js');
  let described: PackageJsResult;
  try {
    described = runPackageJs(packageJs);
  } catch (error) {
    failures.push({ path: relative(root, packageJs), arch: 'package.js', message: (error as Error).message });
    return null;
  }
  const sources = packageSourceFiles(dir);
  const name = described.name ?? dir.split(sep).pop()!;
  return {
    kind: 'package',
    dir,
    babelPrefix: `packages/${name}/`,
    sources,
    entries: described.entries,
    allowedArches: () => METEOR_ARCHES,
    usesTypescript: described.uses.has('typescript'),
    usesEcmascript: described.uses.has('ecmascript') || described.uses.has('typescript'),
    npmDepends: described.npmDepends,
  };
}

function appUnit(dir: string): Unit {
  const ignored = meteorIgnore(dir);
  const packagesFile = readFileSync(join(dir, '.meteor', 'packages'), 'utf8');
  const used = new Set(packagesFile.split('\n').map((line) => line.replace(/#.*/, '').trim().split('@')[0]).filter(Boolean));
  // Meteor never builds these app directories into the app (tests/ only under `meteor test`).
  const notBuilt = new Set(['packages', 'public', 'private', 'tests', 'cordova-build-override']);
  const sources = walk(dir, (rel, isDir) => ignored(rel) || (isDir && !rel.includes('/') && notBuilt.has(rel))).filter(isCompiled);
  const packageJson = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { meteor?: { mainModule?: string | Record<string, string> } };
  const mainModule = packageJson.meteor?.mainModule;
  const entries = new Map<MeteorArch, Set<string>>(METEOR_ARCHES.map((arch) => [arch, new Set<string>()]));
  if (typeof mainModule === 'string') {
    for (const arch of METEOR_ARCHES) entries.get(arch)!.add(join(dir, mainModule));
  } else if (mainModule) {
    for (const [side, path] of Object.entries(mainModule)) for (const arch of where(side)) entries.get(arch)!.add(join(dir, path));
  } else {
    // No mainModule: Meteor loads every file outside imports/ eagerly.
    for (const file of sources) {
      if (relative(dir, file).split(sep).includes('imports')) continue;
      for (const arch of METEOR_ARCHES) entries.get(arch)!.add(file);
    }
  }
  return {
    kind: 'app',
    dir,
    babelPrefix: '',
    sources,
    entries,
    allowedArches: (file) => {
      const parts = relative(dir, file).split(sep);
      if (parts.includes('client')) return ['web.browser', 'web.browser.legacy'];
      if (parts.includes('server')) return ['os'];
      return METEOR_ARCHES;
    },
    usesTypescript: used.has('typescript'),
    usesEcmascript: used.has('ecmascript') || used.has('typescript'),
  };
}

function features(arch: MeteorArch, file: string, nodeMajorVersion: number): Record<string, unknown> {
  const result: Record<string, unknown> = { react: true, jscript: true, useNativeAsyncAwait: true, topLevelAwait: arch === 'os' };
  if (TYPESCRIPT_EXTENSIONS.some((ext) => file.endsWith(ext))) result.typescript = true;
  if (arch === 'os') result.nodeMajorVersion = nodeMajorVersion;
  else if (arch === 'web.browser') result.modernBrowsers = true;
  return result;
}

interface CompileResult { imports?: string[]; error?: string }

class BabelPool {
  #idle: Worker[] = [];
  #queue: Array<() => void> = [];
  #pending = new Map<number, (result: CompileResult) => void>();
  #nextId = 0;

  constructor(size: number) {
    for (let index = 0; index < size; index += 1) {
      // execArgv []: the worker is plain CommonJS and needs no tsx loader.
      const worker = new Worker(new URL('./meteor-babel-worker.cjs', import.meta.url), { execArgv: [] });
      // An idle worker does not keep the process alive; a busy one does.
      worker.unref();
      worker.on('message', (message: CompileResult & { id: number }) => {
        const done = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        worker.unref();
        this.#idle.push(worker);
        this.#queue.shift()?.();
        done?.(message);
      });
      this.#idle.push(worker);
    }
  }

  compile(task: { source: string; babelFilename: string; arch: MeteorArch; features: Record<string, unknown> }): Promise<CompileResult> {
    return new Promise((resolveResult) => {
      const start = () => {
        const worker = this.#idle.pop()!;
        const id = this.#nextId++;
        this.#pending.set(id, resolveResult);
        worker.ref();
        worker.postMessage({ id, ...task });
      };
      if (this.#idle.length > 0) start();
      else this.#queue.push(start);
    });
  }

}

// One pool per process: starting a worker loads Babel, TypeScript and the presets (about a second).
let sharedPool: BabelPool | undefined;

function stubbedBuiltins(): Map<string, boolean> {
  const map = JSON.parse(readFileSync(localRequire.resolve('meteor-node-stubs/map.json'), 'utf8')) as Record<string, string | null>;
  return new Map(Object.entries(map).map(([id, target]) => [id, target !== null]));
}

/** Where `id` imported from `file` leads: a file, an outside module, or a reason it cannot resolve. */
function resolveImport(unit: Unit, file: string, id: string, arch: MeteorArch, stubs: Map<string, boolean>):
  { file: string } | { outside: true } | { error: string } {
  if (id.startsWith('meteor/')) return { outside: true };
  const builtin = id.startsWith('node:') ? id.slice(5) : id;
  if (builtinModules.includes(builtin) || id.startsWith('node:')) {
    if (arch === 'os') return { outside: true };
    if (!stubs.has(builtin)) return { error: `imports "${id}", which meteor-node-stubs does not provide in the browser` };
    if (!stubs.get(builtin)) return { error: `imports "${id}", which is an empty object in the browser (meteor-node-stubs)` };
    return { outside: true };
  }
  if (!id.startsWith('.') && !id.startsWith('/')) {
    // Meteor 3 (seen in a 3.0.4 build): a package's bare import resolves in
    // its own Npm.depends, else in the app's node_modules, so one not in Npm.depends works only in
    // apps that happen to install it, and fails at run time ("Cannot find module") in the others.
    const npmName = id.split('/').slice(0, id.startsWith('@') ? 2 : 1).join('/');
    // @babel/runtime: Babel's helpers, which every Meteor 3 app installs (Meteor's babel-runtime check).
    if (unit.npmDepends && npmName !== '@babel/runtime' && !unit.npmDepends.has(npmName)) {
      return { error: `imports "${id}", which is not in its Npm.depends (Meteor would look for it in the app's node_modules)` };
    }
    return { outside: true };
  }
  const base = id.startsWith('/') ? join(unit.dir, id) : resolve(dirname(file), id);
  if (!base.startsWith(unit.dir + sep)) return { error: `imports "${id}", outside its ${unit.kind}` };
  const candidates = [base, ...RESOLVE_EXTENSIONS.map((ext) => base + ext), ...RESOLVE_EXTENSIONS.map((ext) => join(base, `index${ext}`))];
  for (const candidate of candidates) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return { file: candidate };
  }
  return { error: `imports "${id}", which does not resolve` };
}

/** Compiles every Meteor source of the given packages and apps for server, modern and legacy browsers. */
export async function checkMeteorSources(options: MeteorCompileOptions): Promise<MeteorCompileReport> {
  const root = resolve(options.root);
  const nodeMajorVersion = options.nodeMajorVersion ?? 20;
  const failures: MeteorCompileFailure[] = [];
  const compiled = new Map<string, Set<MeteorArch>>();
  const units: Unit[] = [];
  for (const dir of options.packages) {
    const unit = packageUnit(resolve(dir), failures, root);
    if (unit) units.push(unit);
  }
  for (const dir of options.apps) units.push(appUnit(resolve(dir)));

  const stubs = stubbedBuiltins();
  sharedPool ??= new BabelPool(Math.max(1, Math.min(4, availableParallelism())));
  const pool = sharedPool;
  const rel = (file: string) => relative(root, file).split(sep).join('/');
  await Promise.all(units.map(async (unit) => {
    const results = new Map<string, Promise<CompileResult>>();
    const compileOnce = (file: string, arch: MeteorArch): Promise<CompileResult> => {
      const key = `${arch}\n${file}`;
      let result = results.get(key);
      if (!result) {
        const isTypescript = TYPESCRIPT_EXTENSIONS.some((ext) => file.endsWith(ext));
        const plugin = isTypescript ? unit.usesTypescript : unit.usesEcmascript;
        if (!plugin) {
          result = Promise.resolve({ error: `no compiler plugin: the ${unit.kind} does not use ${isTypescript ? 'typescript' : 'ecmascript'}` });
        } else if (NOT_TRANSPILED.test(file)) {
          result = Promise.resolve({ imports: [] });
        } else {
          const entry = compiled.get(rel(file)) ?? new Set<MeteorArch>();
          entry.add(arch);
          compiled.set(rel(file), entry);
          result = pool.compile({
            source: readFileSync(file, 'utf8'),
            babelFilename: unit.babelPrefix + relative(unit.dir, file).split(sep).join('/'),
            arch,
            features: features(arch, file, nodeMajorVersion),
          });
        }
        results.set(key, result);
      }
      return result;
    };

    // Per arch, from the eager entries through every import, as Meteor's import scanner does.
    const reached = new Set<string>();
    await Promise.all(METEOR_ARCHES.map(async (arch) => {
      const seen = new Set<string>();
      const visit = async (file: string, from?: string): Promise<void> => {
        if (seen.has(file)) return;
        seen.add(file);
        reached.add(file);
        if (!existsSync(file)) {
          failures.push({ path: rel(from ?? file), arch, message: `${rel(file)} is a main module or an added file, and does not exist` });
          return;
        }
        if (!isCompiled(file)) return;
        if (!unit.allowedArches(file).includes(arch)) {
          failures.push({ path: rel(from ?? file), arch, message: `imports ${rel(file)}, which Meteor does not build for ${arch}` });
          return;
        }
        const result = await compileOnce(file, arch);
        if (result.error) {
          failures.push({ path: rel(file), arch, message: result.error });
          return;
        }
        await Promise.all((result.imports ?? []).map(async (id) => {
          const target = resolveImport(unit, file, id, arch, stubs);
          if ('error' in target) failures.push({ path: rel(file), arch, message: target.error });
          else if ('file' in target) await visit(target.file, file);
        }));
      };
      await Promise.all([...unit.entries.get(arch)!].map((file) => visit(file)));
    }));

    // Files nothing imports yet: every arch their directory allows.
    await Promise.all(unit.sources.filter((file) => !reached.has(file)).flatMap((file) => unit.allowedArches(file).map(async (arch) => {
      const result = await compileOnce(file, arch);
      if (result.error) failures.push({ path: rel(file), arch, message: result.error });
    })));
  }));
  failures.sort((a, b) => a.path.localeCompare(b.path) || a.arch.localeCompare(b.arch) || a.message.localeCompare(b.message));
  return { compiled, failures };
}

/** The repository's Meteor sources: every packages/<name>/ with a package.js, and the example app. */
export function repositoryMeteorSources(root: string): Pick<MeteorCompileOptions, 'packages' | 'apps'> {
  const packagesDir = join(root, 'packages');
  const packages = readdirSync(packagesDir).map((name) => join(packagesDir, name)).filter((dir) => existsSync(join(dir, 'package.js')));
  return { packages, apps: [join(root, 'example-app')] };
}

export function formatFailures(failures: MeteorCompileFailure[]): string {
  return failures.map((failure) => `${failure.path} (${failure.arch}): ${failure.message}`).join('\n\n');
}
