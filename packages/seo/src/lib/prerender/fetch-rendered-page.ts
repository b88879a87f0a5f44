import http from 'node:http';
import https from 'node:https';
import { createGunzip, createInflate, createBrotliDecompress } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { RenderedPage } from './render-cache.ts';
import type { RendererTarget } from './prerender-url.ts';

export interface FetchRenderedPageOptions {
  headers: Record<string, string>;
  /** Milliseconds for the whole exchange, body included. */
  timeout: number;
  /**
   * Bytes of body, counted both as received and as decoded (a gzip bomb of 1 MB inflates to 1 GB):
   * past either, the exchange is destroyed and the promise rejects. Default 5 MiB.
   */
  maxBytes?: number;
}

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * Response headers never replayed to a crawler: those of one hop (RFC 9110 §7.6.1, and any the
 * `Connection` header names), of a proxy, of the encoding and length we removed, of a range
 * (we never serve partial content), the renderer's own `x-prerender-*`, and cookies (prerender
 * passes on the headers the page sent its headless Chromium; a cached Set-Cookie would go to every
 * crawler after it).
 */
const DROPPED_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-encoding',
  'content-length',
  'content-range',
  'accept-ranges',
  'date',
  'set-cookie',
]);

/** Whether a renderer's response header may be replayed to crawlers (see DROPPED_HEADERS). */
export function isReplayedResponseHeader(name: string, connectionTokens: ReadonlySet<string> = new Set()): boolean {
  const lower = name.toLowerCase();
  return !DROPPED_HEADERS.has(lower) && !lower.startsWith('proxy-') && !lower.startsWith('x-prerender') && !connectionTokens.has(lower);
}

function decoded(response: http.IncomingMessage): Readable {
  switch (String(response.headers['content-encoding'] ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return response.pipe(createGunzip());
    case 'deflate':
      return response.pipe(createInflate());
    case 'br':
      return response.pipe(createBrotliDecompress());
    default:
      return response;
  }
}

/**
 * GETs a page from the renderer (`rendererTarget`). The body is kept as bytes and joined once at
 * the end, so a multi-byte character split across chunks stays whole (prerender-node appends each
 * chunk to a string, which turns the halves into U+FFFD). Rejects on a network error, after
 * `timeout` ms (prerender-node waits forever), or past `maxBytes` received or decoded (a 50 MB
 * body was buffered and cached whole, an endless one grew the process by 600 MB).
 */
export function fetchRenderedPage(target: RendererTarget, options: FetchRenderedPageOptions): Promise<RenderedPage> {
  const client = target.protocol === 'https:' ? https : http;
  const url = target.href;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  return new Promise((resolve, reject) => {
    let done = false;
    let decoder: Readable | undefined;
    // Host, port and the request target as rendererTarget built them: never `new URL()` on the
    // joined string, which would resolve dot segments across the page URL into the service's path.
    const request = client.get({ protocol: target.protocol, hostname: target.hostname, port: target.port, path: target.path, headers: options.headers });
    const fail = (error: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      request.destroy();
      // A destroyed exchange must stop the decoder too, or it keeps inflating what it holds.
      decoder?.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`the renderer did not answer ${url} within ${options.timeout} ms`)), options.timeout);
    const tooLarge = (what: string) => fail(new Error(`the renderer's answer for ${url} is over ${maxBytes} bytes ${what}; the crawler gets the app page`));
    request.on('error', fail);
    request.on('response', (response) => {
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        response.resume();
        tooLarge('(Content-Length)');
        return;
      }
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) tooLarge('as received');
      });
      const chunks: Buffer[] = [];
      let kept = 0;
      const body = decoded(response);
      if (body !== response) decoder = body;
      body.on('data', (chunk: Buffer) => {
        if (done) return;
        kept += chunk.length;
        if (kept > maxBytes) {
          tooLarge('decoded');
          return;
        }
        chunks.push(chunk);
      });
      body.on('error', (error) => fail(error));
      body.on('end', () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        const connectionTokens = new Set(
          String(response.headers.connection ?? '')
            .split(',')
            .map((token) => token.trim().toLowerCase())
            .filter(Boolean),
        );
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined && isReplayedResponseHeader(name, connectionTokens)) headers[name] = value;
        }
        resolve({ status: response.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
      });
      response.on('aborted', () => fail(new Error(`the renderer closed ${url} mid-answer`)));
      response.on('error', fail);
    });
  });
}
