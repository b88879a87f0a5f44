// holdBeforeApp: a request `hold` takes reaches every 'request' listener later, in their order;
// any other reaches them at once; a listener that throws on a held request's way back is reported
// and closes that connection instead of ending the process. On a real node:http server.
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { holdBeforeApp } from '../../packages/seo/src/server-index.ts';

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('holdBeforeApp (crawlers past a full pool wait before the app)', () => {
  let server: Server;
  let port: number;
  let seen: string[];

  beforeEach(async () => {
    seen = [];
    server = createServer();
    server.on('request', (req: IncomingMessage) => void seen.push(`first ${req.url}`));
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      seen.push(`second ${req.url}`);
      if (req.url === '/throws') throw new Error('listener failed');
      res.end(`app ${req.url}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives a held request to every listener, in order, in a later turn; others go at once', async () => {
    const resumes: (() => void)[] = [];
    holdBeforeApp(server, (req, res, resume) => {
      if (!req.url?.startsWith('/held')) return false;
      resumes.push(() => resume(req, res));
      return true;
    });
    assert.equal(server.listeners('request').length, 1);
    const held = get(port, '/held');
    while (resumes.length === 0) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(await get(port, '/now'), { status: 200, body: 'app /now' });
    assert.deepEqual(seen, ['first /now', 'second /now'], 'the held request has reached no listener yet');
    resumes[0]();
    assert.deepEqual(await held, { status: 200, body: 'app /held' });
    assert.deepEqual(seen.slice(2), ['first /held', 'second /held']);
  });

  it('reports a listener that throws on a held request and closes that connection; the server goes on', async () => {
    const errors: Error[] = [];
    holdBeforeApp(server, (req, res, resume) => {
      if (req.url !== '/throws') return false;
      setImmediate(() => resume(req, res));
      return true;
    }, (error) => errors.push(error));
    await assert.rejects(get(port, '/throws'), /socket hang up|ECONNRESET/);
    assert.equal(errors[0]?.message, 'listener failed');
    assert.deepEqual(await get(port, '/after'), { status: 200, body: 'app /after' });
  });

  it('puts the listeners back', async () => {
    const restore = holdBeforeApp(server, () => false);
    restore();
    assert.equal(server.listeners('request').length, 2);
    assert.deepEqual(await get(port, '/x'), { status: 200, body: 'app /x' });
  });
});
