// Analysis tool, not a bench of `npm run bench`: the µs a person's GET / costs the WebApp harness in
// process, one variant per process. The harness's http server is fed in-memory connections (a
// Duplex emitted as 'connection', as Node's docs allow), so no client shares the CPU and no kernel
// socket is timed; one keep-alive connection, one request at a time. Timed in CPU µs per request.
//
//   FLIGHTDECK_METEOR_WEBAPP=3.0.4 taskset -c 1 node --import tsx bench/composition-in-process.ts <variant>
//   HEAP_SAMPLE=30 ... <variant>    the 30 allocating functions with the most sampled bytes per request
//
// Variants: bare, flightdeck, noop1 / noop2 (bare plus one / two no-op handlers on
// WebApp.rawHandlers), built by bench/composition-app.ts as the bench's server processes build
// their sides. Prints one JSON line: the minimum
// and median CPU µs per request over `BATCHES` batches of `BATCH` requests after `WARMUP`. With
// HEAP_SAMPLE=<n>, instead: V8's sampling heap profiler over 20,000 requests, the sampled bytes per
// request in all and for the n allocating call sites with the most (function <- its caller).
import { Duplex } from 'node:stream';
import { startCompositionApp } from './composition-app.ts';

const variant = process.argv[2] ?? 'bare';
// Call sites are named relative to the repository (the lines of a .ts file are tsx's output's).
const ROOT = new URL('..', import.meta.url).href;
const WARMUP = Number(process.env.WARMUP ?? 20_000);
const BATCH = Number(process.env.BATCH ?? 500);
const BATCHES = Number(process.env.BATCHES ?? 120);

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

// Port 9 (discard): configured, never contacted by a person's page request.
const app = await startCompositionApp(variant, { renderer: 9, segment: 9 });
// The listening socket stays open, idle: every request below comes through an in-memory connection.

const request = Buffer.from(`GET / HTTP/1.1\r\nuser-agent: ${CHROME}\r\naccept: text/html\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
const HEAD_END = Buffer.from('\r\n\r\n');
const LAST_CHUNK = Buffer.from('0\r\n\r\n');

/**
 * One in-memory connection; `send()` resolves when the whole response came back. The responses
 * are chunked (the boilerplate handler calls writeHead before end): one ends with the last chunk.
 */
function connection(): { send(): Promise<void> } {
  let pending: (() => void) | undefined;
  let first = true;
  const done = (chunk: Buffer): boolean => chunk.length >= 5 && chunk.subarray(chunk.length - 5).equals(LAST_CHUNK);
  const check = (chunk: Buffer): void => {
    if (first) {
      first = false;
      if (chunk.toString('latin1', 0, 12) !== 'HTTP/1.1 200') throw new Error(`status: ${chunk.toString('latin1', 0, 40)}`);
      if (!/\r\ntransfer-encoding: chunked$/im.test(chunk.toString('latin1', 0, chunk.indexOf(HEAD_END)))) throw new Error('expected a chunked response');
    }
    if (done(chunk)) {
      first = true;
      const resolve = pending;
      pending = undefined;
      resolve?.();
    }
  };
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      check(chunk);
      callback();
    },
    writev(chunks, callback) {
      for (const { chunk } of chunks) check(chunk as Buffer);
      callback();
    },
  });
  Object.assign(socket, { remoteAddress: '127.0.0.1', remotePort: 40000, setTimeout: () => socket, setNoDelay: () => socket, setKeepAlive: () => socket });
  app.WebApp.httpServer.emit('connection', socket);
  return {
    send() {
      return new Promise<void>((resolve) => {
        pending = resolve;
        socket.push(request);
      });
    },
  };
}

const conn = connection();
for (let i = 0; i < WARMUP; i += 1) await conn.send();

if (process.env.HEAP_SAMPLE) {
  // Where the bytes are allocated: V8's sampling heap profiler over 20,000 requests, the sampled
  // bytes per request of each allocating function (self), largest first.
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 128, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const REQUESTS = 20_000;
  for (let i = 0; i < REQUESTS; i += 1) await conn.send();
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: HeapNode } };
  interface HeapNode { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: HeapNode[] }
  const bySite = new Map<string, number>();
  const walk = (node: HeapNode, stack: string): void => {
    const frame = `${node.callFrame.functionName || '(anon)'} ${node.callFrame.url.replace(ROOT, '').replace(/^.*\/node_modules\//, '')}:${node.callFrame.lineNumber + 1}`;
    if (node.selfSize) bySite.set(`${frame} <- ${stack}`, (bySite.get(`${frame} <- ${stack}`) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child, frame);
  };
  walk(profile.head, '');
  const total = [...bySite.values()].reduce((a, b) => a + b, 0);
  console.log(`sampled ${Math.round(total / REQUESTS)} bytes/request`);
  for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.HEAP_SAMPLE))) console.log(String(Math.round(bytes / REQUESTS)).padStart(6), site);
  process.exit(0);
}

// CPU time (user + system), not wall time: on a shared machine the process is preempted, and the
// wall clock counts the time it waited.
const perRequest: number[] = [];
for (let b = 0; b < BATCHES; b += 1) {
  const start = process.cpuUsage();
  for (let i = 0; i < BATCH; i += 1) await conn.send();
  const used = process.cpuUsage(start);
  perRequest.push((used.user + used.system) / BATCH);
}
perRequest.sort((x, y) => x - y);
console.log(JSON.stringify({
  variant,
  webapp: process.env.FLIGHTDECK_METEOR_WEBAPP ?? '3.0.4',
  node: process.version,
  minUs: Number(perRequest[0].toFixed(2)),
  medianUs: Number(perRequest[Math.floor(perRequest.length / 2)].toFixed(2)),
}));
process.exit(0);
