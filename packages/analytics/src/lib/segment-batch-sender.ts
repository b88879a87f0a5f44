import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What `context.library` says in every server event (kept equal to package.json's version by a test). */
export const LIBRARY = { name: '@flightdeck/analytics', version: '0.1.0' } as const;

/** How Segment's batch endpoint answered one batch. */
export type BatchAnswer =
  | { kind: 'delivered' }
  /** network error, timeout, 5xx, 408 / 410 / 429 / 460: send the same events again later */
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /** 400 / 413: something in the batch is bad; split it to find the event */
  | { kind: 'split'; reason: string }
  /** any other answer (401, 403, 404, 3xx, 501, 505): sending again cannot help */
  | { kind: 'refused'; reason: string };

export interface SegmentBatchSenderOptions {
  writeKey: string;
  /** default https://api.segment.io */
  host?: string;
  /** default /v1/batch */
  path?: string;
  /** ms for the whole exchange: connection, answer and the answer's body (default 10000) */
  timeout?: number;
  /** requests under way at once, at most (the ServerAnalytics bounds them too) */
  maxSockets?: number;
}

// Of an answer's body we keep what a log line shows, and read no more than this before closing the
// connection: a buggy or hostile proxy may answer without end.
const KEPT_ANSWER_CHARS = 300;
const MAX_ANSWER_BYTES = 64 * 1024;
// Retry-After within reason: Segment asks for seconds; a proxy may say hours.
const MAX_RETRY_AFTER_MS = 60_000;
const MIN_RETRY_AFTER_MS = 1000;
// 4xx answers that say "later", not "never" (as @segment/analytics-node 3.1.0 treats them).
const RETRIED_4XX = new Set([408, 410, 429, 460]);
// 5xx answers that say the request itself cannot be served.
const REFUSED_5XX = new Set([501, 505]);

/** The `{host}{path}` URL, checked: an unusable setting is named at startup, not at the first event. */
export function batchUrl(host = 'https://api.segment.io', path = '/v1/batch'): URL {
  let url: URL;
  try {
    url = new URL(`${host.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  } catch {
    throw new Error(`flightdeck:analytics: analytics.segment.host "${host}" with analytics.segment.path "${path}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`flightdeck:analytics: analytics.segment.host must be an http(s) URL, got "${host}"`);
  return url;
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), within 1 s to 60 s; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = /^\s*(\d{1,10})\s*$/.exec(header)?.[1];
  const ms = seconds !== undefined ? Number(seconds) * 1000 : Date.parse(header) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(MIN_RETRY_AFTER_MS, ms));
}

/** What an HTTP status means for the batch that got it. */
export function answerFor(status: number, headers: IncomingHttpHeaders, body: string): BatchAnswer {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  const reason = `[${status}]${body ? ` ${body.replace(/\s+/g, ' ').trim()}` : ''}`;
  if (status === 400 || status === 413) return { kind: 'split', reason };
  if (RETRIED_4XX.has(status) || (status >= 500 && !REFUSED_5XX.has(status))) {
    const header = headers['retry-after'];
    return { kind: 'retry', reason, retryAfterMs: status === 429 || status === 503 ? retryAfterMs(Array.isArray(header) ? header[0] : header) : undefined };
  }
  return { kind: 'refused', reason };
}

/**
 * POSTs batches to Segment's HTTP tracking API (`{ batch, sentAt }`, Basic auth with the write key)
 * over kept-alive connections. It answers every batch with a BatchAnswer and never throws or
 * retries by itself: what to do with the events is the ServerAnalytics' business. Every exchange
 * ends within `timeout`, and no answer's body is read beyond 64 KB.
 */
export class SegmentBatchSender {
  readonly url: URL;
  readonly #timeout: number;
  readonly #headers: Record<string, string>;
  readonly #agent: HttpAgent;
  readonly #request: typeof httpRequest;
  readonly #open = new Set<() => void>();

  constructor(options: SegmentBatchSenderOptions) {
    this.url = batchUrl(options.host, options.path);
    this.#timeout = options.timeout ?? 10000;
    this.#headers = {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${options.writeKey}:`).toString('base64')}`,
      'user-agent': `${LIBRARY.name}/${LIBRARY.version}`,
    };
    const https = this.url.protocol === 'https:';
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 8, scheduling: 'lifo' as const };
    this.#agent = https ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    this.#request = https ? (httpsRequest as typeof httpRequest) : httpRequest;
  }

  /** Sends one batch of messages, each already JSON. */
  send(messages: readonly string[]): Promise<BatchAnswer> {
    const body = Buffer.from(`{"batch":[${messages.join(',')}],"sentAt":"${new Date().toISOString()}"}`);
    return this.post(body, true);
  }

  /** Ends every exchange under way (each answers `retry`) and closes the kept-alive connections. */
  close(): void {
    for (const abort of [...this.#open]) abort();
    this.#agent.destroy();
  }

  // Plain (TypeScript-private) methods: Meteor's Babel (@meteorjs/babel 7.20) rejects class private methods.
  private post(body: Buffer, mayResend: boolean): Promise<BatchAnswer> {
    return new Promise((resolve) => {
      let settled = false;
      let response: IncomingMessage | undefined;
      const finish = (answer: BatchAnswer): void => {
        if (settled) return;
        settled = true;
        resolve(answer);
      };
      const end = (): void => {
        clearTimeout(timer);
        this.#open.delete(abort);
      };
      // Ends the exchange from our side; the events are sent again later.
      const stop = (reason: string): void => {
        end();
        request.destroy();
        response?.destroy();
        finish({ kind: 'retry', reason });
      };
      const abort = (): void => stop('stopped at shutdown');
      const request = this.#request(this.url, { method: 'POST', agent: this.#agent, headers: { ...this.#headers, 'content-length': String(body.length) } });
      // One timer for the whole exchange, the answer's body included: a slow drip is cut too.
      const timer = setTimeout(() => stop(`no answer within httpRequestTimeout (${this.#timeout} ms)`), this.#timeout);
      timer.unref?.();
      this.#open.add(abort);
      request.on('error', (error: NodeJS.ErrnoException) => {
        end();
        if (settled) return;
        // A kept-alive connection the server closed while idle fails on reuse before any answer:
        // Node's documented case for request.reusedSocket. Sent once more on a new connection.
        if (mayResend && !response && request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) {
          settled = true;
          resolve(this.post(body, false));
          return;
        }
        finish({ kind: 'retry', reason: error.message || String(error.code) });
      });
      request.on('response', (answer) => {
        response = answer;
        const status = answer.statusCode ?? 0;
        let kept = '';
        let received = 0;
        const done = (): void => {
          end();
          finish(answerFor(status, answer.headers, kept));
        };
        // A 2xx is known from the status: the events are Segment's, whatever the body does.
        if (status >= 200 && status < 300) finish({ kind: 'delivered' });
        answer.setEncoding('utf8');
        answer.on('data', (chunk: string) => {
          // Bytes, not characters: the bound is on what comes off the network.
          received += Buffer.byteLength(chunk);
          if (kept.length < KEPT_ANSWER_CHARS) kept += chunk.slice(0, KEPT_ANSWER_CHARS - kept.length);
          if (received > MAX_ANSWER_BYTES) {
            answer.destroy();
            done();
          }
        });
        answer.on('end', done);
        answer.on('close', done);
        answer.on('error', done);
      });
      request.end(body);
    });
  }
}
