import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SETTINGS = resolve('packages/settings');
const ABOVE = /^(?:@flightdeck\/(?:cdn|analytics|seo)|meteor\/flightdeck:(?:cdn|analytics|seo))(?:\/|$)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(c|m)?[jt]sx?$/.test(entry) ? [path] : [];
  });
}

function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const patterns = [/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\bimport\s+['"]([^'"]+)['"]/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) specifiers.push(match[1]);
  return specifiers;
}

describe('flightdeck:settings is the ground package', () => {
  const files = [...sourceFiles(join(SETTINGS, 'src')), ...sourceFiles(join(SETTINGS, 'bin'))];

  it('has sources to check (the scan itself works)', () => {
    assert.ok(files.length > 20);
    assert.ok(importsOf("import { a } from '../../cdn/src/x.ts';\nexport * from \"./y.ts\";").includes('../../cdn/src/x.ts'));
  });

  it('imports nothing from cdn, analytics or seo, by path or by package name', () => {
    const offending: string[] = [];
    for (const file of files) {
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        const outside = specifier.startsWith('.') && relative(SETTINGS, resolve(dirname(file), specifier)).startsWith('..');
        if (outside || ABOVE.test(specifier)) offending.push(`${relative(SETTINGS, file)} imports ${specifier}`);
      }
    }
    assert.deepEqual(offending, []);
  });

  it('depends on no other Flightdeck package, in package.json or package.js', () => {
    const manifest = JSON.parse(readFileSync(join(SETTINGS, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const names = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies });
    assert.deepEqual(names.filter((name) => name.startsWith('@flightdeck/')), []);
    assert.doesNotMatch(readFileSync(join(SETTINGS, 'package.js'), 'utf8'), /flightdeck:(?:cdn|analytics|seo)/);
  });
});
