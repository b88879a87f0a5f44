import type { HeadInput } from './head-tags.ts';
import { dedupeHeadTags, headTags } from './head-tags.ts';
import type { UnsafeHeadUrl } from './safe-url.ts';
import { redirectTags, statusTags } from './prerender-status.ts';
import { renderHead } from './render-head.ts';
import { compileRoute, type RouteMatcher } from './route-pattern.ts';

/** What a server head callback sees of the request. */
export interface ServerHeadRequest {
  path: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
}

/** A route's head, plus what the initial HTML should answer with. */
export interface ServerHead extends HeadInput {
  /** The HTTP status of the initial HTML (404 for a missing post). */
  status?: number;
  /** Redirect instead (301 unless `status` says otherwise). */
  redirect?: string;
}

export type ServerHeadCallback = (params: Record<string, string>, request: ServerHeadRequest) => ServerHead | undefined | null | Promise<ServerHead | undefined | null>;

/** A route that matched a path: its decoded params and its callback. */
export interface ServerHeadMatch {
  params: Record<string, string>;
  callback: ServerHeadCallback;
}

/** What goes into the initial HTML. */
export interface InitialHead {
  html: string;
  status?: number;
  headers?: Record<string, string>;
}

/** `window.prerenderReady = false` before any app code, so the renderer waits for the client to say so. */
export const PRERENDER_READY_SCRIPT = '<script>window.prerenderReady=false;</script>';

/**
 * `Seo.serverHead(pattern, callback)`: heads computed on the server for link-preview bots, which
 * run no JavaScript. The first matching pattern wins.
 */
export class ServerHeadRoutes {
  readonly #routes: { match: RouteMatcher; callback: ServerHeadCallback }[] = [];
  readonly #onUnsafeUrl: UnsafeHeadUrl | undefined;

  /** `onUnsafeUrl`: told of each URL dropped from a head for not being http(s) or relative (the glue warns in development). */
  constructor(options: { onUnsafeUrl?: UnsafeHeadUrl } = {}) {
    this.#onUnsafeUrl = options.onUnsafeUrl;
  }

  add(pattern: string, callback: ServerHeadCallback): void {
    if (typeof pattern !== 'string' || !pattern.startsWith('/')) {
      throw new TypeError(`Seo.serverHead(${JSON.stringify(pattern)}): the pattern must be a path starting with "/"`);
    }
    if (typeof callback !== 'function') throw new TypeError(`Seo.serverHead("${pattern}"): the second argument must be a function`);
    this.#routes.push({ match: compileRoute(pattern), callback });
  }

  /**
   * The first route matching a path (ROOT_URL's path prefix already removed), with its params, or
   * undefined: synchronous, so a page no route matches (most of a person's) costs no promise.
   */
  match(path: string): ServerHeadMatch | undefined {
    for (const route of this.#routes) {
      const params = route.match(path);
      if (params) return { params, callback: route.callback };
    }
    return undefined;
  }

  /** The head for a path (ROOT_URL's path prefix already removed), or undefined when no route matches. */
  async render(request: ServerHeadRequest, titleTemplate?: string, matched: ServerHeadMatch | undefined = this.match(request.path)): Promise<InitialHead | undefined> {
    if (!matched) return undefined;
    const head = await matched.callback(matched.params, request);
    if (!head) return undefined;
    const tags = headTags({ titleTemplate, ...head }, this.#onUnsafeUrl);
    const initial: InitialHead = { html: '' };
    if (head.redirect) {
      const status = head.status ?? 301;
      tags.push(...redirectTags(head.redirect, status));
      initial.status = status;
      initial.headers = { location: head.redirect };
    } else if (head.status !== undefined) {
      tags.push(...statusTags(head.status));
      initial.status = head.status;
    }
    initial.html = renderHead(dedupeHeadTags(tags));
    return initial;
  }
}
