import type { SimpleSchema } from './simple-schema.ts';
import type { SettingsProblem } from './settings-spec.ts';
import { genericPath } from './schema-keys.ts';
import { isPlainObject } from './value-at-path.ts';

/** Key names that say "secret". Matched on the name split into words (`stripeSecretKey` → `stripe_secret_key`). */
const SECRET_NAMES: ReadonlyArray<RegExp> = [
  /secret/,
  /passw(or)?d|passphrase|(^|_)pwd($|_)/,
  /(^|_)(auth_|access_|refresh_|bearer_|session_|api_)?token($|_)/,
  /private_?key/,
  /credential/,
  /(signing|encryption|master|session)_key/,
];

/** Values that are secrets whatever their key is called. */
const SECRET_VALUES: ReadonlyArray<{ kind: string; pattern: RegExp }> = [
  { kind: 'a PEM private key', pattern: /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/ },
  { kind: 'an AWS access key id', pattern: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { kind: 'a Stripe secret key', pattern: /\b[sr]k_(live|test)_[0-9A-Za-z]{10,}/ },
  { kind: 'a URL with a password in it', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i },
  { kind: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}/ },
  { kind: 'a GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/ },
  { kind: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { kind: 'a SendGrid API key', pattern: /\bSG\.[\w-]{16,}\.[\w-]{16,}/ },
  { kind: 'an OpenAI API key', pattern: /\bsk-(proj-)?[A-Za-z0-9_-]{32,}/ },
];

function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase();
}

export function isSecretLookingName(name: string): boolean {
  const normalized = words(name);
  return SECRET_NAMES.some((pattern) => pattern.test(normalized));
}

/** What kind of secret a value looks like, or undefined when it looks like an ordinary value. */
export function secretKind(value: string): string | undefined {
  return SECRET_VALUES.find(({ pattern }) => pattern.test(value))?.kind;
}

const PUBLIC_HINT = 'every browser receives Meteor.settings.public: move it to the private part';

/**
 * Secrets under `public`, by key name and by value. A key whose schema says `notSecret: true` is
 * exempt from the name check (a map token meant for browsers), never from the value check.
 * The problems name the key and the kind of secret, never the value.
 */
export function findSecretsInPublic(publicSettings: unknown, schema?: SimpleSchema): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const privatePath = (path: string): string => path.replace(/^public\./, '');
  // `notSecret: true` on an object (a free-form block such as okgrow's provider settings) covers
  // the names of every key inside it.
  const visit = (value: unknown, path: string, name: string, exemptAbove = false): void => {
    const definition = schema?.allowsKey(genericPath(path)) ? schema.getDefinition(genericPath(path)) : undefined;
    const exempt = exemptAbove || (definition as { notSecret?: boolean } | undefined)?.notSecret === true;
    if (!exempt && typeof value === 'string' && value !== '' && !/^\d+$/.test(name) && isSecretLookingName(name)) {
      problems.push({
        path,
        severity: 'error',
        message: 'has a secret-looking name, in the public settings',
        hint: `${PUBLIC_HINT} (${privatePath(path)}), or give its schema notSecret: true if browsers need it`,
      });
      return;
    }
    if (typeof value === 'string') {
      const kind = secretKind(value);
      if (kind) {
        problems.push({
          path,
          severity: 'error',
          message: `holds what looks like ${kind}, in the public settings`,
          hint: `${PUBLIC_HINT} (${privatePath(path)}), and rotate it if it was ever deployed`,
        });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}.${index}`, String(index), exempt));
    } else if (isPlainObject(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, `${path}.${key}`, key, exempt);
    }
  };
  if (isPlainObject(publicSettings)) {
    for (const [key, child] of Object.entries(publicSettings)) visit(child, `public.${key}`, key);
  }
  return problems;
}
