// CPU pinning for bench/seo-flood.bench.ts (SEO_FLOOD_PIN=1): the server under test (the app, or
// the control) on the first CPU this process may use, everything else — the renderer, each flood
// client, the bench process that probes — on the others, with `taskset`. Without it, the four
// processes share the 2 cores as the scheduler likes: the server can wait for a core while the
// flood client (or the probe) runs, which shows in its tail latency whatever the server does.
// Pinning is Linux-only and needs at least 2 CPUs; otherwise the bench runs unpinned and says so.
import { spawnSync } from 'node:child_process';

export interface Pinning {
  /** How the run was placed, for the bench's rows. */
  description: string;
  /** Command and leading arguments that start node on the server's CPU. */
  server: { execPath: string; execArgv: string[] };
  /** The same on the other CPUs (renderer, flood clients). */
  others: { execPath: string; execArgv: string[] };
  /** Gives the bench process back the CPUs it had. */
  restore(): void;
}

function affinity(pid: number): number[] | undefined {
  const result = spawnSync('taskset', ['-pc', String(pid)], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  // "pid 123's current affinity list: 0,1" or "0-3,6".
  const list = result.stdout.split(':').pop()?.trim() ?? '';
  const cpus: number[] = [];
  for (const part of list.split(',')) {
    const [from, to] = part.split('-').map(Number);
    if (!Number.isInteger(from)) return undefined;
    for (let cpu = from; cpu <= (Number.isInteger(to) ? to : from); cpu++) cpus.push(cpu);
  }
  return cpus;
}

const unpinned = (why: string): Pinning => ({
  description: why,
  server: { execPath: process.execPath, execArgv: [] },
  others: { execPath: process.execPath, execArgv: [] },
  restore: () => undefined,
});

export function pinning(wanted: boolean): Pinning {
  if (!wanted) return unpinned('unpinned (SEO_FLOOD_PIN=1 pins)');
  const cpus = process.platform === 'linux' ? affinity(process.pid) : undefined;
  if (!cpus || cpus.length < 2) return unpinned(`unpinned (SEO_FLOOD_PIN=1 asked, but ${cpus ? `${cpus.length} CPU` : 'no taskset'})`);
  const [serverCpu, ...rest] = cpus;
  const others = rest.join(',');
  // -a: every thread of the bench process (libuv's pool, V8's helpers), not only the main one.
  const moved = spawnSync('taskset', ['-a', '-p', '-c', others, String(process.pid)], { encoding: 'utf8' });
  if (moved.status !== 0) return unpinned(`unpinned (taskset failed: ${moved.stderr.trim()})`);
  return {
    description: `pinned: server on CPU ${serverCpu}; renderer, flood client and probe on CPU ${others}`,
    server: { execPath: 'taskset', execArgv: ['-c', String(serverCpu), process.execPath] },
    others: { execPath: 'taskset', execArgv: ['-c', others, process.execPath] },
    restore: () => {
      spawnSync('taskset', ['-a', '-p', '-c', cpus.join(','), String(process.pid)]);
    },
  };
}
