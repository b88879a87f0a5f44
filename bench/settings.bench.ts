// Settings validation at 100 / 200 / 400 / 1,000 keys (10 packages, each half public strings, half
// private numbers with defaults and env names), against plain simpl-schema validating the same
// document with the same schema. Both are timed in the same loop, alternated, so machine load hits
// both alike; the figure is the median CPU time, and the ratio is ours / plain.
import SimpleSchema from 'simpl-schema';
import { validateSettings, type SettingsSpec } from '../packages/settings/src/index.ts';
import type { BenchRow } from './bench-row.ts';

const PACKAGES = 10;
const SIZES: ReadonlyArray<{ keys: number; bar: number }> = [
  { keys: 100, bar: 20 },
  { keys: 200, bar: 20 },
  { keys: 400, bar: 40 },
  { keys: 1000, bar: 40 },
];

function fixture(keys: number): { specs: SettingsSpec[]; settings: () => Record<string, unknown> } {
  const perPackage = keys / PACKAGES / 2;
  const specs: SettingsSpec[] = [];
  const values: Record<string, unknown> = { public: {} };
  for (let p = 0; p < PACKAGES; p += 1) {
    const name = `package${p}`;
    const publicDef: Record<string, unknown> = {};
    const privateDef: Record<string, unknown> = {};
    const publicValues: Record<string, unknown> = {};
    const privateValues: Record<string, unknown> = {};
    for (let k = 0; k < perPackage; k += 1) {
      publicDef[`text${k}`] = { type: String, optional: true, description: 'a text' };
      publicValues[`text${k}`] = `value ${k}`;
      privateDef[`number${k}`] = { type: Number, min: 0, defaultValue: k, env: `BENCH_${p}_${k}` };
      privateValues[`number${k}`] = k * 2;
    }
    specs.push({ name, public: publicDef, private: privateDef });
    (values.public as Record<string, unknown>)[name] = publicValues;
    values[name] = privateValues;
  }
  return { specs, settings: () => structuredClone(values) };
}

function plainSchemaFor(specs: readonly SettingsSpec[]): SimpleSchema {
  const definition: Record<string, unknown> = { public: { type: Object } };
  for (const spec of specs) {
    definition[spec.name] = { type: Object };
    definition[`public.${spec.name}`] = { type: Object };
    for (const [key, value] of Object.entries(spec.public ?? {})) definition[`public.${spec.name}.${key}`] = { ...(value as object), description: undefined };
    for (const [key, value] of Object.entries(spec.private ?? {})) definition[`${spec.name}.${key}`] = { ...(value as object), description: undefined, env: undefined };
  }
  return new SimpleSchema(definition as ConstructorParameters<typeof SimpleSchema>[0]);
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const collectGarbage = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);

/**
 * One run's CPU time (user + system, every thread of the process), after a collection (npm run
 * bench passes --expose-gc) so a pause left by the other side is not billed to this one. CPU time,
 * not wall time: on a shared machine wall time also counts the time spent waiting for a core, which
 * made this figure move with the load rather than with the code.
 */
function elapsed(work: () => void): number {
  collectGarbage();
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export default async function bench(): Promise<BenchRow[]> {
  SimpleSchema.extendOptions(['env', 'description']);
  const rows: BenchRow[] = [];
  for (const { keys, bar } of SIZES) {
    const { specs, settings } = fixture(keys);
    const plainSchema = plainSchemaFor(specs);
    const ours = (): void => {
      const report = validateSettings(settings(), specs, { env: {} });
      if (!report.ok) throw new Error('the bench fixture should be valid');
    };
    const plain = (): void => {
      const context = plainSchema.newContext();
      context.validate(settings());
      if (!context.isValid()) throw new Error('the baseline fixture should be valid');
    };
    for (let i = 0; i < 3; i += 1) {
      ours();
      plain();
    }
    // Alternate the two, at least 9 pairs and until 3 s are spent (plain simpl-schema is slow at 1,000 keys).
    const ourSamples: number[] = [];
    const plainSamples: number[] = [];
    const started = Date.now();
    while (ourSamples.length < 9 || (Date.now() - started < 3000 && ourSamples.length < 200)) {
      ourSamples.push(elapsed(ours));
      plainSamples.push(elapsed(plain));
    }
    const ourMedian = median(ourSamples);
    const plainMedian = median(plainSamples);
    rows.push({
      figure: `settings: validate a ${keys}-key file (median CPU time of ${ourSamples.length})`,
      target: `< ${bar} ms`,
      measured: `${ourMedian.toFixed(2)} ms`,
      baseline: `${plainMedian.toFixed(2)} ms plain simpl-schema`,
      ratio: ourMedian / plainMedian,
      pass: ourMedian < bar,
    });
  }
  return rows;
}
