// The parts of the build that tsc does not do: the flightdeck-settings command, bundled into one
// file (it finds the other packages' settings specs at run time: packages/settings/src/cli/find-settings-specs.ts).
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';

await build({
  entryPoints: ['packages/settings/src/cli.ts'],
  outfile: 'packages/settings/dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
await chmod('packages/settings/dist/cli.js', 0o755);
