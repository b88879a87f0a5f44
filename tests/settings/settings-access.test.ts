import assert from 'node:assert/strict';
import { settingsAccess, SimpleSchema, validateSettings, type InferSettings } from '../../packages/settings/src/index.ts';

const spec = {
  name: 'launch',
  public: {
    title: { type: String, defaultValue: 'Launch notes' },
    maxItems: { type: SimpleSchema.Integer, optional: true },
    'limits.perPage': { type: Number, defaultValue: 20 },
    limits: { type: Object, defaultValue: {} },
    tags: { type: Array, optional: true },
    'tags.$': String,
  },
  private: { apiKey: { type: String, secret: true } },
} as const;

// Compile-time: `npm run typecheck` fails if the inferred shape drifts.
type Public = InferSettings<(typeof spec)['public']>;
type Expected = { title: string; maxItems?: number; limits: { perPage: number }; tags?: string[] };
const mutuallyAssignable: [Public extends Expected ? true : false, Expected extends Public ? true : false] = [true, true];

describe('typed settings access', () => {
  it("reads a package's public and private part after validation filled in the defaults", () => {
    const settings: Record<string, unknown> & { public: Record<string, unknown> } = {
      public: { launch: { maxItems: 3 } },
      launch: { apiKey: 'k' },
    };
    const report = validateSettings(settings, [spec], { env: {} });
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    const access = settingsAccess(spec, () => settings);
    assert.equal(access.public.title, 'Launch notes');
    assert.equal(access.public.maxItems, 3);
    assert.equal(access.public.limits.perPage, 20);
    assert.equal(access.private.apiKey, 'k');
    assert.deepEqual(mutuallyAssignable, [true, true]);
  });

  it("reads the app's own top-level keys", () => {
    const app = { name: 'app', scope: 'app', public: { siteName: { type: String } }, private: { port: { type: Number } } } as const;
    const settings = { public: { siteName: 'x' }, port: 3000 };
    const access = settingsAccess(app, () => settings);
    assert.equal(access.public.siteName, 'x');
    assert.equal(access.private.port, 3000);
  });
});
