// `flightdeck-prerender warm` as a user runs it (the bin, a child process) against an app with
// flightdeck:seo's raw handler and its sitemap, in front of a small counting renderer.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { prerenderCommand } from '../helpers/prerender-server.ts';
import { startRedisServer, type RedisServerHandle } from '../helpers/redis-server.ts';
import { createSeoRawHandler, seoServerOptions, type PrerenderMiddleware } from '../../packages/seo/src/server-index.ts';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

interface WarmRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runWarm(args: string[], options: { interruptAfter?: () => boolean } = {}): Promise<WarmRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [prerenderCommand, 'warm', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = options.interruptAfter
      ? setInterval(() => {
          if (!interrupted && options.interruptAfter!()) {
            interrupted = true;
            child.kill('SIGINT');
          }
        }, 10)
      : undefined;
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('flightdeck-prerender warm', function () {
  this.timeout(30000);
  let redis: RedisServerHandle;
  let appUrl: string;
  let prerender: PrerenderMiddleware;
  const rendered: string[] = [];
  let rendererDown = false;
  const renderer = createServer((req, res) => {
    if (rendererDown) {
      res.writeHead(503);
      res.end();
      return;
    }
    rendered.push(req.url ?? '');
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html>${req.url}</html>`);
    }, 150);
  });
  const app = createServer();

  before(async () => {
    redis = await startRedisServer();
    const rendererUrl = await listen(renderer);
    appUrl = await listen(app);
    const options = seoServerOptions(
      { PrerenderIO: { serviceUrl: `${rendererUrl}/` }, seo: { indexable: true, prerender: { redis: { url: redis.url } } } },
      { ROOT_URL: appUrl, NODE_ENV: 'production' },
    );
    const entries = Array.from({ length: 6 }, (_, index) => ({ loc: `/p/${index + 1}` }));
    const seo = createSeoRawHandler({ ...options, sitemap: () => () => entries });
    prerender = seo.prerender!;
    app.on('request', (req, res) => {
      if (req.url === '/index.xml') {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0"?><sitemapindex><sitemap><loc>${appUrl}/sitemap.xml</loc></sitemap><sitemap><loc>http://evil.example/s.xml</loc></sitemap></sitemapindex>`);
        return;
      }
      if (req.url === '/foreign.xml') {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(`<urlset><url><loc>${appUrl}/p/1</loc></url><url><loc>http://169.254.169.254/latest/meta-data/</loc></url></urlset>`);
        return;
      }
      seo.handler(req, res, () => res.end('app page'));
    });
  });
  after(async () => {
    await prerender?.close();
    app.close();
    renderer.close();
    await redis?.stop();
  });

  it('stops cleanly on Ctrl-C with a summary and exit 130, and a second run picks up where it stopped', async () => {
    const first = await runWarm(['--sitemap', `${appUrl}/sitemap.xml`, '--concurrency', '1', '--user-agent', 'flightdeck-prerender-warm'], {
      interruptAfter: () => rendered.length >= 2,
    });
    assert.equal(first.code, 130, first.stdout + first.stderr);
    const done = Number(/interrupted after (\d+) of 6 pages/.exec(first.stdout)?.[1]);
    assert.ok(done >= 2 && done < 6, first.stdout);
    const before = rendered.length;
    const second = await runWarm(['--sitemap', `${appUrl}/sitemap.xml`, '--concurrency', '3', '--user-agent', 'flightdeck-prerender-warm']);
    assert.equal(second.code, 0, second.stdout);
    assert.match(second.stdout, new RegExp(`rendered ${6 - done}, fresh ${done},`));
    assert.equal(rendered.length - before, 6 - done);
  });

  it('follows a sitemap index on the sitemap\'s own origin only, and never asks for a URL elsewhere', async () => {
    const index = await runWarm(['--sitemap', `${appUrl}/index.xml`, '--dry-run']);
    assert.equal(index.code, 0, index.stderr);
    assert.match(index.stdout, /dry run: 6 pages would be requested/);
    assert.match(index.stderr, /skipped 1 sitemap URLs not on http:\/\/127\.0\.0\.1:\d+/);
    const foreign = await runWarm(['--sitemap', `${appUrl}/foreign.xml`, '--dry-run']);
    assert.doesNotMatch(foreign.stdout, /169\.254/);
    assert.match(foreign.stdout, /dry run: 1 pages would be requested/);
  });

  it('warms both device classes by default, and lists failures with exit 1 when the renderer is down', async () => {
    await prerender.clear();
    rendererDown = true;
    const failed = await runWarm(['--sitemap', `${appUrl}/sitemap.xml`, '--limit', '2']);
    rendererDown = false;
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /warmed 2 pages .* failed 2/);
    assert.match(failed.stdout, /failed http:\/\/127\.0\.0\.1:\d+\/p\/1: the app answered 200 without a render/);
    const before = rendered.length;
    const both = await runWarm(['--sitemap', `${appUrl}/sitemap.xml`, '--limit', '2']);
    assert.equal(both.code, 0, both.stdout);
    assert.equal(rendered.length - before, 4, 'one render per page and device class');
  });

  it('refuses bad arguments with the usage and exit 2', async () => {
    for (const args of [['--sitemap', 'ftp://x/sitemap.xml'], ['--sitemap', `${appUrl}/sitemap.xml`, '--concurrency', '0'], ['--nope']]) {
      const result = await runWarm(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, /Usage: npx flightdeck-prerender warm/);
    }
  });
});
