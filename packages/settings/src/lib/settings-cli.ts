import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { settingsJsonSchema } from './json-schema.ts';
import { parseSettingsJson, readMeteorSettings, SettingsParseError } from './parse-settings-json.ts';
import { SettingsSchemaError } from './settings-schema-error.ts';
import { problemLine } from './settings-report.ts';
import type { SettingsSpec } from './settings-spec.ts';
import { validateSettings } from './validate-settings.ts';

export const USAGE = `Usage:
  flightdeck-settings check [<settings.json>] [--schema <module>]... [--env <name>] [--strict] [--ignore-env]
      Validates a settings file (or METEOR_SETTINGS when no file is given) against the schemas of
      every Flightdeck package and the app's own (--schema). One line per problem:
      <full.key.path>: <message>. Exit 0 valid, 1 invalid, 2 usage error or unreadable file.
      --env <name>     the environment the file is for (development, staging, production); schema
                       checks can depend on it. Default: NODE_ENV, else development.
      --strict         unknown keys are errors, not warnings
      --ignore-env     do not apply environment-variable overrides from this shell
  flightdeck-settings json-schema [--schema <module>]... [--out <file>]
      Prints the merged JSON Schema, for editor completion of settings files.`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

export interface CliOptions {
  /** The schemas the CLI always knows: every Flightdeck package's. */
  specs: readonly SettingsSpec[];
}

class UsageError extends Error {}

interface ParsedArgs {
  command: string | undefined;
  file: string | undefined;
  schemas: string[];
  env: string | undefined;
  out: string | undefined;
  strict: boolean;
  ignoreEnv: boolean;
}

function parseArgs(argv: readonly string[]): ParsedArgs {
  const args: ParsedArgs = { command: undefined, file: undefined, schemas: [], env: undefined, out: undefined, strict: false, ignoreEnv: false };
  const value = (index: number, flag: string): string => {
    const next = argv[index + 1];
    if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return next;
  };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--schema') args.schemas.push(value(index++, arg));
    else if (arg === '--env') args.env = value(index++, arg);
    else if (arg === '--out') args.out = value(index++, arg);
    else if (arg === '--strict') args.strict = true;
    else if (arg === '--ignore-env') args.ignoreEnv = true;
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else if (args.command === undefined) args.command = arg;
    else if (args.file === undefined) args.file = arg;
    else throw new UsageError(`unexpected argument ${arg}`);
  }
  return args;
}

function looksLikeSpec(value: unknown): value is SettingsSpec {
  return typeof value === 'object' && value !== null && typeof (value as SettingsSpec).name === 'string' &&
    ('public' in value || 'private' in value || 'check' in value);
}

/** The specs a --schema module exports: its default export (a spec or a list), else every named spec. */
async function loadSchemaModule(path: string, cwd: string): Promise<SettingsSpec[]> {
  const absolute = resolve(cwd, path);
  let module: Record<string, unknown>;
  if (/\.(c|m)?tsx?$/.test(absolute)) {
    let tsImport: (specifier: string, parent: string) => Promise<unknown>;
    try {
      ({ tsImport } = (await import('tsx/esm/api' as string)) as { tsImport: typeof tsImport });
    } catch {
      throw new UsageError(`cannot load ${path}: a TypeScript schema needs tsx (npm install --save-dev tsx), or point --schema at a .js file`);
    }
    try {
      // tsImport loads the file as ESM whatever the nearest package.json says (a Meteor app has no "type": "module").
      module = (await tsImport(pathToFileURL(absolute).href, import.meta.url)) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`cannot load the schema module ${path}: ${(error as Error).message}`);
    }
  } else {
    try {
      module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`cannot load the schema module ${path}: ${(error as Error).message}`);
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
    throw new UsageError(`${path} exports no settings schema: export default { name, public, private }`);
  }
  return specs;
}

async function readSettings(file: string | undefined, io: CliIo): Promise<Record<string, unknown>> {
  if (file === undefined) {
    if (io.env.METEOR_SETTINGS === undefined) throw new UsageError('no settings file given and METEOR_SETTINGS is not set');
    return readMeteorSettings(io.env);
  }
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return parseSettingsJson(text, file);
}

/** Runs the CLI; returns the exit code (0 valid, 1 invalid, 2 usage or unreadable input). */
export async function runSettingsCli(argv: readonly string[], io: CliIo, options: CliOptions): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === undefined || args.command === 'help' || argv.includes('--help')) {
      (args.command === undefined ? io.err : io.out)(USAGE);
      return args.command === undefined ? 2 : 0;
    }
    const appSpecs: SettingsSpec[] = [];
    for (const path of args.schemas) appSpecs.push(...(await loadSchemaModule(path, io.cwd)));
    const specs = [...options.specs, ...appSpecs];

    if (args.command === 'json-schema') {
      const text = JSON.stringify(settingsJsonSchema(specs), null, 2);
      if (args.out) await writeFile(resolve(io.cwd, args.out), `${text}\n`);
      else io.out(text);
      return 0;
    }
    if (args.command !== 'check') throw new UsageError(`unknown command ${args.command}`);

    const settings = await readSettings(args.file, io);
    const environment = args.env ?? io.env.NODE_ENV ?? 'development';
    const report = validateSettings(settings, specs, {
      env: args.ignoreEnv ? {} : io.env,
      strict: args.strict || undefined,
      environment,
    });
    for (const problem of report.errors) io.out(problemLine(problem));
    for (const problem of report.warnings) io.out(`${problemLine(problem)} (warning)`);
    const source = args.file ?? 'METEOR_SETTINGS';
    io.err(report.ok ? `${source}: valid for ${environment} (${report.warnings.length} warnings)` : `${source}: ${report.errors.length} errors for ${environment}`);
    return report.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError || error instanceof SettingsParseError || error instanceof SettingsSchemaError) {
      io.err(`flightdeck-settings: ${error.message}`);
      if (error instanceof UsageError && /option|argument|needs a value|command/.test(error.message)) io.err(USAGE);
      return 2;
    }
    throw error;
  }
}
