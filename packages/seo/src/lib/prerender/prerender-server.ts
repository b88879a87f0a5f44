import { createServer } from 'node:net';
import type { ChildProcess } from 'node:child_process';

export interface PrerenderServerOptions {
  /** Default 3033. */
  port?: number;
  /** Default 127.0.0.1: the renderer fetches any URL it is given, so it must not face the internet. */
  host?: string;
  /** Default CHROME_BIN, else /usr/bin/chromium. */
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
  // Loaded here, not at the top: only the flightdeck-prerender command needs it (and its Express
  // and Chromium driver), never the Meteor app.
  const prerender = (await import('prerender')).default as unknown as PrerenderFactory;
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 3033;
  const debuggingPort = options.debuggingPort ?? (await freePort('127.0.0.1'));
  const chromeLocation = options.chromeLocation ?? process.env.CHROME_BIN ?? '/usr/bin/chromium';
  const log = options.log ?? ((line: string) => console.log(line));

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
  await server.startPrerender().catch(() => {
    throw new Error(`Chromium did not start from ${chromeLocation}: install it, or set CHROME_BIN`);
  });
  await waitForPort(host, port);
  const chromium = server.browser.chromeChild;
  log(`flightdeck-prerender: listening on http://${host}:${port}/ with ${chromeLocation} (pid ${chromium?.pid})`);

  return {
    port,
    host,
    chromiumPid: chromium?.pid,
    async close() {
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
