import { applyDefaults } from './apply-defaults.ts';
import { buildSchema } from './build-schema.ts';
import { applyEnvOverrides } from './env-overrides.ts';
import { findSecretsInPublic, maskSecretSegments } from './find-secrets.ts';
import { isMeteorOwnKey } from './meteor-keys.ts';
import { problemMessage, type SchemaValidationError } from './problem-message.ts';
import { genericPath } from './schema-keys.ts';
import type { SimpleSchema } from './simple-schema.ts';
import { findTooDeepSettings } from './settings-depth.ts';
import type { SettingsReport } from './settings-report.ts';
import type { MeteorSettingsShape, MergedSchema, SettingsProblem, SettingsSpec } from './settings-spec.ts';
import { closestKey, findUnknownKeys } from './unknown-keys.ts';
import { deleteAtPath, getAtPath, isPlainObject } from './value-at-path.ts';

export interface ValidateOptions {
  /** Where env overrides come from; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Unknown keys are errors instead of warnings. Default: the `flightdeck.strict` setting, else false. */
  strict?: boolean;
  /** The deployment environment, for spec checks: development, staging, production... Default: NODE_ENV, else development. */
  environment?: string;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** The key's description, then what to do: `The server source's write key. Add it to the settings file, or set SEGMENT_WRITE_KEY.` */
function hintFor(merged: MergedSchema, path: string, type: string): string | undefined {
  const definition = merged.index.get(genericPath(path))?.definition;
  if (!definition) return undefined;
  const parts: string[] = [];
  if (definition.description) parts.push(sentence(definition.description));
  if (type === 'required') parts.push(definition.env ? `Add it to the settings file, or set ${definition.env}.` : 'Add it to the settings file.');
  else if (definition.env) parts.push(`It can also come from ${definition.env}.`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/**
 * The part of the settings one spec's schema declares (a package's `<name>` and `public.<name>`,
 * the app's own keys), so that each part is validated alone and another spec's keys are not
 * "unknown" to it. Unknown keys were removed from `settings` already, and reported.
 */
function projection(settings: Record<string, unknown>, schema: SimpleSchema): Record<string, unknown> {
  const projected: Record<string, unknown> = {};
  for (const key of schema.objectKeys() as string[]) {
    if (key !== 'public' && key in settings) projected[key] = settings[key];
  }
  const publicPart = settings.public;
  if (!isPlainObject(publicPart)) {
    projected.public = publicPart;
    return projected;
  }
  projected.public = {};
  for (const key of schema.objectKeys('public') as string[]) {
    if (key in publicPart) (projected.public as Record<string, unknown>)[key] = publicPart[key];
  }
  return projected;
}

/**
 * One problem per key: the first error found for it (the lists come in order of importance: a
 * secret in public, an env variable that does not coerce, the schema, the spec's own checks), else
 * its first warning. A required key that a check also finds unset is reported once.
 */
function onePerKey(problems: SettingsProblem[]): SettingsProblem[] {
  const chosen = new Map<string, SettingsProblem>();
  for (const problem of problems) {
    const current = chosen.get(problem.path);
    if (!current || (current.severity === 'warning' && problem.severity === 'error')) chosen.set(problem.path, problem);
  }
  return [...chosen.values()];
}

/** The path, message and hint with every key name that is itself a secret masked. */
function masked(problem: SettingsProblem): SettingsProblem {
  const path = maskSecretSegments(problem.path);
  if (path === problem.path) return problem;
  const secrets = problem.path.split('.').filter((segment, at) => segment !== path.split('.')[at]);
  const scrub = (text: string | undefined): string | undefined => secrets.reduce((result, secret) => result?.split(secret).join('[redacted]'), text);
  return { ...problem, path, message: scrub(problem.message) as string, hint: scrub(problem.hint) };
}

/** Errors first, then warnings; each by key path, so a report reads like the settings file's tree. */
function sortProblems(problems: SettingsProblem[]): SettingsProblem[] {
  const rank = (problem: SettingsProblem): number => (problem.severity === 'error' ? 0 : 1);
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => rank(a.problem) - rank(b.problem) || (a.problem.path < b.problem.path ? -1 : a.problem.path > b.problem.path ? 1 : a.index - b.index))
    .map(({ problem }) => problem);
}

/**
 * Validates `settings` against every spec at once, and fixes it up in place: env overrides, then
 * schema defaults. Returns every problem (nothing stops at the first one); throws only when a spec
 * itself is invalid (SettingsSchemaError).
 */
export function validateSettings(
  settings: Record<string, unknown>,
  specs: readonly SettingsSpec[],
  options: ValidateOptions = {},
): SettingsReport {
  const env = options.env ?? process.env;
  const environment = options.environment ?? env.NODE_ENV ?? 'development';
  const merged = buildSchema(specs);
  // Meteor guarantees Meteor.settings.public exists; a bare settings file may not have it.
  if (settings.public === undefined) settings.public = {};

  // A pathological file (thousands of levels) gets one clear problem, before anything walks it.
  const tooDeep = findTooDeepSettings(settings, maskSecretSegments);
  if (tooDeep.length > 0) return reportOf(tooDeep, new Map(), []);

  const { problems: envProblems, overridden } = applyEnvOverrides(settings, merged.index, env);
  const roots = new Set<string>(['public']);
  for (const spec of specs) {
    if (spec.scope !== 'app') roots.add(spec.name).add(`public.${spec.name}`);
  }
  const defaulted = applyDefaults(settings, merged.index, roots);

  const strict = options.strict ?? getAtPath(settings, 'flightdeck.strict') === true;
  const unknown = findUnknownKeys(settings, merged.index);
  const unknownProblems: SettingsProblem[] = unknown.map((path) => {
    const suggestion = closestKey(merged.index, path);
    return {
      path,
      severity: strict ? 'error' : 'warning',
      message: 'is not declared by any schema',
      hint: suggestion ? `Did you mean ${suggestion}?` : 'Remove it, or declare it with registerSettings().',
    };
  });

  // Validate a copy without the unknown keys and Meteor's own keys: each is reported once, above.
  const copy = structuredClone(settings);
  for (const path of unknown) deleteAtPath(copy, path);
  for (const key of Object.keys(copy)) if (isMeteorOwnKey(key)) delete copy[key];
  const messages = Object.assign({}, ...specs.map((spec) => spec.messages ?? {})) as Record<string, string>;
  const failedEnv = new Set(envProblems.map((problem) => problem.path));
  const seen = new Set<string>();
  const schemaProblems: SettingsProblem[] = [];
  for (const part of merged.parts) {
    const context = part.schema.newContext();
    context.validate(projection(copy, part.schema));
    for (const error of context.validationErrors() as SchemaValidationError[]) {
      const message = problemMessage(error, messages);
      if (failedEnv.has(error.name) || seen.has(`${error.name}\0${message}`)) continue;
      seen.add(`${error.name}\0${message}`);
      schemaProblems.push({ path: error.name, severity: 'error', message, hint: hintFor(merged, error.name, error.type) });
    }
  }

  const checkProblems: SettingsProblem[] = [];
  for (const spec of specs) {
    try {
      spec.check?.({
        settings: settings as MeteorSettingsShape,
        env,
        environment,
        error: (path, message, hint) => checkProblems.push({ path, message, hint, severity: 'error' }),
        warn: (path, message, hint) => checkProblems.push({ path, message, hint, severity: 'warning' }),
      });
    } catch (error) {
      // A check that trips over settings it did not expect must not take the report (or the
      // server's startup) down with a stack; its message is not repeated, it may quote a value.
      checkProblems.push({
        path: spec.scope === 'app' ? '(app)' : spec.name,
        severity: 'error',
        message: `could not be checked: the "${spec.name}" spec's check threw ${(error as Error)?.name ?? 'an error'}`,
        hint: 'Fix the settings the other problems name; if there are none, report it to the package that registered the spec.',
      });
    }
  }

  const secretProblems = isPlainObject(settings.public) ? findSecretsInPublic(settings.public, merged.index) : [];
  const problems = [...secretProblems, ...envProblems, ...schemaProblems, ...checkProblems, ...unknownProblems];
  return reportOf(problems, overridden, defaulted);
}

function reportOf(found: SettingsProblem[], overridden: Map<string, string>, defaulted: string[]): SettingsReport {
  const problems = sortProblems(onePerKey(found.map(masked)));
  const errors = problems.filter((problem) => problem.severity === 'error');
  return {
    problems,
    errors,
    warnings: problems.filter((problem) => problem.severity === 'warning'),
    overridden,
    defaulted,
    ok: errors.length === 0,
  };
}
