// A Segment batch endpoint that answers each request as the test scripts it: a real node:http
// server on 127.0.0.1 for the hostile answers the shared collector does not play (an endless or
// huge body, a reset connection, no answer at all, a Retry-After). It records every request with
// its headers, its parsed body and when it came, and what became of each answer's connection.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { freePort } from './free-port.ts';

export interface ScriptedRequest {
  at: number;
  headers: IncomingHttpHeaders;
  /** the raw body's length in bytes */
  bytes: number;
  body: { batch: Array<Record<string, unknown> & { messageId: string }>; sentAt?: string; [key: string]: unknown };
}

/** Answers one request; `index` counts requests from 0. */
export type Answer = (request: ScriptedRequest, response: ServerResponse, index: number) => void;

export interface ScriptedEndpoint {
  url: string;
  writeKey: string;
  requests: ScriptedRequest[];
  /** messageIds of batches answered 2xx (in order, duplicates included) */
  accepted: string[];
  /** Bytes written into answers whose connection closed before the answer ended. */
  cutAnswers: number[];
  close(): Promise<void>;
}

/** 200 `{"success":true}`, as Segment answers. */
export const ok: Answer = (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end('{"success":true}');
};

/** An answer whose body never ends: chunks as fast as the connection takes them, until it closes. */
export function endlessBody(status: number): Answer {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(16 * 1024, 'x');
    let written = 0;
    const pump = (): void => {
      while (!response.destroyed && response.write(chunk)) written += chunk.length;
      written += chunk.length;
    };
    response.on('drain', pump);
    response.on('close', () => (response as ServerResponse & { written?: number }).emit('cut', written));
    pump();
  };
}

export async function startScriptedEndpoint(answer: Answer): Promise<ScriptedEndpoint> {
  const port = await freePort();
  const requests: ScriptedRequest[] = [];
  const accepted: string[] = [];
  const cutAnswers: number[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const raw = Buffer.concat(chunks);
      const request: ScriptedRequest = { at: Date.now(), headers: incoming.headers, bytes: raw.length, body: JSON.parse(raw.toString('utf8')) };
      const index = requests.push(request) - 1;
      response.on('cut', (written: number) => cutAnswers.push(written));
      response.on('finish', () => {
        if (response.statusCode >= 200 && response.statusCode < 300) accepted.push(...request.body.batch.map((event) => event.messageId));
      });
      answer(request, response, index);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    writeKey: 'scripted-write-key',
    requests,
    accepted,
    cutAnswers,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
