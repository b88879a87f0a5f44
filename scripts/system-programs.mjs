// Where the system programs the tests drive live. Used by `npm test` (to name a missing one with the
// command that installs it) and by the test helpers (to start them).
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

function which(name) {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function chromiumPath() {
  const candidates = [process.env.CHROME_BIN, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((path) => path && existsSync(path)) ?? which('chromium');
}

export function nginxPath() {
  const candidates = [process.env.NGINX_BIN, '/usr/sbin/nginx', '/usr/bin/nginx'];
  return candidates.find((path) => path && existsSync(path)) ?? which('nginx');
}

export function redisServerPath() {
  const candidates = [process.env.REDIS_SERVER_BIN, '/usr/bin/redis-server', '/usr/local/bin/redis-server'];
  return candidates.find((path) => path && existsSync(path)) ?? which('redis-server');
}

export function findSystemPrograms() {
  return [
    { name: 'chromium', path: chromiumPath(), why: 'runs the client specs, the end-to-end tests and the prerender server (or set CHROME_BIN)' },
    { name: 'nginx', path: nginxPath(), why: 'plays the caching CDN in front of the app (or set NGINX_BIN)' },
    { name: 'redis-server', path: redisServerPath(), why: 'the shared render cache of flightdeck:seo (or set REDIS_SERVER_BIN)' },
  ];
}
