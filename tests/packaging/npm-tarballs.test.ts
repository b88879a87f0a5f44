// The four packages as an npm user gets them: packed tarballs (prepack builds them) installed into a
// fresh npm project, then bundled for the browser, type-checked as a consumer, and run as commands.
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { ensureNode, MATRIX } from '../../scripts/node-matrix.mjs';
import { installIsopack } from '../helpers/atmosphere-isopack.ts';
import { installTarballs, packTarballs, PACKAGES, repoRoot, type PackageName, type Tarball } from '../helpers/packed-tarballs.ts';

const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

function command(cwd: string, bin: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(cwd, 'node_modules', '.bin', bin), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Processes whose environment carries `marker`: Chromium inherits it from the command. */
function processesWithMarker(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((done) => setTimeout(done, 100));
  }
  return check();
}

/** Type-checks `files` in `dir` under a tsconfig of its own (`name`), with typescript ~5.9. */
async function typecheck(dir: string, name: string, compilerOptions: Record<string, unknown>, files: string[]): Promise<{ status: number | null; output: string }> {
  writeFileSync(
    join(dir, name),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', lib: ['ES2022', 'DOM'], types: ['node'], ...compilerOptions }, files }, null, 2),
  );
  return new Promise((done) => {
    execFile(process.execPath, [tsc, '-p', join(dir, name)], { cwd: dir, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ status: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr });
    });
  });
}

const CONSUMER = `
import { validateSettings, SettingsRegistry, type SettingsSpec, type InferSettings } from '@flightdeck/settings';
import { createAssetUrl, normalizeCdnUrl } from '@flightdeck/cdn';
import { createAnalyticsClient, redactUrl, type Destination } from '@flightdeck/analytics';
import { ServerAnalytics } from '@flightdeck/analytics/server';
import { createTrackedSubscribe, createTrackedCallAsync, type SubscriptionHandleLike } from '@flightdeck/analytics/tracked';
import { headTags, renderHead, isCrawler, crawlerPattern } from '@flightdeck/seo';
import { createPrerenderMiddleware, isCrawler as isCrawlerWithDefaults } from '@flightdeck/seo/server';

const spec = { name: 'app', scope: 'app', public: { siteName: { type: String } } } as const satisfies SettingsSpec;
const registry = new SettingsRegistry();
registry.register(spec);
const siteName: InferSettings<typeof spec.public>['siteName'] = 'x';
export const report = validateSettings({ public: { siteName } }, registry.specs());
export const url: string = createAssetUrl({ url: normalizeCdnUrl('https://cdn.example.com') ?? undefined })('/a.png');
const destination: Destination = { name: 'none', deliver() {} } as unknown as Destination;
export const client = createAnalyticsClient({ destinations: [destination] });
export const redacted: string = redactUrl('https://x.com/#/reset-password/abc');
export const server = ServerAnalytics;
const handle: SubscriptionHandleLike = { subscriptionId: '1', ready: () => true, stop() {} };
export const subscribe = createTrackedSubscribe(() => handle, { record: () => undefined });
export const call: (name: string) => Promise<number> = createTrackedCallAsync(async (_name: string) => 1, { record: () => undefined });
export const head: string = renderHead(headTags({ title: 'Hi', description: '<script>' }));
export const bot: boolean = isCrawler('Googlebot', crawlerPattern(['googlebot'])) && isCrawlerWithDefaults('Googlebot');
export const middleware = createPrerenderMiddleware;
`;

describe('the npm tarballs, installed into a fresh npm project', function () {
  this.timeout(240_000);
  const work = mkdtempSync(join(tmpdir(), 'flightdeck-tarballs-'));
  const project = join(work, 'consumer');
  let tarballs: Record<PackageName, Tarball>;

  before(async () => {
    tarballs = await packTarballs(join(work, 'tarballs'));
    await installTarballs(tarballs, { dir: project, extra: ['@types/node'] });
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  describe('what each tarball ships', () => {
    for (const name of PACKAGES) {
      it(`@flightdeck/${name}: dist/ built by prepack, a LICENSE, no build info, source maps that resolve, where to find the project`, () => {
        const paths = tarballs[name].files.map((file) => file.path);
        for (const required of ['dist/index.js', 'dist/index.d.ts', 'LICENSE', 'README.md', 'CHANGELOG.md', 'package.json']) {
          assert.ok(paths.includes(required), `${required} is shipped`);
        }
        assert.deepEqual(paths.filter((path) => path.includes('tsbuildinfo')), []);
        const installed = join(project, 'node_modules', '@flightdeck', name);
        for (const map of paths.filter((path) => path.endsWith('.map'))) {
          const { sources, sourceRoot } = JSON.parse(readFileSync(join(installed, map), 'utf8')) as { sources: string[]; sourceRoot?: string };
          for (const source of sources) {
            const file = resolve(dirname(join(installed, map)), sourceRoot ?? '', source);
            assert.ok(existsSync(file), `${map} points at ${source}, which is shipped`);
          }
        }
        const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, any>;
        assert.match(manifest.repository.url, /github\.com\/flightdeck-meteor\/flightdeck/);
        assert.equal(manifest.repository.directory, `packages/${name}`);
        assert.match(manifest.homepage, /^https:\/\//);
        assert.match(manifest.bugs.url, /\/issues$/);
        assert.equal(manifest.publishConfig?.access, 'public', 'a scoped package publishes as restricted otherwise');
        // ESM only: require(esm) works without a flag from Node 20.19 and 22.12.
        assert.equal(manifest.engines.node, '^20.19.0 || >=22.12.0');
      });
    }

    it('@flightdeck/seo leaves the prerender server out: an optional peer the command asks for', () => {
      const manifest = JSON.parse(readFileSync(join(project, 'node_modules', '@flightdeck', 'seo', 'package.json'), 'utf8')) as Record<string, any>;
      assert.equal(manifest.dependencies?.prerender, undefined);
      assert.equal(manifest.peerDependenciesMeta?.prerender?.optional, true);
      assert.equal(existsSync(join(project, 'node_modules', 'prerender')), false, 'prerender is not installed');
      assert.equal(existsSync(join(project, 'node_modules', 'chrome-remote-interface')), false);
    });

    it('@flightdeck/settings declares @types/json-schema, which its declarations use through simpl-schema', () => {
      const manifest = JSON.parse(readFileSync(join(project, 'node_modules', '@flightdeck', 'settings', 'package.json'), 'utf8')) as Record<string, any>;
      assert.ok(manifest.dependencies['@types/json-schema']);
    });

    it('npm publish --dry-run would publish exactly what npm pack packed', () => {
      const result = spawnSync('npm', ['publish', '--dry-run', '--json', '--ignore-scripts', ...PACKAGES.flatMap((name) => ['-w', `packages/${name}`])], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(result.status, 0, result.stderr);
      const published = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as Record<string, { files: Array<{ path: string }> }>;
      for (const name of PACKAGES) {
        const entry = published[`@flightdeck/${name}`];
        assert.ok(entry, `@flightdeck/${name} is in the dry run`);
        assert.deepEqual(entry.files.map((file) => file.path).sort(), tarballs[name].files.map((file) => file.path).sort());
      }
    });
  });

  describe('in a browser bundle', () => {
    for (const name of PACKAGES) {
      it(`esbuild --platform=browser bundles import * from '@flightdeck/${name}'`, async () => {
        const entry = join(project, `browser-${name}.js`);
        writeFileSync(entry, `import * as core from '@flightdeck/${name}';\nglobalThis.core = core;\n`);
        const result = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', absWorkingDir: project });
        const code = result.outputFiles[0].text;
        assert.doesNotMatch(code, /from\s*["']node:/);
      });
    }

    it("esbuild --platform=browser bundles '@flightdeck/analytics/tracked' alone: the wrappers without the client", async () => {
      const entry = join(project, 'browser-analytics-tracked.js');
      writeFileSync(entry, "import * as tracked from '@flightdeck/analytics/tracked';\nglobalThis.tracked = tracked;\n");
      const result = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', absWorkingDir: project });
      const code = result.outputFiles[0].text;
      assert.match(code, /Subscription Ready/);
      assert.doesNotMatch(code, /from\s*["']node:|createAnalyticsCore|\[redacted\]/);
    });

    for (const name of ['analytics', 'seo'] as const) {
      it(`'@flightdeck/${name}/server' is the Node part: a browser bundle of it fails on Node's modules`, async () => {
        const entry = join(project, `server-${name}.js`);
        writeFileSync(entry, `import * as core from '@flightdeck/${name}/server';\nglobalThis.core = core;\n`);
        await assert.rejects(build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', absWorkingDir: project }), /node:(crypto|http|https|zlib)/);
      });
    }
  });

  it("in a browser bundle, isCrawler(userAgent) without a list says the default list is in '@flightdeck/seo/server'", async () => {
    const entry = join(project, 'browser-is-crawler.js');
    writeFileSync(entry, "import { isCrawler } from '@flightdeck/seo';\ntry { isCrawler('Googlebot'); } catch (error) { globalThis.answer = `${error.name}: ${error.message}`; }\n");
    const result = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'iife', write: false, logLevel: 'silent', absWorkingDir: project });
    const sandbox: { answer?: string } = {};
    runInNewContext(result.outputFiles[0].text, sandbox);
    assert.match(sandbox.answer ?? '', /^TypeError: isCrawler\(userAgent, crawlers\): the default crawler list is in '@flightdeck\/seo\/server'/);
  });

  describe('in Node', () => {
    it("gets the Node entry for '@flightdeck/seo', where isCrawler(userAgent) uses the default crawler list", () => {
      const script = `import { isCrawler } from '@flightdeck/seo'; console.log(isCrawler('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'), isCrawler('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36'))`;
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' });
      assert.equal(result.stderr, '');
      assert.equal(result.stdout.trim(), 'true false');
    });

    it('loads every package with require() (require(esm), Node 20.19+)', () => {
      const script = PACKAGES.map((name) => `require('@flightdeck/${name}');`).join('') + "console.log(typeof require('@flightdeck/analytics').ServerAnalytics)";
      const result = spawnSync(process.execPath, ['-e', script], { cwd: project, encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout.trim(), 'function');
    });
  });

  describe('type-checked as a consumer with skipLibCheck: false', () => {
    // The three programs are checked side by side (each takes a while), and awaited by each test.
    let checks: Record<'nodenext' | 'bundler' | 'browserOnly', Promise<{ status: number | null; output: string }>>;
    before(() => {
      writeFileSync(join(project, 'consumer.ts'), CONSUMER);
      writeFileSync(join(project, 'browser-consumer.ts'), "import { ServerAnalytics } from '@flightdeck/analytics';\nexport const s = ServerAnalytics;\n");
      checks = {
        nodenext: typecheck(project, 'tsconfig.nodenext.json', { module: 'nodenext', moduleResolution: 'nodenext' }, ['consumer.ts']),
        bundler: typecheck(project, 'tsconfig.bundler.json', { module: 'esnext', moduleResolution: 'bundler' }, ['consumer.ts']),
        browserOnly: typecheck(project, 'tsconfig.browser.json', { module: 'esnext', moduleResolution: 'bundler' }, ['browser-consumer.ts']),
      };
    });

    it('under module: nodenext', async () => {
      const result = await checks.nodenext;
      assert.equal(result.status, 0, result.output);
    });

    it('under moduleResolution: bundler', async () => {
      const result = await checks.bundler;
      assert.equal(result.status, 0, result.output);
    });

    it("under bundler, '@flightdeck/analytics' is typed as the browser entry: ServerAnalytics is not in it", async () => {
      const result = await checks.browserOnly;
      assert.notEqual(result.status, 0);
      assert.match(result.output, /has no exported member 'ServerAnalytics'/);
    });
  });

  describe('the commands', () => {
    it('flightdeck-settings exits 0 for a valid file, 1 for an invalid one, 2 for a missing one', () => {
      writeFileSync(join(project, 'valid.json'), JSON.stringify({ public: {} }));
      writeFileSync(join(project, 'invalid.json'), JSON.stringify({ public: { cdn: { url: 5 } } }));
      assert.equal(command(project, 'flightdeck-settings', ['check', 'valid.json']).status, 0);
      const invalid = command(project, 'flightdeck-settings', ['check', 'invalid.json']);
      assert.equal(invalid.status, 1);
      assert.match(invalid.stdout, /^public\.cdn\.url: /m);
      assert.equal(command(project, 'flightdeck-settings', ['check', 'missing.json']).status, 2);
    });

    it('flightdeck-settings --help prints the usage with the exit codes, and exits 0', () => {
      const result = command(project, 'flightdeck-settings', ['--help']);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /^Usage:\n {2}flightdeck-settings check/);
      assert.match(result.stdout, /Exit codes: 0 valid, 1 invalid, 2 usage error/);
      assert.equal(result.stderr, '');
    });

    it('flightdeck-settings refuses an unknown option with exit code 2, in one line', () => {
      const result = command(project, 'flightdeck-settings', ['check', 'valid.json', '--strcit']);
      assert.equal(result.status, 2);
      assert.equal(result.stderr, 'flightdeck-settings: unknown option "--strcit": did you mean --strict? (see flightdeck-settings --help)\n');
    });

    describe('flightdeck-settings in a Meteor app that has flightdeck:cdn from Atmosphere (~/.meteor/packages)', () => {
      const home = join(work, 'home');
      const app = join(work, 'meteor-app');
      const settings = join(app, 'settings.json');

      before(() => {
        installIsopack(join(home, '.meteor'), join(repoRoot, 'packages', 'cdn'), { version: '0.1.0' });
        mkdirSync(join(app, '.meteor'), { recursive: true });
        writeFileSync(join(app, '.meteor', 'packages'), 'flightdeck:cdn\n');
        writeFileSync(join(app, '.meteor', 'versions'), 'flightdeck:cdn@0.1.0\n');
        writeFileSync(settings, JSON.stringify({ public: { cdn: { cacheBusting: 'no' } } }));
      });

      it('without tsx, on Node 20, names the package whose TypeScript spec it cannot load, and what to do', () => {
        assert.equal(existsSync(join(project, 'node_modules', 'tsx')), false, 'tsx is an optional peer: not installed');
        const result = command(project, 'flightdeck-settings', ['check', settings, '--app', app], { HOME: home });
        assert.equal(result.status, 0, result.stderr);
        assert.match(
          result.stderr,
          /^flightdeck-settings: warning: flightdeck:cdn@0\.1\.0 \(installed from Atmosphere, ~\/\.meteor\/packages\/flightdeck_cdn\/0\.1\.0\) ships its settings spec in TypeScript, which needs tsx to load: npm install --save-dev tsx, or npm install --save-dev @flightdeck\/cdn \(its npm core ships the spec\), or pass its schema with --schema <module>\n/,
        );
      });

      it('on a Node that strips types itself (24), loads that spec without tsx', () => {
        const node24 = ensureNode(MATRIX.find((entry) => entry.nodeMajor === 24)!);
        const result = spawnSync(node24, [join(project, 'node_modules', '.bin', 'flightdeck-settings'), 'check', settings, '--app', app], {
          cwd: project,
          env: { PATH: process.env.PATH ?? '', HOME: home },
          encoding: 'utf8',
          timeout: 30_000,
        });
        assert.equal(result.status, 1, result.stderr);
        assert.match(result.stdout, /^public\.cdn\.cacheBusting: must be true or false, not a string$/m);
        assert.match(result.stderr, /^schemas: flightdeck \(built in\), cdn \(~\/\.meteor\/packages\/flightdeck_cdn\/0\.1\.0\)$/m);
        assert.doesNotMatch(result.stderr, /warning:|ExperimentalWarning/);
      });
    });

    it('flightdeck-prerender --help prints the usage with the exit codes, and exits 0', () => {
      const result = command(project, 'flightdeck-prerender', ['--help']);
      assert.equal(result.status, 0);
      assert.match(result.stdout, /^Usage: flightdeck-prerender/);
      assert.match(result.stdout, /Exit codes:[\s\S]*2 {2}usage error[\s\S]*3 {2}a prerequisite is missing/);
    });

    it('flightdeck-prerender refuses an unknown option with exit code 2, in one line', () => {
      const result = command(project, 'flightdeck-prerender', ['--prot', '80']);
      assert.equal(result.status, 2);
      assert.equal(result.stderr, 'flightdeck-prerender: unknown option "--prot" (see flightdeck-prerender --help)\n');
    });

    it('flightdeck-prerender without the prerender package says how to install it, and exits 3', () => {
      const result = command(project, 'flightdeck-prerender', []);
      assert.equal(result.status, 3);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /the prerender package is not installed .*npm install prerender@5\.21\.6/);
    });

    describe('with prerender installed', () => {
      let blocker: Server;
      let blockedPort: number;
      before(async () => {
        await installTarballs(tarballs, { dir: project, extra: ['@types/node', 'prerender'] });
        blocker = createServer();
        await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
        blockedPort = (blocker.address() as { port: number }).port;
      });
      after(() => blocker.close());

      it('on a port already in use exits 1 with one line, and leaves no Chromium behind', async () => {
        const marker = `FLIGHTDECK_TARBALL_TEST=${process.pid}-port`;
        const [key, value] = marker.split('=');
        const result = command(project, 'flightdeck-prerender', [], { PORT: String(blockedPort), [key]: value });
        assert.equal(result.status, 1);
        assert.equal(result.stderr, `flightdeck-prerender: port ${blockedPort} on 127.0.0.1 is in use: stop what listens there, or set PORT\n`);
        assert.deepEqual(processesWithMarker(marker), []);
      });

      it('started through npx, stops with Chromium when npx gets SIGTERM', async () => {
        const marker = `FLIGHTDECK_TARBALL_TEST=${process.pid}-npx`;
        const [key, value] = marker.split('=');
        const free = createServer();
        await new Promise<void>((done) => free.listen(0, '127.0.0.1', done));
        const port = (free.address() as { port: number }).port;
        await new Promise<void>((done) => free.close(() => done()));
        const npx = spawn('npx', ['--no-install', 'flightdeck-prerender'], { cwd: project, env: { ...process.env, PORT: String(port), [key]: value }, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        npx.stdout.on('data', (chunk: Buffer) => (output += chunk));
        npx.stderr.on('data', (chunk: Buffer) => (output += chunk));
        try {
          assert.ok(await waitFor(() => /listening on/.test(output), 30_000), output);
          assert.doesNotMatch(output, /Can't connect to Chrome/, 'no retry noise while Chromium starts');
          assert.ok(processesWithMarker(marker).length >= 2, 'node and Chromium run');
          npx.kill('SIGTERM');
          assert.ok(await waitFor(() => processesWithMarker(marker).length === 0, 15_000), `still running: ${processesWithMarker(marker).join(', ')}\n${output}`);
        } finally {
          for (const pid of processesWithMarker(marker)) process.kill(pid, 'SIGKILL');
        }
      });
    });
  });
});
