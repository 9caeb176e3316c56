/**
 * Where the DStream engine's arrival-to-output tail comes from in target 5's latency run: one
 * real-time run of the filter workload at one rate, as runRateTrial drives it (driveRunner in real
 * mode, 100 ms batches), with every batch's timeline recorded: the batch time, when the job
 * generator's timer fired, when the jobs were queued and started, when the rows reached the sink,
 * the records in it, the latency of its records, the harness feed's lateness and the GC pauses
 * in between. No Spark counterpart: the figures Spark's streaming UI shows per batch (scheduling
 * delay, processing time), plus what the harness and V8 did around them.
 *
 * Usage: npx tsx bench/perf/dstreamBatchTimeline.ts [rate=220000] [durationMs=4000] [runs=1] [--batches] [--warm-up-ms=1000]
 *          [--driver=worker|event-loop] [--cpu-prof=DIR]
 *   --driver: who delivers the schedule (default event-loop, this tool's first form; worker: a thread of its own, as
 *             target 5's runs: latency is then counted from the scheduled arrival, the worker's delivery being ~0.1 ms late)
 *   --cpu-prof: a CPU profile of each run's drive up to the engine's end (not the input's generation, the exact answer or the comparison), in DIR
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import { join } from 'node:path';
import { FeedInputDStream } from '../engines/dstream/FeedInputDStream.js';
import { DStreamRunner } from '../engines/dstreamRunner.js';
import type { DStreamBatchRecord } from '../engines/dstreamRunner.js';
import { driveRunner } from '../harness/driveRunner.js';
import type { EngineRunner } from '../harness/EngineRunner.js';
import { PerformanceClock } from '../harness/PerformanceClock.js';
import type { RealTimeDriver } from '../harness/driveRunner.js';
import { resolveParams } from '../harness/resolveParams.js';
import { filter } from '../workloads/filter.js';
import { observeGcPauses } from './gcPauses.js';
import type { FilterEvent } from '../workloads/filter.js';

const BATCH_MS = 100;
const BOUND_MS = BATCH_MS + 20;

/**
 * The wall clock of a run, reading 0 when first read (as driveRunner's own clock, made once the
 * schedule is grouped), that notes when the batch timer's waits end.
 */
class TracingClock extends PerformanceClock {
  /** Batch time -> the reading when the job generator's wait for it returned. */
  readonly timerFiredMs = new Map<number, number>();
  /** Batch time -> the process's CPU time (user + system, ms) when the timer's wait returned. */
  readonly cpuAtFireMs = new Map<number, number>();

  #originMs: number | undefined;

  /** performance.now() at the clock's zero: its first reading (a PerformanceClock only for the worker driver's check). */
  get originMs(): number {
    return (this.#originMs ??= performance.now());
  }

  override getTimeMillis(): number {
    return performance.now() - this.originMs;
  }

  override async waitTillTime(targetMs: number): Promise<number> {
    // Only the job generator's timer waits on multiples of the interval from a RecurringTimer frame.
    const isTimer = targetMs % BATCH_MS === 0 && (new Error().stack ?? '').includes('RecurringTimer');
    for (;;) {
      const nowMs = this.getTimeMillis();
      if (nowMs >= targetMs) {
        if (isTimer) {
          this.timerFiredMs.set(targetMs, nowMs);
          const cpu = process.cpuUsage();
          this.cpuAtFireMs.set(targetMs, (cpu.user + cpu.system) / 1000);
        }
        return nowMs;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.ceil(targetMs - nowMs))));
    }
  }
}

interface Trace {
  readonly batches: DStreamBatchRecord[];
  /** Record id -> when the harness delivered it. */
  readonly deliveredMs: Float64Array;
  /** Record id -> when its row reached the sink (NaN: dropped by the filter). */
  readonly emittedMs: Float64Array;
  /** Sink stamp -> when the harness's collector took the batch's last row (its per-row bookkeeping ends). */
  readonly collectedMs: Map<number, number>;
  /** Batch time -> when the input's compute (drain the feed, parallelize) began and ended. */
  readonly inputMs: Map<number, [number, number]>;
}

/** Told when the engine's run ends (the CPU profile stops there). */
let onRunEnd: () => void = () => undefined;
/** Where FeedInputDStream.compute reports its start and end (patched once, for every run of this tool). */
let onInputCompute: (batchTimeMs: number, startMs: number, endMs: number) => void = () => undefined;
const compute = FeedInputDStream.prototype.compute;
FeedInputDStream.prototype.compute = function (this: FeedInputDStream<FilterEvent>, validTime) {
  const startMs = performance.now();
  const rdd = compute.call(this, validTime);
  onInputCompute(validTime.milliseconds, startMs, performance.now());
  return rdd;
};

/** The DStream runner with its feed's deliveries and its sink's rows noted per record id. */
function tracingRunner(events: number, clock: TracingClock, driver: RealTimeDriver): { runner: EngineRunner; trace: Trace } {
  const trace: Trace = { batches: [], deliveredMs: new Float64Array(events).fill(NaN), emittedMs: new Float64Array(events).fill(NaN), collectedMs: new Map(), inputMs: new Map() };
  onInputCompute = (batchTimeMs, startMs, endMs) => trace.inputMs.set(batchTimeMs, [startMs - clock.originMs, endMs - clock.originMs]);
  const inner = new DStreamRunner({ onBatch: (b) => void trace.batches.push(b) });
  const runner: EngineRunner = {
    name: inner.name,
    description: inner.description,
    unsupportedReason: (w) => inner.unsupportedReason(w),
    run: (workload, feed, options) => {
      // A driver thread delivers ~0.1 ms late (the caller fills in the schedule); on the event loop, note each delivery.
      const deliver = feed.deliver.bind(feed);
      if (driver === 'event-loop') {
        feed.deliver = (group, arrivalTimeMs) => {
          const nowMs = clock.getTimeMillis();
          for (const event of group) trace.deliveredMs[(event as FilterEvent).id] = nowMs;
          deliver(group, arrivalTimeMs);
        };
      }
      const running = inner.run(workload, feed, {
        ...options,
        onOutput: (row, emittedAtMs) => {
          const stamp = emittedAtMs ?? clock.getTimeMillis();
          trace.emittedMs[Number(row.key)] = stamp;
          options.onOutput(row, emittedAtMs);
          trace.collectedMs.set(stamp, clock.getTimeMillis());
        },
      });
      // The engine's run is over: the profile stops before the harness compares with the exact answer.
      return running.finally(() => onRunEnd());
    },
  };
  return { runner, trace };
}

function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');

interface RunSettings {
  readonly printBatches: boolean;
  readonly driver: RealTimeDriver;
  /** Where to write a CPU profile of the drive, if anywhere. */
  readonly profileDir: string | undefined;
}

let profiles = 0;

async function runOnce(ratePerSec: number, durationMs: number, { printBatches, driver, profileDir }: RunSettings): Promise<{ p50: number; p99: number; harnessP50: number | null; harnessP99: number | null }> {
  const params = resolveParams(filter, { ratePerSec, durationMs, batchIntervalMs: BATCH_MS, realTime: true });
  const events = filter.generate(params, filter.defaultSeed);
  const oracle = filter.oracle(events, params);
  // After the oracle, as driveRunner makes its clock: the run's zero is when the feed starts.
  const clock = new TracingClock();
  const gcPauses = observeGcPauses();
  const { runner, trace } = tracingRunner(events.length, clock, driver);
  if (driver === 'worker') for (let id = 0; id < events.length; id++) trace.deliveredMs[id] = (events[id] as FilterEvent).arrivalTimeMs;
  const load = os.loadavg();
  const session = profileDir === undefined ? undefined : new Session();
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  const startCpu = process.cpuUsage();
  let cpu = startCpu;
  let profiled: Promise<unknown> | undefined;
  onRunEnd = () => {
    cpu = process.cpuUsage(startCpu);
    profiled = session?.post('Profiler.stop');
  };
  const { measurement } = await driveRunner(runner, filter, events, oracle, { mode: 'real', params, seed: filter.defaultSeed, batchIntervalMs: BATCH_MS, watermarkMs: 0, clock, realTimeDriver: driver });
  if (session && profileDir !== undefined) {
    const { profile } = (await profiled) as { profile: unknown };
    mkdirSync(profileDir, { recursive: true });
    const file = join(profileDir, `dstream-${ratePerSec}-run${++profiles}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    console.log(`  CPU profile of the drive: ${file}`);
  }
  const gcs = gcPauses.stop().map((g) => ({ ...g, startMs: g.startMs - clock.originMs }));

  // Per record: its latency, the batch it went out with (rows of one batch share the sink's stamp).
  const latencies: number[] = [];
  const byEmit = new Map<number, { lat: number[]; feedLateMax: number; firstDelivered: number; lastDelivered: number }>();
  for (let id = 0; id < events.length; id++) {
    const emitted = trace.emittedMs[id] as number;
    if (Number.isNaN(emitted)) continue;
    const delivered = trace.deliveredMs[id] as number;
    const lat = emitted - delivered;
    latencies.push(lat);
    let b = byEmit.get(emitted);
    if (!b) byEmit.set(emitted, (b = { lat: [], feedLateMax: 0, firstDelivered: Infinity, lastDelivered: -Infinity }));
    b.lat.push(lat);
    b.feedLateMax = Math.max(b.feedLateMax, delivered - (events[id] as FilterEvent).arrivalTimeMs);
    b.firstDelivered = Math.min(b.firstDelivered, delivered);
    b.lastDelivered = Math.max(b.lastDelivered, delivered);
  }
  latencies.sort((a, b) => a - b);
  const feedLate = Array.from(trace.deliveredMs, (d, id) => d - (events[id] as FilterEvent).arrivalTimeMs).sort((a, b) => a - b);
  const over = latencies.filter((l) => l > BOUND_MS).length;
  const emits = [...byEmit.keys()].sort((a, b) => a - b);
  // Each batch's sink stamp: the first emit at or after its processing end - its job time.
  const sinkOf = (b: DStreamBatchRecord): number | undefined => emits.find((e) => e >= b.processingStartTimeMs && e <= b.processingEndTimeMs + 0.001);

  console.log(`\nrate ${ratePerSec}/s, ${durationMs} ms, ${events.length} records, load ${load.map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`  harness: p50 ${f1(measurement.latency?.p50Ms ?? NaN)} p99 ${f1(measurement.latency?.p99Ms ?? NaN)} max ${f1(measurement.latency?.maxMs ?? NaN)}; exact: p50 ${f1(quantile(latencies, 0.5))} p90 ${f1(quantile(latencies, 0.9))} p99 ${f1(quantile(latencies, 0.99))} max ${f1(latencies[latencies.length - 1] ?? NaN)}; ${over}/${latencies.length} rows > ${BOUND_MS} ms`);
  const rows: string[][] = [];
  const parts: Record<string, number[]> = { 'timer late': [], 'input compute': [], 'rest of generation': [], 'queued': [], 'job to rows collected': [], 'output loop (harness)': [], 'job end after output': [], 'T to sink': [], 'GC in [fired, sink)': [] };
  const note = (part: string, ms: number) => void (Number.isFinite(ms) && parts[part]?.push(ms));
  let prevSink = 0;
  for (const b of trace.batches) {
    const sink = sinkOf(b);
    const input = trace.inputMs.get(b.batchTimeMs);
    const firedAt = clock.timerFiredMs.get(b.batchTimeMs) ?? NaN;
    const collectedAt = sink === undefined ? NaN : (trace.collectedMs.get(sink) ?? NaN);
    if (b.records > 0) {
      note('timer late', firedAt - b.batchTimeMs);
      note('input compute', input ? input[1] - input[0] : NaN);
      note('rest of generation', b.submissionTimeMs - firedAt - (input ? input[1] - input[0] : 0));
      note('queued', b.processingStartTimeMs - b.submissionTimeMs);
      note('job to rows collected', (sink ?? NaN) - b.processingStartTimeMs);
      note('output loop (harness)', collectedAt - (sink ?? NaN));
      note('job end after output', b.processingEndTimeMs - collectedAt);
      note('T to sink', (sink ?? NaN) - b.batchTimeMs);
      note('GC in [fired, sink)', gcs.filter((g) => g.startMs >= firedAt && g.startMs < (sink ?? NaN)).reduce((total, g) => total + g.durationMs, 0));
    }
    const stats = sink === undefined ? undefined : byEmit.get(sink);
    const lat = stats ? [...stats.lat].sort((x, y) => x - y) : [];
    const t = b.batchTimeMs;
    const fired = clock.timerFiredMs.get(t);
    const inWindow = gcs.filter((g) => g.startMs >= t - BATCH_MS && g.startMs < (sink ?? b.processingEndTimeMs));
    const gcDuring = gcs.filter((g) => g.startMs >= t - BATCH_MS && g.startMs < (fired ?? t));
    const gcJob = gcs.filter((g) => g.startMs >= (fired ?? t) && g.startMs < b.processingEndTimeMs);
    const collected = sink === undefined ? undefined : trace.collectedMs.get(sink);
    // The process's CPU share between the previous tick and this one: well under 100% with the timer late means the OS ran others.
    const prevFired = clock.timerFiredMs.get(t - BATCH_MS);
    const cpuShare = fired === undefined || prevFired === undefined ? NaN : ((clock.cpuAtFireMs.get(t) as number) - (clock.cpuAtFireMs.get(t - BATCH_MS) as number)) / (fired - prevFired);
    rows.push([
      String(t),
      f1((fired ?? NaN) - t),
      f1(input ? input[1] - input[0] : NaN),
      f1(b.submissionTimeMs - t),
      f1(b.processingStartTimeMs - t),
      f1(b.processingEndTimeMs - b.processingStartTimeMs),
      f1((sink ?? NaN) - t),
      f1((collected ?? NaN) - (sink ?? NaN)),
      String(b.records),
      String(lat.length),
      f1(quantile(lat, 0.5)),
      f1(quantile(lat, 0.99)),
      f1(lat[lat.length - 1] ?? NaN),
      String(lat.filter((l) => l > BOUND_MS).length),
      f1(stats?.feedLateMax ?? NaN),
      Number.isFinite(cpuShare) ? `${Math.round(cpuShare * 100)}%` : '-',
      f1((stats?.lastDelivered ?? NaN) - t),
      `${gcDuring.length}:${f1(gcDuring.reduce((s, g) => s + g.durationMs, 0))}`,
      `${gcJob.length}:${f1(gcJob.reduce((s, g) => s + g.durationMs, 0))}`,
      inWindow.filter((g) => g.kind !== 'scavenge' || g.durationMs >= 10).map((g) => `${g.kind}@${f1(g.startMs - t)}/${f1(g.durationMs)}`).join(' '),
    ]);
    prevSink = sink ?? prevSink;
  }
  if (printBatches) {
    const header = ['T', 'fired', 'input', 'subm', 'start', 'proc', 'sink', 'collect', 'recs', 'rows', 'p50', 'p99', 'max', '>120', 'feedLate', 'cpu', 'lastDeliv', 'gcBefore', 'gcJob', 'gc >=10ms or not scavenge (start rel T/ms)'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (r: string[]) => '  ' + r.map((c, i) => (i === r.length - 1 ? c : c.padStart(widths[i] as number))).join(' ');
    console.log('  times in ms relative to the batch time T (fired: timer wait returned; input: the input DStream\'s compute, ms; subm: jobs queued; start: job started; proc: job duration; sink: rows at the sink;');
    console.log('  collect: the harness collector\'s per-row bookkeeping after the stamp; feedLate: latest delivery after schedule; cpu: process CPU / wall since the previous tick; gcBefore: GC in [T-100, fired); gcJob: GC in [fired, job end))');
    console.log(line(header));
    for (const r of rows) console.log(line(r));
  }
  console.log(`  per batch with records (${parts['T to sink']?.length} batches), ms mean / p50 / p90 / max; CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms over the engine's run (all threads):`);
  for (const [part, values] of Object.entries(parts)) {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(`    ${part.padEnd(24)} ${f1(sorted.reduce((total, x) => total + x, 0) / Math.max(1, sorted.length)).padStart(6)} ${f1(quantile(sorted, 0.5)).padStart(6)} ${f1(quantile(sorted, 0.9)).padStart(6)} ${f1(sorted[sorted.length - 1] ?? NaN).padStart(6)}`);
  }
  const gcTotal = gcs.reduce((s, g) => s + g.durationMs, 0);
  const byKind = new Map<string, { n: number; ms: number; max: number }>();
  for (const g of gcs) {
    const k = byKind.get(g.kind) ?? { n: 0, ms: 0, max: 0 };
    byKind.set(g.kind, { n: k.n + 1, ms: k.ms + g.durationMs, max: Math.max(k.max, g.durationMs) });
  }
  console.log(`  feed: records delivered after their schedule by p50 ${f1(quantile(feedLate, 0.5))} p90 ${f1(quantile(feedLate, 0.9))} p99 ${f1(quantile(feedLate, 0.99))} max ${f1(feedLate[feedLate.length - 1] ?? NaN)} ms`);
  console.log(`  GC: ${gcs.length} pauses, ${f1(gcTotal)} ms; ${[...byKind].map(([k, v]) => `${k} ${v.n}x ${f1(v.ms)} ms (max ${f1(v.max)})`).join(', ')}`);
  const late = trace.batches.map((b) => (clock.timerFiredMs.get(b.batchTimeMs) ?? NaN) - b.batchTimeMs).filter(Number.isFinite).sort((a, b) => a - b);
  const proc = trace.batches.map((b) => b.processingEndTimeMs - b.batchTimeMs).sort((a, b) => a - b);
  console.log(`  timer lateness p50 ${f1(quantile(late, 0.5))} p90 ${f1(quantile(late, 0.9))} max ${f1(late[late.length - 1] ?? NaN)}; batch end - T p50 ${f1(quantile(proc, 0.5))} p90 ${f1(quantile(proc, 0.9))} max ${f1(proc[proc.length - 1] ?? NaN)}`);
  return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), harnessP50: measurement.latency?.p50Ms ?? null, harnessP99: measurement.latency?.p99Ms ?? null };
}

const args = process.argv.slice(2);
const positional = args.filter((a) => !a.startsWith('--'));
const rate = Number(positional[0] ?? 220_000);
const duration = Number(positional[1] ?? 4000);
const runs = Number(positional[2] ?? 1);
const warmUpMs = Number(args.find((a) => a.startsWith('--warm-up-ms='))?.split('=')[1] ?? 1000);
const printBatches = args.includes('--batches');
const driverArg = args.find((a) => a.startsWith('--driver='))?.split('=')[1] ?? 'event-loop';
if (driverArg !== 'worker' && driverArg !== 'event-loop') throw new Error(`--driver=${driverArg}: expected worker (a thread of its own) or event-loop (the main thread's 1 ms timer)`);
const settings: RunSettings = { printBatches, driver: driverArg, profileDir: args.find((a) => a.startsWith('--cpu-prof='))?.split('=')[1] };
if (warmUpMs > 0) {
  // As the search does before its first trial: loads and compiles the engine's code, unrecorded.
  const params = resolveParams(filter, { ratePerSec: rate, durationMs: warmUpMs, batchIntervalMs: BATCH_MS, realTime: true });
  const events = filter.generate(params, filter.defaultSeed);
  await driveRunner(new DStreamRunner(), filter, events, filter.oracle(events, params), { mode: 'real', params, seed: filter.defaultSeed, batchIntervalMs: BATCH_MS, watermarkMs: 0 });
}
const results = [];
for (let i = 0; i < runs; i++) results.push(await runOnce(rate, duration, settings));
console.log(`\nsummary ${rate}/s x${runs}: exact p50 ${results.map((r) => f1(r.p50)).join(', ')}; exact p99 ${results.map((r) => f1(r.p99)).join(', ')}; harness p99 ${results.map((r) => f1(r.harnessP99 ?? NaN)).join(', ')}`);
