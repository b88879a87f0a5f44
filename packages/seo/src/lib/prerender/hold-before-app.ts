import type { IncomingMessage, ServerResponse } from 'node:http';

type Listener = (this: unknown, req: IncomingMessage, res: ServerResponse) => void;

/** The part of an http.Server this uses (`WebApp.httpServer`). */
export interface RequestEmitter {
  listeners(event: 'request'): Function[];
  removeListener(event: 'request', listener: Listener): unknown;
  on(event: 'request', listener: Listener): unknown;
}

/**
 * Holds a request for a later turn and says so (true), or declines (false, the request goes on
 * now). A held request is given back to `resume` exactly once, or dropped when its connection
 * closes first.
 */
export type HoldRequest = (req: IncomingMessage, res: ServerResponse, resume: (req: IncomingMessage, res: ServerResponse) => void) => boolean;

/**
 * Puts `hold` in front of every 'request' listener the server has now (Meteor's Express app,
 * webapp's timeout adjustment, ddp-server's and force-ssl's wrappers), the way ddp-server wraps
 * them: a request `hold` takes goes to all of them, in their order, in a later event-loop turn;
 * any other goes to them at once. It never answers a request itself, so nothing is skipped or
 * reordered: a held crawler meets force-ssl, every raw handler and Express as it would have, only
 * later. What is saved is the turn that read it: under a flood of 64 connections, a request past
 * the render pool no longer costs Express's query parsing, expressInit and router there, so the
 * cheap answers read in that turn (a cached page) come sooner. A throw from a listener when a held
 * request is given back (which, not held, would have been an uncaught exception) is reported and
 * closes that request's connection. Returns a function that puts the listeners back.
 */
export function holdBeforeApp(server: RequestEmitter, hold: HoldRequest, onError?: (error: Error) => void): () => void {
  const listeners = server.listeners('request') as Listener[];
  if (listeners.length === 0) return () => undefined;
  const resume = (req: IncomingMessage, res: ServerResponse): void => {
    try {
      for (const listener of listeners) listener.call(server, req, res);
    } catch (error) {
      onError?.(error instanceof Error ? error : new Error(String(error)));
      res.destroy();
    }
  };
  const only = listeners.length === 1 ? listeners[0] : undefined;
  // Every request passes here: one call to `hold` (a boolean check while the pool has room), then
  // the listener itself when there is just one, as Node's emit would call it.
  const front: Listener = only
    ? function (req, res) {
        if (!hold(req, res, resume)) only.call(this, req, res);
      }
    : function (req, res) {
        if (hold(req, res, resume)) return;
        for (const listener of listeners) listener.call(this, req, res);
      };
  for (const listener of listeners) server.removeListener('request', listener);
  server.on('request', front);
  return () => {
    server.removeListener('request', front);
    for (const listener of listeners) server.on('request', listener);
  };
}
