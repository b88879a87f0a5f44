import { methodOutcome } from './method-outcome.ts';

/** What a method body sees as `this` (Meteor's MethodInvocation). */
export interface MethodThis {
  userId?: string | null;
  isSimulation?: boolean;
}

export interface MethodTrackingOptions {
  /** records one event; on the server `userId` is the invocation's own `this.userId` */
  record: (event: string, properties: Record<string, unknown>, userId: string | null) => void;
  /** false when analytics is off: the wrapper calls straight through */
  enabled?: () => boolean;
  /** the event name (default "Method Called") */
  eventName?: string;
  now?: () => number;
}

type MethodBody = (this: MethodThis, ...args: never[]) => unknown;

const defaultNow = (): number => performance.now();

/**
 * One method body wrapped: records name, duration (ms) and outcome once per real run. A client
 * stub (`this.isSimulation`) is not recorded, so a method is counted once, on the server.
 */
export function trackedMethodBody<F extends MethodBody>(name: string, body: F, options: MethodTrackingOptions): F {
  const enabled = options.enabled ?? (() => true);
  const now = options.now ?? defaultNow;
  const eventName = options.eventName ?? 'Method Called';
  const record = (start: number, userId: string | null | undefined, error?: unknown): void => {
    try {
      options.record(eventName, { method: name, durationMs: Math.round((now() - start) * 1000) / 1000, outcome: methodOutcome(error) }, userId ?? null);
    } catch {
      // analytics never breaks a method
    }
  };
  return function (this: MethodThis, ...args: never[]) {
    if (this?.isSimulation || !enabled()) return body.apply(this, args);
    const start = now();
    let result: unknown;
    try {
      result = body.apply(this, args);
    } catch (error) {
      record(start, this?.userId, error);
      throw error;
    }
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      return (result as Promise<unknown>).then(
        (value) => {
          record(start, this?.userId);
          return value;
        },
        (error: unknown) => {
          record(start, this?.userId, error);
          throw error;
        },
      );
    }
    record(start, this?.userId);
    return result;
  } as F;
}

/** `Meteor.methods(trackMethods({ ... }, options))`: every method body wrapped by trackedMethodBody. */
export function trackMethods<M extends Record<string, MethodBody>>(methods: M, options: MethodTrackingOptions): M {
  const wrapped: Record<string, MethodBody> = {};
  for (const [name, body] of Object.entries(methods)) {
    if (typeof body !== 'function') throw new TypeError(`trackMethods: method "${name}" is not a function`);
    wrapped[name] = trackedMethodBody(name, body, options);
  }
  return wrapped as M;
}

/**
 * A mdg:validated-method mixin (`mixins: [trackedMethodMixin(options)]`): wraps `run`, which sees
 * the invocation's `this.userId` and `this.isSimulation`.
 */
export function trackedMethodMixin(options: MethodTrackingOptions) {
  return <T extends { name: string; run: MethodBody }>(methodOptions: T): T => {
    if (typeof methodOptions.name !== 'string') throw new TypeError('trackedMethodMixin: the ValidatedMethod has no name');
    return { ...methodOptions, run: trackedMethodBody(methodOptions.name, methodOptions.run, options) };
  };
}
