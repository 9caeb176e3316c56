/**
 * The BENCHMARKS.md tables of the long and real-time runs: state, heap and batch time per batch
 * (with the keys each batch touched, so a cost that follows the total state rather than the keys
 * touched shows), throughput of the same query at several sizes, and the max-rate search with
 * latency at half the rate found. No Spark counterpart.
 */
import { trialSlackMs } from '../engines/maxRate/rateTrial.js';
import type { DStreamLinearityRun } from './dstreamLinearity.js';
import { DEFAULT_LATENCY_RUNS } from './maxRateLatency.js';
import type { MaxRateLatency } from './maxRateLatency.js';
import { curveRecordsPerSec } from './stateCurve.js';
import type { CurvePoint, StateCurve } from './stateCurve.js';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (value: number | null | undefined, digits = 2) => (value === null || value === undefined ? '-' : value.toFixed(digits));

/** Batch milliseconds per 1,000 state rows the batch wrote. */
const msPerThousandKeys = (p: CurvePoint) => (p.rowsUpdated === 0 ? '-' : ((p.batchMs * 1000) / p.rowsUpdated).toFixed(1));

/** Mean batch ms per 1,000 keys touched over some points. */
function meanCost(points: readonly CurvePoint[]): string {
  const updated = points.reduce((sum, p) => sum + p.rowsUpdated, 0);
  return updated === 0 ? '-' : ((points.reduce((sum, p) => sum + p.batchMs, 0) * 1000) / updated).toFixed(1);
}

/** State store ms (updates, removals, commit) per 1,000 keys touched over some points, when timed. */
function storeCost(points: readonly CurvePoint[]): string {
  const updated = points.reduce((sum, p) => sum + p.rowsUpdated, 0);
  return updated === 0 ? '-' : ((points.reduce((sum, p) => sum + storeMs(p), 0) * 1000) / updated).toFixed(2);
}

const storeMs = (p: CurvePoint) => (p.store ? p.store.updatesMs + p.store.removalsMs + p.store.commitMs : 0);

/** The state curves: about ten rows each, with keys touched and total state side by side. */
export function curveSection(curves: readonly StateCurve[]): string[] {
  return curves.flatMap((c) => {
    const tenth = Math.max(1, Math.floor(c.points.length / 10));
    const first = c.points.slice(0, tenth);
    const last = c.points.slice(-tenth);
    const timedStore = c.points.every((p) => p.store !== undefined);
    const rows = c.points.filter((_, i) => i % tenth === 0 || i === c.points.length - 1);
    return [
      `${c.options.withWatermark ? 'With a 10-second watermark' : 'Without a watermark'}: records/s over each third of the run`
        + `${c.thirdsRuns ? ` (pooled over the ${c.thirdsRuns} interleaved runs of this size in the linearity step)` : ''} ${c.thirdsRecordsPerSec.map(int).join(', ')}`
        // Per CPU-second of the process too: on a shared 2-core machine the wall-time thirds of one run move by ~20% with the neighbours' load.
        + `${c.thirdsRecordsPerCpuSec ? ` (per CPU-second of the process, every thread: ${c.thirdsRecordsPerCpuSec.map(int).join(', ')})` : ''}. `
        + `Batch ms per 1,000 keys touched: ${meanCost(first)} over the first tenth of the batches (total state ${int(first[first.length - 1]?.stateRows ?? 0)} rows), `
        + `${meanCost(last)} over the last tenth (total state ${int(last[last.length - 1]?.stateRows ?? 0)} rows).`
        + (timedStore ? ` State store ms per 1,000 keys touched (the query's allUpdatesTimeMs, allRemovalsTimeMs and commitTimeMs): ${storeCost(first)} over the first tenth, ${storeCost(last)} over the last tenth.` : '')
        + (c.heapFrom === 'second run'
          ? ` Batch times${timedStore ? ', state store times' : ''} and records/s come from a run in which only V8 collects; heap (after two full collections at the end of every batch) from a second run of the same query and data.`
          : ''),
      '',
      `| events | batch ms | heap MB | state rows (total) | rows updated (keys touched) | ms per 1k keys touched |${timedStore ? ' store updates ms | store removals ms | store commit ms | store ms per 1k keys touched |' : ''}`,
      `|---:|---:|---:|---:|---:|---:|${timedStore ? '---:|---:|---:|---:|' : ''}`,
      ...rows.map((p) => `| ${int(p.events)} | ${p.batchMs.toFixed(0)} | ${p.heapMb.toFixed(1)} | ${int(p.stateRows)} | ${int(p.rowsUpdated)} | ${msPerThousandKeys(p)} |`
        + (timedStore && p.store ? ` ${p.store.updatesMs.toFixed(1)} | ${p.store.removalsMs.toFixed(1)} | ${p.store.commitMs.toFixed(1)} | ${storeCost([p])} |` : '')),
      '',
    ];
  });
}

/** The linearity runs: the same query at each size, whole-run throughput against the smallest. */
export function linearitySection(runs: readonly StateCurve[], note: string | undefined): string[] {
  if (runs.length === 0) return [`Not run${note ? ` (${note})` : ''}.`, ''];
  if (runs.every((c) => c.pooled !== undefined)) return pooledLinearitySection(runs, note);
  const base = curveRecordsPerSec(runs[0] as StateCurve);
  return [
    `Runs: ${runs.map((c) => int(c.options.events)).join(', ')} events${note ? `; ${note}` : ''}${warmUpNote(runs)}. Throughput is every event over the sum of the batch times (${runs.every((c) => c.heapFrom === 'second run' || c.options.heapMeasure === 'none') ? 'generation excluded; in the timed run only V8 collects' : 'generation and the per-batch full GC excluded'}).`,
    '',
    `| events | batches | batch time s | records/s | x the ${int(runs[0]?.options.events ?? 0)} run | longest batch ms | state rows at the end |`,
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...runs.map((c) => {
      const rate = curveRecordsPerSec(c);
      const totalMs = c.points.reduce((sum, p) => sum + p.batchMs, 0);
      return `| ${int(c.options.events)} | ${c.points.length} | ${(totalMs / 1000).toFixed(1)} | ${int(rate)} | ${(rate / base).toFixed(2)} | ${Math.max(...c.points.map((p) => p.batchMs)).toFixed(0)} | ${int(c.points[c.points.length - 1]?.stateRows ?? 0)} |`;
    }),
    '',
  ];
}

/**
 * The linearity sizes measured as stateLinearityInterleaved measures them: several runs per size,
 * interleaved and pooled, with V8's major collections inside the timed batches beside each figure.
 */
function pooledLinearitySection(runs: readonly StateCurve[], note: string | undefined): string[] {
  const base = curveRecordsPerSec(runs[0] as StateCurve);
  const perCpu = (c: StateCurve) => (c.pooled!.totalCpuMs === 0 ? '-' : int((c.pooled!.runs * c.options.events * 1000) / c.pooled!.totalCpuMs));
  return [
    `Runs: ${runs.map((c) => int(c.options.events)).join(', ')} events${note ? `; ${note}` : ''}. After one unmeasured run of ${int(runs[0]?.pooled?.warmUpEvents ?? 0)} events, `
      + 'each size runs several times (at least 3 and at least 10M events), the runs of all sizes interleaved in rounds so the machine\'s load falls on every size alike, '
      + 'in a process of its own (the suite\'s process holds the yahoo step\'s data, and every major collection there marks it: ~200 ms each). '
      + 'records/s is every event of every run over the sum of their batch times (pooled; generation excluded, only V8 collects); each run\'s own rate is listed. '
      + 'A major collection adds 20-300 ms to the batch it falls in: their count and main-thread pauses inside the timed batches are given per size.',
    '',
    `| events | runs | batches | batch time s | records/s | records per CPU-second | x the ${int(runs[0]?.options.events ?? 0)} size | median batch ms | longest batch ms | major GCs (main-thread ms) | each run's records/s | state rows at the end |`,
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|',
    ...runs.map((c) => {
      const p = c.pooled!;
      const rate = curveRecordsPerSec(c);
      const gc = `${p.collections.majorCount} (${(p.collections.majorMs + p.collections.incrementalMs).toFixed(0)})`;
      return `| ${int(c.options.events)} | ${p.runs} | ${c.points.length} | ${(p.totalBatchMs / 1000).toFixed(1)} | ${int(rate)} | ${perCpu(c)} | ${(rate / base).toFixed(2)} | `
        + `${p.medianBatchMs.toFixed(0)} | ${Math.max(...c.points.map((q) => q.batchMs)).toFixed(0)} | ${gc} | ${p.runRecordsPerSec.map(int).join(', ')} | ${int(c.points[c.points.length - 1]?.stateRows ?? 0)} |`;
    }),
    '',
  ];
}

/** The DStream windowed count at each size: pooled throughput of its runs against the smallest size. */
export function dstreamLinearitySection(runs: readonly DStreamLinearityRun[]): string[] {
  if (runs.length === 0) return [];
  const base = (runs[0] as DStreamLinearityRun).recordsPerSec;
  const warmUps = runs.map((r) => r.warmUpMs).filter((ms): ms is number => ms !== undefined);
  const method = runs.every((r) => r.runs === undefined)
    ? 'One run per size (after one unmeasured 500k-record run).'
    : `Each size after an unmeasured warm-up of ${warmUps.length ? `${secondsRange(warmUps)} s` : 'none'} (whole 1M-event runs, as Spark's Benchmark warms up for 2 s), `
      + 'then measured over several runs (at least 3 and at least 10M events: a 1M run is one window, and the full collection that comes every ~5-10 windows would '
      + 'otherwise fall in it or not by chance); records/s is every event over every timed second of the runs (pooled), and each run\'s own rate is listed.';
  return [
    'DStream: `map((key, 1)).reduceByKeyAndWindow(+, 10 batches, 10 batches)` over batches of 100k records (1000 keys) on a manual clock, '
      + `each batch generated before its timed step. Jobs run when a window closes, so time is per window. ${method}`,
    '',
    '| events | runs | windows | batch time s | records/s | records per CPU-second | x the first size | longest window ms | each run\'s records/s | records/s per third of the windows | counted |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|',
    ...runs.map((r) => `| ${int(r.options.events)} | ${r.runs ?? 1} | ${r.windows} | ${(r.totalBatchMs / 1000).toFixed(1)} | ${int(r.recordsPerSec)} | ${r.recordsPerCpuSec ? int(r.recordsPerCpuSec) : '-'} | `
      + `${(r.recordsPerSec / base).toFixed(2)} | ${r.maxWindowMs.toFixed(0)} | ${(r.runRecordsPerSec ?? [r.recordsPerSec]).map(int).join(', ')} | ${r.thirdsRecordsPerSec.map((x) => (x === 0 ? '-' : int(x))).join(', ')} | ${int(r.counted)} |`),
    '',
  ];
}

/** The max-rate search per engine (every trial) and the latency run at half the rate found. */
export function maxRateSection(maxRate: MaxRateLatency | undefined): string[] {
  if (!maxRate) return ['Not run.', ''];
  const o = maxRate.options;
  const summary = maxRate.engines.map((e) => {
    if ('unsupported' in e.search) return `| ${e.engine} | ${e.batchIntervalMs} | unsupported | | | | | | |`;
    const r = e.search.result;
    const m = e.atHalfRate?.measured;
    return `| ${e.engine} | ${e.engine === 'continuous' ? '-' : e.batchIntervalMs} | ${r.maxSustainedRatePerSec === null ? 'none' : int(r.maxSustainedRatePerSec)} | ${r.firstFailingRatePerSec === null ? 'none tried' : int(r.firstFailingRatePerSec)} | ${e.atHalfRate ? int(e.atHalfRate.ratePerSec) : '-'} | ${ms(m?.p50Ms)} | ${ms(m?.p99Ms)} | ${ms(m?.maxMs, 1)} | ${m ? `${int(m.rowsRight)}/${int(m.rowsExpected)}` : '-'} |`;
  });
  const trials = maxRate.engines.flatMap((e) =>
    'result' in e.search
      ? e.search.result.trials.map((t) => `| ${e.engine} | ${int(t.ratePerSec)} | ${t.measured ? int(t.measured.achievedPerSec) : '-'} | ${ms(t.measured?.p50Ms)} | ${ms(t.measured?.p99Ms)} | ${t.isSustained ? 'sustained' : 'behind'} | ${t.reason.replace(/\|/g, '/')} |`)
      : [],
  );
  return [
    `Workload \`${maxRate.workload}\` (a stateless filter keeping half the records), real time. Search: from ${int(o.startRatePerSec)} records/s, x${o.growthFactor} per step (at most ${o.maxGrowthSteps}), `
      + `then at most ${o.maxRefineSteps} bisection step(s); ${o.stepDurationMs / 1000} s per trial, after an unrecorded ${o.warmUpMs / 1000} s warm-up run. A trial is sustained when every batch after the first fits the interval `
      + `and the last row is out no later than the model needs after the last arrival (+${trialSlackMs(o.stepDurationMs)} ms). Latency is then measured in `
      + `${runsAtHalfRate(o.latencyRuns, o.latencyRunMs)} at half the highest sustained rate: from the moment the harness delivered a record to the moment its row reached the engine's sink. `
      + `With several runs, the row shows the median run by p99 from the scheduled arrival (the per-run table is with target 5 above).`,
    '',
    '| engine | batch interval ms | highest sustained records/s | first behind at | half rate | p50 ms | p99 ms | max ms | rows right |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...summary,
    '',
    'Every trial (`twinstream compare --workload filter --engines structured,continuous,dstream --find-max-rate --batch-interval 100ms --html FILE` draws these as curves):',
    '',
    '| engine | offered records/s | achieved records/s | p50 ms | p99 ms | verdict | why |',
    '|---|---:|---:|---:|---:|---|---|',
    ...trials,
    '',
  ];
}

/** `1.2-3.4` over the values in seconds, or one figure when they round alike. */
/** "one 4 s run" or "3 runs of 4 s each". */
function runsAtHalfRate(runs: number | undefined, runMs: number): string {
  const n = runs ?? DEFAULT_LATENCY_RUNS;
  return n === 1 ? `one ${runMs / 1000} s run` : `${n} runs of ${runMs / 1000} s each`;
}

function secondsRange(ms: readonly number[]): string {
  const [low, high] = [Math.min(...ms), Math.max(...ms)].map((x) => (x / 1000).toFixed(1));
  return low === high ? (low as string) : `${low}-${high}`;
}

/** Says that each run followed an unmeasured warm-up, when every run did. */
function warmUpNote(runs: readonly StateCurve[]): string {
  const warmUps = runs.map((c) => c.options.warmUpEvents ?? 0);
  if (warmUps.some((n) => n === 0)) return '';
  return `; each after an unmeasured run of ${warmUps.every((n) => n === warmUps[0]) ? int(warmUps[0] as number) : 'several'} events of the same query (the first batches of a cold run carry the JIT's compilation of the stateful path)`;
}
