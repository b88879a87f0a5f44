import http from 'node:http';
import https from 'node:https';
import type { WarmOutcome } from './warm-pages.ts';

export interface RequestAsCrawlerOptions {
  userAgent: string;
  /** Milliseconds for the whole answer. Default 60000. */
  timeout?: number;
}

/**
 * GETs a page of the app the way a crawler would and reads what the app's prerender layer did
 * from `X-Prerender-Cache`: `miss` rendered, `hit`/`shared` fresh, `stale` served stale (and
 * re-rendered in the background). No such header, or a 5xx, is a failure: the app answered
 * without its renderer. The body is read and dropped (it is the app's to cache).
 */
export function requestAsCrawler(url: string, options: RequestAsCrawlerOptions): Promise<WarmOutcome> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const timeout = options.timeout ?? 60_000;
  return new Promise((resolve, reject) => {
    const request = client.get(target, { headers: { 'user-agent': options.userAgent, 'accept-encoding': 'gzip' } });
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeout} ms`)), timeout);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => {
        clearTimeout(timer);
        const status = response.statusCode ?? 0;
        const cache = String(response.headers['x-prerender-cache'] ?? '');
        if (status >= 500) reject(new Error(`the app answered ${status}`));
        else if (cache === 'miss') resolve('rendered');
        else if (cache === 'hit' || cache === 'shared') resolve('fresh');
        else if (cache === 'stale') resolve('stale');
        else reject(new Error(`the app answered ${status} without a render (renderer down or slow, or the URL is not prerendered: see the app's log)`));
      });
      response.on('aborted', () => {
        clearTimeout(timer);
        reject(new Error('the app closed the answer mid-way'));
      });
    });
  });
}
