import { createServer } from 'node:net';
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import type { ChildProcess } from 'node:child_process';

/** Why the renderer could not start; the command maps each to its exit code. */
export type PrerenderServerErrorCode = 'PORT_IN_USE' | 'CHROMIUM_NOT_FOUND' | 'CHROMIUM_FAILED' | 'PRERENDER_MISSING';

export class PrerenderServerError extends Error {
  readonly code: PrerenderServerErrorCode;
  constructor(code: PrerenderServerErrorCode, message: string) {
    super(message);
    this.name = 'PrerenderServerError';
    this.code = code;
  }
}

/** Tried in this order on PATH when CHROME_BIN is not set: Debian, Ubuntu/Alpine, Google's builds. */
export const CHROMIUM_NAMES: readonly string[] = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The Chromium to run: CHROME_BIN when set (it must be executable), else the first of
 * CHROMIUM_NAMES on PATH, else /usr/bin/chromium. Throws CHROMIUM_NOT_FOUND naming what it tried.
 */
export function findChromium(env: Record<string, string | undefined> = process.env): string {
  const configured = env.CHROME_BIN;
  if (configured) {
    if (executable(configured)) return configured;
    throw new PrerenderServerError('CHROMIUM_NOT_FOUND', `Chromium did not start from ${configured}: CHROME_BIN names no executable file; install Chromium, or fix CHROME_BIN`);
  }
  const directories = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of CHROMIUM_NAMES) {
    for (const directory of directories) {
      const candidate = join(directory, name);
      if (executable(candidate)) return candidate;
    }
  }
  if (executable('/usr/bin/chromium')) return '/usr/bin/chromium';
  throw new PrerenderServerError('CHROMIUM_NOT_FOUND', `no Chromium found (CHROME_BIN is not set; none of ${CHROMIUM_NAMES.join(', ')} is on PATH): install Chromium, or set CHROME_BIN`);
}

export interface PrerenderServerOptions {
  /** Default 3033. */
  port?: number;
  /** Default 127.0.0.1: the renderer fetches any URL it is given, so it must not face the internet. */
  host?: string;
  /** Default: `findChromium()` (CHROME_BIN, else chromium / chromium-browser / google-chrome on PATH). */
  chromeLocation?: string;
  /** Chromium's remote-debugging port. Default: a free one. */
  debuggingPort?: number;
  /** Rendered pages kept in memory. Default 1000; 0 turns the cache off. */
  cacheSize?: number;
  /** Milliseconds a page stays cached. Default 60000. */
  cacheLifetime?: number;
  /** Milliseconds the renderer waits for a page. Default 20000 (prerender's own default). */
  pageLoadTimeout?: number;
  log?: (line: string) => void;
}

export interface PrerenderServer {
  port: number;
  host: string;
  /** Chromium's process id. */
  chromiumPid: number | undefined;
  /** Stops Chromium (waiting for it to exit) and the HTTP server. */
  close(): Promise<void>;
}

interface PrerenderRequest {
  prerender: { url: string; statusCode?: number; content?: string | Buffer; headers?: Record<string, string>; renderType?: string };
}
type Next = () => void;
interface PrerenderPlugin {
  requestReceived?(req: PrerenderRequest, res: { send(status: number, content: string | Buffer): void }, next: Next): void;
  beforeSend?(req: PrerenderRequest, res: unknown, next: Next): void;
}
interface PrerenderCore {
  use(plugin: PrerenderPlugin): void;
  startPrerender(): Promise<void>;
  killBrowser(): void;
  isBrowserConnected: boolean;
  browser: { chromeChild?: ChildProcess };
}
type PrerenderFactory = ((options: Record<string, unknown>) => PrerenderCore) & {
  httpHeaders(): PrerenderPlugin;
  sendPrerenderHeader(): PrerenderPlugin;
  removeScriptTags(): PrerenderPlugin;
};

export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--hide-scrollbars',
];

/** Fails with PORT_IN_USE before Chromium starts: prerender's own listen error is an unhandled 'error' event. */
function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new PrerenderServerError('PORT_IN_USE', `port ${port} on ${host} is in use: stop what listens there, or set PORT`));
      else reject(new PrerenderServerError('PORT_IN_USE', `cannot listen on ${host}:${port} (${error.code ?? error.message})`));
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** prerender's logger (lib/util.js, a shared CommonJS object that chrome.js calls through). */
interface PrerenderUtil {
  log(...args: unknown[]): void;
}

let quietLogger: { starting: number; lastRetryError: string } | undefined;

/**
 * prerender 5.21 probes Chromium's debugging port 500 ms after spawning it and logs "Can't connect
 * to Chrome, retrying" with a stack for every probe until Chromium answers, so every start printed
 * one. Those lines are dropped while a start is under way (the last one goes into the start error).
 */
function quietenStartupProbes(require: NodeJS.Require): NonNullable<typeof quietLogger> {
  if (quietLogger) return quietLogger;
  const util = require('prerender/lib/util.js') as PrerenderUtil;
  const original = util.log.bind(util);
  const state = { starting: 0, lastRetryError: '' };
  util.log = (...args: unknown[]) => {
    if (state.starting > 0 && args[0] === "Can't connect to Chrome, retrying") {
      state.lastRetryError = args[1] instanceof Error ? args[1].message : String(args[1] ?? '');
      return;
    }
    original(...args);
  };
  quietLogger = state;
  return state;
}

async function loadPrerender(): Promise<{ prerender: PrerenderFactory; require: NodeJS.Require }> {
  const require = createRequire(import.meta.url);
  try {
    // Loaded here, not at the top: only the flightdeck-prerender command needs it (and its Express
    // and Chromium driver), never the Meteor app. An optional peer dependency of @flightdeck/seo.
    require.resolve('prerender');
  } catch {
    throw new PrerenderServerError('PRERENDER_MISSING', 'the prerender package is not installed (an optional peer dependency of @flightdeck/seo): npm install prerender@5.21.6');
  }
  return { prerender: (await import('prerender')).default as unknown as PrerenderFactory, require };
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** prerender's server cache is a plugin; this one keeps rendered pages in memory, bounded. */
function memoryCache(maxEntries: number, lifetime: number): PrerenderPlugin {
  const pages = new Map<string, { status: number; content: string | Buffer; expires: number }>();
  return {
    requestReceived(req, res, next) {
      const hit = pages.get(req.prerender.url);
      if (hit && hit.expires > Date.now() && req.prerender.renderType === 'html') {
        res.send(hit.status, hit.content);
        return;
      }
      next();
    },
    beforeSend(req, _res, next) {
      const { statusCode, content, url } = req.prerender;
      if (maxEntries > 0 && statusCode === 200 && content && req.prerender.renderType === 'html') {
        pages.delete(url);
        pages.set(url, { status: statusCode, content, expires: Date.now() + lifetime });
        while (pages.size > maxEntries) pages.delete(pages.keys().next().value as string);
      }
      next();
    },
  };
}

/**
 * Starts the `prerender` server (5.21) with the system's Chromium: the no-account renderer for
 * flightdeck:seo. Resolves once Chromium is connected and the HTTP port answers.
 */
export async function startPrerenderServer(options: PrerenderServerOptions = {}): Promise<PrerenderServer> {
  const { prerender, require } = await loadPrerender();
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 3033;
  const chromeLocation = options.chromeLocation ?? findChromium();
  const log = options.log ?? ((line: string) => console.log(line));
  await assertPortFree(host, port);
  const debuggingPort = options.debuggingPort ?? (await freePort('127.0.0.1'));
  const quiet = quietenStartupProbes(require);

  // prerender's index listens as soon as it is called (`app.listen(options)`), passing the whole
  // options object to net.Server#listen, so `host` binds it to 127.0.0.1.
  const server = prerender({
    port,
    host,
    chromeLocation,
    chromeFlags: [...CHROMIUM_FLAGS, `--remote-debugging-port=${debuggingPort}`],
    browserDebuggingPort: debuggingPort,
    pageLoadTimeout: options.pageLoadTimeout ?? 20_000,
    logRequests: false,
  });
  server.use(prerender.sendPrerenderHeader());
  server.use(prerender.httpHeaders());
  server.use(memoryCache(options.cacheSize ?? 1000, options.cacheLifetime ?? 60_000));
  // server.start() would also install a SIGINT handler that exits after a fixed 500 ms, whether
  // Chromium is gone or not; startPrerender() is the same start without it.
  quiet.starting += 1;
  quiet.lastRetryError = '';
  const starting = server.startPrerender();
  // chrome.spawn runs synchronously inside startPrerender(): Chromium exists from here on, and must
  // not outlive this process whatever ends it (an uncaught error included; 'exit' runs then too).
  // prerender respawns Chromium when it dies, so the current child is looked up each time.
  const killOnExit = () => {
    const child = server.browser.chromeChild;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);
  try {
    await starting.catch(() => {
      const why = quiet.lastRetryError ? ` (last try: ${quiet.lastRetryError})` : '';
      throw new PrerenderServerError('CHROMIUM_FAILED', `Chromium did not start from ${chromeLocation}${why}: install it, or set CHROME_BIN`);
    });
    await waitForPort(host, port);
  } catch (error) {
    killOnExit();
    process.off('exit', killOnExit);
    throw error;
  } finally {
    quiet.starting -= 1;
  }
  const chromium = server.browser.chromeChild;
  log(`flightdeck-prerender: listening on http://${host}:${port}/ with ${chromeLocation} (pid ${chromium?.pid})`);

  return {
    port,
    host,
    chromiumPid: chromium?.pid,
    async close() {
      process.off('exit', killOnExit);
      const child = server.browser.chromeChild;
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        server.killBrowser();
        const forced = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(forced);
      }
    },
  };
}

async function waitForPort(host: string, port: number): Promise<void> {
  const { connect } = await import('node:net');
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, host, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the prerender server did not listen on ${host}:${port}`);
}
