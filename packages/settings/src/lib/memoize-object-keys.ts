import { SimpleSchema } from './simple-schema.ts';

interface TypeGroup {
  definitions: Array<{ type: unknown }>;
}

/**
 * simpl-schema 3.4.6's `objectKeys(prefix)` rebuilds the child-key map of the whole schema on
 * every call (SimpleSchema.js, `objectKeys`), and its validation calls it once per key: validating
 * n keys costs n². The schema never changes after it is built here, so the map is built once, the
 * same way simpl-schema builds it (dotted keys under their parent, `.$` items left out, nested
 * SimpleSchema types followed), and served from this instance.
 */
export function memoizeObjectKeys(schema: SimpleSchema): SimpleSchema {
  const children = new Map<string, string[]>();
  const collect = (definitions: Record<string, unknown>, parent: string | undefined, depth: number): void => {
    for (const [name, definition] of Object.entries(definitions)) {
      const key = parent === undefined ? name : `${parent}.${name}`;
      if (key.includes('.') && !key.endsWith('.$')) {
        const at = key.lastIndexOf('.');
        const list = children.get(key.slice(0, at)) ?? [];
        list.push(key.slice(at + 1));
        children.set(key.slice(0, at), list);
      }
      // A schema cannot contain itself through its own definition, but bound the walk anyway.
      if (depth > 32) continue;
      for (const { type } of (definition as { type: TypeGroup }).type.definitions) {
        if (SimpleSchema.isSimpleSchema(type)) collect((type as SimpleSchema).schema() as Record<string, unknown>, key, depth + 1);
      }
    }
  };
  collect(schema.schema() as Record<string, unknown>, undefined, 0);
  const topLevel = schema.objectKeys.bind(schema);
  const empty: string[] = [];
  Object.defineProperty(schema, 'objectKeys', {
    value: (prefix?: string): string[] => (prefix == null ? topLevel() : (children.get(prefix) ?? empty)),
    configurable: true,
  });
  return schema;
}
