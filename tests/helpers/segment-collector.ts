// A local stand-in for Segment's HTTP tracking API: a real node:http server on 127.0.0.1 that
// speaks `POST /v1/batch` (Basic auth with the write key, or `writeKey` in the JSON body; gzip
// bodies accepted) and records what it receives. Tests switch it between behaviours to play an
// endpoint that is down, slow, failing, then back.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { freePort } from './free-port.ts';

export interface CollectedEvent {
  type: string;
  messageId: string;
  event?: string;
  name?: string;
  userId?: string;
  anonymousId?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface CollectedRequest {
  path: string;
  status: number;
  events: CollectedEvent[];
  auth: 'basic' | 'body' | 'none';
}

export type CollectorMode =
  | { kind: 'ok' }
  | { kind: 'status'; status: 400 | 429 | 500 | 503 }
  /** answer after `delay` ms (the events count once answered) */
  | { kind: 'slow'; delay: number }
  /** 400 for a batch holding an event over `maxEventBytes` of JSON, as Segment does; others 200 */
  | { kind: 'size-limit'; maxEventBytes: number };

export interface SegmentCollector {
  /** http://127.0.0.1:<port>: the `host` setting for the Node library */
  url: string;
  writeKey: string;
  /** events from batches answered 2xx, in arrival order, duplicates included */
  events: CollectedEvent[];
  requests: CollectedRequest[];
  /** messageId → how many accepted batches carried it */
  deliveries(): Map<string, number>;
  setMode(mode: CollectorMode): void;
  /** Stops listening and drops open connections: the endpoint is down (connection refused). */
  goDown(): Promise<void>;
  /** Listens again on the same port. */
  comeBack(): Promise<void>;
  /** Resolves once `count` distinct messageIds were accepted, or rejects after `timeout` ms. */
  waitForDistinct(count: number, timeout?: number): Promise<void>;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export async function startSegmentCollector(options: { writeKey?: string; /** false: keep only the distinct messageIds, not the events and requests (a bench's long run) */ record?: boolean } = {}): Promise<SegmentCollector> {
  const writeKey = options.writeKey ?? 'test-write-key';
  const record = options.record ?? true;
  const port = await freePort();
  const events: CollectedEvent[] = [];
  const requests: CollectedRequest[] = [];
  let mode: CollectorMode = { kind: 'ok' };
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();

  const seen = new Set<string>();
  const distinct = (): number => seen.size;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const send = (status: number, body: object): void => {
      // As Segment's API does, so a browser may post to it from a page's origin.
      response.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'POST' || request.url?.split('?')[0] !== '/v1/batch') {
      send(404, { error: `no route for ${request.method} ${request.url}` });
      return;
    }
    let raw = await readBody(request);
    if (request.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
    let body: { batch?: CollectedEvent[]; writeKey?: string };
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      send(400, { error: 'body is not JSON' });
      return;
    }
    const header = request.headers.authorization ?? '';
    const basicKey = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8').replace(/:$/, '') : undefined;
    const auth: CollectedRequest['auth'] = basicKey !== undefined ? 'basic' : body.writeKey ? 'body' : 'none';
    if ((basicKey ?? body.writeKey) !== writeKey) {
      requests.push({ path: request.url ?? '', status: 401, events: [], auth });
      send(401, { error: 'invalid write key' });
      return;
    }
    if (!Array.isArray(body.batch)) {
      requests.push({ path: request.url ?? '', status: 400, events: [], auth });
      send(400, { error: 'batch must be an array' });
      return;
    }
    const current = mode;
    if (current.kind === 'status') {
      requests.push({ path: request.url ?? '', status: current.status, events: body.batch, auth });
      send(current.status, { error: `collector answers ${current.status}` });
      return;
    }
    if (current.kind === 'size-limit' && body.batch.some((event) => Buffer.byteLength(JSON.stringify(event)) > current.maxEventBytes)) {
      requests.push({ path: request.url ?? '', status: 400, events: body.batch, auth });
      send(400, { error: `an event is over ${current.maxEventBytes} bytes` });
      return;
    }
    if (current.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, current.delay));
    if (record) requests.push({ path: request.url ?? '', status: 200, events: body.batch, auth });
    for (const event of body.batch) {
      if (record) events.push(event);
      seen.add(event.messageId);
    }
    send(200, { success: true });
    for (const wake of waiters) wake();
  };

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server = createServer((request, response) => {
        handle(request, response).catch((error: Error) => {
          response.writeHead(500);
          response.end(error.message);
        });
      });
      server.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });

  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (!server) return resolve();
      const closing = server;
      server = undefined;
      closing.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

  await listen();

  return {
    url: `http://127.0.0.1:${port}`,
    writeKey,
    events,
    requests,
    deliveries() {
      const counts = new Map<string, number>();
      for (const event of events) counts.set(event.messageId, (counts.get(event.messageId) ?? 0) + 1);
      return counts;
    },
    setMode(next) {
      mode = next;
    },
    goDown: stop,
    comeBack: listen,
    waitForDistinct(count, timeout = 10000) {
      return new Promise((resolve, reject) => {
        if (distinct() >= count) return resolve();
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the collector received ${distinct()} distinct events, not ${count}, within ${timeout} ms`));
        }, timeout);
        const check = (): void => {
          if (distinct() < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
    close: stop,
  };
}
