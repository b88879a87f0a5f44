// `npm run bench`: runs every bench/*.bench.ts (each exports a default async function returning
// BenchRow[]) in its own process, then prints one table: figure, target, measured, baseline, ratio.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const files = readdirSync(join(root, 'bench'))
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((part) => name.includes(part)))
  .sort();

const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const rows = [];
for (const file of files) {
  console.error(`> ${file}`);
  const script = `const run = (await import(${JSON.stringify(join(root, 'bench', file))})).default; console.log('BENCH-ROWS ' + JSON.stringify(await run()));`;
  const result = spawnSync('node', ['--import', 'tsx', '--expose-gc', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = result.stdout.split('\n').find((text) => text.startsWith('BENCH-ROWS '));
  if (result.status !== 0 || !line) {
    rows.push({ figure: `${file} failed (exit ${result.status})`, target: '', measured: '', pass: false });
    continue;
  }
  rows.push(...JSON.parse(line.slice('BENCH-ROWS '.length)));
}

const header = ['figure', 'target', 'measured', 'baseline', 'ratio', 'ok'];
const table = rows.map((row) => [
  row.figure,
  row.target,
  row.measured,
  row.baseline ?? '',
  row.ratio === undefined ? '' : row.ratio.toFixed(3),
  row.pass ? 'yes' : 'NO',
]);
const widths = header.map((title, column) => Math.max(title.length, ...table.map((cells) => String(cells[column]).length)));
const format = (cells) => cells.map((cell, column) => String(cell).padEnd(widths[column])).join('  ');
console.log(format(header));
console.log(widths.map((width) => '-'.repeat(width)).join('  '));
for (const cells of table) console.log(format(cells));
process.exit(rows.every((row) => row.pass) ? 0 : 1);
