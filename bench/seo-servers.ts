// Child process of bench/seo.bench.ts: two Express 4.21 apps set up the way Meteor 3 creates its
// handler apps, answering the same small page — one bare, one behind the raw handler installSeo
// mounts (robots.txt / X-Robots-Tag, then the prerender proxy) — and a renderer that answers
// crawlers once (later crawler requests come from the cache). Prints the ports as JSON, then
// serves until killed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createSeoRawHandler, seoServerOptions } from '../packages/seo/src/index.ts';

const PAGE = '<!DOCTYPE html><html><head><title>bench</title></head><body><div id="app"></div></body></html>';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function app(rawHandler?: express.RequestHandler): express.Express {
  const server = express();
  server.set('x-powered-by', false);
  server.set('etag', false);
  if (rawHandler) server.use(rawHandler);
  server.get('/', (_req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(PAGE);
  });
  return server;
}

const renderer = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<!DOCTYPE html><html><head><title>Rendered</title><meta name="description" content="rendered"></head><body><div id="app">Rendered page</div></body></html>');
});
const rendererPort = await listen(renderer);

const bareServer = createServer(app());
const seoServer = createServer();
const bare = await listen(bareServer);
const seo = await listen(seoServer);
const options = seoServerOptions(
  { PrerenderIO: { serviceUrl: `http://127.0.0.1:${rendererPort}/` }, seo: { indexable: true, robots: { disallow: ['/admin'] } } },
  { ROOT_URL: `http://127.0.0.1:${seo}`, NODE_ENV: 'production' },
);
const { handler } = createSeoRawHandler({ ...options, sitemap: () => undefined });
seoServer.on('request', app(handler as express.RequestHandler));
console.log(JSON.stringify({ bare, seo }));
