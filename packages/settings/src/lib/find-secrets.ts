import type { SchemaIndex } from './schema-index.ts';
import type { SettingsProblem } from './settings-spec.ts';
import { genericPath } from './schema-keys.ts';
import { isSecretLookingName } from './secret-name.ts';
import { secretKind } from './secret-value.ts';
import { isPlainObject } from './value-at-path.ts';

export { isSecretLookingName } from './secret-name.ts';
export { secretKind } from './secret-value.ts';

const PUBLIC_HINT = 'Every browser receives Meteor.settings.public: move it to the private part';

/** A value that would tell a reader something: booleans and empty values leak nothing. */
function holdsSomething(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  if (typeof value === 'number' || typeof value === 'bigint') return true;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return false;
}

/** The same path with every segment that is itself a secret (a key pasted as a key name) masked. */
export function maskSecretSegments(path: string): string {
  return path
    .split('.')
    .map((segment) => (secretKind(segment) ? '[redacted]' : segment))
    .join('.');
}

/**
 * Secrets under `public`, by key name and by value, at any depth. Under a secret-looking name any
 * non-empty value is a secret (a number, an object, a list); a key whose schema says
 * `notSecret: true` (or inside an object that does) is exempt from the name check, never from the
 * value check. The problems name the key and the kind of secret, never the value.
 */
export function findSecretsInPublic(publicSettings: unknown, index?: SchemaIndex): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const privatePath = (path: string): string => path.replace(/^public\./, '');
  const visit = (value: unknown, path: string, name: string, exemptAbove: boolean): void => {
    const exempt = exemptAbove || index?.get(genericPath(path))?.definition.notSecret === true;
    const nameKind = /^\d+$/.test(name) ? undefined : secretKind(name);
    if (nameKind) {
      problems.push({
        path: maskSecretSegments(path),
        severity: 'error',
        message: `has a key name that looks like ${nameKind}, in the public settings`,
        hint: 'A secret was pasted as a key name: remove it, and rotate the secret if it was ever deployed.',
      });
    } else if (!exempt && !/^\d+$/.test(name) && isSecretLookingName(name) && holdsSomething(value)) {
      problems.push({
        path: maskSecretSegments(path),
        severity: 'error',
        message: 'has a secret-looking name, in the public settings',
        hint: `${PUBLIC_HINT} (${privatePath(maskSecretSegments(path))}), or give its schema notSecret: true if browsers need it.`,
      });
      return;
    }
    if (typeof value === 'string') {
      const kind = secretKind(value);
      if (kind) {
        problems.push({
          path: maskSecretSegments(path),
          severity: 'error',
          message: `holds what looks like ${kind}, in the public settings`,
          hint: `${PUBLIC_HINT} (${privatePath(maskSecretSegments(path))}), and rotate it if it was ever deployed.`,
        });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, position) => visit(item, `${path}.${position}`, String(position), exempt));
    } else if (isPlainObject(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, `${path}.${key}`, key, exempt);
    }
  };
  if (isPlainObject(publicSettings)) {
    for (const [key, child] of Object.entries(publicSettings)) visit(child, `public.${key}`, key, false);
  }
  return problems;
}
