import assert from 'node:assert/strict';
import { settingsJsonSchema, suiteSettings } from '../../packages/settings/src/index.ts';

type Node = { type?: string; properties?: Record<string, Node>; additionalProperties?: boolean; items?: Node };

describe('the JSON Schema for editors', () => {
  const spec = {
    name: 'app',
    scope: 'app',
    public: { siteName: { type: String }, providers: { type: Object, optional: true, blackbox: true } },
    private: { hosts: { type: Array, optional: true }, 'hosts.$': String },
  } as const;
  const schema = settingsJsonSchema([suiteSettings, spec]) as Node;

  it("leaves Meteor's own keys open: packages.*, public.packages.* and galaxy.meteor.com", () => {
    for (const node of [schema.properties?.packages, schema.properties?.public.properties?.packages, schema.properties?.['galaxy.meteor.com']]) {
      assert.equal(node?.type, 'object');
      assert.equal(node?.additionalProperties, true);
      assert.equal(node?.properties, undefined);
    }
  });

  it('leaves a blackbox open and closes every declared object', () => {
    assert.equal(schema.properties?.public.properties?.providers.additionalProperties, true);
    assert.equal(schema.additionalProperties, false);
    assert.equal(schema.properties?.public.additionalProperties, false);
    assert.equal(schema.properties?.flightdeck.additionalProperties, false);
    assert.deepEqual(schema.properties?.hosts, { type: 'array', items: { type: 'string' } });
  });
});
