// Runs in every browser of a Meteor 3.4+ app built with Rspack: keep it small.

/** A chunk id no Rspack build produces, so the runtime treats the entry below as not loaded yet. */
const PUBLIC_PATH_CHUNK = 'flightdeck:cdn/public-path';

type RspackRequire = { p: string };
type ChunkEntry = [Array<string | number>, Record<string, unknown>, (require: RspackRequire) => void];

/**
 * Points Rspack's runtime public path (`__webpack_require__.p`, which `@meteorjs/rspack` fixes at
 * build time with `output.publicPath: "/"`) at the CDN, from a Meteor package that runs before the
 * app's Rspack entry. The variable is private to the entry's closure; what the runtime does read
 * from outside is its chunk loading global: at start it replays every entry already pushed there
 * and, for an entry naming a chunk it has not loaded, calls the entry's third element with its
 * `__webpack_require__` (JSONP chunk loading of webpack 5 and Rspack 1/2; checked against the
 * output of @rspack/core 2.3). That happens after the runtime's own `p = "/"` and before the entry
 * module runs its first `import()`. The public path becomes `cdnUrl + rootUrlPathPrefix + "/"`, and
 * stays on the CDN when app code later assigns a root-relative one: the bootstrap proposed in
 * meteor/meteor#14567 / #14637 sets `__webpack_public_path__ = ROOT_URL_PATH_PREFIX + "/"` first
 * thing in the entry, which becomes `cdnUrl + "/app/"` here. Absolute assignments are kept as given.
 */
export function setRspackPublicPath(target: Record<string, unknown>, chunkGlobal: string, cdnUrl: string, rootUrlPathPrefix: string): void {
  const existing = target[chunkGlobal];
  const queue = (Array.isArray(existing) ? existing : (target[chunkGlobal] = [])) as ChunkEntry[];
  queue.push([[PUBLIC_PATH_CHUNK], {}, (require) => {
    let path = cdnUrl + rootUrlPathPrefix + '/';
    Object.defineProperty(require, 'p', {
      configurable: true,
      enumerable: true,
      get: () => path,
      set: (value: unknown) => {
        const text = String(value);
        path = text.charAt(0) === '/' && text.charAt(1) !== '/' ? cdnUrl + text : text;
      },
    });
  }]);
}
