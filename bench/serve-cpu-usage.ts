// In a bench server process: answers the process's CPU time on a port of its own, so reading it
// adds no layer or route to the server measured (bench/cpu-ratio.ts reads it before and after each
// slot of page requests). The answer is JSON `{ "user": µs, "system": µs }`, process.cpuUsage():
// all the process's threads (JavaScript, V8's compiler and garbage-collector threads, libuv's pool).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export function serveCpuUsage(): Promise<number> {
  const server = createServer((_req, res) => {
    const { user, system } = process.cpuUsage();
    res.end(JSON.stringify({ user, system }));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
