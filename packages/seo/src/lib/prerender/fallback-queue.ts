import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Crawler requests the fallback queue holds by default. Past it a crawler gets the app page in the
 * turn that read it, as with no queue. Each held request waits a turn per request ahead of it, so
 * the last of 256 waits 256 app pages (about 50 ms at 200 µs each; a Meteor boilerplate costing
 * 1 ms makes it 256 ms): still "at once" next to the render timeout, which is 5 s. And 256 is more
 * than the connections a flood keeps open on one process (the flood bench uses 64). Requests held
 * already belong to open connections, so the bound is on how long the last one waits, not on memory.
 */
export const FALLBACK_QUEUE_SIZE = 256;

type Next = (error?: unknown) => void;

interface Held {
  req: IncomingMessage;
  res: ServerResponse;
  next: Next;
  /** Takes the request out of the queue when its connection closes first. */
  drop: () => void;
}

export interface FallbackQueueOptions {
  /** Requests held at most; past it, `defer` refuses and the caller answers at once. */
  maxSize: number;
  /** Answers one held request: the app page, `next()`. */
  answer: (req: IncomingMessage, res: ServerResponse, next: Next) => void;
  /** Calls `drain` in a later event-loop turn. Default setImmediate; tests pass their own. */
  schedule?: (drain: () => void) => void;
}

/**
 * Crawlers that get the app page because the render pool is full, answered one per event-loop
 * turn, oldest first. A flood reads many requests in one turn (64 connections sending at once),
 * and its app pages (Express, Meteor's boilerplate: hundreds of µs each) would all run before
 * the next turn reads anything else: a crawler asking for a cached page, or a person, waited
 * behind all of them. With the queue the cheap answers of a turn (cache hits, people's pages, a
 * joined render) go first and libuv polls for I/O between two app pages. A request whose
 * connection closes while held is dropped.
 */
export class FallbackQueue {
  readonly #held = new Set<Held>();
  readonly #maxSize: number;
  readonly #answer: FallbackQueueOptions['answer'];
  readonly #schedule: (drain: () => void) => void;
  #scheduled = false;

  constructor(options: FallbackQueueOptions) {
    this.#maxSize = Math.max(0, Math.floor(options.maxSize));
    this.#answer = options.answer;
    this.#schedule = options.schedule ?? ((drain) => void setImmediate(drain));
  }

  /** Requests held. */
  get size(): number {
    return this.#held.size;
  }

  /** Holds the request for a later turn; false when the queue is full (answer it now). */
  defer(req: IncomingMessage, res: ServerResponse, next: Next): boolean {
    if (this.#held.size >= this.#maxSize) return false;
    const held: Held = { req, res, next, drop: () => void this.#held.delete(held) };
    res.on('close', held.drop);
    this.#held.add(held);
    if (!this.#scheduled) {
      this.#scheduled = true;
      this.#schedule(this.#drain);
    }
    return true;
  }

  // A private field holding a function, not a private method: Meteor's Babel (@meteorjs/babel
  // 7.20) rejects class private methods.
  readonly #drain = (): void => {
    this.#scheduled = false;
    for (const held of this.#held) {
      this.#held.delete(held);
      held.res.removeListener('close', held.drop);
      // A connection gone without a 'close' on this response (a pipelined request not yet given
      // the socket) has nobody to answer.
      if (held.res.destroyed || held.req.socket.destroyed) continue;
      if (this.#held.size > 0) {
        this.#scheduled = true;
        this.#schedule(this.#drain);
      }
      this.#answer(held.req, held.res, held.next);
      return;
    }
  };
}
