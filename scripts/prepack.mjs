// `prepack` of every package (npm pack / npm publish run it in the package's folder): a clean
// build of that package from the repository root, so a tarball made in a fresh clone ships dist/,
// and one made in a working tree never ships files left over from an older build.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = process.cwd();
rmSync(join(pkg, 'dist'), { recursive: true, force: true });
// tsc -b trusts its build info: without this, a deleted dist/ would count as up to date.
rmSync(join(pkg, '.tsbuildinfo'), { force: true });
const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
process.exit(result.status ?? 1);
