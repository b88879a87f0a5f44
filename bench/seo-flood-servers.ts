// Child process of bench/seo-flood.bench.ts: an Express 4.21 app behind the seo raw handler with
// its defaults (render pool of 4, queue of 16, query allow-list `page`), rendering through the
// renderer whose port is RENDERER_PORT (bench/seo-flood-renderer.ts, a process of its own), and a
// stats server the bench reads this process's memory, CPU time and event-loop delay from
// (`/?reset` starts a new delay histogram). Prints the ports as JSON, then serves until killed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import express from 'express';
import { createSeoRawHandler, seoServerOptions } from '../packages/seo/src/server-index.ts';

const PAGE = '<!DOCTYPE html><html><head><title>app</title></head><body><div id="app"></div></body></html>';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

const appServer = createServer();
const app = await listen(appServer);
const options = seoServerOptions(
  { PrerenderIO: { serviceUrl: `http://127.0.0.1:${process.env.RENDERER_PORT}/` }, seo: { indexable: true, prerender: { queryParams: ['page'] } } },
  { ROOT_URL: `http://127.0.0.1:${app}`, NODE_ENV: 'production' },
);
const { handler } = createSeoRawHandler({ ...options, sitemap: () => undefined, onError: () => undefined });
const expressApp = express();
expressApp.set('x-powered-by', false);
expressApp.set('etag', false);
expressApp.use(handler as express.RequestHandler);
expressApp.use((_req, res) => {
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(PAGE);
});
appServer.on('request', expressApp);

// How late a 1 ms timer fires: how long a request that arrives now waits for the event loop.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
const statsServer = createServer((req, res) => {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const ms = (ns: number) => ns / 1e6;
  const delay = { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) };
  if (req.url === '/?reset') loopDelay.reset();
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ rss: memory.rss, heapUsed: memory.heapUsed, cpuMicros: cpu.user + cpu.system, systemMicros: cpu.system, loopDelay: delay }));
});
console.log(JSON.stringify({ app, stats: await listen(statsServer) }));
