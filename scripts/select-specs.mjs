// Which spec files `npm test -- <filter>...` runs: those whose path under the repository contains
// one of the filters (a directory, a file name or part of one: `head`, `tests/seo`, `cli.test.ts`).
// A filter that matches no spec is reported, not run as an empty suite.
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** @param {string} root @param {string} dir @returns {string[]} */
function specFiles(root, dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'fixtures' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...specFiles(root, path));
    else if (entry.name.endsWith('.test.ts') || entry.name.endsWith('.browser.ts')) found.push(relative(root, path).split(sep).join('/'));
  }
  return found.sort();
}

/**
 * Node and browser spec paths, and the filters that matched none.
 * @param {string} root
 * @param {string[]} filters
 * @returns {{ node: string[], browser: string[], unmatched: string[] }}
 */
export function selectSpecs(root, filters) {
  const all = specFiles(root, join(root, 'tests'));
  const wanted = filters.length === 0 ? all : all.filter((path) => filters.some((filter) => path.includes(filter.replace(/^\.\//, ''))));
  const unmatched = filters.filter((filter) => !all.some((path) => path.includes(filter.replace(/^\.\//, ''))));
  return {
    node: wanted.filter((path) => path.endsWith('.test.ts')),
    browser: wanted.filter((path) => path.endsWith('.browser.ts')),
    unmatched,
  };
}
