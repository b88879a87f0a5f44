// The flightdeck-settings command. Bundled by esbuild into dist/cli.js. It knows flightdeck:settings'
// own keys; every other package's spec is found where the app has it (see cli/find-settings-specs.ts).
import { runSettingsCli } from './cli/settings-cli.ts';
import { suiteSettings } from './lib/suite-settings.ts';

const code = await runSettingsCli(
  process.argv.slice(2),
  { out: (line) => console.log(line), err: (line) => console.error(line), env: process.env, cwd: process.cwd() },
  { specs: [suiteSettings], covers: ['flightdeck:settings'] },
);
process.exitCode = code;
