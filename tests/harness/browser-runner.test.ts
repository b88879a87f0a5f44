import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'tests', 'fixtures', 'browser-runner');

interface RunnerRun {
  status: number | null;
  output: string;
  counts: { passed: number; failed: number; skipped: number };
}

function runRunner(args: string[], resultsFile: string): Promise<RunnerRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/browser-runner.ts', '--results', resultsFile, ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      try {
        resolveRun({ status, output, counts: JSON.parse(readFileSync(resultsFile, 'utf8')) });
      } catch (error) {
        reject(new Error(`the runner wrote no results (${String(error)}):\n${output}`));
      }
    });
  });
}

describe('the browser spec runner', function () {
  this.timeout(60_000);
  let scratch: string;
  let run: RunnerRun;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'browser-runner-'));
    const broken = join(scratch, 'broken.spec-browser.ts');
    writeFileSync(broken, "describe('a broken file', () => { it('cannot parse', () => { const title = ; }); });\n");
    const files = ['fails', 'throws-at-load', 'hangs-at-load', 'leaves-state', 'finds-fresh-page'].map((name) => join(fixtures, `${name}.spec-browser.ts`));
    files.splice(3, 0, broken);
    run = await runRunner(['--timeout', '300', '--file-timeout', '3000', ...files.flatMap((file) => ['--file', file])], join(scratch, 'browser.json'));
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('exits 1 and counts every failure, pass and skip in its JSON', () => {
    assert.equal(run.status, 1, run.output);
    // Passed: 2 in fails, 1 in leaves-state, 1 in finds-fresh-page. Failed: in fails a wrong
    // assertion, a per-test timeout and an unhandled rejection; a load error, a file timeout and
    // a bundle error.
    assert.deepEqual(run.counts, { passed: 4, failed: 6, skipped: 1 }, run.output);
  });

  it('reports a failing assertion with its full title, message and a stack in the .ts source', () => {
    assert.match(run.output, /✗ \d+\) compares the wrong page title/);
    assert.match(run.output, /\d+\) tests\/fixtures\/browser-runner\/fails\.spec-browser\.ts: a spec with problems compares the wrong page title:/);
    assert.match(run.output, /AssertionError: Expected values to be strictly equal:\n\s+actual: +"Pricing"\n\s+expected: "Pricing — Flightdeck"/);
    assert.match(run.output, /at Context\.<anonymous> \(tests\/fixtures\/browser-runner\/fails\.spec-browser\.ts:15:\d+\)/);
  });

  it('reports a test over its timeout and an unhandled promise rejection as failures', () => {
    assert.match(run.output, /never finishes:\n\s+Error: Timeout of 300ms exceeded/);
    assert.match(run.output, /unhandled promise rejection:\n\s+Error: nobody handled this rejection/);
  });

  it('counts a spec file that throws while loading as failed, with the thrown message', () => {
    assert.match(run.output, /throws-at-load\.spec-browser\.ts: the spec file threw while loading:\n\s+Error: the spec file blew up while loading/);
  });

  it('counts a spec file that never finishes as failed when it reaches the file ceiling', () => {
    assert.match(run.output, /hangs-at-load\.spec-browser\.ts: timeout:\n\s+TimeoutError: the spec file did not finish within 3000 ms/);
  });

  it('counts a spec file that does not bundle as failed, with esbuild\'s message', () => {
    assert.match(run.output, /broken\.spec-browser\.ts: does not bundle:\n\s+BundleError: .*Unexpected ";"/);
  });

  it('runs each spec file in a fresh page, so globals, storage and history do not leak', () => {
    assert.match(run.output, /✔ sets a global, local storage and a history entry/);
    assert.match(run.output, /✔ starts in a fresh page/);
  });

  it('writes zeros and exits 0 when no browser spec is selected', async () => {
    const results = join(scratch, 'none.json');
    const none = await runRunner(['tests/harness/browser-runner.test.ts'], results);
    assert.equal(none.status, 0, none.output);
    assert.deepEqual(none.counts, { passed: 0, failed: 0, skipped: 0 });
  });
});
