#!/usr/bin/env node
// `npx flightdeck-prerender`: the prerender server with the system's Chromium, on 127.0.0.1.
//   PORT (default 3033), CHROME_BIN (default /usr/bin/chromium), PRERENDER_HOST (default 127.0.0.1),
//   PRERENDER_CACHE_SIZE (default 1000 pages), PRERENDER_CACHE_LIFETIME (ms, default 60000).
// SIGINT and SIGTERM stop Chromium first (waiting for it to exit, so its debugging port is free),
// then the process.
import { startPrerenderServer } from '../dist/lib/prerender/prerender-server.js';

if (process.argv[2] === 'warm') process.exit(await (await import('./warm-command.js')).warm(process.argv.slice(3)));

function integer(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`flightdeck-prerender: ${name} must be a whole number, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return value;
}

const port = integer('PORT', 3033);
let server;
let stopping = false;

async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`flightdeck-prerender: ${signal}, stopping Chromium`);
  try {
    await server?.close();
  } finally {
    process.exit(0);
  }
}

// Installed before the start, so a signal during Chromium's start-up still stops it.
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

try {
  server = await startPrerenderServer({
    port,
    host: process.env.PRERENDER_HOST || '127.0.0.1',
    cacheSize: integer('PRERENDER_CACHE_SIZE', 1000),
    cacheLifetime: integer('PRERENDER_CACHE_LIFETIME', 60000),
  });
  if (stopping) await server.close();
} catch (error) {
  console.error(`flightdeck-prerender: ${error.message}`);
  process.exit(1);
}
