// Child process of bench/seo-flood.bench.ts: a scripted renderer that takes 200 ms per page of
// 100 KB and counts the renders it is asked for (and the most at once), in a process of its own
// like the real prerender server, so its writes are not the app's work. A second port answers the
// counts as JSON. Prints the ports as JSON, then serves until killed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const RENDERED = Buffer.from(`<!DOCTYPE html><html><head><title>Rendered</title></head><body>${'<p>rendered text</p>'.repeat(5000)}</body></html>`);

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

const stats = { rendererRequests: 0, rendering: 0, mostAtOnce: 0 };
const renderer = createServer((_req, res) => {
  stats.rendererRequests += 1;
  stats.rendering += 1;
  stats.mostAtOnce = Math.max(stats.mostAtOnce, stats.rendering);
  setTimeout(() => {
    stats.rendering -= 1;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(RENDERED.length) });
    res.end(RENDERED);
  }, 200);
});
const statsServer = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(stats));
});
console.log(JSON.stringify({ renderer: await listen(renderer), stats: await listen(statsServer) }));
