import { createDocHead, type DocHeadApi, type ReactiveDependency } from './doc-head.ts';
import { HeadState } from './head-state.ts';
import type { HeadInput } from './head-tags.ts';
import { PrerenderReady, type ReadinessSource } from './prerender-ready.ts';
import { redirectTags, statusTags } from './prerender-status.ts';

export interface CreateSeoOptions {
  document?: Document;
  /** Where `prerenderReady` lives: `window`. */
  window?: { prerenderReady?: boolean };
  /** Meteor's subscriptions and methods in the glue; a test's own source in tests. */
  readiness?: ReadinessSource;
  /** Ceiling for prerenderReady, ms. Default 10000. */
  readyTimeout?: number;
  /** Milliseconds the head must stay unchanged before the page counts as ready. Default 100. */
  settleTime?: number;
  titleTemplate?: string;
  /** Told of each head URL dropped for not being http(s) or relative (the glue warns in development). */
  onUnsafeUrl?: (key: string, value: string) => void;
  /** Tracker.Dependency for a reactive `DocHead.getTitle()`. */
  titleDependency?: ReactiveDependency;
}

export interface SeoClient {
  setHead(input: HeadInput): void;
  /** Crawlers get this status from the prerender server; 404 and 410 also add noindex. */
  setStatus(status: number): void;
  /** Crawlers get this redirect (Location header) from the prerender server. */
  redirect(url: string, status?: number): void;
  /** The page is ready for the renderer now. */
  ready(): void;
  /** The renderer waits for this promise (within the ceiling). */
  waitFor<T>(promise: Promise<T>): Promise<T>;
  /** Removes the previous route's tags; called on every route change. */
  clear(): void;
  readonly head: HeadState;
  readonly prerenderReady: PrerenderReady | undefined;
}

/** The browser side: `Seo` and kadira:dochead's `DocHead` over one head. */
export function createSeo(options: CreateSeoOptions): { Seo: SeoClient; DocHead: DocHeadApi } {
  const head = new HeadState(options.document, { titleTemplate: options.titleTemplate, onUnsafeUrl: options.onUnsafeUrl });
  const prerenderReady = options.window
    ? new PrerenderReady({ target: options.window, source: options.readiness, timeout: options.readyTimeout, settleTime: options.settleTime })
    : undefined;
  if (prerenderReady) head.onChange(() => prerenderReady.headChanged());
  const Seo: SeoClient = {
    setHead: (input) => head.setHead(input),
    setStatus(status) {
      const tags = statusTags(status);
      // A status replaces an earlier redirect's Location.
      head.removeTags(['meta:name:prerender-header']);
      head.addTags(tags);
    },
    redirect(url, status = 301) {
      head.addTags(redirectTags(url, status));
    },
    ready: () => prerenderReady?.ready(),
    waitFor: (promise) => (prerenderReady ? prerenderReady.waitFor(promise) : promise),
    clear: () => head.clear(),
    head,
    prerenderReady,
  };
  return { Seo, DocHead: createDocHead(head, options.document, options.titleDependency) };
}
