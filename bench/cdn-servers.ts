// Child process of bench/cdn.bench.ts: two Express 4.21 apps, set up the way Meteor 3 creates its
// handler apps, answering the same small page — one bare, one behind flightdeck:cdn's raw handlers
// and its missing-file handler. Prints their ports as JSON, then serves until killed.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createCdnMiddleware, createMissingFileHandler } from '../packages/cdn/src/index.ts';

const PAGE = '<!DOCTYPE html><html><head><title>bench</title></head><body><div id="app"></div></body></html>';

function app(withCdn: boolean): express.Express {
  const server = express();
  server.set('x-powered-by', false);
  server.set('etag', false);
  if (withCdn) {
    // What installCdn mounts on WebApp.rawHandlers.
    server.use(
      createCdnMiddleware({
        cors: { origins: ['https://app.example.com'] },
        cacheBusting: { hashes: { '/cats.gif': 'abc123def456', '/fonts/a.woff2': '0123456789ab' } },
      }),
    );
  }
  server.get('/', (_req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(PAGE);
  });
  if (withCdn) server.use(createMissingFileHandler());
  return server;
}

function listen(server: express.Express): Promise<number> {
  return new Promise((resolve) => {
    const http: Server = server.listen(0, '127.0.0.1', () => resolve((http.address() as AddressInfo).port));
  });
}

const [bare, cdn] = await Promise.all([listen(app(false)), listen(app(true))]);
console.log(JSON.stringify({ bare, cdn }));
