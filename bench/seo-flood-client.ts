// Child process of bench/seo-flood.bench.ts: one flood, away from both the app and the probe, so
// that neither the probe's timing nor the app shares this event loop. Reads its orders from
// argv[2] (JSON: port, path template with `{i}` for the request's number, count, concurrency,
// user agent), sends `count` keep-alive GETs, `concurrency` at a time (one connection each, as a
// crawler fleet would), prints `{"started":true}` as the first goes out, `{"sent":true}` as the
// last does (after it only the slowest answers are awaited: renders, queued crawlers) and the
// statuses at the end.
import { Agent } from 'node:http';
import { get } from './http-load.ts';

interface Orders {
  port: number;
  path: string;
  count: number;
  concurrency: number;
  userAgent: string;
}

const orders = JSON.parse(process.argv[2]) as Orders;
const agent = new Agent({ keepAlive: true, maxSockets: orders.concurrency });
const statuses: Record<number, number> = {};
let next = 0;
const started = process.hrtime.bigint();
console.log(JSON.stringify({ started: true }));
await Promise.all(
  Array.from({ length: orders.concurrency }, async () => {
    while (next < orders.count) {
      const path = orders.path.replaceAll('{i}', String(next++));
      if (next === orders.count) console.log(JSON.stringify({ sent: true }));
      const { status } = await get(orders.port, agent, { 'user-agent': orders.userAgent, accept: 'text/html' }, path);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }),
);
agent.destroy();
console.log(JSON.stringify({ statuses, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
