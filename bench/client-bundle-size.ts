// What each package adds to an app's browser code, minified + gzip at level 9, and the budgets of
// the product contract. `npm run bench` reports these figures (bench/cdn.bench.ts,
// bench/seo.bench.ts, bench/analytics.bench.ts) and tests/packaging/client-budgets.test.ts holds
// them to the budgets: both call the functions below, so the two measure the same thing.
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Client bundle budgets, min+gzip bytes, each a strict upper bound (`< budget`). For analytics the
 * figure is what an app loads at startup: the entry plus the chunk of the one destination its
 * settings name.
 */
export const BUDGETS = { analytics: 5 * 1024, seo: 4 * 1024, cdn: 1024 } as const;

/** Whether a bundle of `bytes` keeps a budget of `budget` bytes (strictly below it). */
export function withinBudget(bytes: number, budget: number): boolean {
  return bytes < budget;
}

export interface BudgetCheck {
  /** the package, e.g. "analytics" */
  pkg: string;
  /** which bundle of it, e.g. "client.js + relay-client" */
  bundle: string;
  /** measured min+gzip bytes */
  bytes: number;
  /** the budget in bytes: the bundle must stay below it */
  budget: number;
}

/** A bundle's bytes against its budget, with a message naming the package, the bundle and both figures. */
export function checkBudget({ pkg, bundle, bytes, budget }: BudgetCheck): { within: boolean; message: string } {
  const b = (value: number): string => `${value.toLocaleString('en-US')} B`;
  const within = withinBudget(bytes, budget);
  // Over: how many bytes to cut to get below the budget.
  const margin = within ? `${b(budget - bytes)} below it` : `over budget: cut ${b(bytes - budget + 1)}`;
  return { within, message: `${pkg}: ${bundle} is ${b(bytes)} min+gzip, budget < ${b(budget)} (${margin})` };
}

/**
 * What a package adds to an app's browser bundle: its src/client.ts bundled for the browser,
 * minified, meteor/* left out (Meteor provides those), then gzipped at level 9.
 */
export async function clientBundleSize(pkg: 'cdn' | 'analytics' | 'seo'): Promise<{ minified: number; gzip: number }> {
  const result = await build({
    entryPoints: [join(root, 'packages', pkg, 'src', 'client.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    external: ['meteor/*'],
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

// flightdeck:analytics is code-split: an entry, and lazy chunks an app loads only when its settings
// name what they hold (the relay's is src/relay-client.ts: the relay destination with its Meteor
// method call). Every other chunk (one the entry imports, or a lazy one not listed here) is counted
// as loaded by every app.
export const DESTINATION_CHUNKS: Record<string, string> = {
  'relay-client': 'destinations.relay',
  'segment-destination': 'destinations.segment',
  'ga4-destination': 'destinations.googleAnalytics',
};
export const CONDITIONAL_CHUNKS: Record<string, string> = {
  ...DESTINATION_CHUNKS,
  'console-destination': 'destinations.console',
  'install-okgrow': 'public.analyticsSettings or analytics.global',
};

// Modules an app loads only when it imports them: entries of their own next to the client entry.
export const SUB_PATHS: Record<string, string> = {
  tracked: 'tracked.ts',
};

// Login following and both page-view adapters: an app with accounts-base and either router loads
// nothing more for them, so they must be in the entry for the startup figures to be complete.
const ENTRY_FILES = ['follow-login.ts', 'history-page-views.ts', 'flow-router-page-views.ts'];

export interface ClientBuild {
  files: Array<{ path: string; contents: Uint8Array }>;
  metafile: Metafile;
}

const outdir = join(root, 'analytics-client-bench-out');
/** The analytics client build: esbuild, es2020, minified, code-split, meteor/* external. */
export const analyticsClientBuildOptions = {
  entryPoints: {
    client: join(root, 'packages', 'analytics', 'src', 'client.ts'),
    ...Object.fromEntries(Object.entries(SUB_PATHS).map(([entry, file]) => [entry, join(root, 'packages', 'analytics', file)])),
  },
  bundle: true,
  minify: true,
  splitting: true,
  format: 'esm' as const,
  platform: 'browser' as const,
  target: 'es2020',
  external: ['meteor/*'],
  outdir,
  write: false,
  metafile: true,
  logLevel: 'warning' as const,
};

/**
 * Each output chunk's min+gzip size and what an app loads: the entry, and the entry with given lazy
 * chunks; `startup` is, for each destination, what an app whose settings name it loads at startup.
 */
export function analyticsChunkSizes({ files, metafile }: ClientBuild) {
  // Output paths are absolute, the metafile's are relative to the working directory: both by chunk name.
  const name = (path: string): string => relative(outdir, resolve(root, path));
  // Each chunk gzipped alone, as it is served (the entry in the app's bundle, a lazy module in the
  // response to its dynamic import).
  const gz = new Map(files.map((file) => [name(file.path), gzipSync(file.contents, { level: 9 }).length]));
  const outputs = new Map(Object.entries(metafile.outputs).map(([path, output]) => [name(resolve(path)), output]));
  if (outputs.size !== gz.size) throw new Error(`the metafile names ${outputs.size} chunks, esbuild wrote ${gz.size}`);
  // What a chunk pulls in: itself and the chunks it imports statically, transitively.
  const closure = (chunk: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(chunk)) return seen;
    seen.add(chunk);
    for (const link of outputs.get(chunk)!.imports) if (link.kind === 'import-statement' && !link.external) closure(name(resolve(link.path)), seen);
    return seen;
  };
  const conditional = (chunk: string): string | undefined => Object.keys(CONDITIONAL_CHUNKS).find((prefix) => chunk.startsWith(`${prefix}-`));
  const subPath = (chunk: string): boolean => chunk.replace(/\.js$/, '') in SUB_PATHS;
  const everyApp = new Set(closure('client.js'));
  for (const chunk of gz.keys()) if (!conditional(chunk) && !subPath(chunk) && !chunk.startsWith('chunk-') && !everyApp.has(chunk)) for (const pulled of closure(chunk)) everyApp.add(pulled);
  const withChunks = (...prefixes: string[]): Set<string> => {
    const found = [...gz.keys()].filter((chunk) => prefixes.includes(conditional(chunk) ?? ''));
    if (found.length !== prefixes.length) throw new Error(`no lazy chunk for ${prefixes.filter((prefix) => !found.some((chunk) => chunk.startsWith(`${prefix}-`))).join(', ')}`);
    return new Set([...everyApp, ...found.flatMap((chunk) => [...closure(chunk)])]);
  };
  const sum = (chunks: Iterable<string>): number => [...chunks].reduce((total, chunk) => total + gz.get(chunk)!, 0);
  // A shared chunk is named after the source file with the most bytes in it.
  const label = (chunk: string): string =>
    chunk.startsWith('chunk-')
      ? `shared ${basename(Object.entries(outputs.get(chunk)!.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)[0][0], '.ts')}`
      : chunk.replace(/-[A-Z0-9]{8}\.js$/, '');
  // Checked, not assumed: a file of ENTRY_FILES outside the entry would be a chunk the startup figures miss.
  const entryInputs = Object.keys(outputs.get('client.js')!.inputs);
  const notInEntry = ENTRY_FILES.filter((file) => !entryInputs.some((input) => input.endsWith(`/${file}`)));
  const startup = Object.entries(DESTINATION_CHUNKS).map(([chunk, setting]) => {
    const loaded = withChunks(chunk);
    return { chunk, setting, loaded, bytes: sum(loaded) };
  });
  return { gz, outputs, closure, everyApp, withChunks, sum, label, notInEntry, startup };
}

/** The analytics client's chunk sizes as esbuild bundles it (what the budget applies to). */
export async function analyticsClientBundle(): Promise<ReturnType<typeof analyticsChunkSizes>> {
  const result = await build(analyticsClientBuildOptions);
  return analyticsChunkSizes({ files: result.outputFiles!, metafile: result.metafile! });
}
