import type { SchemaDefinition } from './settings-spec.ts';

/** The TypeScript type of one simpl-schema type function. */
type TypeOf<T> = T extends StringConstructor
  ? string
  : T extends NumberConstructor
    ? number
    : T extends BooleanConstructor
      ? boolean
      : T extends DateConstructor
        ? Date
        : T extends string
          ? number // SimpleSchema.Integer: simpl-schema 3.4 types it as a string
          : T extends RegExpConstructor
            ? RegExp
            : unknown;

type DirectChild<K extends string, Parent extends string> = K extends `${Parent}.${infer Rest}`
  ? Rest extends `${string}.${string}`
    ? never
    : Rest
  : never;

type TopKey<K extends string> = K extends `${string}.${string}` ? never : K;

type Definition<D> = D extends { type: infer T } ? D & { type: T } : { type: D };

type IsOptional<D> = D extends { optional: true } ? true : D extends { defaultValue: unknown } ? false : false;

type ValueAt<Defs, K extends string> = K extends keyof Defs
  ? Definition<Defs[K]>['type'] extends ArrayConstructor
    ? Array<ValueAt<Defs, `${K}.$`>>
    : Definition<Defs[K]>['type'] extends ObjectConstructor
      ? ObjectAt<Defs, K>
      : Definition<Defs[K]>['type'] extends readonly [infer Item]
        ? Array<TypeOf<Item>>
        : TypeOf<Definition<Defs[K]>['type']>
  : unknown;

type ObjectAt<Defs, Parent extends string> = Defs extends Defs
  ? [DirectChild<keyof Defs & string, Parent>] extends [never]
    ? Record<string, unknown>
    : Shape<Defs, DirectChild<keyof Defs & string, Parent>, `${Parent}.`>
  : never;

type Shape<Defs, Keys extends string, Prefix extends string> = {
  [K in Keys as IsOptional<Defs[`${Prefix}${K}` & keyof Defs]> extends true ? never : K]: ValueAt<Defs, `${Prefix}${K}`>;
} & {
  [K in Keys as IsOptional<Defs[`${Prefix}${K}` & keyof Defs]> extends true ? K : never]?: ValueAt<Defs, `${Prefix}${K}`>;
};

/**
 * The settings type a simpl-schema definition describes, dotted keys nested:
 * `{ url: { type: String, optional: true }, 'limits.max': Number }` → `{ url?: string; limits: { max: number } }`.
 * Register specs with `as const` (or through registerSettings, whose type parameter is const).
 */
export type InferSettings<Defs extends SchemaDefinition | undefined> = Defs extends SchemaDefinition
  ? Shape<Defs, TopKey<keyof Defs & string>, ''>
  : Record<string, never>;
