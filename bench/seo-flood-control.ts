// Child process of bench/seo-flood.bench.ts: the control. A bare node:http server (no Express, no
// seo handler, no Meteor harness) that answers the probe's path with a fixed body of the cached
// page's size (SEO_FLOOD_PROBE_BYTES, the 100 KB the app serves from its render cache) and every
// other path with the app page's small fixed body, plus the same stats server as the app's
// (bench/seo-flood-stats.ts). Under the same flood and probe as the app, its p99 is what this
// machine's event loop and scheduler allow a server that does nothing else. Prints the ports as
// JSON, then serves until killed; SIGTERM exits normally (for `--cpu-prof`).
import { createServer } from 'node:http';
import { APP_PAGE, listen, PROBE_PATH, startStatsServer } from './seo-flood-stats.ts';

const probeBody = Buffer.alloc(Number(process.env.SEO_FLOOD_PROBE_BYTES ?? 100_000), 'x');
const probeHeaders = { 'content-type': 'text/html; charset=utf-8', 'content-length': String(probeBody.length) };
const pageBody = Buffer.from(APP_PAGE);
const pageHeaders = { 'content-type': 'text/html; charset=utf-8', 'content-length': String(pageBody.length) };

const server = createServer((req, res) => {
  if (req.url === PROBE_PATH) {
    res.writeHead(200, probeHeaders);
    res.end(probeBody);
    return;
  }
  res.writeHead(200, pageHeaders);
  res.end(pageBody);
});
const control = await listen(server);
console.log(JSON.stringify({ app: control, stats: await startStatsServer() }));
process.once('SIGTERM', () => process.exit(0));
