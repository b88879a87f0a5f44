// A Meteor package as `meteor` leaves it in the package warehouse after downloading it from
// Atmosphere, built from a package directory with what Meteor's tool writes (tools/packaging/
// tropohouse.js, tools/isobuild/isopack.js saveToPath, unibuild.js toJSON):
//
//   <warehouse>/packages/<author>_<name>/<version> -> .<version>.<id>++os+web.browser+web.browser.legacy
//   isopack.json                    {"isopack-2": { name, version, builds: [{ kind, arch, path: "os.json" }, …] }}
//   os.json, web.browser.json, …    { format: "isopack-2-unibuild", uses, node_modules, resources: [{ type: "source", path, file }] }
//   os/<path>, web.browser/<path>   each source as written: compiler plugins compile them when an app builds
//   npm/node_modules/               Npm.depends' modules
//   package.js                      a stub for Meteor 0.6.4's downloader; the real package.js and package.json are not kept
import { cpSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { meteorPackageSources } from './meteor-compile.ts';

const ARCHES = ['os', 'web.browser', 'web.browser.legacy'] as const;

export interface IsopackOptions {
  version: string;
  /** npm packages to put in npm/node_modules, name → directory to copy */
  npmModules?: Record<string, string>;
}

/** Installs `packageDir` into `warehouseDir` as a downloaded isopack; returns the isopack's directory (the `<version>` link). */
export function installIsopack(warehouseDir: string, packageDir: string, options: IsopackOptions): string {
  const { name, sources, uses } = meteorPackageSources(packageDir);
  const parent = join(warehouseDir, 'packages', name.replace(/:/g, '_'));
  const id = createHash('sha1').update(`${name}@${options.version}`).digest('hex').slice(0, 6);
  const real = join(parent, `.${options.version}.${id}++${ARCHES.join('+')}`);
  mkdirSync(real, { recursive: true });
  writeFileSync(join(real, 'package.js'), '// This file is included for compatibility with the Meteor 0.6.4 package downloader.\n');
  const npm = Object.entries(options.npmModules ?? {});
  for (const [module, dir] of npm) cpSync(dir, join(real, 'npm', 'node_modules', module), { recursive: true, dereference: true });
  const builds = ARCHES.map((arch) => {
    const resources = sources.map((path) => {
      const file = `${arch}/${path}`;
      mkdirSync(dirname(join(real, file)), { recursive: true });
      cpSync(join(packageDir, path), join(real, file));
      return {
        type: 'source',
        extension: path.slice(path.lastIndexOf('.') + 1),
        file,
        length: statSync(join(packageDir, path)).size,
        offset: 0,
        path,
        hash: createHash('sha1').update(readFileSync(join(packageDir, path))).digest('hex'),
        fileOptions: { lazy: true },
      };
    });
    const unibuild = {
      format: 'isopack-2-unibuild',
      declaredExports: [],
      uses: uses.map((use) => ({ package: use })),
      ...(npm.length > 0 ? { node_modules: 'npm/node_modules' } : {}),
      resources,
    };
    writeFileSync(join(real, `${arch}.json`), JSON.stringify(unibuild, null, 2));
    return { kind: 'main', arch, path: `${arch}.json` };
  });
  writeFileSync(join(real, 'isopack.json'), JSON.stringify({ 'isopack-2': { name, summary: '', version: options.version, isTest: false, builds, plugins: [] } }, null, 2));
  const link = join(parent, options.version);
  symlinkSync(real.slice(parent.length + 1), link);
  return link;
}
