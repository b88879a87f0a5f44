import { readFile, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { findSettingsSpecs } from './find-settings-specs.ts';
import { settingsJsonSchema } from '../lib/json-schema.ts';
import { loadSpecModule, SpecLoadError } from './load-spec-module.ts';
import { parseSettingsJson, readMeteorSettings, SettingsParseError } from '../lib/parse-settings-json.ts';
import { SettingsSchemaError } from '../lib/settings-schema-error.ts';
import { problemLine } from '../lib/settings-report.ts';
import type { SettingsSpec } from '../lib/settings-spec.ts';
import { validateSettings } from '../lib/validate-settings.ts';

export const USAGE = `Usage:
  flightdeck-settings check [<settings.json>] [--schema <module>]... [--app <dir>] [--env <name>] [--strict] [--ignore-env]
      Validates a settings file (or METEOR_SETTINGS when no file is given) against the schemas of
      the packages the app uses and the app's own (--schema). One line per problem,
      <full.key.path>: <message>, with its hint indented below.
      --schema <module> a module exporting the app's spec(s); repeatable
      --app <dir>       the Meteor app whose packages to look up (default: the current directory):
                        its .meteor/packages and .meteor/versions, packages/, METEOR_PACKAGE_DIRS,
                        ~/.meteor/packages (METEOR_WAREHOUSE_DIR) and node_modules
      --env <name>      the environment the file is for (development, staging, production); schema
                        checks can depend on it. Default: NODE_ENV, else development.
      --strict          unknown keys are errors, not warnings
      --ignore-env      do not apply environment-variable overrides from this shell
  flightdeck-settings json-schema [--schema <module>]... [--app <dir>] [--out <file>]
      Prints the merged JSON Schema, for editor completion of settings files.
  flightdeck-settings --help
      Prints this help.

Exit codes: 0 valid, 1 invalid, 2 usage error (or a file that is missing or not JSON).`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

export interface CliOptions {
  /** The schemas the CLI always knows (flightdeck:settings' own). */
  specs: readonly SettingsSpec[];
  /** The Meteor packages `specs` cover, so they are not looked for. */
  covers?: readonly string[];
  /** Look up the specs of the packages the app uses (default true). */
  discover?: boolean;
}

class UsageError extends Error {}
/** A mistake in the command line itself (an option, a command, a missing value): `--help` tells how. */
class ArgumentError extends UsageError {}

const MAX_SETTINGS_FILE_BYTES = 16 << 20;

interface ParsedArgs {
  command: string | undefined;
  file: string | undefined;
  schemas: string[];
  app: string | undefined;
  env: string | undefined;
  out: string | undefined;
  strict: boolean;
  ignoreEnv: boolean;
  help: boolean;
}

const HELP_FLAGS = new Set(['--help', '-h', 'help']);
const OPTIONS = ['--schema', '--app', '--env', '--out', '--strict', '--ignore-env', '--help'];
const COMMANDS = ['check', 'json-schema'];

/** Edit distance, for "did you mean": a typo of an option is one or two edits away. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function didYouMean(word: string, candidates: readonly string[]): string {
  const [best] = candidates.map((candidate) => ({ candidate, distance: editDistance(word.toLowerCase(), candidate) })).sort((a, b) => a.distance - b.distance);
  return best && best.distance <= 2 ? `: did you mean ${best.candidate}?` : '';
}

function parseArgs(argv: readonly string[]): ParsedArgs {
  const args: ParsedArgs = {
    command: undefined, file: undefined, schemas: [], app: undefined, env: undefined, out: undefined, strict: false, ignoreEnv: false, help: false,
  };
  const value = (index: number, flag: string): string => {
    const next = argv[index + 1];
    if (next === undefined || next.startsWith('-')) throw new ArgumentError(`${flag} needs a value`);
    return next;
  };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (HELP_FLAGS.has(arg)) args.help = true;
    else if (arg === '--schema') args.schemas.push(value(index++, arg));
    else if (arg === '--app') args.app = value(index++, arg);
    else if (arg === '--env') args.env = value(index++, arg);
    else if (arg === '--out') args.out = value(index++, arg);
    else if (arg === '--strict') args.strict = true;
    else if (arg === '--ignore-env') args.ignoreEnv = true;
    else if (arg.startsWith('-') && arg !== '-') throw new ArgumentError(`unknown option "${arg}"${didYouMean(arg, OPTIONS)}`);
    else if (args.command === undefined) args.command = arg;
    else if (args.file === undefined) args.file = arg;
    else throw new ArgumentError(`unexpected argument ${arg}`);
  }
  return args;
}

async function readSettings(file: string | undefined, io: CliIo): Promise<Record<string, unknown>> {
  if (file === undefined) {
    if (io.env.METEOR_SETTINGS === undefined) throw new UsageError('no settings file given and METEOR_SETTINGS is not set');
    return readMeteorSettings(io.env);
  }
  let text: string;
  try {
    // Settings are configuration: a file this big is a mistake (a dump, a binary), not read whole.
    if ((await stat(resolve(io.cwd, file))).size > MAX_SETTINGS_FILE_BYTES) {
      throw new UsageError(`${file} is larger than ${MAX_SETTINGS_FILE_BYTES / (1 << 20)} MB: that is not a settings file`);
    }
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}`);
  }
  return parseSettingsJson(text, file);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Every spec the check uses, one per name: the built-in ones, then those of the packages the app
 * uses, then --schema modules (which replace a found spec of the same name: the user said so).
 */
async function collectSpecs(args: ParsedArgs, io: CliIo, options: CliOptions): Promise<{ specs: SettingsSpec[]; sources: string[] }> {
  const byName = new Map<string, { spec: SettingsSpec; from: string }>();
  for (const spec of options.specs) byName.set(spec.name, { spec, from: 'built in' });
  if (options.discover !== false) {
    const appDir = resolve(io.cwd, args.app ?? '.');
    const found = await findSettingsSpecs(appDir, io.env, options.covers ?? []);
    for (const note of found.notes) io.err(`flightdeck-settings: warning: ${note}`);
    for (const { spec, from } of found.specs) if (!byName.has(spec.name)) byName.set(spec.name, { spec, from });
  }
  for (const path of args.schemas) {
    for (const spec of await loadSpecModule(path, io.cwd)) byName.set(spec.name, { spec, from: path });
  }
  const entries = [...byName.values()];
  return { specs: entries.map((entry) => entry.spec), sources: entries.map(({ spec, from }) => `${spec.name} (${from})`) };
}

/** Runs the CLI; returns the exit code (0 valid, 1 invalid, 2 usage or unreadable input). */
export async function runSettingsCli(argv: readonly string[], io: CliIo, options: CliOptions): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    if (args.command === undefined) throw new ArgumentError('no command given');
    if (!COMMANDS.includes(args.command)) throw new ArgumentError(`unknown command "${args.command}"${didYouMean(args.command, COMMANDS)}`);
    const { specs, sources } = await collectSpecs(args, io, options);

    if (args.command === 'json-schema') {
      const text = JSON.stringify(settingsJsonSchema(specs), null, 2);
      if (args.out) await writeFile(resolve(io.cwd, args.out), `${text}\n`);
      else io.out(text);
      return 0;
    }

    const settings = await readSettings(args.file, io);
    const environment = args.env ?? io.env.NODE_ENV ?? 'development';
    const report = validateSettings(settings, specs, {
      env: args.ignoreEnv ? {} : io.env,
      strict: args.strict || undefined,
      environment,
    });
    const print = (line: string, hint: string | undefined): void => {
      io.out(line);
      if (hint) io.out(`    ${hint}`);
    };
    for (const problem of report.errors) print(problemLine(problem), problem.hint);
    for (const problem of report.warnings) print(`${problemLine(problem)} (warning)`, problem.hint);
    const source = args.file ?? 'METEOR_SETTINGS';
    const warnings = plural(report.warnings.length, 'warning');
    io.err(`schemas: ${sources.join(', ')}`);
    io.err(report.ok ? `${source}: valid for ${environment} (${warnings})` : `${source}: ${plural(report.errors.length, 'error')} for ${environment} (${warnings})`);
    return report.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError || error instanceof SpecLoadError || error instanceof SettingsParseError || error instanceof SettingsSchemaError) {
      // A bare `flightdeck-settings` gets the usage; a mistake gets one line saying what was wrong.
      if (error instanceof ArgumentError && argv.length === 0) io.err(`flightdeck-settings: ${error.message}\n${USAGE}`);
      else if (error instanceof ArgumentError) io.err(`flightdeck-settings: ${error.message} (see flightdeck-settings --help)`);
      else io.err(`flightdeck-settings: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
