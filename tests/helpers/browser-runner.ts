// Runs the browser specs (`tests/**/*.browser.ts`) with mocha inside headless Chromium and reports
// them like mocha's spec reporter; `npm test` runs it after the Node specs.
//
//   node --import tsx tests/helpers/browser-runner.ts [filter...] [options]
//
//   filter...           keep the spec files whose path contains one of these strings; arguments
//                       ending in `.test.ts` name Node specs and are ignored (so `npm test x.test.ts`
//                       runs no browser spec)
//   --file <path>       run this file whatever its name (repeatable); the glob is then not used
//   --grep, -g <text>   run only the tests whose full title matches (mocha's grep)
//   --timeout <ms>      per-test timeout (default 10000)
//   --file-timeout <ms> ceiling for a whole spec file, loading included (default 60000)
//   --results <path>    where to write the counts (default .test-results/browser.json)
//
// How a spec is run: each file is bundled by esbuild for the browser (ESM, inline source map; stack
// traces printed here are mapped back to the .ts sources), then opened in a fresh browser context
// (own storage, cookies and history) at `http://127.0.0.1:<port>/`, a real http origin, so the
// History API works. The page's <body> is empty and the spec owns the DOM. Specs use mocha's BDD
// globals (`describe`, `it`, hooks) and `import assert from 'node:assert/strict'`, which the bundle
// resolves to tests/helpers/browser-assert.ts; `import sinon from 'sinon'` and the packages' sources
// (relative paths or `@flightdeck/*`) bundle as they are.
//
// A spec file whose first lines hold `// @browser-init: <path>` (relative to the spec) gets that
// script bundled and run by `page.addInitScript` before any script of the page, e.g. to set
// `navigator.doNotTrack` or `navigator.globalPrivacyControl` as a browser would.
//
// Counted as a failure, with its message: a failing test or hook, a test over its timeout, a spec
// file that does not bundle, that throws while loading, that registers no test, that leaves a
// promise rejection unhandled, or that does not finish within its ceiling; an error in the init
// script; a page crash.
import { readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SourceMap } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, formatMessages } from 'esbuild';
import type { Message, Plugin } from 'esbuild';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const assertModule = join(root, 'tests', 'helpers', 'browser-assert.ts');
const mochaBrowserBuild = join(root, 'node_modules', 'mocha', 'mocha.js');
const SPEC_SUFFIX = '.browser.ts';

interface Options {
  filters: string[];
  files: string[];
  grep?: string;
  timeout: number;
  fileTimeout: number;
  results: string;
}

interface Bundle {
  code: string;
  map: SourceMap;
  /** Where the bundle's source map resolves its relative source paths from. */
  outDir: string;
}

interface SpecFile {
  path: string;
  bundle?: Bundle;
  initScript?: string;
  bundleError?: string;
}

interface ErrorInfo {
  name?: string;
  message: string;
  stack?: string;
}

type PageEvent =
  | { type: 'start' }
  | { type: 'suite'; titlePath: string[] }
  | { type: 'pass'; titlePath: string[]; duration?: number }
  | { type: 'fail'; titlePath: string[]; error: ErrorInfo }
  | { type: 'pending'; titlePath: string[] }
  | { type: 'error'; kind: string; error: ErrorInfo }
  | { type: 'end'; tests: number };

interface Failure {
  title: string;
  error: ErrorInfo;
  bundle?: Bundle;
}

const counts = { passed: 0, failed: 0, skipped: 0 };
const failures: Failure[] = [];
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);

function usage(message: string): never {
  console.error(`browser-runner: ${message}`);
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    filters: [],
    files: [],
    timeout: 10_000,
    fileTimeout: 60_000,
    results: join(root, '.test-results', 'browser.json'),
  };
  let sawFilter = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    const value = (): string => {
      const next = argv[index + 1];
      if (next === undefined) usage(`${arg} needs a value`);
      index += 1;
      return next;
    };
    const milliseconds = (): number => {
      const number = Number(value());
      if (!Number.isFinite(number) || number <= 0) usage(`${arg} needs a number of milliseconds`);
      return number;
    };
    if (arg === '--file') options.files.push(resolve(value()));
    else if (arg === '--grep' || arg === '-g') options.grep = value();
    else if (arg === '--timeout') options.timeout = milliseconds();
    else if (arg === '--file-timeout') options.fileTimeout = milliseconds();
    else if (arg === '--results') options.results = resolve(value());
    else if (arg.startsWith('-')) console.error(`browser-runner: ignoring ${arg} (a mocha option for the Node specs)`);
    else {
      sawFilter = true;
      if (!arg.endsWith('.test.ts')) options.filters.push(arg);
    }
  }
  // Only Node specs were named: no browser spec is wanted.
  if (sawFilter && options.filters.length === 0) options.filters.push('\0');
  return options;
}

function findSpecFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findSpecFiles(path));
    else if (entry.isFile() && entry.name.endsWith(SPEC_SUFFIX)) found.push(path);
  }
  return found.sort();
}

function selectSpecFiles(options: Options): string[] {
  if (options.files.length > 0) return options.files;
  const all = findSpecFiles(join(root, 'tests'));
  if (options.filters.length === 0) return all;
  return all.filter((path) => {
    const shown = relative(root, path);
    return options.filters.some((filter) => shown.includes(filter) || path.includes(filter));
  });
}

// Specs import `node:assert/strict` as in Node; the browser gets the same API from browser-assert.ts.
const browserAssert: Plugin = {
  name: 'browser-assert',
  setup(builder) {
    builder.onResolve({ filter: /^(node:)?assert(\/strict)?$/ }, () => ({ path: assertModule }));
  },
};

async function formatBuildError(error: unknown): Promise<string> {
  const messages = (error as { errors?: Message[] }).errors;
  if (!messages?.length) return error instanceof Error ? error.message : String(error);
  const formatted = await formatMessages(messages, { kind: 'error', color: false });
  return formatted.join('\n').trim();
}

async function bundle(entry: string, format: 'esm' | 'iife'): Promise<Bundle> {
  const outDir = join(root, '.test-results', 'browser-bundles');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format,
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'both',
    outfile: join(outDir, `${basename(entry).replace(/\.[cm]?[jt]s$/, '')}.js`),
    plugins: [browserAssert],
    define: { 'process.env.NODE_ENV': '"test"' },
    logLevel: 'silent',
  });
  const code = result.outputFiles.find((file) => file.path.endsWith('.js'));
  const map = result.outputFiles.find((file) => file.path.endsWith('.js.map'));
  if (!code || !map) throw new Error(`esbuild produced no bundle for ${entry}`);
  return { code: code.text, map: new SourceMap(JSON.parse(map.text)), outDir };
}

function initScriptOf(specPath: string): string | undefined {
  const head = readFileSync(specPath, 'utf8').split('\n').slice(0, 20);
  const line = head.map((text) => /^\s*\/\/\s*@browser-init:\s*(\S+)\s*$/.exec(text)).find(Boolean);
  return line ? resolve(dirname(specPath), line[1]) : undefined;
}

async function prepare(path: string): Promise<SpecFile> {
  try {
    const init = initScriptOf(path);
    const [specBundle, initBundle] = await Promise.all([bundle(path, 'esm'), init ? bundle(init, 'iife') : undefined]);
    return { path, bundle: specBundle, initScript: initBundle?.code };
  } catch (error) {
    return { path, bundleError: await formatBuildError(error) };
  }
}

// The page: mocha's browser build, then this harness, which imports the spec bundle, runs mocha and
// reports every event to Node through the exposed `__browserRunnerReport`. Classic script, ES2017.
const harness = String.raw`
(function () {
  'use strict';
  var config = window.__browserRunnerConfig;
  var report = function (event) { return window.__browserRunnerReport(event); };
  var phase = 'load';
  function errorInfo(error) {
    if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
    if (error && typeof error === 'object' && 'message' in error) return { name: error.name, message: String(error.message), stack: error.stack };
    return { message: 'thrown non-error: ' + String(error) };
  }
  report({ type: 'start' });
  // While mocha runs, its own window.onerror turns an uncaught error into the current test's failure.
  window.addEventListener('error', function (event) {
    if (phase === 'running') return;
    var kind = phase === 'load' ? 'uncaught error while loading the spec file' : 'uncaught error after the tests finished';
    report({ type: 'error', kind: kind, error: errorInfo(event.error || event.message) });
  });
  // mocha's browser build does not listen for unhandled rejections. Chromium dispatches the event in
  // a later task, so it can land in a later test: the stack, not the current test, says where.
  window.addEventListener('unhandledrejection', function (event) {
    report({ type: 'error', kind: 'unhandled promise rejection', error: errorInfo(event.reason) });
  });
  function Reporter(runner) {
    var constants = Mocha.Runner.constants;
    runner.on(constants.EVENT_SUITE_BEGIN, function (suite) {
      if (!suite.root) report({ type: 'suite', titlePath: suite.titlePath() });
    });
    runner.on(constants.EVENT_TEST_PASS, function (test) {
      report({ type: 'pass', titlePath: test.titlePath(), duration: test.duration });
    });
    runner.on(constants.EVENT_TEST_FAIL, function (test, error) {
      report({ type: 'fail', titlePath: test.titlePath(), error: errorInfo(error) });
    });
    runner.on(constants.EVENT_TEST_PENDING, function (test) {
      report({ type: 'pending', titlePath: test.titlePath() });
    });
    // mocha runs its queue in slices of up to 100 ms without yielding; give the error and
    // unhandledrejection events queued meanwhile a few tasks to arrive before the file is closed.
    runner.once(constants.EVENT_RUN_END, function () {
      phase = 'done';
      setTimeout(function () {
        report({ type: 'end', tests: runner.total });
      }, 20);
    });
  }
  mocha.setup({ ui: 'bdd', reporter: Reporter, timeout: config.timeout, grep: config.grep, checkLeaks: false });
  import('/__runner/spec.js').then(
    function () {
      phase = 'running';
      mocha.run();
    },
    function (error) {
      phase = 'done';
      report({ type: 'error', kind: 'the spec file threw while loading', error: errorInfo(error) });
      report({ type: 'end', tests: -1 });
    }
  );
})();
`;

function pageHtml(options: Options): string {
  const config = JSON.stringify({ timeout: options.timeout, grep: options.grep }).replace(/</g, '\\u003c');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<script data-browser-runner>window.__browserRunnerConfig = ${config};</script>`,
    '<script data-browser-runner src="/__runner/mocha.js"></script>',
    '<script data-browser-runner src="/__runner/harness.js"></script>',
    '</head>',
    '<body></body>',
    '</html>',
  ].join('\n');
}

interface SpecServer {
  url: string;
  serve(spec: SpecFile | undefined): void;
  close(): Promise<void>;
}

async function startServer(options: Options): Promise<SpecServer> {
  const mocha = readFileSync(mochaBrowserBuild, 'utf8');
  const html = pageHtml(options);
  let current: SpecFile | undefined;
  const send = (response: ServerResponse, status: number, type: string, body: string): void => {
    response.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
    response.end(body);
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/') send(response, 200, 'text/html', html);
    else if (path === '/__runner/mocha.js') send(response, 200, 'text/javascript', mocha);
    else if (path === '/__runner/harness.js') send(response, 200, 'text/javascript', harness);
    else if (path === '/__runner/spec.js' && current?.bundle) send(response, 200, 'text/javascript', current.bundle.code);
    else if (path === '/favicon.ico') send(response, 204, 'image/x-icon', '');
    else send(response, 404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolveListen);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    serve(spec) {
      current = spec;
    },
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

/**
 * Stack frames of the bundle pointed back at the spec's .ts sources (mocha's browser build strips the
 * origin from the URLs, uncaught errors keep it); frames of mocha and of browser-assert.ts dropped,
 * as Node's assert starts its stacks at the caller.
 */
function mapStack(stack: string, bundle: Bundle | undefined): string {
  const assertSource = relative(root, assertModule);
  return stack
    .split('\n')
    .filter((line) => !line.includes('/__runner/mocha.js'))
    .map((line) =>
      line.replace(/(?:https?:\/\/127\.0\.0\.1:\d+\/|\/)?__runner\/spec\.js:(\d+):(\d+)/g, (whole, lineText: string, columnText: string) => {
        if (!bundle) return whole;
        const entry = bundle.map.findEntry(Number(lineText) - 1, Number(columnText) - 1);
        if (!('originalSource' in entry) || !entry.originalSource) return whole;
        const source = relative(root, resolve(bundle.outDir, entry.originalSource));
        return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
      }),
    )
    .filter((line) => !line.includes(`(${assertSource}:`))
    .join('\n');
}

function describeError(error: ErrorInfo, bundle: Bundle | undefined): string {
  const heading = `${error.name ?? 'Error'}: ${error.message}`;
  if (!error.stack) return heading;
  const stack = mapStack(error.stack, bundle);
  // V8 stacks start with "Name: message"; keep the message whole even when it spans lines.
  return stack.startsWith(heading) ? stack : `${heading}\n${stack.split('\n').filter((line) => /^\s+at /.test(line)).join('\n')}`;
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line ? pad + line : line))
    .join('\n');
}

function recordFailure(title: string, error: ErrorInfo, bundle?: Bundle): number {
  counts.failed += 1;
  failures.push({ title, error, bundle });
  return failures.length;
}

async function runSpecFile(browser: Browser, server: SpecServer, spec: SpecFile, options: Options): Promise<void> {
  const shown = relative(root, spec.path).split(sep).join('/');
  console.log(`\n  ${paint(1, shown)}`);
  const failFile = (kind: string, error: ErrorInfo): void => {
    const number = recordFailure(`${shown}: ${kind}`, error, spec.bundle);
    console.log(paint(31, `    ✗ ${number}) ${kind}: ${error.message.split('\n')[0]}`));
  };
  if (!spec.bundle) {
    failFile('does not bundle', { name: 'BundleError', message: spec.bundleError ?? 'unknown esbuild error' });
    return;
  }
  const bundle = spec.bundle;
  server.serve(spec);
  const context = await browser.newContext();
  let started = false;
  let testsSeen = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolveFinished) => {
    finish = resolveFinished;
  });
  const onEvent = (event: PageEvent): void => {
    const depth = 'titlePath' in event ? event.titlePath.length : 0;
    const title = 'titlePath' in event ? event.titlePath[event.titlePath.length - 1] : '';
    const pad = ' '.repeat(2 + depth * 2);
    switch (event.type) {
      case 'start':
        started = true;
        break;
      case 'suite':
        console.log(`${pad}${title}`);
        break;
      case 'pass': {
        testsSeen += 1;
        counts.passed += 1;
        const slow = event.duration !== undefined && event.duration > 75 ? paint(33, ` (${event.duration}ms)`) : '';
        console.log(`${pad}${paint(32, '✔')} ${paint(90, title)}${slow}`);
        break;
      }
      case 'fail': {
        testsSeen += 1;
        const number = recordFailure(`${shown}: ${event.titlePath.join(' ')}`, event.error, bundle);
        console.log(paint(31, `${pad}✗ ${number}) ${title}`));
        break;
      }
      case 'pending':
        testsSeen += 1;
        counts.skipped += 1;
        console.log(paint(36, `${pad}- ${title}`));
        break;
      case 'error':
        failFile(event.kind, event.error);
        break;
      case 'end':
        if (event.tests === 0 && testsSeen === 0 && !options.grep) {
          failFile('registers no test', { message: 'the spec file ran but defined no `it` (is every `describe` body synchronous?)' });
        }
        finish();
        break;
    }
  };
  try {
    const page = await context.newPage();
    await page.exposeFunction('__browserRunnerReport', onEvent);
    if (spec.initScript) await page.addInitScript({ content: spec.initScript });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => {
      // Before the harness starts, nothing in the page reports errors: an init script threw.
      if (!started) failFile('uncaught error before the spec page loaded (in the @browser-init script?)', { name: error.name, message: error.message, stack: error.stack });
      else pageErrors.push(error.message);
    });
    page.on('console', (message) => {
      console.log(paint(90, `      [browser ${message.type()}] ${message.text()}`));
    });
    let crashed = false;
    page.on('crash', () => {
      crashed = true;
      failFile('page crashed', { message: 'the Chromium page crashed' });
      finish();
    });
    let timer: NodeJS.Timeout | undefined;
    const ceiling = new Promise<'timeout'>((resolveCeiling) => {
      timer = setTimeout(() => resolveCeiling('timeout'), options.fileTimeout);
    });
    try {
      await page.goto(server.url, { waitUntil: 'commit', timeout: options.fileTimeout });
      const outcome = await Promise.race([finished.then(() => 'done' as const), ceiling]);
      if (outcome === 'timeout' && !crashed) {
        const seen = pageErrors.length ? ` Page errors: ${pageErrors.join('; ')}` : '';
        failFile('timeout', { name: 'TimeoutError', message: `the spec file did not finish within ${options.fileTimeout} ms (${testsSeen} tests reported).${seen}` });
      }
    } finally {
      clearTimeout(timer);
    }
  } catch (error) {
    const info = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { message: String(error) };
    failFile('could not be run', info);
  } finally {
    server.serve(undefined);
    await context.close().catch(() => {});
  }
}

function printSummary(startedAt: number): void {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  console.log('');
  console.log(paint(32, `  ${counts.passed} passing`) + paint(90, ` (${seconds}s)`));
  if (counts.skipped) console.log(paint(36, `  ${counts.skipped} pending`));
  if (counts.failed) console.log(paint(31, `  ${counts.failed} failing`));
  failures.forEach((failure, index) => {
    console.log(`\n  ${index + 1}) ${failure.title}:`);
    console.log(paint(31, indent(describeError(failure.error, failure.bundle), 5)));
  });
  console.log('');
}

function writeResults(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(counts));
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const options = parseArgs(process.argv.slice(2));
  const paths = selectSpecFiles(options);
  if (paths.length === 0) {
    console.log('\n  browser specs: none selected');
    writeResults(options.results);
    return;
  }
  console.log(`\n  browser specs (${paths.length} file${paths.length === 1 ? '' : 's'}, Chromium)`);
  const specs = await Promise.all(paths.map(prepare));
  const server = await startServer(options);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    for (const spec of specs) await runSpecFile(browser, server, spec, options);
  } catch (error) {
    recordFailure('the browser spec runner', error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { message: String(error) });
  } finally {
    await browser?.close().catch(() => {});
    await server.close();
  }
  printSummary(startedAt);
  writeResults(options.results);
  process.exitCode = counts.failed > 0 ? 1 : 0;
}

await main();
