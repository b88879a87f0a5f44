// The real renderer for end-to-end tests: `packages/seo/bin/flightdeck-prerender.js` (the `prerender`
// server with the system's Chromium) as a child process on a free 127.0.0.1 port. Stop it in an
// after hook: `stop()` sends SIGINT (or the signal given) and resolves once the command has exited,
// which it does only after Chromium has.
//
//   const renderer = await startPrerenderServer();
//   after(() => renderer.stop());
//   // PrerenderIO.serviceUrl: renderer.url
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const prerenderCommand = join(root, 'packages', 'seo', 'bin', 'flightdeck-prerender.js');

/**
 * prerender's own tuning variables, for a renderer in front of the tests' small pages (scripts
 * inline, `window.prerenderReady` set by the page). prerender first checks whether a page is done
 * PAGE_DONE_CHECK_INTERVAL ms after navigating and then every as many ms (default 500), and calls
 * it done once prerenderReady is true and no request has been in flight for WAIT_AFTER_LAST_REQUEST
 * ms (default 500): every render waited about a second on top of Chromium's own work. Polled every
 * 50 ms with a 150 ms quiet window it waits about 200 ms. The done condition itself is unchanged
 * (prerenderReady still gates it). Not for specs about a page that keeps loading after it says it
 * is ready, nor about prerender's defaults: those keep prerender's own values.
 */
export const QUICK_RENDER_ENV: Readonly<Record<string, string>> = { PAGE_DONE_CHECK_INTERVAL: '50', WAIT_AFTER_LAST_REQUEST: '150' };

export interface PrerenderServerHandle {
  /** `http://127.0.0.1:<port>/`, the value for `PrerenderIO.serviceUrl`. */
  url: string;
  port: number;
  chromiumPid: number;
  child: ChildProcess;
  /** Everything the command printed so far. */
  output(): string;
  /** Sends the signal (default SIGINT) and waits for the command to exit; resolves its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartPrerenderServerOptions {
  port?: number;
  env?: Record<string, string>;
  /** Milliseconds to wait for Chromium and the port. Default 20000. */
  startTimeout?: number;
}

/** Starts `flightdeck-prerender` and resolves once it listens, with Chromium's pid. */
export async function startPrerenderServer(options: StartPrerenderServerOptions = {}): Promise<PrerenderServerHandle> {
  if (!existsSync(join(root, 'packages', 'seo', 'dist', 'lib', 'prerender', 'prerender-server.js'))) {
    throw new Error('packages/seo/dist is missing: run `npm run build` first');
  }
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [prerenderCommand], {
    env: { ...process.env, PORT: String(port), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /flightdeck-prerender: listening on .* \(pid (\d+)\)/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`flightdeck-prerender exited (${code}) before listening:\n${output}`)));
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`flightdeck-prerender did not start within ${options.startTimeout ?? 20000} ms:\n${output}`)), options.startTimeout ?? 20000);
  });
  let chromiumPid: number;
  try {
    chromiumPid = await Promise.race([started, timeout]);
  } catch (error) {
    child.kill('SIGINT');
    await exited;
    throw error;
  } finally {
    clearTimeout(timer);
  }
  let stopping: Promise<number | null> | undefined;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    chromiumPid,
    child,
    output: () => output,
    stop(signal: NodeJS.Signals = 'SIGINT') {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      stopping ??= (async () => {
        child.kill(signal);
        const forced = setTimeout(() => child.kill('SIGKILL'), 10000);
        const code = await exited;
        clearTimeout(forced);
        return code;
      })();
      return stopping;
    },
  };
}

/** Whether a process id is still alive (zombies count as gone). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // A zombie still answers kill(0); its /proc status says Z.
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}
