/**
 * nginx as an origin-pull caching CDN in front of a test server, on its own 127.0.0.1 port.
 *
 *   const cdn = await startNginxCdn({ origin: app.url });
 *   // GET `${cdn.url}/<path>` is fetched from `${app.url}/<path>` and cached by nginx (proxy_cache),
 *   // with `X-Cache-Status: MISS | HIT | EXPIRED | BYPASS...` on every answer.
 *   await cdn.stop();
 *
 * Like a real CDN it caches what the origin's Cache-Control allows (`max-age=0` / `no-cache` are
 * not cached), keys variants on the origin's Vary, and forwards the browser's headers (Origin
 * included) to the origin. Everything lives in a temp dir (config, cache, logs, pid), removed by
 * stop(). The system's nginx is used (`nginxPath()`: /usr/sbin/nginx, or NGINX_BIN).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nginxPath } from '../../scripts/system-programs.mjs';
import { freePort } from './free-port.ts';

export interface NginxCdnOptions {
  /** The origin to pull from, e.g. `http://127.0.0.1:4000`; its path, if any, is ignored. */
  origin: string;
  /** Host header sent to the origin. Default the origin's host (what CloudFront sends unless told to forward Host). */
  originHost?: string;
  /**
   * The URI part of `proxy_pass` (e.g. `/`, or `/app/` under `location /app/`). Without one nginx
   * passes the request target as the client sent it; with one it sends its own normalised path
   * (percent-decoded, dot segments resolved, slashes merged, then re-encoded). Default none.
   */
  proxyPassUri?: string;
  /** The location nginx proxies. Default `/`. */
  location?: string;
  /** nginx's proxy_cache in front of the origin. Default true; false makes it a plain reverse proxy. */
  cache?: boolean;
  /** Milliseconds to wait for nginx to accept connections. Default 10000. */
  startTimeout?: number;
}

/** One line of the CDN's access log. */
export interface NginxCdnLogEntry {
  method: string;
  uri: string;
  status: number;
  /** nginx's $upstream_cache_status: MISS, HIT, EXPIRED, BYPASS, ..., or '-' when no cache was involved. */
  cache: string;
}

export interface NginxCdn {
  /** `http://127.0.0.1:<port>`: use as the CDN URL. */
  url: string;
  port: number;
  /** The temp dir with nginx.conf, cache/, access.log and error.log. */
  dir: string;
  /** The requests nginx answered so far, oldest first. */
  accessLog(): Promise<NginxCdnLogEntry[]>;
  /** nginx's error log, for failure messages. */
  errorLog(): Promise<string>;
  /** Stops nginx, waits for its master process to exit, and removes the temp dir. */
  stop(): Promise<void>;
}

function config(dir: string, port: number, origin: URL, originHost: string, options: NginxCdnOptions): string {
  const cache = options.cache === false ? '' : `
      proxy_cache cdn;
      proxy_cache_key $scheme$proxy_host$request_uri;
      proxy_cache_lock on;`;
  // As root, nginx's workers would switch to `nobody`, which cannot write this temp dir.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  return `${user}worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 256; }
http {
  log_format cdn '$request_method $request_uri $status $upstream_cache_status';
  access_log ${join(dir, 'access.log')} cdn;
  client_body_temp_path ${join(dir, 'client_body')};
  proxy_temp_path ${join(dir, 'proxy_temp')};
  fastcgi_temp_path ${join(dir, 'fastcgi_temp')};
  uwsgi_temp_path ${join(dir, 'uwsgi_temp')};
  scgi_temp_path ${join(dir, 'scgi_temp')};
  proxy_cache_path ${join(dir, 'cache')} levels=1:2 keys_zone=cdn:4m max_size=64m inactive=10m use_temp_path=off;
  server {
    listen 127.0.0.1:${port};
    location ${options.location ?? '/'} {
      proxy_pass ${origin.protocol}//${origin.host}${options.proxyPassUri ?? ''};
      proxy_http_version 1.1;
      proxy_set_header Host ${originHost};
      proxy_set_header Connection "";${cache}
      add_header X-Cache-Status $upstream_cache_status always;
    }
  }
}
`;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts nginx in front of `origin` and resolves once it accepts connections. */
export async function startNginxCdn(options: NginxCdnOptions): Promise<NginxCdn> {
  const binary = nginxPath();
  if (!binary) throw new Error('nginx not found: install it with `sudo bash scripts/install-system-deps.sh`, or set NGINX_BIN');
  const origin = new URL(options.origin);
  const dir = await mkdtemp(join(tmpdir(), 'flightdeck-nginx-'));
  const port = await freePort();
  const confPath = join(dir, 'nginx.conf');
  await writeFile(confPath, config(dir, port, origin, options.originHost ?? origin.host, options));

  let output = '';
  // -e: nginx opens its error log before reading the config; the default /var/log/nginx may not be writable.
  const child = spawn(binary, ['-p', dir, '-c', confPath, '-e', join(dir, 'error.log'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const gone = exited(child);

  const errorLog = async () => {
    try {
      return await readFile(join(dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // SIGTERM: fast shutdown; the master waits for its worker before it exits.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.startTimeout ?? 10000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = await errorLog();
      await rm(dir, { recursive: true, force: true });
      throw new Error(`nginx exited at start (${child.exitCode ?? child.signalCode}): ${output}${log}`);
    }
    if (await canConnect(port)) break;
    if (Date.now() > deadline) {
      const log = await errorLog();
      await stop();
      throw new Error(`nginx did not listen on 127.0.0.1:${port} within ${options.startTimeout ?? 10000} ms: ${output}${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dir,
    async accessLog() {
      let text = '';
      try {
        text = await readFile(join(dir, 'access.log'), 'utf8');
      } catch {
        return [];
      }
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [method, uri, status, cache] = line.split(' ');
          return { method, uri, status: Number(status), cache };
        });
    },
    errorLog,
    stop,
  };
}
