// Settings validation of a 200-key file (10 packages × 20 keys), median of many runs, against
// plain simpl-schema validating the same document with the same schema in the same run.
import SimpleSchema from 'simpl-schema';
import { validateSettings, type SettingsSpec } from '../packages/settings/src/index.ts';
import type { BenchRow } from './bench-row.ts';

function fixture(): { specs: SettingsSpec[]; settings: () => Record<string, unknown> } {
  const specs: SettingsSpec[] = [];
  const values: Record<string, unknown> = { public: {} };
  for (let p = 0; p < 10; p += 1) {
    const name = `package${p}`;
    const publicDef: Record<string, unknown> = {};
    const privateDef: Record<string, unknown> = {};
    const publicValues: Record<string, unknown> = {};
    const privateValues: Record<string, unknown> = {};
    for (let k = 0; k < 10; k += 1) {
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

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(runs: number, work: () => void): number {
  for (let i = 0; i < 20; i += 1) work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    work();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

export default async function bench(): Promise<BenchRow[]> {
  const { specs, settings } = fixture();
  const ours = time(200, () => {
    const report = validateSettings(settings(), specs, { env: {} });
    if (!report.ok) throw new Error('the bench fixture should be valid');
  });

  const definition: Record<string, unknown> = { public: { type: Object } };
  for (const spec of specs) {
    definition[spec.name] = { type: Object };
    definition[`public.${spec.name}`] = { type: Object };
    for (const [key, value] of Object.entries(spec.public ?? {})) definition[`public.${spec.name}.${key}`] = { ...(value as object), description: undefined };
    for (const [key, value] of Object.entries(spec.private ?? {})) definition[`${spec.name}.${key}`] = { ...(value as object), description: undefined, env: undefined };
  }
  SimpleSchema.extendOptions(['env', 'description']);
  const plainSchema = new SimpleSchema(definition as ConstructorParameters<typeof SimpleSchema>[0]);
  const plain = time(200, () => {
    const context = plainSchema.newContext();
    context.validate(settings());
    if (!context.isValid()) throw new Error('the baseline fixture should be valid');
  });

  return [
    {
      figure: 'settings: validate a 200-key file (median)',
      target: '< 20 ms',
      measured: `${ours.toFixed(2)} ms`,
      baseline: `${plain.toFixed(2)} ms plain simpl-schema`,
      ratio: ours / plain,
      pass: ours < 20,
    },
  ];
}
