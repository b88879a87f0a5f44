/**
 * The user agent warming sends (`Seo.warm`, `flightdeck-prerender warm`); its product token
 * `flightdeck-prerender-warm` is in flightdeck:seo's crawler list, so the app prerenders for it.
 */
export const WARM_USER_AGENT = 'Mozilla/5.0 (compatible; flightdeck-prerender-warm/0.1)';
export const WARM_USER_AGENT_TOKEN = 'flightdeck-prerender-warm';

/**
 * One user agent per device class the render cache keys on (desktop, mobile): smartphone and
 * desktop crawlers each get their own render, so warming renders both.
 */
export const WARM_USER_AGENTS: readonly string[] = [WARM_USER_AGENT, `${WARM_USER_AGENT} Mobile`];

/** The outcome of a page visited with several user agents: failed if any failed, rendered if any rendered. */
export function combineOutcomes(outcomes: readonly WarmOutcome[]): WarmOutcome {
  for (const outcome of ['failed', 'rendered', 'stale'] as const) if (outcomes.includes(outcome)) return outcome;
  return 'fresh';
}

/** What warming did with one page. `stale`: served stale, re-rendered in the background by the app. */
export type WarmOutcome = 'rendered' | 'fresh' | 'stale' | 'failed';

export interface WarmProgress {
  done: number;
  /** Known once every URL has been read (sitemaps are streamed); undefined before. */
  total: number | undefined;
  rendered: number;
  fresh: number;
  stale: number;
  failed: number;
  /** The URL just finished and how. */
  url: string;
  outcome: WarmOutcome;
  error?: Error;
}

export interface WarmSummary {
  total: number;
  rendered: number;
  fresh: number;
  stale: number;
  failed: number;
  /** Milliseconds the whole run took. */
  ms: number;
  /** The first failures (at most 20), for the report. */
  failures: { url: string; message: string }[];
}

export interface WarmOptions {
  /** Pages at once. Default 4. */
  concurrency?: number;
  /** Pages at most (a runaway sitemap must not run for ever). Default 100,000. */
  limit?: number;
  onProgress?: (progress: WarmProgress) => void;
  /** Stops early: pages not started are left out of the summary. */
  signal?: AbortSignal;
}

/**
 * Visits every URL at a bounded concurrency and counts what happened. `visit` resolves the
 * outcome (a rejection counts as failed, with its message). URLs come from an iterable or an
 * async iterable, read only as fast as workers free up, so a 50,000-URL sitemap is never all in
 * memory. Duplicates are visited once.
 */
export async function warmPages(
  urls: Iterable<string> | AsyncIterable<string>,
  visit: (url: string) => Promise<WarmOutcome>,
  options: WarmOptions = {},
): Promise<WarmSummary> {
  const started = Date.now();
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const limit = options.limit ?? 100_000;
  const counts = { rendered: 0, fresh: 0, stale: 0, failed: 0 };
  const failures: { url: string; message: string }[] = [];
  const seen = new Set<string>();
  let done = 0;
  let total: number | undefined;
  const iterator = (Symbol.asyncIterator in urls ? urls[Symbol.asyncIterator]() : (urls as Iterable<string>)[Symbol.iterator]()) as
    | AsyncIterator<string>
    | Iterator<string>;
  let exhausted = false;
  // One reader at a time: async iterators must not be asked for the next value concurrently.
  let reading: Promise<unknown> = Promise.resolve();

  function nextUrl(): Promise<string | undefined> {
    const result = reading.then(async () => {
      for (;;) {
        if (exhausted || options.signal?.aborted || seen.size >= limit) {
          exhausted = true;
          total = seen.size;
          return undefined;
        }
        const step = await iterator.next();
        if (step.done) {
          exhausted = true;
          total = seen.size;
          return undefined;
        }
        if (typeof step.value !== 'string' || seen.has(step.value)) continue;
        seen.add(step.value);
        return step.value;
      }
    });
    reading = result.catch(() => undefined);
    return result;
  }

  async function worker(): Promise<void> {
    for (;;) {
      const url = await nextUrl();
      if (url === undefined) return;
      let outcome: WarmOutcome;
      let error: Error | undefined;
      try {
        outcome = await visit(url);
      } catch (caught) {
        outcome = 'failed';
        error = caught as Error;
      }
      counts[outcome] += 1;
      if (outcome === 'failed' && failures.length < 20) failures.push({ url, message: error?.message ?? 'failed' });
      done += 1;
      options.onProgress?.({ done, total, ...counts, url, outcome, error });
    }
  }

  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  return { total: done, ...counts, ms: Date.now() - started, failures };
}
