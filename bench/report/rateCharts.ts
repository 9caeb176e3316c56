/**
 * The charts of a max-rate search as Vega-Lite specs: achieved throughput against the offered
 * rate, and p99 result latency (from the scheduled arrival) against the offered rate, one line per
 * engine, a point per trial.
 * Where the throughput line leaves the dashed diagonal and the latency line turns up is where an
 * engine stops keeping up. No Spark counterpart (the Yahoo benchmark's published latency-vs-rate
 * plots are the idea).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { EngineMaxRate } from '../engines/maxRate/runFindMaxRate.js';
import type { ChartSpec } from './charts.js';

const WIDTH = 560;
const HEIGHT = 260;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** One trial as a chart point. */
interface RatePoint {
  readonly engine: string;
  readonly offered: number;
  readonly achieved: number;
  /** p99 result latency counted from the scheduled arrival (from delivery for reports written before it was measured). */
  readonly p99Ms: number | null;
  readonly trial: 'sustained' | 'behind';
}

/** Every measured trial of every searched engine. */
export function ratePoints(engines: readonly EngineMaxRate[]): RatePoint[] {
  return engines.flatMap((e) =>
    'result' in e
      ? e.result.trials.flatMap((t) => (t.measured
        ? [{ engine: e.engine, offered: t.ratePerSec, achieved: t.measured.achievedPerSec, p99Ms: t.measured.fromScheduleP99Ms ?? t.measured.p99Ms, trial: t.isSustained ? 'sustained' as const : 'behind' as const }]
        : []))
      : [],
  );
}

const engineColor = (engines: readonly EngineMaxRate[]) => ({ field: 'engine', type: 'nominal' as const, title: 'engine', scale: { domain: engines.map((e) => e.engine) } });
const trialShape = { field: 'trial', type: 'nominal' as const, title: 'trial', scale: { domain: ['sustained', 'behind'], range: ['circle', 'cross'] } };
const offeredAxis = { field: 'offered', type: 'quantitative' as const, title: 'offered rate (records/s)', scale: { type: 'log' as const } };

/** Achieved records/s against the offered rate; the dashed diagonal is "achieved = offered". */
export function throughputVsRateChart(engines: readonly EngineMaxRate[]): ChartSpec | null {
  const values = ratePoints(engines).filter((p) => p.achieved > 0);
  if (values.length === 0) return null;
  const rates = values.map((p) => p.offered);
  const diagonal = [Math.min(...rates), Math.max(...rates)].map((rate) => ({ offered: rate, achieved: rate }));
  const spec: TopLevelSpec = {
    $schema: SCHEMA,
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: diagonal },
        mark: { type: 'line', color: '#999', strokeDash: [4, 4] },
        encoding: { x: offeredAxis, y: { field: 'achieved', type: 'quantitative', scale: { type: 'log' } } },
      },
      {
        data: { values },
        mark: { type: 'line', point: false },
        encoding: { x: offeredAxis, y: { field: 'achieved', type: 'quantitative', title: 'achieved (records/s)', scale: { type: 'log' } }, color: engineColor(engines) },
      },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 60 },
        encoding: { x: offeredAxis, y: { field: 'achieved', type: 'quantitative', scale: { type: 'log' } }, color: engineColor(engines), shape: trialShape },
      },
    ],
  };
  return {
    id: 'throughput-vs-rate',
    title: 'Throughput vs offered rate',
    caption: 'Records per second from the first arrival to the last output row of each trial, against the rate offered (log scales). '
      + 'An engine that keeps up sits just under the dashed diagonal (a micro-batch engine ends with its last batch after the last arrival); crosses are trials it fell behind in.',
    spec,
  };
}

/** p99 result latency against the offered rate (symmetric log scale, so sub-millisecond and second-long latencies share the axis). */
export function latencyVsRateChart(engines: readonly EngineMaxRate[]): ChartSpec | null {
  const values = ratePoints(engines).filter((p) => p.p99Ms !== null);
  if (values.length === 0) return null;
  const y = { field: 'p99Ms', type: 'quantitative' as const, title: 'p99 latency from schedule (ms)', scale: { type: 'symlog' as const } };
  return {
    id: 'latency-vs-rate',
    title: 'p99 latency vs offered rate',
    caption: 'The 99th percentile of result latency in each trial (for a stateless query: from a record\'s scheduled arrival to its output row, so a feed that fell behind its schedule is counted), against the rate offered. Crosses are trials the engine fell behind in.',
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: HEIGHT,
      data: { values },
      layer: [
        { mark: { type: 'line' }, encoding: { x: offeredAxis, y, color: engineColor(engines) } },
        { mark: { type: 'point', filled: true, size: 60 }, encoding: { x: offeredAxis, y, color: engineColor(engines), shape: trialShape } },
      ],
    },
  };
}

/** The rate charts that have data, in page order. */
export function rateCharts(engines: readonly EngineMaxRate[]): ChartSpec[] {
  return [throughputVsRateChart(engines), latencyVsRateChart(engines)].filter((chart): chart is ChartSpec => chart !== null);
}
