import http from 'node:http';
import https from 'node:https';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

export interface FetchSitemapOptions {
  /** Bytes of one sitemap file at most, decompressed (the sitemap protocol allows 50 MB). */
  maxBytes?: number;
  /** Sitemap files at most, the index included. Default 1000. */
  maxSitemaps?: number;
  /** Milliseconds per file. Default 30000. */
  timeout?: number;
  /** Told about each URL skipped because it is not on the sitemap's origin. */
  onSkip?: (url: string, reason: string) => void;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, name: string) => {
    if (name[0] !== '#') return XML_ENTITIES[name.toLowerCase()];
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/** GETs one sitemap file (gzip allowed), refusing redirects off the origin and anything past `maxBytes`. */
function getText(url: URL, maxBytes: number, timeout: number): Promise<string> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { headers: { 'accept-encoding': 'gzip', 'user-agent': 'flightdeck-prerender-warm/0.1' } });
    const timer = setTimeout(() => request.destroy(new Error(`${url.href} did not answer within ${timeout} ms`)), timeout);
    const fail = (error: Error) => {
      clearTimeout(timer);
      request.destroy();
      reject(error);
    };
    request.on('error', fail);
    request.on('response', (response) => {
      if ((response.statusCode ?? 0) !== 200) {
        response.resume();
        fail(new Error(`${url.href} answered ${response.statusCode}`));
        return;
      }
      const gzipped = response.headers['content-encoding'] === 'gzip' || url.pathname.endsWith('.gz');
      const body: Readable = gzipped ? response.pipe(createGunzip()) : response;
      const chunks: Buffer[] = [];
      let bytes = 0;
      body.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > maxBytes) {
          fail(new Error(`${url.href} is larger than ${maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      body.on('error', fail);
      body.on('end', () => {
        clearTimeout(timer);
        resolve(Buffer.concat(chunks).toString('utf8'));
      });
    });
  });
}

/**
 * The page URLs of a sitemap, following a sitemap index one level down (the protocol allows no
 * deeper). Only URLs on the sitemap's own origin are yielded or followed: a sitemap is read from
 * the network, and warming must never send the app (or its renderer) elsewhere.
 */
export async function* fetchSitemapUrls(sitemapUrl: string, options: FetchSitemapOptions = {}): AsyncGenerator<string> {
  const root = new URL(sitemapUrl);
  if (root.protocol !== 'http:' && root.protocol !== 'https:') throw new Error(`--sitemap must be an http(s) URL`);
  const maxBytes = options.maxBytes ?? 50 * 1024 * 1024;
  const maxSitemaps = options.maxSitemaps ?? 1000;
  const timeout = options.timeout ?? 30_000;
  const queue: URL[] = [root];
  let files = 0;
  let first = true;
  while (queue.length > 0) {
    const url = queue.shift()!;
    files += 1;
    if (files > maxSitemaps) throw new Error(`more than ${maxSitemaps} sitemap files`);
    const xml = await getText(url, maxBytes, timeout);
    const isIndex = /<sitemapindex[\s>]/.test(xml);
    if (isIndex && !first) throw new Error(`${url.href} is a sitemap index inside a sitemap index`);
    first = false;
    for (const match of xml.matchAll(/<loc>\s*([^<]*?)\s*<\/loc>/g)) {
      let loc: URL;
      try {
        loc = new URL(decodeXml(match[1]));
      } catch {
        options.onSkip?.(match[1].slice(0, 200), 'not a URL');
        continue;
      }
      if (loc.origin !== root.origin) {
        options.onSkip?.(loc.href, `not on ${root.origin}`);
        continue;
      }
      if (isIndex) queue.push(loc);
      else yield loc.href;
    }
  }
}
