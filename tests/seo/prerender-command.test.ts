// `npx flightdeck-prerender`: the prerender server with the system's Chromium, as a user starts it.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { startPrerenderServer, processAlive, type PrerenderServerHandle } from '../helpers/prerender-server.ts';

function debuggingPort(pid: number): number {
  const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  const flag = args.find((arg) => arg.startsWith('--remote-debugging-port='));
  assert.ok(flag, `Chromium ${pid} runs without a debugging port: ${args.join(' ')}`);
  return Number(flag.split('=')[1]);
}

function listening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** The local addresses that listen on a TCP port, from /proc/net/tcp and tcp6. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [address, localPort] = (fields[1] ?? '').split(':');
      if (localPort !== hexPort || fields[3] !== '0A' || !address) continue;
      addresses.push(
        address.length === 8
          ? address.match(/../g)!.reverse().map((byte) => parseInt(byte, 16)).join('.')
          : `[${address}]`,
      );
    }
  }
  return addresses;
}

describe('flightdeck-prerender command', function () {
  this.timeout(40000);
  const started: PrerenderServerHandle[] = [];
  after(async () => {
    for (const server of started) await server.stop();
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`listens on 127.0.0.1 only and stops Chromium with it on ${signal}`, async () => {
      const server = await startPrerenderServer();
      started.push(server);
      assert.ok(processAlive(server.chromiumPid), 'Chromium runs');
      const cdpPort = debuggingPort(server.chromiumPid);
      assert.equal(await listening(cdpPort), true, 'Chromium listens on its debugging port');
      assert.deepEqual(readFileSync(`/proc/${server.chromiumPid}/cmdline`, 'utf8').split('\0').filter((arg) => ['--headless', '--no-sandbox', '--disable-gpu'].includes(arg)), ['--headless', '--no-sandbox', '--disable-gpu']);

      assert.deepEqual(listeningAddresses(server.port), ['127.0.0.1'], 'bound to loopback only');

      const code = await server.stop(signal);
      assert.equal(code, 0);
      assert.equal(processAlive(server.chromiumPid), false, 'Chromium is gone');
      assert.equal(await listening(cdpPort), false, 'its debugging port is free');
      assert.equal(await listening(server.port), false, 'the HTTP port is free');
      assert.match(server.output(), new RegExp(`${signal}, stopping Chromium`));
    });
  }

  it('says which Chromium it could not start, and exits 3 (a missing prerequisite)', async () => {
    await assert.rejects(startPrerenderServer({ env: { CHROME_BIN: '/nonexistent/chromium' } }), (error: Error) => {
      assert.match(error.message, /exited \(3\)/);
      assert.match(error.message, /Chromium did not start from \/nonexistent\/chromium/);
      return true;
    });
  });

  it('refuses a PORT that is not a number, with exit code 2', async () => {
    await assert.rejects(startPrerenderServer({ env: { PORT: 'eighty' } }), /PORT must be a whole number, got "eighty"/);
  });
});
