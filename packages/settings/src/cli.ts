// The flightdeck-settings command. Bundled by esbuild into dist/cli.js.
import { runSettingsCli } from './lib/settings-cli.ts';
import { knownSpecs } from './known-specs.ts';

const code = await runSettingsCli(
  process.argv.slice(2),
  { out: (line) => console.log(line), err: (line) => console.error(line), env: process.env, cwd: process.cwd() },
  { specs: knownSpecs },
);
process.exitCode = code;
