// A pass-through HTTP proxy that records every request it forwards (the request target as sent and
// the headers), for tests that must see exactly what the app asked of a real upstream server
// (the prerender server). The target is forwarded as is, never re-parsed.
//
//   const proxy = await startRecordingProxy(renderer.port);
//   after(() => proxy.close());
//   // PrerenderIO.serviceUrl: proxy.url; then proxy.requests
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import { freePort } from './free-port.ts';

export interface RecordingProxy {
  url: string;
  port: number;
  requests: { url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export async function startRecordingProxy(upstreamPort: number): Promise<RecordingProxy> {
  const port = await freePort();
  const requests: RecordingProxy['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    const upstream = request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
