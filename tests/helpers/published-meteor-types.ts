// The four Atmosphere packages' types as an app gets them from zodern:types (1.0.13), built without
// Meteor from what each step does in zodern/meteor-types:
// - publish (publish-packages.js): in the package folder, `npx --no-install tsc --declaration
//   --emitDeclarationOnly --noEmit false --declarationDir __types --declarationMap`, then
//   __types/package-types.json = { typesEntry: <typesEntry relative to the package, .ts -> .d.ts> };
// - the published package holds the files `meteor publish` takes (the folder less .meteorignore,
//   node_modules and .npm/package/node_modules);
// - in the app (types-entry.js, writer.js): the typesEntry is read from __types/package-types.json,
//   relative to __types/, and must exist; .meteor/local/types/node_modules/package-types/<name>/package
//   is the package, and packages.d.ts declares `meteor/<name>` as `export * from` that entry.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './packed-tarballs.ts';

const run = promisify(execFile);
export const METEOR_PACKAGES = ['settings', 'cdn', 'analytics', 'seo'] as const;

/**
 * The packages' sub-path modules (`meteor/<name>/<path>`, a lazy file of the package) and their
 * declarations. zodern:types declares only `meteor/<name>`, so an app maps these in its tsconfig
 * (the README's line): `paths` to the declaration under the package's __types/.
 */
export const METEOR_SUB_PATHS: Record<string, { name: (typeof METEOR_PACKAGES)[number]; declaration: string }> = {
  'meteor/flightdeck:analytics/tracked': { name: 'analytics', declaration: '__types/tracked.d.ts' },
};

/** Runs zodern:types' publish-time declaration build in packages/<name> (settings first: the others use its __types). */
export async function generatePublishedTypes(name: string): Promise<{ typesEntry: string }> {
  const dir = join(repoRoot, 'packages', name);
  rmSync(join(dir, '__types'), { recursive: true, force: true });
  await run('npx', ['--no-install', 'tsc', '--declaration', '--emitDeclarationOnly', '--noEmit', 'false', '--declarationDir', join(dir, '__types'), '--declarationMap'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
  const config = JSON.parse(readFileSync(join(dir, 'package-types.json'), 'utf8')) as { typesEntry: string };
  const typesEntry = relative(dir, resolve(dir, config.typesEntry)).replace('.ts', '.d.ts');
  writeFileSync(join(dir, '__types', 'package-types.json'), JSON.stringify({ typesEntry }, null, 2));
  return { typesEntry };
}

/** .meteorignore as Meteor reads it for these packages: one pattern a line, `dir/` or a file name. */
function ignored(dir: string): (path: string) => boolean {
  const file = join(dir, '.meteorignore');
  const patterns = existsSync(file)
    ? readFileSync(file, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'))
    : [];
  return (path) =>
    path.split('/').includes('node_modules') ||
    path.startsWith('.npm/package/node_modules') ||
    patterns.some((pattern) => (pattern.endsWith('/') ? path === pattern.slice(0, -1) || path.startsWith(pattern) : path === pattern || path.endsWith(`/${pattern}`)));
}

function copyPublished(from: string, to: string): string[] {
  const skip = ignored(from);
  const copied: string[] = [];
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(from, sub), { withFileTypes: true })) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      if (skip(path)) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        mkdirSync(dirname(join(to, path)), { recursive: true });
        cpSync(join(from, path), join(to, path));
        copied.push(path);
      }
    }
  };
  walk('');
  return copied;
}

export interface MeteorTypesApp {
  dir: string;
  /** Per package, the files the published copy holds. */
  published: Record<string, string[]>;
  /** Per package, the entry zodern:types resolved, relative to the package. */
  typesEntries: Record<string, string>;
  /** `.meteor/local/types/node_modules/package-types/<name>/package`, relative to the app. */
  packagePath(name: string): string;
}

/** An app folder with the layout zodern:types writes for the four published packages. */
export async function meteorTypesApp(dir: string): Promise<MeteorTypesApp> {
  const published: Record<string, string[]> = {};
  const typesEntries: Record<string, string> = {};
  const typesDir = join(dir, '.meteor', 'local', 'types');
  let declaration = '';
  // settings first: the others' declaration builds read its __types (as their publish does).
  await generatePublishedTypes('settings');
  await Promise.all(METEOR_PACKAGES.filter((name) => name !== 'settings').map((name) => generatePublishedTypes(name)));
  for (const name of METEOR_PACKAGES) {
    const target = join(typesDir, 'node_modules', 'package-types', `flightdeck_${name}`);
    published[name] = copyPublished(join(repoRoot, 'packages', name), join(target, 'package'));
    // The isopack's npm/node_modules (Npm.depends); here the repository's, which holds the same versions.
    symlinkSync(join(repoRoot, 'node_modules'), join(target, 'node_modules'), 'junction');
    const config = JSON.parse(readFileSync(join(target, 'package', '__types', 'package-types.json'), 'utf8')) as { typesEntry: string };
    const entry = resolve(target, 'package', '__types', config.typesEntry);
    if (!existsSync(entry) || !statSync(entry).isFile()) throw new Error(`flightdeck:${name}: typesEntry ${config.typesEntry} does not resolve (${entry})`);
    typesEntries[name] = relative(join(target, 'package'), entry);
    declaration += `\ndeclare module 'meteor/flightdeck:${name}' {\n  export * from 'package-types/flightdeck_${name}/package/${typesEntries[name].replace('.ts', '')}'\n}\n`;
  }
  for (const core of ['meteor', 'webapp', 'tracker']) declaration += `\ndeclare module 'meteor/${core}' {\n  export * from 'meteor/${core}';\n}\n`;
  writeFileSync(join(typesDir, 'packages.d.ts'), declaration);
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'junction');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  return { dir, published, typesEntries, packagePath: (name) => `.meteor/local/types/node_modules/package-types/flightdeck_${name}/package` };
}

/** Writes tsconfig `name` in the app and type-checks it; resolves tsc's status and output. */
export async function typecheckApp(app: MeteorTypesApp, name: string, config: { files: string[]; paths?: Record<string, string[]> }): Promise<{ status: number; output: string }> {
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      baseUrl: '.',
      lib: ['ES2022', 'DOM'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node', 'meteor'],
      // zodern:types' README: `meteor/*` through the declaration it writes; the sub-paths as the
      // packages' READMEs say.
      paths: {
        ...Object.fromEntries(Object.entries(METEOR_SUB_PATHS).map(([id, { name, declaration }]) => [id, [`${app.packagePath(name)}/${declaration}`]])),
        ...config.paths,
        'meteor/*': ['node_modules/@types/meteor/*', '.meteor/local/types/packages.d.ts'],
      },
    },
    // Per-side paths only work while packages.d.ts stays out of the program: an ambient
    // `declare module 'meteor/flightdeck:seo'` there wins over any path mapping.
    files: config.paths ? config.files : ['.meteor/local/types/packages.d.ts', ...config.files],
  };
  writeFileSync(join(app.dir, name), JSON.stringify(tsconfig, null, 2));
  try {
    const { stdout } = await run(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(app.dir, name)], { cwd: app.dir, maxBuffer: 16 * 1024 * 1024 });
    return { status: 0, output: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { status: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}
