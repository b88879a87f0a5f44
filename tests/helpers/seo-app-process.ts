/**
 * One app "container" as its own process (tests/fixtures/seo/shared-cache-app.ts): the WebApp
 * harness with flightdeck:seo's raw handler, so several of them can share one Redis as containers
 * behind a load balancer do.
 *
 *   const app = await startSeoAppProcess({ env: { PRERENDER_SERVICE_URL: renderer.url, SHARED_REDIS_URL: redis.url } });
 *   after(() => app.stop());
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fixture = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'seo', 'shared-cache-app.ts');

export interface SeoAppProcess {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  child: ChildProcess;
  output(): string;
  /** The shared-cache warnings the app logged. */
  warnings(): Promise<string[]>;
  invalidate(pattern: string): Promise<number>;
  clear(): Promise<number>;
  stop(): Promise<void>;
}

export async function startSeoAppProcess(options: { env: Record<string, string>; startTimeout?: number }): Promise<SeoAppProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app process did not start within ${options.startTimeout ?? 20000} ms:\n${output}`)), options.startTimeout ?? 20000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /^ready (\S+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the app process exited before it was ready:\n${output}`));
    });
  });
  const control = async (method: string, path: string, body?: string) => {
    // A person's browser: fetch's own user agent ("node") counts as a crawler, and a GET would be prerendered.
    const headers = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36' };
    const response = await fetch(`${url}/__test${path}`, { method, body, headers });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  return {
    url,
    child,
    output: () => output,
    warnings: () => control('GET', '/warnings') as Promise<string[]>,
    invalidate: async (pattern) => ((await control('POST', '/invalidate', pattern)) as { deleted: number }).deleted,
    clear: async () => ((await control('POST', '/clear')) as { deleted: number }).deleted,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(forced);
    },
  };
}
