import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SettingsSpec } from '../lib/settings-spec.ts';

/** A module that should hold settings specs cannot be loaded, or holds none. */
export class SpecLoadError extends Error {
  /** true when the module is TypeScript and tsx, which would load it, is not installed */
  needsTsx: boolean;

  constructor(message: string, needsTsx = false) {
    super(message);
    this.name = 'SpecLoadError';
    this.needsTsx = needsTsx;
  }
}

export function looksLikeSpec(value: unknown): value is SettingsSpec {
  return typeof value === 'object' && value !== null && typeof (value as SettingsSpec).name === 'string' &&
    ('public' in value || 'private' in value || 'check' in value);
}

/**
 * The specs a module exports: its default export (a spec or a list of specs), else every named
 * export that is a spec (or a list of them). `.ts` modules load through tsx when it is installed.
 * `shown` names the module in errors (the path as the user or the package.json wrote it).
 */
export async function loadSpecModule(path: string, cwd: string, shown = path): Promise<SettingsSpec[]> {
  const absolute = resolve(cwd, path);
  let module: Record<string, unknown>;
  let tsImport: ((specifier: string, parent: string) => Promise<unknown>) | undefined;
  if (/\.(c|m)?tsx?$/.test(absolute)) {
    try {
      ({ tsImport } = (await import('tsx/esm/api' as string)) as { tsImport: NonNullable<typeof tsImport> });
    } catch {
      // Node 22.18+ and 23.6+ strip types themselves (process.features.typescript): a plain import then works.
      if (!(process.features as { typescript?: unknown }).typescript || /\.tsx$/.test(absolute)) {
        throw new SpecLoadError(`cannot load ${shown}: a TypeScript schema needs tsx (npm install --save-dev tsx), or point at a .js file`, true);
      }
    }
  }
  if (tsImport) {
    try {
      // tsImport loads the file as ESM whatever the nearest package.json says (a Meteor app has no "type": "module").
      module = (await tsImport(pathToFileURL(absolute).href, import.meta.url)) as Record<string, unknown>;
    } catch (error) {
      throw new SpecLoadError(`cannot load the schema module ${shown}: ${(error as Error).message}`);
    }
  } else {
    try {
      module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new SpecLoadError(`cannot load the schema module ${shown}: ${code === 'ERR_MODULE_NOT_FOUND' ? 'no such file' : (error as Error).message}`);
    }
  }
  // A CommonJS-compiled module (a .ts file outside a "type": "module" package) comes back as
  // { default: module.exports }: look one level in.
  const inner = module.default;
  const namespaces = [module, ...(inner && typeof inner === 'object' && !looksLikeSpec(inner) && !Array.isArray(inner) ? [inner as Record<string, unknown>] : [])];
  let specs: SettingsSpec[] = [];
  for (const namespace of namespaces) {
    const fromDefault = [namespace.default].flat().filter(looksLikeSpec);
    specs = fromDefault.length > 0 ? fromDefault : Object.values(namespace).flat().filter(looksLikeSpec);
    if (specs.length > 0) break;
  }
  if (specs.length === 0) {
    throw new SpecLoadError(`${shown} exports no settings schema: export default { name, public, private }`);
  }
  return specs;
}
