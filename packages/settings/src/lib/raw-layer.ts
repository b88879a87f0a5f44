import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One package's work on a request in front of Meteor's static files: returns true when it took
 * the request (answered it, or will call `next` itself), false to pass it on untouched (it must
 * not call `next` then). A throw goes to Express as a handler's throw does (`next(error)`).
 */
export type RawStep = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => boolean;

/** What the layer is mounted on: Meteor 3's `WebApp.rawHandlers` (an Express app), or any Connect app. */
export interface RawHandlersLike {
  use(handler: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void): unknown;
}

/** The Flightdeck packages' one layer on `WebApp.rawHandlers`. */
export interface RawLayer {
  /**
   * Runs `step` on every request, after the steps added before it. The first step mounts the
   * layer (at that point of `rawHandlers`); later ones run at the same point.
   */
  add(name: string, step: RawStep): void;
  /** The names of the steps, in the order they run. */
  readonly names: readonly string[];
}

// In a global registry, not this module's scope: a second copy of this module (the npm build and
// the Meteor package, or two bundles) must find the same layer for the same rawHandlers.
const REGISTRY = Symbol.for('flightdeck:settings/raw-layers');

function registry(): WeakMap<object, RawLayer> {
  const holder = globalThis as { [REGISTRY]?: WeakMap<object, RawLayer> };
  return (holder[REGISTRY] ??= new WeakMap());
}

/**
 * The one Express layer that flightdeck:cdn and flightdeck:seo share on `WebApp.rawHandlers`,
 * created (not yet mounted) on the first call for a `rawHandlers`. Each layer of an Express
 * router costs every request of the app (Express 5.1's router: ~1 µs and ~0.8 KB of closures per
 * request), and a person's page passes through all of them: one layer, whatever number of
 * packages, and none until a package has work for it.
 */
export function flightdeckRawLayer(rawHandlers: RawHandlersLike): RawLayer {
  const layers = registry();
  const existing = layers.get(rawHandlers);
  if (existing) return existing;
  const steps: RawStep[] = [];
  const names: string[] = [];
  // No closure and no array per request: the steps run in a loop over the one list.
  const handler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    for (let index = 0; index < steps.length; index += 1) {
      if (steps[index](req, res, next)) return;
    }
    next();
  };
  const layer: RawLayer = {
    add(name, step) {
      if (typeof step !== 'function') throw new TypeError(`flightdeck raw layer: the step ${JSON.stringify(name)} is not a function`);
      if (steps.length === 0) rawHandlers.use(handler);
      steps.push(step);
      names.push(name);
    },
    names,
  };
  layers.set(rawHandlers, layer);
  return layer;
}
