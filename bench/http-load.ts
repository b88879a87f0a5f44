// Load generation shared by the benches that compare a server with its baseline: keep-alive GETs
// for a fixed time, medians and percentiles, and the bench servers' child process (each bench runs
// its servers in a child so the load generator does not share their event loop).
import { spawn } from 'node:child_process';
import { Agent, request, type OutgoingHttpHeaders } from 'node:http';

export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** One keep-alive GET of `path`; resolves once the body is read. */
export function get(port: number, agent: Agent, headers: OutgoingHttpHeaders, path = '/'): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
    })
      .on('error', reject)
      .end();
  });
}

/** Requests per second against one port for `ms`, `concurrency` keep-alive connections; any status but 200 fails. */
export async function load(port: number, ms: number, concurrency: number, headers: OutgoingHttpHeaders = { accept: 'text/html' }, path = '/'): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let done = 0;
  const end = Date.now() + ms;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const { status } = await get(port, agent, headers, path);
        if (status !== 200) throw new Error(`status ${status} from 127.0.0.1:${port}${path}`);
        done++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();
  return done / seconds;
}

/**
 * Median requests per second of two servers, `rounds` rounds of `ms` each after a warm-up, the
 * order alternated every round so a warm-up or drift does not favour one side.
 */
export async function alternatedThroughput(
  ports: { baseline: number; measured: number },
  options: { rounds?: number; ms?: number; concurrency?: number; headers?: OutgoingHttpHeaders; path?: string } = {},
): Promise<{ baseline: number; measured: number }> {
  const { rounds = 8, ms = 1500, concurrency = 32, headers, path } = options;
  await load(ports.baseline, 1000, concurrency, headers, path);
  await load(ports.measured, 1000, concurrency, headers, path);
  const baseline: number[] = [];
  const measured: number[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      baseline.push(await load(ports.baseline, ms, concurrency, headers, path));
      measured.push(await load(ports.measured, ms, concurrency, headers, path));
    } else {
      measured.push(await load(ports.measured, ms, concurrency, headers, path));
      baseline.push(await load(ports.baseline, ms, concurrency, headers, path));
    }
  }
  return { baseline: median(baseline), measured: median(measured) };
}

/**
 * Runs `script` (a bench servers file that prints its ports as one JSON line, then serves until
 * killed) in a child process, calls `fn` with the ports, and kills the child.
 */
export async function withBenchServers<P, T>(
  script: string,
  fn: (ports: P) => Promise<T>,
  /**
   * Another node binary, node options (`--cpu-prof`) or environment for the child (the composition
   * bench's Express 5.1 run); `cpu`: run it pinned to that CPU (taskset execs node, so the child's
   * pid is node's).
   */
  childOptions: { execPath?: string; execArgv?: string[]; env?: NodeJS.ProcessEnv; cpu?: number } = {},
): Promise<T> {
  const node = childOptions.execPath ?? process.execPath;
  const args = [...(childOptions.execArgv ?? []), '--import', 'tsx', script];
  const pinned = childOptions.cpu === undefined ? [node, args] as const : ['taskset', ['-c', String(childOptions.cpu), node, ...args]] as const;
  const child = spawn(pinned[0], pinned[1], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: childOptions.env ?? process.env,
  });
  try {
    const ports = await new Promise<P>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((text) => text.startsWith('{'));
        if (line) resolve(JSON.parse(line));
      });
      child.once('exit', (code) => reject(new Error(`bench servers ${script} exited (${code})`)));
    });
    return await fn(ports);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    }
  }
}
