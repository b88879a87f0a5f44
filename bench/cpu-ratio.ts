// The method of the benches whose bar is a ratio of server CPU per request (composition,
// cdn-rspack): baseline CPU per request / measured CPU per request, with a control (the baseline
// against a second, identical baseline process) measured in the same cycles and printed as a row
// of its own, so the reader sees the method's own noise in that run next to the figure.
//
// - Each side is its own server process (two servers in one process share a heap, a JIT and a
//   garbage collector, and the one created first measured faster, whichever it was).
// - Pinned with taskset (util-linux): every server process on one CPU, the load generator (this
//   process, all its threads) on another. With the sides and the load generator spread over both
//   CPUs, a server's CPU per request depended on what ran beside it.
// - The sides serve one after the other, never at once: many short slots, each a fixed number of
//   page requests (set from the baseline's rate after the warm-up) to one server, in cycles of the
//   order `measured, baseline, control`, then the reverse. Every measured and control slot is next
//   to a baseline slot, before it in half the cycles and after it in the other half; the figure is
//   the median of the per-cycle ratios (baseline slot / the adjacent other slot), with their
//   quartiles, so a drift or a burst of load from elsewhere hits both slots of a ratio alike. The
//   measured and the control side take the same places in that order (first or last, straight
//   after their own previous slot or four slots later), so whatever the order does to a side shows
//   in the control row too. A lumpy cost that lands in few slots (a major garbage collection)
//   weighs less in that median than in a total over all slots.
// - The cycles are shared between sets of fresh processes (two by default, started in opposite
//   orders), and each set's own median is printed: a process keeps some luck (heap layout, JIT decisions) for its whole life,
//   which more cycles in the same processes do not average out.
// - The load comes from bench/raw-http-load.ts (prebuilt requests on plain sockets): Node's http
//   client, on its one CPU, could not keep a server busy, and an idle server's CPU per request
//   depends on the client's pace.
// - CPU per request from process.cpuUsage() read in the server (on a port of its own,
//   bench/serve-cpu-usage.ts) before and after each slot. The figure, and the bar, is user +
//   system: the CPU the process spends on a request, which is what a host pays for and what bounds
//   a core's requests per second (the packages' own work is user time, but what they make the
//   server write, a longer page or more headers, is system time). It is also the exact one: Linux
//   counts a thread's run time to the nanosecond, but with tick-based accounting
//   (CONFIG_TICK_CPU_ACCOUNTING, as in this VM's kernel, HZ=250) it splits that total into user and
//   system by sampling which one each timer tick lands in, and scales the split over the process's
//   whole life, so user time alone over a 0.35 s slot carries that sampling noise. The user-only
//   ratio is printed next to it for information.
// - With a control, a second row gives the figure against the control process (control /
//   measured per cycle): the control is a baseline process that takes the measured side's slot
//   positions, so that figure has no slot-order bias. Baseline / measured can: the baseline is
//   always in the middle slot, always after another process, while the other two sides serve two
//   slots in a row at each turn of the order. In 16 process sets of quiet runs the control's own
//   baseline / control median was above 1 in 15 (by ~3-4% in the median), so the first row reads
//   high by about that much; the fair row is the one to hold to the bar.
// - Each row also says how busy the servers were (CPU time / wall time of a slot: near 1 when the
//   load generator keeps them busy) and how much of their CPU other processes took meanwhile
//   (/proc/stat's busy time on that CPU, steal included, less the server's own; near 0 on a quiet
//   machine), so a contended run shows as one. FLIGHTDECK_BENCH_SLOTS=<file> appends every slot's
//   figures to <file> (a JSON line per measurement), to look at the spread behind a row.
// - FLIGHTDECK_BENCH_SETS=<n>: n sets of fresh processes instead of two, each with the default
//   share of cycles, no time limit: the per-set luck averages over more processes.
// - Not used: instruction counts. `perf stat -e instructions:u -p <pid>` needs the CPU's
//   performance counters; in the VM the benches were written on (no PMU) perf reads
//   `<not supported>`, and even software events attached with -p read `<not counted>`. Counted by
//   valgrind instead (3.19, tried on the composition servers, Node 20 / Express 4.21, one
//   keep-alive connection): the server under `valgrind --tool=callgrind --instr-atstart=no
//   --dump-before=uv_getrusage` (each process.cpuUsage() read, i.e. each read of the CPU port,
//   dumps and zeroes the count: instructions per slot with no change to the servers), warmed
//   with instrumentation off (~5 ms per request on the loaded machine), then `callgrind_control -i
//   on <pid>` and slots of page requests. Valgrind runs V8 without trouble (its default
//   --smc-check=all-non-file covers JIT code), and the steady per-request paths are
//   deterministic to ~0.2% (V8's IC-miss runtime, ~325k of the bare page's ~630k instructions,
//   agreed between two processes to 0.15%), but the total per slot is not: TurboFan compiles and
//   deopts and major GCs land in slots in lumps of 5-150M instructions (a slot of 500 requests is
//   ~310-450M). What was tried, and each 500-800-request slot's spread (max/min - 1):
//   warm-up 1,000-12,000 requests in one go: 50-60%, and the first slots' compile work the same
//   whatever the warm-up length (so it follows the switch to the ~10x slower instrumented speed,
//   not the request count); V8 --single-threaded 102%, --predictable 79% (neither helps);
//   --no-flush-bytecode --no-flush-baseline-code 53%; the warm-up as 20 short cycles, connections
//   opened and closed as in the slots, 43-56% (V8's memory reducer, which runs on wall-clock
//   timers, made full GCs of 110-120M instructions in most slots: the allocation rate per second
//   looks low at valgrind's speed, an artefact a native server at full load does not have); with
//   --no-memory-reducer as well, the first instrumented slot still ~20% high, slots 2-4 within
//   ±1%. Two identical bare processes that way (the control), three slots of 800 requests each
//   after the first: 629.8k and 623.5k instructions per request, 1.010 apart (medians 1.005):
//   not the 0.5% a 1% bar needs. The same run's composed side, 670.8k: bare / composed 0.934
//   (0.929 / 0.939 against each bare process). On Node 22 / Express 5.1 (the .cache binary, same
//   flags) worse: slots 2-4 of 800 requests ±10% in each process, TurboFan (and Maglev) still
//   compiling 34-51M instructions per slot after 6,000 requests and a 154M major GC; the two bare
//   processes 922k and 857k per request (1.076), even their IC-miss runtime 0.75% apart (not
//   looked into; V8's megamorphic stub cache is keyed by map addresses, which may differ per
//   process). And slow: ~50-100 ms of wall time per instrumented request here (three servers at once on the two loaded CPUs), ~7 minutes for
//   those three processes' 2,400 measured requests each, so no budget for the slots that would
//   average the lumps out, within a bench's ~5 minutes. What the count would not show either way:
//   cache misses, memory bandwidth, the kernel's side of system calls (valgrind counts only user
//   instructions), all of which the CPU time here includes.
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { Agent, get as httpGet, type OutgoingHttpHeaders } from 'node:http';
import type { BenchRow } from './bench-row.ts';
import { median, percentile, withBenchServers } from './http-load.ts';
import { rawHttpLoad } from './raw-http-load.ts';

export type SideName = 'baseline' | 'measured' | 'control';

/** One server process: a bench servers script printing `{ port, cpuPort }` (bench/serve-cpu-usage.ts). */
export interface ServerSpec {
  script: string;
  /** Another node binary (the composition bench's Node 22 run). */
  execPath?: string;
  execArgv?: string[];
  env: NodeJS.ProcessEnv;
}

export interface CpuRatioPlan {
  /** For the progress line on stderr. */
  label: string;
  /**
   * Each side's server process; `control` must be the baseline's server again (the same spec but
   * for what tells the processes apart, e.g. a --cpu-prof folder).
   */
  server(side: SideName): ServerSpec;
  /** Measure the control too (a second baseline process in the same cycles). */
  control: boolean;
  path: string;
  headers: OutgoingHttpHeaders;
  /** Cycles of one slot per side, half in each order, over all process sets; one ratio per cycle. */
  cycles?: number;
  /** A slot's target length. */
  slotMs?: number;
  /** Page requests per server before measuring (the first few thousand run unoptimized code). */
  warmUpRequests?: number;
  /** Keep-alive connections per slot. */
  connections?: number;
  /**
   * Sets of server processes, one after another, the cycles shared between them: a process keeps
   * some luck (heap layout, JIT decisions) for its whole life, which no number of cycles averages.
   */
  processSets?: number;
  /** Time for all the cycles; past it a set stops early (at an even cycle, MIN_CYCLES at least): a loaded machine. */
  budgetMs?: number;
}

export interface Quartiles {
  median: number;
  q1: number;
  q3: number;
}

export interface SideFigures {
  /** Server CPU µs per request, user + system and user only, medians over the slots. */
  cpu: number;
  user: number;
  /** Requests per second while it served (secondary: one client, one pinned CPU). */
  rps: number;
}

export interface RatioFigures {
  /** baseline / other per cycle, CPU user + system. */
  cpu: Quartiles;
  /** The same, user time only. */
  user: Quartiles;
  /** Each process set's own median (user + system): how much a set of processes' luck moves it. */
  perSet: number[];
}

export interface CpuRatioResult {
  baseline: SideFigures;
  measured: SideFigures;
  ratio: RatioFigures;
  control?: { side: SideFigures; ratio: RatioFigures; fair: RatioFigures };
  /** e.g. "servers on CPU 1, load on CPU 0". */
  placement: string;
  cycles: number;
  processSets: number;
  requestsPerSlot: number;
  /**
   * Medians over all slots: the server's CPU time / wall time, and other processes' time on the
   * servers' CPU / wall time (null when not pinned or without /proc/stat).
   */
  busy: number;
  others: number | null;
}

const MIN_CYCLES = 10;

interface Slot {
  cpu: number;
  user: number;
  rps: number;
  busy: number;
  others: number | null;
}

interface Server {
  port: number;
  cpuPort: number;
  cpuAgent: Agent;
}

/** The CPUs this process may run on, from taskset; null without taskset. */
function allowedCpus(): number[] | null {
  try {
    const out = execFileSync('taskset', ['-cp', String(process.pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.slice(out.lastIndexOf(':') + 1).trim().split(',').flatMap((part) => {
      const [from, to = from] = part.split('-').map(Number);
      return Array.from({ length: to - from + 1 }, (_, i) => from + i);
    });
  } catch {
    return null;
  }
}

interface Placement {
  /** The servers' CPU, or null when not pinned. */
  serverCpu: number | null;
  text: string;
  restore(): void;
}

/** Pins this process (all its threads) to one CPU and keeps another for the servers. */
function pinLoadGenerator(): Placement {
  const cpus = allowedCpus();
  if (!cpus || cpus.length < 2) {
    return { serverCpu: null, text: cpus ? 'NOT pinned (one CPU)' : 'NOT pinned (no taskset)', restore: () => undefined };
  }
  const load = cpus[0];
  const server = cpus[cpus.length - 1];
  execFileSync('taskset', ['-a', '-cp', String(load), String(process.pid)], { stdio: 'ignore' });
  return {
    serverCpu: server,
    text: `servers on CPU ${server}, load on CPU ${load}`,
    restore: () => execFileSync('taskset', ['-a', '-cp', cpus.join(','), String(process.pid)], { stdio: 'ignore' }),
  };
}

function cpuOf(server: Server): Promise<{ user: number; system: number }> {
  return new Promise((resolve, reject) => {
    httpGet({ host: '127.0.0.1', port: server.cpuPort, path: '/', agent: server.cpuAgent }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

/** µs one CPU has spent on anything but idle (steal included), from /proc/stat; null where it cannot be read. */
function cpuBusy(cpu: number | null): number | null {
  if (cpu === null) return null;
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n').find((text) => text.startsWith(`cpu${cpu} `));
    if (!line) return null;
    // user nice system idle iowait irq softirq steal, in USER_HZ ticks (10 ms; getconf CLK_TCK).
    const [user, nice, system, , , irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + steal) * 10_000;
  } catch {
    return null;
  }
}

async function slot(server: Server, plan: CpuRatioPlan, requests: number, serverCpu: number | null): Promise<Slot> {
  const busyBefore = cpuBusy(serverCpu);
  const before = await cpuOf(server);
  const start = process.hrtime.bigint();
  await rawHttpLoad(server.port, plan.path, plan.headers, plan.connections ?? 8, requests);
  const micros = Number(process.hrtime.bigint() - start) / 1e3;
  const after = await cpuOf(server);
  const busyAfter = cpuBusy(serverCpu);
  const user = after.user - before.user;
  const total = user + after.system - before.system;
  return {
    cpu: total / requests,
    user: user / requests,
    rps: requests / (micros / 1e6),
    busy: total / micros,
    others: busyBefore === null || busyAfter === null ? null : Math.max(0, busyAfter - busyBefore - total) / micros,
  };
}

function serverProcess<T>(spec: ServerSpec, serverCpu: number | null, fn: (server: Server) => Promise<T>): Promise<T> {
  return withBenchServers<{ port: number; cpuPort: number }, T>(
    spec.script,
    async ({ port, cpuPort }) => {
      const cpuAgent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        return await fn({ port, cpuPort, cpuAgent });
      } finally {
        cpuAgent.destroy();
      }
    },
    { execPath: spec.execPath, execArgv: spec.execArgv, env: spec.env, cpu: serverCpu ?? undefined },
  );
}

function quartiles(samples: number[]): Quartiles {
  return { median: median(samples), q1: percentile(samples, 25), q3: percentile(samples, 75) };
}

function sideFigures(slots: Slot[]): SideFigures {
  return { cpu: median(slots.map((s) => s.cpu)), user: median(slots.map((s) => s.user)), rps: median(slots.map((s) => s.rps)) };
}

type SetSlots = Record<SideName, Slot[]>;

/** Per cycle of every process set: `over` / other (the baseline unless named); and each set's own median. */
function ratioFigures(sets: SetSlots[], other: SideName, over: SideName = 'baseline'): RatioFigures {
  const ratios = (set: SetSlots, field: 'cpu' | 'user') => set[over].map((slot, i) => slot[field] / set[other][i][field]);
  return {
    cpu: quartiles(sets.flatMap((set) => ratios(set, 'cpu'))),
    user: quartiles(sets.flatMap((set) => ratios(set, 'user'))),
    perSet: sets.map((set) => median(ratios(set, 'cpu'))),
  };
}

/**
 * `processSets` times: starts each side's server process (one after another, all on the servers'
 * CPU), measures its share of the cycles, stops them.
 */
export async function measureCpuRatio(plan: CpuRatioPlan): Promise<CpuRatioResult> {
  // FLIGHTDECK_BENCH_SETS=<n> multiplies the run (n process sets, as many cycles per set as the
  // plan gives its sets, no time budget): a longer, tighter figure than the default's.
  const scale = Number(process.env.FLIGHTDECK_BENCH_SETS) > 0 ? Math.floor(Number(process.env.FLIGHTDECK_BENCH_SETS)) : undefined;
  const planned = { cycles: plan.cycles ?? 28, processSets: plan.processSets ?? 2 };
  const { cycles, processSets, budgetMs } = scale
    ? { cycles: Math.ceil(planned.cycles / planned.processSets) * scale, processSets: scale, budgetMs: Infinity }
    : { ...planned, budgetMs: plan.budgetMs ?? Infinity };
  const names: SideName[] = plan.control ? ['baseline', 'measured', 'control'] : ['baseline', 'measured'];
  // An even share per set, so each set has as many cycles in each order.
  const share = Math.max(2, 2 * Math.round(cycles / processSets / 2));
  const placement = pinLoadGenerator();
  try {
    const sets: SetSlots[] = [];
    let requestsPerSlot: number | undefined;
    for (let set = 0; set < processSets; set++) {
      const servers = {} as Record<SideName, Server>;
      // Started in the opposite order in every other set.
      const starts = set % 2 === 0 ? names : [...names].reverse();
      const startFrom = (index: number): Promise<{ slots: SetSlots; requestsPerSlot: number }> =>
        index === starts.length
          ? measureSet(plan, servers, placement.serverCpu, share, budgetMs / processSets, requestsPerSlot)
          : serverProcess(plan.server(starts[index]), placement.serverCpu, (server) => {
              servers[starts[index]] = server;
              return startFrom(index + 1);
            });
      const measured = await startFrom(0);
      requestsPerSlot = measured.requestsPerSlot;
      sets.push(measured.slots);
    }
    if (process.env.FLIGHTDECK_BENCH_SLOTS) appendFileSync(process.env.FLIGHTDECK_BENCH_SLOTS, `${JSON.stringify({ label: plan.label, requestsPerSlot, sets })}\n`);
    const all = sets.flatMap((set) => names.flatMap((name) => set[name]));
    const others = all.map((slot) => slot.others);
    const side = (name: SideName) => sideFigures(sets.flatMap((set) => set[name]));
    const result: CpuRatioResult = {
      baseline: side('baseline'),
      measured: side('measured'),
      ratio: ratioFigures(sets, 'measured'),
      placement: placement.text,
      cycles: sets.reduce((sum, set) => sum + set.baseline.length, 0),
      processSets,
      requestsPerSlot: requestsPerSlot as number,
      busy: median(all.map((slot) => slot.busy)),
      others: others.includes(null) ? null : median(others as number[]),
    };
    if (plan.control) result.control = { side: side('control'), ratio: ratioFigures(sets, 'control'), fair: ratioFigures(sets, 'measured', 'control') };
    console.error(`  ${plan.label}: ${describe(result)}`);
    return result;
  } finally {
    placement.restore();
  }
}

/**
 * One process set: the warm-up, then `cycles` cycles (fewer, at an even count of at least
 * MIN_CYCLES, once `budgetMs` is spent). The first set sets the requests per slot from the
 * baseline's rate after its warm-up; the others keep it.
 */
async function measureSet(
  plan: CpuRatioPlan,
  servers: Record<SideName, Server>,
  serverCpu: number | null,
  cycles: number,
  budgetMs: number,
  requestsPerSlot: number | undefined,
): Promise<{ slots: SetSlots; requestsPerSlot: number }> {
  const { slotMs = 350, warmUpRequests = 4000 } = plan;
  // measured, baseline, control; then control, baseline, measured.
  const forward: SideName[] = plan.control ? ['measured', 'baseline', 'control'] : ['measured', 'baseline'];
  // By request count, not time: the first few thousand requests of a fresh server run unoptimized
  // code (more of it on the side with more code). Two passes, so no side's warm-up is all before
  // or all after the others'.
  let baselineRate = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (const name of forward) {
      const warm = await slot(servers[name], plan, warmUpRequests / 2, serverCpu);
      if (name === 'baseline') baselineRate = warm.rps;
    }
  }
  const perSlot = requestsPerSlot ?? Math.max(100, Math.round((baselineRate * slotMs) / 1000));
  const slots: SetSlots = { baseline: [], measured: [], control: [] };
  const deadline = Date.now() + budgetMs;
  for (let done = 0; done < cycles && !(done >= MIN_CYCLES && done % 2 === 0 && Date.now() > deadline); done++) {
    const order = done % 2 === 0 ? forward : [...forward].reverse();
    for (const name of order) slots[name].push(await slot(servers[name], plan, perSlot, serverCpu));
  }
  return { slots, requestsPerSlot: perSlot };
}

const quartileText = ({ median: m, q1, q3 }: Quartiles) => `${m.toFixed(3)} (q1-q3 ${q1.toFixed(3)}-${q3.toFixed(3)})`;

const cost = (figures: SideFigures) => `${figures.cpu.toFixed(1)} µs CPU/req (user ${figures.user.toFixed(1)}; ${Math.round(figures.rps).toLocaleString('en-US')} req/s)`;

function conditions(result: CpuRatioResult): string {
  const others = result.others === null ? '' : `, other processes on their CPU ${(100 * result.others).toFixed(0)}%`;
  return `${result.placement}; servers busy ${(100 * result.busy).toFixed(0)}%${others}`;
}

function describe(result: CpuRatioResult): string {
  const parts = [
    `baseline ${cost(result.baseline)}`,
    `measured ${cost(result.measured)}`,
    `ratio ${quartileText(result.ratio.cpu)}, user only ${quartileText(result.ratio.user)}`,
  ];
  if (result.control) parts.push(`control ${cost(result.control.side)}, ratio ${quartileText(result.control.ratio.cpu)}, user only ${quartileText(result.control.ratio.user)}; control / measured ${quartileText(result.control.fair.cpu)}`);
  parts.push(`per process set ${result.ratio.perSet.map((r) => r.toFixed(3)).join(' / ')}${result.control ? `, control ${result.control.ratio.perSet.map((r) => r.toFixed(3)).join(' / ')}` : ''}`);
  parts.push(`${result.cycles} cycles in ${result.processSets} process sets, ${result.requestsPerSlot} requests per slot; ${conditions(result)}`);
  return parts.join('; ');
}

/** How the figure was taken, for the figure column. */
function method(result: CpuRatioResult, ratio: RatioFigures): string {
  return (
    `server CPU user+sys per request, median of ${result.cycles} adjacent-slot ratios, q1-q3 ${ratio.cpu.q1.toFixed(3)}-${ratio.cpu.q3.toFixed(3)}, ` +
    `per process set ${ratio.perSet.map((r) => r.toFixed(3)).join(' / ')}; user only ${quartileText(ratio.user)}; ` +
    `${result.requestsPerSlot} requests per slot; ${conditions(result)}`
  );
}

/** The control's bar: within this of 1.000, or the method is too noisy in this run to trust the figure. */
const CONTROL_TOLERANCE = 0.01;

/** The bench rows of one measurement: the figure against `target`, and its control. */
export function cpuRatioRows(result: CpuRatioResult, figure: string, target: number, controlFigure?: string): BenchRow[] {
  const rows: BenchRow[] = [{
    figure: `${figure} (${method(result, result.ratio)})`,
    target: `>= ${target}`,
    measured: cost(result.measured),
    baseline: cost(result.baseline),
    ratio: result.ratio.cpu.median,
    pass: result.ratio.cpu.median >= target,
  }];
  if (result.control) {
    // The control is a baseline process in the measured side's slot positions: control / measured
    // has no slot-order bias, which baseline / measured (the baseline always in the middle slot)
    // may have; the control row shows how much.
    const fair = result.control.fair;
    rows.push({
      figure: `${figure}, against the control process (a baseline in the measured side's slot positions) (${method(result, fair)})`,
      target: `>= ${target}`,
      measured: cost(result.measured),
      baseline: cost(result.control.side),
      ratio: fair.cpu.median,
      pass: fair.cpu.median >= target,
    });
  }
  if (result.control && controlFigure) {
    const { median: m } = result.control.ratio.cpu;
    rows.push({
      figure: `${controlFigure} (${method(result, result.control.ratio)})`,
      target: `${(1 - CONTROL_TOLERANCE).toFixed(2)}-${(1 + CONTROL_TOLERANCE).toFixed(2)}`,
      measured: cost(result.control.side),
      baseline: cost(result.baseline),
      ratio: m,
      pass: Math.abs(m - 1) <= CONTROL_TOLERANCE,
    });
  }
  return rows;
}
