import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One package's work on a request in front of Meteor's static files: returns true when it took
 * the request (answered it, or will call `next` itself), false to pass it on untouched (it must
 * not call `next` then). A throw goes to Express as a handler's throw does (`next(error)`).
 */
export type RawStep = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => boolean;

type Done = (error?: unknown) => void;

/** What the layer is mounted on: Meteor 3's `WebApp.rawHandlers` (an Express app), or any Connect app. */
export interface RawHandlersLike {
  use(handler: (req: IncomingMessage, res: ServerResponse, next: Done) => void): unknown;
}

/**
 * The parts of an Express 4 or 5 application the layer runs in front of: `handle`, which Express
 * calls for a mounted app (application.js `mounted_app`: `fn.handle(req, res, done)`, looked up on
 * every request, in 4.21 and 5.1 alike) and which the app function itself calls when it is mounted
 * as plain middleware; and where its router is (4: `_router`, made by the first `use`, route or
 * verb, `lazyrouter`; 5: the lazy `router` getter).
 */
interface ExpressAppLike extends RawHandlersLike {
  handle(req: IncomingMessage, res: ServerResponse, done: Done): void;
  set(setting: string, value?: unknown): unknown;
  lazyrouter?: () => void;
  _router?: { stack: unknown[] };
  router?: { stack: unknown[] };
}

function isExpressApp(target: RawHandlersLike): target is ExpressAppLike {
  const app = target as Partial<ExpressAppLike>;
  return typeof target === 'function' && typeof app.handle === 'function' && typeof app.set === 'function';
}

/** Whether anything has been routed on the app: a handler, a route, a verb (its router has a layer). */
function routesAnything(app: ExpressAppLike): boolean {
  // Express 4: no router until the first use / route / verb (it then holds query and expressInit).
  if (typeof app.lazyrouter === 'function') return app._router !== undefined;
  // Express 5: the router getter makes an empty one; its stack holds only what was added.
  return (app.router?.stack.length ?? 0) > 0;
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
 * created (not yet mounted) on the first call for a `rawHandlers`. A person's page passes through
 * it, so it costs as little as the packages' own work: one layer, whatever number of packages, and
 * none until a package has work for it.
 *
 * Where it runs. `rawHandlers` is an Express app of its own, mounted first on Meteor's app
 * (webapp_server.js: `rawExpressHandlers = createExpressApp(); app.use(rawExpressHandlers)`, 3.0.4
 * and devel alike). Mounted with `use`, the layer would be a layer of that app's router: on Express
 * 4.21 the first `use` makes the router (lazyrouter), so every request then runs a second
 * router.handle, expressInit's two prototype swaps and mounted_app's two back, and a `setImmediate`
 * at the end of the sub-stack (~12 µs and ~3.7 KB per request, bench/composition.bench.ts); on 5.1
 * every mounted app pays those already, and the layer adds a router step. So, while nobody else has
 * routed anything on `rawHandlers` when the first step arrives, the layer takes the app's `handle`:
 * it runs the steps, then what others add later (the app's own `handle`, with its router) or, with
 * nothing added, returns to Meteor's app at once. Nothing about the order changes: the steps run
 * first, as a first `use` would, and a handler another package or the app mounts afterwards runs
 * after them. A step's throw or `next(error)` goes to Meteor's app as Express gives a sub-app's
 * error to its parent (the 500 page); a handler mounted after the layer never sees it (with `use`,
 * an error-handling one on `rawHandlers` would have). When something was routed on `rawHandlers`
 * before the first step (a package loaded earlier, browser-policy-common), the layer is a `use`
 * after it, as before; so it is too on anything that is not an Express app (a Connect app).
 */
export function flightdeckRawLayer(rawHandlers: RawHandlersLike): RawLayer {
  const layers = registry();
  const existing = layers.get(rawHandlers);
  if (existing) return existing;
  const steps: RawStep[] = [];
  const names: string[] = [];
  // No array per request: the steps run in a loop over the one list.
  const handler = (req: IncomingMessage, res: ServerResponse, next: Done): void => {
    for (let index = 0; index < steps.length; index += 1) {
      if (steps[index](req, res, next)) return;
    }
    next();
  };
  const mount = (): void => {
    if (!isExpressApp(rawHandlers) || routesAnything(rawHandlers)) {
      rawHandlers.use(handler);
      return;
    }
    const app = rawHandlers;
    const handle = app.handle;
    app.handle = function flightdeckRawLayer(req: IncomingMessage, res: ServerResponse, done: Done): void {
      // The steps' next. With nothing routed on rawHandlers (the usual case), what comes after the
      // layer is Meteor's app: next is `done` itself, error or not, and no closure is made (what an
      // app with no router does on 4.21, without the prototype swaps and the end-of-stack
      // setImmediate of 5.1). With something routed there since the first step, one closure: an
      // error to Meteor's app, else the app's own handle (its router). Decided as the request
      // enters: a handler mounted while it is held by a step is for the requests after it.
      const next: Done = routesAnything(app)
        ? (error) => {
            if (error !== undefined && error !== null) done(error);
            else handle.call(app, req, res, done);
          }
        : done;
      try {
        handler(req, res, next);
      } catch (error) {
        // As Express's Layer turns a handler's throw into next(error).
        done(error);
      }
    };
  };
  const layer: RawLayer = {
    add(name, step) {
      if (typeof step !== 'function') throw new TypeError(`flightdeck raw layer: the step ${JSON.stringify(name)} is not a function`);
      if (steps.length === 0) mount();
      steps.push(step);
      names.push(name);
    },
    names,
  };
  layers.set(rawHandlers, layer);
  return layer;
}
