/**
 * Keys Meteor itself reads from settings. They are always allowed, whatever the schemas say:
 * `packages.<name>` (server package config, e.g. `packages.mongo`), `public.packages.<name>`
 * (client package config, e.g. `public.packages.dynamic-import`) and `galaxy.meteor.com` (Galaxy's
 * own key, with dots in its name, so it cannot be a simpl-schema path).
 */
export const METEOR_OWN_KEYS: readonly string[] = ['packages', 'public.packages', 'galaxy.meteor.com'];

export function isMeteorOwnKey(path: string): boolean {
  return METEOR_OWN_KEYS.includes(path);
}
