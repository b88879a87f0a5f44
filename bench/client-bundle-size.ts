import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * What a package adds to an app's browser bundle: its src/client.ts bundled for the browser,
 * minified, meteor/* left out (Meteor provides those), then gzipped at level 9.
 */
export async function clientBundleSize(pkg: 'cdn' | 'analytics' | 'seo'): Promise<{ minified: number; gzip: number }> {
  const result = await build({
    entryPoints: [join(root, 'packages', pkg, 'src', 'client.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    external: ['meteor/*'],
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}
