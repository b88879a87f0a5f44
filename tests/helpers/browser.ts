// Headless Debian Chromium driven by playwright-core, for end-to-end tests that open pages served by
// the test servers, and for the browser spec runner. Never a downloaded browser: the executable is
// the system's (`chromiumPath()` honours CHROME_BIN).
import { chromium } from 'playwright-core';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { chromiumPath } from '../../scripts/system-programs.mjs';

/** The flags every Chromium of the test suite runs with: no GPU, no sandbox, no traffic of its own. */
export const chromiumArgs: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Starts the system's headless Chromium. Close it with `browser.close()`. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) {
    throw new Error('Chromium not found: install it with `sudo bash scripts/install-system-deps.sh`, or set CHROME_BIN');
  }
  return chromium.launch({ executablePath, args: [...chromiumArgs], headless: true });
}

export interface PageSession {
  page: Page;
  /** Uncaught exceptions thrown in the page so far, so a test can assert there were none. */
  pageErrors: Error[];
}

export interface WithPageOptions {
  /** A browser to open the page in (a fresh context of it); without one, a Chromium is launched and closed. */
  browser?: Browser;
  context?: BrowserContextOptions;
}

/**
 * Runs `fn` with a page in a fresh browser context (its own cookies, storage and history), then
 * closes the context, and the browser too when this call launched it.
 *
 *   const title = await withPage(async ({ page }) => {
 *     await page.goto(`${app.url}/about`);
 *     return page.title();
 *   });
 */
export async function withPage<T>(fn: (session: PageSession) => Promise<T>, options: WithPageOptions = {}): Promise<T> {
  const browser = options.browser ?? (await launchChromium());
  try {
    const context = await browser.newContext(options.context);
    try {
      const page = await context.newPage();
      const pageErrors: Error[] = [];
      page.on('pageerror', (error) => pageErrors.push(error));
      return await fn({ page, pageErrors });
    } finally {
      await context.close();
    }
  } finally {
    if (!options.browser) await browser.close();
  }
}
