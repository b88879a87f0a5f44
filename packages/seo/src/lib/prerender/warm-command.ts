import { parseArgs } from 'node:util';
import { fetchSitemapUrls } from '../crawl-files/fetch-sitemap-urls.ts';
import { requestAsCrawler } from './request-as-crawler.ts';
import { combineOutcomes, warmPages, WARM_USER_AGENTS, type WarmProgress, type WarmSummary } from './warm-pages.ts';

export const WARM_USAGE = `Usage: npx flightdeck-prerender warm --sitemap <url> [options]

Asks the app for every page of its sitemap as a crawler would, so the app renders each page that
has no fresh render in its cache (shared by every container with seo.prerender.redis). Run it
after each deploy. Pages already fresh are answered from the cache and skipped; run it again
after an interruption and it picks up where it stopped.

Options:
  --sitemap <url>        the app's sitemap (or sitemap index), e.g. https://app.example/sitemap.xml
  --concurrency <n>      pages at once (default 4, at most 64)
  --timeout <ms>         per page (default 60000)
  --limit <n>            pages at most (default 100000)
  --user-agent <ua>      a crawler user agent to warm for, repeatable (default: flightdeck-prerender-warm
                         as desktop and as mobile: the cache keeps one render per device class)
  --dry-run              list the pages, request none
  -h, --help             this text

Exit: 0 every page warmed, 1 some failed, 2 usage error, 130 interrupted.`;

export interface WarmCommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (a redrawn progress bar) or a log (a line every 10%). */
  isTTY: boolean;
  signal?: AbortSignal;
}

function positiveInteger(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

class UsageError extends Error {}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function progressLine(progress: WarmProgress, total: number, started: number): string {
  const width = 24;
  const filled = total === 0 ? width : Math.round((progress.done / total) * width);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
  return `[${bar}] ${progress.done}/${total}  rendered ${progress.rendered}  fresh ${progress.fresh}  stale ${progress.stale}  failed ${progress.failed}  ${seconds(Date.now() - started)}`;
}

export function summaryLine(summary: WarmSummary): string {
  return `warmed ${summary.total} pages in ${seconds(summary.ms)}: rendered ${summary.rendered}, fresh ${summary.fresh}, stale ${summary.stale} (re-rendering), failed ${summary.failed}`;
}

/** `flightdeck-prerender warm ...`: resolves the exit code. */
export async function runWarmCommand(argv: string[], io: WarmCommandIo): Promise<number> {
  let sitemap: string;
  let concurrency: number;
  let timeout: number;
  let limit: number;
  let userAgents: string[];
  let dryRun: boolean;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        sitemap: { type: 'string' },
        concurrency: { type: 'string' },
        timeout: { type: 'string' },
        limit: { type: 'string' },
        'user-agent': { type: 'string', multiple: true },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout(`${WARM_USAGE}\n`);
      return 0;
    }
    if (!values.sitemap) throw new UsageError('--sitemap <url> is required');
    let parsed: URL;
    try {
      parsed = new URL(values.sitemap);
    } catch {
      throw new UsageError(`--sitemap must be an http(s) URL, got ${JSON.stringify(values.sitemap.slice(0, 200))}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError('--sitemap must be an http(s) URL');
    sitemap = parsed.href;
    concurrency = positiveInteger('concurrency', values.concurrency, 4, 64);
    timeout = positiveInteger('timeout', values.timeout, 60_000, 600_000);
    limit = positiveInteger('limit', values.limit, 100_000, 10_000_000);
    userAgents = values['user-agent']?.length ? values['user-agent'] : [...WARM_USER_AGENTS];
    dryRun = Boolean(values['dry-run']);
  } catch (error) {
    io.stderr(`flightdeck-prerender warm: ${(error as Error).message}\n\n${WARM_USAGE}\n`);
    return 2;
  }

  let skipped = 0;
  const urls: string[] = [];
  try {
    for await (const url of fetchSitemapUrls(sitemap, { onSkip: () => (skipped += 1) })) {
      if (urls.length >= limit) break;
      if (!urls.includes(url)) urls.push(url);
    }
  } catch (error) {
    io.stderr(`flightdeck-prerender warm: could not read the sitemap: ${(error as Error).message}\n`);
    return 1;
  }
  if (skipped > 0) io.stderr(`flightdeck-prerender warm: skipped ${skipped} sitemap URLs not on ${new URL(sitemap).origin}\n`);
  if (dryRun) {
    for (const url of urls) io.stdout(`${url}\n`);
    io.stdout(`dry run: ${urls.length} pages would be requested at concurrency ${concurrency}\n`);
    return 0;
  }

  const started = Date.now();
  let lastDecile = -1;
  const visit = async (url: string) => combineOutcomes(await Promise.all(userAgents.map((userAgent) => requestAsCrawler(url, { userAgent, timeout }))));
  const summary = await warmPages(urls, visit, {
    concurrency,
    signal: io.signal,
    onProgress: (progress) => {
      if (io.isTTY) {
        io.stderr(`\r${progressLine(progress, urls.length, started)}`);
        return;
      }
      const decile = Math.floor((progress.done / Math.max(1, urls.length)) * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        io.stderr(`${progressLine(progress, urls.length, started)}\n`);
      }
    },
  });
  if (io.isTTY) io.stderr('\n');
  io.stdout(`${summaryLine(summary)}\n`);
  for (const failure of summary.failures) io.stdout(`  failed ${failure.url}: ${failure.message}\n`);
  if (io.signal?.aborted && summary.total < urls.length) {
    io.stdout(`interrupted after ${summary.total} of ${urls.length} pages: run the same command again to go on (pages already rendered are answered from the cache)\n`);
    return 130;
  }
  return summary.failed > 0 ? 1 : 0;
}
