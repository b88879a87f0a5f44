// Child process of bench/seo-flood.bench.ts: an Express 4.21 app behind the seo raw handler with
// its defaults (render pool of 4, queue of 16, query allow-list `page`), rendering through the
// renderer whose port is RENDERER_PORT (bench/seo-flood-renderer.ts, a process of its own), and
// the stats server of bench/seo-flood-stats.ts. Prints the ports as JSON, then serves until
// killed; SIGTERM exits normally, so `--cpu-prof` writes its profile.
import { createServer } from 'node:http';
import express from 'express';
import { createSeoRawHandler, holdBeforeApp, seoServerOptions } from '../packages/seo/src/server-index.ts';
import { APP_PAGE, listen, startStatsServer } from './seo-flood-stats.ts';

const appServer = createServer();
const app = await listen(appServer);
const options = seoServerOptions(
  { PrerenderIO: { serviceUrl: `http://127.0.0.1:${process.env.RENDERER_PORT}/` }, seo: { indexable: true, prerender: { queryParams: ['page'] } } },
  { ROOT_URL: `http://127.0.0.1:${app}`, NODE_ENV: 'production' },
);
const { handler, prerender } = createSeoRawHandler({ ...options, sitemap: () => undefined, onError: () => undefined });
const expressApp = express();
expressApp.set('x-powered-by', false);
expressApp.set('etag', false);
expressApp.use(handler as express.RequestHandler);
expressApp.use((_req, res) => {
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(APP_PAGE);
});
appServer.on('request', expressApp);
// As installSeo does on WebApp.httpServer: crawlers past a full pool wait before Express.
if (process.env.SEO_FLOOD_NO_HOLD !== '1' && prerender) holdBeforeApp(appServer, prerender.holdBeforeApp);
console.log(JSON.stringify({ app, stats: await startStatsServer() }));
process.once('SIGTERM', () => process.exit(0));
