// Runs in every browser of a Meteor 3.4+ app built with Rspack: keep it small.

/** A chunk id no Rspack build produces, so the runtime treats the entry below as not loaded yet. */
const PUBLIC_PATH_CHUNK = 'flightdeck:cdn/public-path';

type RspackRequire = { p: string };
type ChunkEntry = [Array<string | number>, Record<string, unknown>, (require: RspackRequire) => void];

/**
 * Points Rspack's runtime public path (`__webpack_require__.p`, which `@meteorjs/rspack` fixes at
 * build time with `output.publicPath: "/"`) at `publicPath`, from a Meteor package that runs before
 * the app's Rspack entry. The runtime variable is private to the entry's closure; what the runtime
 * does read from outside is its chunk loading global: at start it replays every entry already
 * pushed there and, for an entry naming a chunk it has not loaded, calls the entry's third element
 * with its `__webpack_require__`. So the public path is set during the runtime's start, after its
 * own `p = "/"` and before the entry module runs its first `import()`. Entered again after the
 * runtime started (it replaced `push`), it applies at once.
 */
export function setRspackPublicPath(target: Record<string, unknown>, chunkGlobal: string, publicPath: string): void {
  const existing = target[chunkGlobal];
  const queue = (Array.isArray(existing) ? existing : (target[chunkGlobal] = [])) as ChunkEntry[];
  queue.push([[PUBLIC_PATH_CHUNK], {}, (require) => {
    require.p = publicPath;
  }]);
}
