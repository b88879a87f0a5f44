#!/usr/bin/env node
// `flightdeck-prerender [command] [options]`: the self-hosted renderer for flightdeck:seo. Each
// command is one entry of `commands`; with no command, `serve`. Exit codes are in USAGE.
import { startPrerenderServer } from '../dist/lib/prerender/prerender-server.js';

const USAGE = `Usage: flightdeck-prerender [serve] [--port <n>] [--host <address>]
       flightdeck-prerender warm --sitemap <url> [options]   (see flightdeck-prerender warm --help)

Starts the prerender server with the system's Chromium on 127.0.0.1, for flightdeck:seo's
PrerenderIO.serviceUrl (http://127.0.0.1:3033/ by default). Stops Chromium on SIGINT / SIGTERM,
and when the process that started it (npx, a shell) goes away.

Options:
  --port <n>         port to listen on (env PORT, default 3033)
  --host <address>   address to bind (env PRERENDER_HOST, default 127.0.0.1; the renderer fetches
                     any URL it is asked for, so never bind it to a public interface)
  -h, --help         print this help

Environment:
  CHROME_BIN                  Chromium to run (default: chromium, chromium-browser, google-chrome
                              or google-chrome-stable on PATH, else /usr/bin/chromium)
  PRERENDER_CACHE_SIZE        rendered pages kept in memory (default 1000, 0 = off)
  PRERENDER_CACHE_LIFETIME    milliseconds a page stays cached (default 60000)

Exit codes:
  0  stopped by SIGINT or SIGTERM (or --help)
  1  could not start or failed while running (port in use, Chromium did not start)
  2  usage error (unknown option or command, a value that is not a whole number)
  3  a prerequisite is missing (the prerender package, or Chromium)`;

const EXIT = { ok: 0, failed: 1, usage: 2, missing: 3 };

function fail(code, message) {
  console.error(`flightdeck-prerender: ${message}`);
  process.exit(code);
}

function usageError(message) {
  fail(EXIT.usage, `${message} (see flightdeck-prerender --help)`);
}

function wholeNumber(name, raw, fallback) {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) usageError(`${name} must be a whole number, got ${JSON.stringify(raw)}`);
  return value;
}

/** `--name value` and `--name=value` for the names given; anything else is a usage error. */
function parseOptions(args, names) {
  const values = {};
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match || !names.includes(match[1])) usageError(`unknown ${arg.startsWith('-') ? 'option' : 'argument'} ${JSON.stringify(arg)}`);
    const value = match[2] ?? args[(index += 1)];
    if (value === undefined) usageError(`${arg} needs a value`);
    values[match[1]] = value;
  }
  return values;
}

async function serve(args) {
  const options = parseOptions(args, ['port', 'host']);
  const port = wholeNumber(options.port === undefined ? 'PORT' : '--port', options.port ?? process.env.PORT, 3033);
  const cacheSize = wholeNumber('PRERENDER_CACHE_SIZE', process.env.PRERENDER_CACHE_SIZE, 1000);
  const cacheLifetime = wholeNumber('PRERENDER_CACHE_LIFETIME', process.env.PRERENDER_CACHE_LIFETIME, 60000);
  let server;
  let stopping = false;

  async function stop(reason) {
    if (stopping) return;
    stopping = true;
    console.log(`flightdeck-prerender: ${reason}, stopping Chromium`);
    try {
      await server?.close();
    } finally {
      process.exit(EXIT.ok);
    }
  }

  // Installed before the start, so a signal during Chromium's start-up still stops it.
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // A signal to `npx flightdeck-prerender` may end npx without reaching this process, which is then
  // re-parented: treat the parent going away as SIGTERM, so neither node nor Chromium lingers.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop('parent process exited');
  }, 500).unref();
  // prerender listens inside its factory and leaves the server's 'error' event unhandled: a port
  // taken in the instant after the check would otherwise end the process with a stack trace.
  // prerender-server.ts kills Chromium on exit.
  process.on('uncaughtException', (error) => {
    const message = error?.code === 'EADDRINUSE' ? `port ${port} is in use: stop what listens there, or set PORT` : String(error?.message ?? error).split('\n')[0];
    fail(EXIT.failed, message);
  });

  try {
    server = await startPrerenderServer({ port, host: options.host ?? process.env.PRERENDER_HOST ?? '127.0.0.1', cacheSize, cacheLifetime });
    if (stopping) await server.close();
  } catch (error) {
    const missing = error?.code === 'PRERENDER_MISSING' || error?.code === 'CHROMIUM_NOT_FOUND';
    fail(missing ? EXIT.missing : EXIT.failed, String(error?.message ?? error).split('\n')[0]);
  }
}

const commands = {
  serve,
  // Its own module, so warming loads neither prerender nor Chromium; it prints its own --help.
  warm: async (args) => process.exit(await (await import('./warm-command.js')).warm(args)),
};

const [first, ...rest] = process.argv.slice(2);
if (first === '--help' || first === '-h' || (first !== 'warm' && (rest.includes('--help') || rest.includes('-h')))) {
  console.log(USAGE);
  process.exit(EXIT.ok);
}
if (first === undefined || first.startsWith('-')) await serve(process.argv.slice(2));
else if (Object.hasOwn(commands, first)) await commands[first](rest);
else usageError(`unknown command ${JSON.stringify(first)}`);
