/**
 * The flightdeck:cdn fixture app (tests/fixtures/cdn/app) made ready for the WebApp harness in a
 * temp dir: its client code (tests/fixtures/cdn/page.ts, which imports the package's client entry)
 * bundled by esbuild as the app's JS, its CSS, its public/ files, and a real webfont copied from the
 * system's fonts (so no font file is kept in the repo), at public/fonts/liberation-mono.ttf.
 *
 *   const fixture = await buildCdnFixtureApp();
 *   const app = await createWebApp({ fixtureDir: fixture.dir });
 *   ...
 *   await fixture.remove();
 */
import { existsSync } from 'node:fs';
import { cp, copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const fixtureRoot = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'cdn');

/** TrueType fonts that Debian's chromium pulls in (fonts-liberation, fonts-dejavu-core). */
export const SYSTEM_FONT_CANDIDATES: readonly string[] = [
  '/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  '/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf',
];

export interface FixtureApp {
  /** Pass as `createWebApp({ fixtureDir })`. */
  dir: string;
  remove(): Promise<void>;
}

export interface FixtureAppOptions {
  /** The client code, bundled by esbuild as the app's app.js. */
  page: string;
  /** The app's app.css. */
  css: string;
  /** Copied as the app's public/ folder. */
  publicDir: string;
  /** Where the system font goes under public/fonts/, as the CSS names it. */
  fontName: string;
}

/**
 * A built client in a temp dir, as `meteor build` would serve it: the bundled page, its CSS, its
 * public/ files and a real webfont from the system's fonts.
 */
export async function buildFixtureApp(options: FixtureAppOptions): Promise<FixtureApp> {
  const font = SYSTEM_FONT_CANDIDATES.find((path) => existsSync(path));
  if (!font) throw new Error(`no TrueType font found for the fixture app: install fonts-liberation or fonts-dejavu-core (looked at ${SYSTEM_FONT_CANDIDATES.join(', ')})`);
  const dir = await mkdtemp(join(tmpdir(), 'flightdeck-app-'));
  try {
    await cp(options.publicDir, join(dir, 'public'), { recursive: true });
    await copyFile(options.css, join(dir, 'app.css'));
    await mkdir(join(dir, 'public', 'fonts'), { recursive: true });
    await copyFile(font, join(dir, 'public', 'fonts', options.fontName));
    await build({
      entryPoints: [options.page],
      outfile: join(dir, 'app.js'),
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      logLevel: 'warning',
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export type CdnFixtureApp = FixtureApp;

export function buildCdnFixtureApp(): Promise<CdnFixtureApp> {
  return buildFixtureApp({
    page: join(fixtureRoot, 'page.ts'),
    css: join(fixtureRoot, 'app', 'app.css'),
    publicDir: join(fixtureRoot, 'app', 'public'),
    fontName: 'liberation-mono.ttf',
  });
}
