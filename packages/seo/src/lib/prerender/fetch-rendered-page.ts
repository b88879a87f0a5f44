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
}

/**
 * Headers never replayed to a crawler: those of one hop or of the encoding we removed, and
 * cookies (prerender passes on the headers the page sent its headless Chromium; a cached
 * Set-Cookie would go to every crawler after it).
 */
const DROPPED_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-encoding', 'content-length', 'date', 'set-cookie', 'x-prerender-504-reason']);

function decoded(response: http.IncomingMessage): Readable {
  switch (response.headers['content-encoding']) {
    case 'gzip':
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
 * GETs a page from the renderer (`rendererTarget`). The body is kept as bytes and joined once at the end, so a
 * multi-byte character split across chunks stays whole (prerender-node appends each chunk to a
 * string, which turns the halves into U+FFFD). Rejects on a network error or after `timeout` ms
 * (prerender-node waits forever).
 */
export function fetchRenderedPage(target: RendererTarget, options: FetchRenderedPageOptions): Promise<RenderedPage> {
  const client = target.protocol === 'https:' ? https : http;
  const url = target.href;
  return new Promise((resolve, reject) => {
    // Host, port and the request target as rendererTarget built them: never `new URL()` on the
    // joined string, which would resolve dot segments across the page URL into the service's path.
    const request = client.get({ protocol: target.protocol, hostname: target.hostname, port: target.port, path: target.path, headers: options.headers });
    const timer = setTimeout(() => {
      request.destroy(new Error(`the renderer did not answer ${url} within ${options.timeout} ms`));
    }, options.timeout);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    request.on('error', fail);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      const body = decoded(response);
      body.on('data', (chunk: Buffer) => chunks.push(chunk));
      body.on('error', (error) => {
        request.destroy();
        fail(error);
      });
      body.on('end', () => {
        clearTimeout(timer);
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined && !DROPPED_HEADERS.has(name)) headers[name] = value;
        }
        resolve({ status: response.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
      });
      response.on('aborted', () => fail(new Error(`the renderer closed ${url} mid-answer`)));
    });
  });
}
