/** What `hasAppRobotsTxt` reads of Meteor's `WebApp.clientPrograms`. */
export interface ClientProgramsWithManifest {
  [arch: string]: { manifest?: readonly { type?: string; url?: string }[] } | undefined;
}

const seen = new WeakMap<object, boolean>();

/**
 * Whether the app ships its own `public/robots.txt`: an asset at `/robots.txt` in a client
 * program's manifest (Meteor's bundler lists `public/` files there with `url: '/<name>'`). The
 * answer is kept per manifest array, which Meteor replaces when it reloads the client programs.
 */
export function hasAppRobotsTxt(clientPrograms: ClientProgramsWithManifest | undefined): boolean {
  if (!clientPrograms) return false;
  for (const program of Object.values(clientPrograms)) {
    const manifest = program?.manifest;
    if (!Array.isArray(manifest)) continue;
    let found = seen.get(manifest);
    if (found === undefined) {
      found = manifest.some((item) => item?.type === 'asset' && typeof item.url === 'string' && item.url.split('?')[0] === '/robots.txt');
      seen.set(manifest, found);
    }
    if (found) return true;
  }
  return false;
}
