/**
 * A real Redis for tests: Debian's `redis-server` on 127.0.0.1 on a free port, with no persistence
 * (`--save '' --appendonly no`) and its files in a temp dir, so nothing outlives the test.
 *
 *   const redis = await startRedisServer();
 *   after(() => redis.stop());
 *   // seo.prerender.redis.url: redis.url
 *
 * Fault tests: `kill()` ends it with SIGKILL (as an OOM kill or a crashed node would), `restart()`
 * starts it again on the same port (empty: nothing was persisted), `pause(ms)` stops it with
 * SIGSTOP for a while (a slow or hung Redis: connections stay open, nothing answers).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisServerPath } from '../../scripts/system-programs.mjs';
import { freePort } from './free-port.ts';

export interface RedisServerHandle {
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** Everything redis-server printed so far. */
  output(): string;
  /** Sends one command (inline protocol) and resolves the raw reply, e.g. `command('DBSIZE')` → `:3`. */
  command(...args: string[]): Promise<string>;
  /** SIGKILL, and waits for the process to exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port after kill() or stop(). */
  restart(): Promise<void>;
  /** SIGSTOP for `ms` milliseconds, then SIGCONT: Redis is there but answers nothing meanwhile. */
  pause(ms: number): Promise<void>;
  /** Stops it (SIGTERM, SIGKILL after 5 s) and removes its temp dir. */
  stop(): Promise<void>;
}


/** Resolves once a TCP connection to 127.0.0.1:port succeeds and Redis answers PING. */
async function waitForPing(port: number, timeout: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (exited()) throw new Error('redis-server exited before answering');
    try {
      if (/^(\+PONG|-NOAUTH)/.test(await inlineCommand(port, ['PING'], 500))) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`redis-server did not answer on 127.0.0.1:${port} within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** One command over a fresh connection, RESP array encoding (binary-safe for the arguments). */
function inlineCommand(port: number, args: string[], timeout = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error(`redis command ${args[0]} timed out`)), timeout);
    socket.on('connect', () => {
      let payload = `*${args.length}\r\n`;
      for (const arg of args) payload += `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`;
      socket.write(payload);
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.endsWith('\r\n') && replyComplete(text)) {
        clearTimeout(timer);
        socket.end();
        resolve(text.trimEnd());
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Whether a RESP reply (simple, integer, error, bulk or flat array of bulks) is complete. */
function replyComplete(text: string): boolean {
  const type = text[0];
  if (type === '+' || type === '-' || type === ':') return true;
  const lines = text.split('\r\n');
  if (type === '$') return Number(lines[0].slice(1)) < 0 || lines.length >= 3;
  if (type === '*') {
    const count = Number(lines[0].slice(1));
    return count <= 0 || lines.length >= 1 + count * 2 + 1;
  }
  return true;
}

export async function startRedisServer(options: { startTimeout?: number; /** More redis-server arguments, e.g. ['--requirepass', 'x']. */ args?: string[] } = {}): Promise<RedisServerHandle> {
  const binary = redisServerPath();
  if (!binary) throw new Error('redis-server is missing: run `bash scripts/install-system-deps.sh` (Debian package redis-server)');
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'flightdeck-redis-'));
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let output = '';

  async function launch(): Promise<void> {
    const process_ = spawn(
      binary!,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes', '--daemonize', 'no', '--loglevel', 'warning', ...(options.args ?? [])],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = process_;
    let gone = false;
    exited = new Promise((resolve) => process_.once('exit', () => {
      gone = true;
      resolve();
    }));
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    process_.stdout?.on('data', collect);
    process_.stderr?.on('data', collect);
    try {
      await waitForPing(port, options.startTimeout ?? 10000, () => gone);
    } catch (error) {
      process_.kill('SIGKILL');
      await exited;
      throw new Error(`${(error as Error).message}\n${output}`);
    }
  }

  function running(): boolean {
    return Boolean(child && child.exitCode === null && child.signalCode === null);
  }

  async function end(signal: NodeJS.Signals): Promise<void> {
    if (!running()) return;
    child!.kill('SIGCONT');
    child!.kill(signal);
    const forced = setTimeout(() => child?.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(forced);
  }

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    output: () => output,
    command: (...args: string[]) => inlineCommand(port, args),
    kill: () => end('SIGKILL'),
    async restart() {
      await end('SIGKILL');
      await launch();
    },
    async pause(ms: number) {
      if (!running()) throw new Error('redis-server is not running');
      child!.kill('SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, ms));
      if (running()) child!.kill('SIGCONT');
    },
    async stop() {
      await end('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
