/**
 * A pass-through HTTP proxy that counts the requests reaching a server: put it in front of the
 * renderer to count renders (each request the app sends to the renderer is one render; the
 * renderer's own cache, if on, does not hide any).
 *
 *   const counter = await startCountingProxy(renderer.url);
 *   // PrerenderIO.serviceUrl: counter.url
 *   counter.count(); counter.paths();
 *   await counter.stop();
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingProxy {
  url: string;
  /** Requests forwarded so far. */
  count(): number;
  /** The request paths forwarded so far, in order (for the renderer: `/<page URL>`). */
  paths(): string[];
  stop(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '/');
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    count: () => seen.length,
    paths: () => [...seen],
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
