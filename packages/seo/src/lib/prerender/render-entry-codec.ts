import { createHash } from 'node:crypto';
import { isCacheableStatus, type RenderedPage } from './render-cache.ts';
import { isReplayedResponseHeader } from './fetch-rendered-page.ts';

/** A rendered page as the shared cache keeps it: the page, when it was rendered, until when it is fresh. */
export interface RenderEntry {
  page: RenderedPage;
  renderedAt: number;
  freshUntil: number;
}

const MAGIC = Buffer.from('FDR1');
const PREFIX_BYTES = MAGIC.length + 4;
/** Headers of a page, as JSON, never need more: anything larger was not written by us. */
const MAX_HEADER_BYTES = 64 * 1024;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// What Node's writeHead accepts in a header value (it throws on anything else, which would turn a
// poisoned entry into a 500): tab and visible characters, no CR, LF or other controls.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Bytes for Redis: `FDR1`, the header's length (uint32), a JSON header (status, headers, times,
 * body length and SHA-1), then the body as raw bytes — no base64, so a page costs its own size.
 */
export function encodeRenderEntry(key: string, entry: RenderEntry): Buffer {
  const header = Buffer.from(
    JSON.stringify({
      key,
      status: entry.page.status,
      headers: entry.page.headers,
      renderedAt: entry.renderedAt,
      freshUntil: entry.freshUntil,
      bodyLength: entry.page.body.length,
      sha1: createHash('sha1').update(entry.page.body).digest('hex'),
    }),
    'utf8',
  );
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32BE(header.length, MAGIC.length);
  return Buffer.concat([prefix, header, entry.page.body]);
}

function validHeaders(value: unknown): value is Record<string, string | string[]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const [name, headerValue] of Object.entries(value)) {
    // The renderer's path never stores a Set-Cookie, hop-by-hop or X-Prerender-* header: one in
    // Redis was put there by something else.
    if (!HEADER_NAME.test(name) || !isReplayedResponseHeader(name)) return false;
    const values = Array.isArray(headerValue) ? headerValue : [headerValue];
    if (!values.every((item) => typeof item === 'string' && HEADER_VALUE.test(item))) return false;
  }
  return true;
}

/**
 * The entry back, or a reason it is unusable: anything that is not exactly what
 * `encodeRenderEntry` wrote for this key (truncated, padded, another key's, a status we never
 * store, a header Node would refuse or the renderer's path never replays, a body whose digest differs) is refused, never served.
 */
export function decodeRenderEntry(key: string, bytes: Buffer): RenderEntry | { corrupt: string } {
  if (bytes.length < PREFIX_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return { corrupt: 'not a flightdeck render entry' };
  const headerLength = bytes.readUInt32BE(MAGIC.length);
  if (headerLength > MAX_HEADER_BYTES || PREFIX_BYTES + headerLength > bytes.length) return { corrupt: 'header length out of bounds' };
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength).toString('utf8'));
  } catch {
    return { corrupt: 'header is not JSON' };
  }
  if (typeof header !== 'object' || header === null) return { corrupt: 'header is not an object' };
  const { status, headers, renderedAt, freshUntil, bodyLength, sha1 } = header;
  if (header.key !== key) return { corrupt: 'entry of another key' };
  if (!Number.isInteger(status) || !isCacheableStatus(status as number)) return { corrupt: 'status not one that is cached' };
  if (!validHeaders(headers)) return { corrupt: 'invalid headers' };
  if (!Number.isFinite(renderedAt) || !Number.isFinite(freshUntil)) return { corrupt: 'invalid times' };
  const body = bytes.subarray(PREFIX_BYTES + headerLength);
  if (bodyLength !== body.length) return { corrupt: 'body length differs' };
  if (typeof sha1 !== 'string' || createHash('sha1').update(body).digest('hex') !== sha1) return { corrupt: 'body digest differs' };
  // A copy: the Buffer Redis gave may be a slice of a larger socket buffer.
  return { page: { status: status as number, headers, body: Buffer.from(body) }, renderedAt: renderedAt as number, freshUntil: freshUntil as number };
}
