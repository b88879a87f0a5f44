import assert from 'node:assert/strict';
import picomatch from 'picomatch';
import { pathFilter } from '../../packages/analytics/src/lib/path-patterns.ts';

const excludes = (pattern: string, path: string): boolean => !pathFilter([], [pattern])(path);

// Patterns as our README and settings files write them, against paths a router produces.
const PATTERNS = ['/admin/**', '/admin/*', '/admin', '/app/*/settings', '/app/**/edit', '/**', '**', '/docs/*.html', '/a*', '/x/**/y/**', '/u/*/posts/**', '/p(1)', '/v1.2/*', '/*'];
const PATHS = ['/', '/admin', '/admin/users', '/admin/users/7', '/administrator', '/app/1/settings', '/app/1/2/settings', '/app/edit', '/app/1/edit', '/app/1/2/edit', '/docs/intro.html', '/docs/a/b.html', '/abc', '/a', '/x/y', '/x/1/y/2', '/x/y/z', '/u/7/posts', '/u/7/posts/3', '/p(1)', '/p1', '/v1.2/api', '/v1x2/api', '/a//b', '/admin/.hidden'];

// Where we decide differently from picomatch, on purpose.
const DIFFERENT: Record<string, string> = {
  '/p(1) /p1': 'picomatch reads ( ) as an extglob group; in our patterns only * and ** are special',
};

describe('include / exclude path patterns', () => {
  it('excludes /admin itself with /admin/** (the pattern in our README and example settings)', () => {
    assert.equal(excludes('/admin/**', '/admin'), true);
    assert.equal(excludes('/admin/**', '/admin/'), true);
    assert.equal(excludes('/admin/**', '/admin/users/7'), true);
    assert.equal(excludes('/admin/**', '/administrator'), false);
  });

  it("gives picomatch's verdict for every pattern and path of the table", () => {
    const disagreements: string[] = [];
    for (const pattern of PATTERNS) {
      const theirs = picomatch(pattern, { dot: true });
      for (const path of PATHS) {
        const key = `${pattern} ${path}`;
        if (key in DIFFERENT) continue;
        if (excludes(pattern, path) !== theirs(path)) disagreements.push(`${key}: ours ${excludes(pattern, path)}, picomatch ${theirs(path)}`);
      }
    }
    assert.deepEqual(disagreements, []);
  });

  it('ignores one trailing slash of the path, as routers serve /pricing/ as /pricing', () => {
    assert.equal(excludes('/pricing', '/pricing/'), true);
    assert.equal(excludes('/admin/*', '/admin/'), false);
  });

  it('takes /…/ with regex characters as a regular expression', () => {
    assert.equal(excludes('/^\\/(en|fr)\\/checkout$/', '/fr/checkout'), true);
    assert.equal(excludes('/^\\/(en|fr)\\/checkout$/', '/de/checkout'), false);
  });

  it('keeps only the included paths, minus the excluded ones', () => {
    const allowed = pathFilter(['/app/**', '/'], ['/app/admin/**']);
    assert.deepEqual(['/', '/app', '/app/projects/1', '/app/admin', '/app/admin/users', '/blog'].filter(allowed), ['/', '/app', '/app/projects/1']);
  });
});
