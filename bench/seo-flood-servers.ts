// Child process of bench/seo-flood.bench.ts: an Express 4.21 app behind the seo raw handler with
// its defaults (render pool of 4, queue of 16, query allow-list `page`), a scripted renderer that
// takes 200 ms per page of 100 KB and counts the renders it is asked for (and the most at once),
// and a stats server the bench reads those counts and this process's memory from. Prints the
// ports as JSON, then serves until killed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createSeoRawHandler, seoServerOptions } from '../packages/seo/src/index.ts';

const PAGE = '<!DOCTYPE html><html><head><title>app</title></head><body><div id="app"></div></body></html>';
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
const rendererPort = await listen(renderer);

const appServer = createServer();
const app = await listen(appServer);
const options = seoServerOptions(
  { PrerenderIO: { serviceUrl: `http://127.0.0.1:${rendererPort}/` }, seo: { indexable: true, prerender: { queryParams: ['page'] } } },
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

const statsServer = createServer((_req, res) => {
  const memory = process.memoryUsage();
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ...stats, rss: memory.rss, heapUsed: memory.heapUsed }));
});
const statsPort = await listen(statsServer);
console.log(JSON.stringify({ app, stats: statsPort }));
