// flightdeck:cdn's figures, each against its baseline in the same run:
// - assetUrl calls per second (baseline: string concatenation of the CDN and the path);
// - requests per second through the cdn middleware vs bare Express (target ratio >= 0.97), servers
//   in a child process, rounds alternated so drift hits both alike, medians compared;
// - the client entry's size, minified + gzip, meteor/* external (target < 1 KB).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAssetUrl } from '../packages/cdn/src/index.ts';
import type { BenchRow } from './bench-row.ts';
import { BUDGETS, clientBundleSize, withinBudget } from './client-bundle-size.ts';
import { alternatedThroughput, median, withBenchServers } from './http-load.ts';

const here = dirname(fileURLToPath(import.meta.url));

function callsPerSecond(fn: (path: string) => string): number {
  const paths = ['cats.gif', '/img/logo.svg?x=1', 'fonts/a.woff2', 'https://elsewhere.example/a.png', 'missing/file.png'];
  let sink = 0;
  const rounds: number[] = [];
  for (let round = 0; round < 7; round++) {
    const iterations = 400_000;
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink += fn(paths[i % paths.length]).length;
    rounds.push(iterations / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  if (sink === 0) throw new Error('unreachable');
  return median(rounds.slice(2));
}

async function middlewareThroughput(): Promise<{ bare: number; cdn: number }> {
  const { baseline, measured } = await withBenchServers<{ bare: number; cdn: number }, { baseline: number; measured: number }>(
    join(here, 'cdn-servers.ts'),
    (ports) => alternatedThroughput({ baseline: ports.bare, measured: ports.cdn }, { headers: { accept: 'text/html' } }),
  );
  return { bare: baseline, cdn: measured };
}

const format = (value: number) => Math.round(value).toLocaleString('en-US');

export default async function bench(): Promise<BenchRow[]> {
  const cdnUrl = 'https://cdn.example.com';
  const hashes: Record<string, string> = { '/cats.gif': 'abc123def456', '/img/logo.svg': '0123456789ab' };
  for (let i = 0; i < 500; i++) hashes[`/img/file-${i}.png`] = i.toString(16).padStart(12, '0');
  const assetUrl = createAssetUrl({ url: cdnUrl, rootUrlPathPrefix: '/app', hashes });
  const ours = callsPerSecond(assetUrl);
  const concat = callsPerSecond((path) => cdnUrl + '/app/' + path);

  const { bare, cdn } = await middlewareThroughput();
  const size = await clientBundleSize('cdn');

  return [
    {
      figure: 'cdn: assetUrl calls/s (hash lookup, query handling)',
      target: '>= 1,000,000/s',
      measured: `${format(ours)}/s`,
      baseline: `${format(concat)}/s string concat`,
      ratio: ours / concat,
      pass: ours >= 1_000_000,
    },
    {
      figure: 'cdn: page request through cors + cache-busting + 404 middleware vs bare Express',
      target: '>= 0.97',
      measured: `${format(cdn)} req/s`,
      baseline: `${format(bare)} req/s`,
      ratio: cdn / bare,
      pass: cdn / bare >= 0.97,
    },
    {
      figure: 'cdn: client bundle (assetUrl + Blaze helper), minified + gzip',
      target: '< 1024 B',
      measured: `${size.gzip} B gzip (${size.minified} B min)`,
      ratio: size.gzip / 1024,
      pass: withinBudget(size.gzip, BUDGETS.cdn),
    },
  ];
}
