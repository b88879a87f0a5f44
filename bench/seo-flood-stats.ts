// Shared by the seo-flood bench's server processes (bench/seo-flood-servers.ts, the app, and
// bench/seo-flood-control.ts, the bare node:http control): the page they answer the flood with,
// the probe's path, and the stats server the bench reads a process's memory, CPU time and
// event-loop delay from (`/?reset` starts a new delay histogram).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** The app page: what a person, and a crawler past the render pool, is answered. */
export const APP_PAGE = '<!DOCTYPE html><html><head><title>app</title></head><body><div id="app"></div></body></html>';

/** The legitimate crawler's page, rendered once before any flood, then always from the cache. */
export const PROBE_PATH = '/popular';

export function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

export interface ProcessStats {
  rss: number;
  heapUsed: number;
  cpuMicros: number;
  systemMicros: number;
  loopDelay: { p50: number; p99: number; max: number };
}

/** Starts this process's stats server; resolves its port. */
export function startStatsServer(): Promise<number> {
  // How late a 1 ms timer fires: how long a request that arrives now waits for the event loop.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const statsServer = createServer((req, res) => {
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const ms = (ns: number) => ns / 1e6;
    const stats: ProcessStats = {
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      cpuMicros: cpu.user + cpu.system,
      systemMicros: cpu.system,
      loopDelay: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) },
    };
    if (req.url === '/?reset') loopDelay.reset();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(stats));
  });
  return listen(statsServer);
}
