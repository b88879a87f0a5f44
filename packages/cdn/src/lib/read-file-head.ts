// Node only: not exported from the npm entry (index.ts), which browser bundlers also read.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * The first `maxBytes` of a file as UTF-8, or '' when it cannot be read; with `whole`, the whole
 * file, or '' when it is larger than `maxBytes`. For installCdn's Rspack support.
 */
export function readFileHead(path: string, maxBytes: number, whole = false): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = whole ? fstatSync(fd).size : maxBytes;
    if (size > maxBytes) return '';
    const buffer = Buffer.alloc(size);
    const read = readSync(fd, buffer, 0, size, 0);
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
