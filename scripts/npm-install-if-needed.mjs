// `npm ci` when node_modules is missing or older than package-lock.json: a fresh clone needs no
// separate install step before `npm test` or `npm run example`.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function npmInstallIfNeeded(dir) {
  const marker = join(dir, 'node_modules', '.package-lock.json');
  const lock = join(dir, 'package-lock.json');
  const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
  if (!stale) return true;
  const command = existsSync(lock) ? 'ci' : 'install';
  console.log(`> npm ${command} (${dir})`);
  return spawnSync('npm', [command, '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' }).status === 0;
}
