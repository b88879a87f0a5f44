// A lean load generator for the CPU-per-request benches (bench/cpu-ratio.ts): keep-alive HTTP/1.1
// GETs written as prebuilt bytes on plain sockets, each response read only as far as needed to
// find its status and its end (Content-Length or chunked). Node's http client spent two to three
// times this one's CPU per request side by side (the bare composition page, on the loaded shared
// machine), close to what the server spends: on its one pinned CPU it could not keep a server busy,
// and a server that idles between requests pays a wake-up per request instead of one per batch, so
// its CPU per request follows the client's pace.
import { connect, type Socket } from 'node:net';
import type { OutgoingHttpHeaders } from 'node:http';

/** A response larger than this fails the bench (a page here is a few KB). */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

/** The request's bytes, as Node's http client with a keep-alive agent sends them. */
function requestBytes(port: number, path: string, headers: OutgoingHttpHeaders): Buffer {
  const lines = [`GET ${path} HTTP/1.1`];
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) lines.push(`${name}: ${Array.isArray(value) ? value.join(', ') : String(value)}`);
  }
  lines.push(`Host: 127.0.0.1:${port}`, 'Connection: keep-alive', '', '');
  return Buffer.from(lines.join('\r\n'));
}

/**
 * Where the response in `data` ends, or -1 while it is incomplete; its status. One response at a
 * time per connection (no pipelining), so bytes after its end are an error.
 */
function responseEnd(data: Buffer): { end: number; status: number } {
  const headEnd = data.indexOf(HEAD_END);
  if (headEnd === -1) return { end: -1, status: 0 };
  const head = data.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  const bodyStart = headEnd + HEAD_END.length;
  if (length) {
    const end = bodyStart + Number(length[1]);
    return { end: data.length >= end ? end : -1, status };
  }
  if (!/\r\ntransfer-encoding:\s*chunked/i.test(head)) throw new Error(`a response with neither Content-Length nor chunked encoding (status ${status})`);
  let at = bodyStart;
  for (;;) {
    const lineEnd = data.indexOf(CRLF, at);
    if (lineEnd === -1) return { end: -1, status };
    const size = parseInt(data.toString('latin1', at, lineEnd), 16);
    if (!Number.isFinite(size)) throw new Error('a chunked response with a malformed chunk size');
    if (size === 0) {
      // No trailers from these servers: the last chunk is followed by an empty line.
      const end = lineEnd + 2 * CRLF.length;
      return { end: data.length >= end ? end : -1, status };
    }
    at = lineEnd + CRLF.length + size + CRLF.length;
    if (data.length < at) return { end: -1, status };
  }
}

/** Sends GET `path` on one connection until `next()` says stop; rejects on any status but 200. */
function connection(port: number, request: Buffer, next: () => boolean, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: '127.0.0.1', port, noDelay: true });
    let data: Buffer = Buffer.alloc(0);
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.once('connect', () => {
      if (next()) socket.write(request);
      else socket.end(resolve);
    });
    socket.on('data', (chunk: Buffer) => {
      data = data.length === 0 ? chunk : Buffer.concat([data, chunk]);
      if (data.length > MAX_RESPONSE_BYTES) return fail(new Error(`${label}: a response over ${MAX_RESPONSE_BYTES} bytes`));
      let parsed: { end: number; status: number };
      try {
        parsed = responseEnd(data);
      } catch (error) {
        return fail(new Error(`${label}: ${(error as Error).message}`));
      }
      if (parsed.end === -1) return;
      if (parsed.status !== 200) return fail(new Error(`${label}: status ${parsed.status}`));
      if (parsed.end !== data.length) return fail(new Error(`${label}: bytes after the response`));
      data = Buffer.alloc(0);
      if (next()) socket.write(request);
      else socket.end(resolve);
    });
    socket.once('error', fail);
    socket.once('close', () => reject(new Error(`${label}: the server closed the connection`)));
  });
}

/** `requests` GETs of `path` over `connections` keep-alive connections (new ones each call). */
export async function rawHttpLoad(port: number, path: string, headers: OutgoingHttpHeaders, connections: number, requests: number): Promise<void> {
  const request = requestBytes(port, path, headers);
  let sent = 0;
  const next = () => (sent < requests ? (sent += 1, true) : false);
  await Promise.all(Array.from({ length: connections }, () => connection(port, request, next, `127.0.0.1:${port}${path}`)));
}
