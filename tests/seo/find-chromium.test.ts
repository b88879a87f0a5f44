// Which Chromium `flightdeck-prerender` runs: CHROME_BIN, else the usual names on PATH.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium, PrerenderServerError } from '../../packages/seo/src/lib/prerender/prerender-server.ts';

describe('finding Chromium for the renderer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'find-chromium-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function executable(name: string): string {
    const path = join(dir, name);
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, 0o755);
    return path;
  }

  it('takes chromium-browser or google-chrome from PATH when CHROME_BIN is not set (Ubuntu, Alpine, Google builds)', () => {
    const path = executable('chromium-browser');
    assert.equal(findChromium({ PATH: `/nonexistent:${dir}` }), path);
    rmSync(path);
    const chrome = executable('google-chrome');
    assert.equal(findChromium({ PATH: dir }), chrome);
    rmSync(chrome);
  });

  it('prefers CHROME_BIN, and names it when it is not an executable file', () => {
    executable('chromium');
    const custom = executable('my-chrome');
    assert.equal(findChromium({ CHROME_BIN: custom, PATH: dir }), custom);
    assert.throws(
      () => findChromium({ CHROME_BIN: join(dir, 'missing'), PATH: dir }),
      (error: unknown) => error instanceof PrerenderServerError && error.code === 'CHROMIUM_NOT_FOUND' && error.message.includes(`Chromium did not start from ${join(dir, 'missing')}`),
    );
  });

  it('a file that is not executable does not count', () => {
    const empty = mkdtempSync(join(tmpdir(), 'find-chromium-empty-'));
    try {
      writeFileSync(join(empty, 'chromium'), 'not a program');
      const found = (() => {
        try {
          return findChromium({ PATH: empty });
        } catch (error) {
          return error as Error;
        }
      })();
      // /usr/bin/chromium is the last resort; on a machine without it, the error names what was tried.
      if (typeof found === 'string') assert.equal(found, '/usr/bin/chromium');
      else assert.match(found.message, /no Chromium found .*chromium, chromium-browser, google-chrome, google-chrome-stable/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
