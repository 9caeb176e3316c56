/**
 * The HTML report's charts as Vega-Lite specs, one function per chart, each returning null when
 * there is nothing to draw: latency distribution, throughput over time, event time against
 * arrival time with the watermark, correctness per window, state size over time. No Spark
 * counterpart (the Spark UI's Structured Streaming tab draws similar timelines).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { BenchReport } from './BenchReport.js';

/** One chart: a title, a caption saying how to read it, and its spec. */
export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly spec: TopLevelSpec;
}

const WIDTH = 560;
const HEIGHT = 240;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const okEngines = (report: BenchReport): BenchReport['engines'] => report.engines.filter((m) => m.status === 'ok');

const engineColor = (report: BenchReport): { field: string; type: 'nominal'; title: string; scale: { domain: string[] } } => ({
  field: 'engine',
  type: 'nominal',
  title: 'engine',
  scale: { domain: report.engines.map((m) => m.engine) },
});

/** Latency at each percentile, one line per engine. */
export function latencyChart(report: BenchReport): ChartSpec | null {
  const values = okEngines(report).flatMap((m) => m.latencyCurve.map((point) => ({ engine: m.engine, ...point })));
  if (values.length === 0) return null;
  return {
    id: 'latency',
    title: 'Latency distribution',
    caption: `Result latency at each percentile (${report.run.mode === 'virtual' ? 'structural, virtual time' : 'measured, real time'}): from a row's last input to the first correct output.`,
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: HEIGHT,
      data: { values },
      mark: { type: 'line', point: false, interpolate: 'step-after' },
      encoding: {
        x: { field: 'percent', type: 'quantitative', title: 'percentile' },
        y: { field: 'latencyMs', type: 'quantitative', title: 'latency (ms)' },
        color: engineColor(report),
      },
    },
  };
}

/** Output rows per second of processing time per engine, with the input rate dashed. */
export function throughputChart(report: BenchReport): ChartSpec | null {
  const engines = okEngines(report);
  const values = engines.flatMap((m) =>
    m.throughput.series.map((p) => ({ engine: m.engine, timeS: p.processingTimeMs / 1000, perSec: (p.rows * 1000) / m.throughput.bucketMs, series: 'rows out' })),
  );
  const first = engines[0];
  if (first) {
    for (const p of first.throughput.series) values.push({ engine: 'input', timeS: p.processingTimeMs / 1000, perSec: (p.events * 1000) / first.throughput.bucketMs, series: 'records in' });
  }
  if (values.length === 0) return null;
  return {
    id: 'throughput',
    title: 'Throughput over time',
    caption: 'Rows emitted per second of processing time by each engine; the dashed line is the input rate. Micro-batch engines emit in bursts, one per batch.',
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: HEIGHT,
      data: { values },
      mark: { type: 'line', interpolate: 'step-after' },
      encoding: {
        x: { field: 'timeS', type: 'quantitative', title: 'processing time (s)' },
        y: { field: 'perSec', type: 'quantitative', title: 'per second' },
        color: { field: 'engine', type: 'nominal', title: 'engine', scale: { domain: [...report.engines.map((m) => m.engine), 'input'] } },
        strokeDash: { field: 'series', type: 'nominal', title: 'series' },
      },
    },
  };
}

/** Sampled records by arrival and event time, late ones highlighted, with the ideal watermark line. */
export function arrivalChart(report: BenchReport): ChartSpec | null {
  const { sample, watermark } = report.arrivals;
  if (sample.length === 0) return null;
  const points = sample.map((p) => ({ arrivalS: p.arrivalTimeMs / 1000, eventS: p.eventTimeMs / 1000, status: p.isLate ? 'behind watermark' : 'on time' }));
  const line = watermark.map((w) => ({ arrivalS: w.arrivalTimeMs / 1000, watermarkS: w.watermarkMs / 1000 }));
  return {
    id: 'arrivals',
    title: 'Event time vs arrival time',
    caption: `Each dot is a record (sampled). The line is the watermark (largest event time seen minus ${report.run.watermarkMs} ms); dots below it arrived behind the watermark: ${report.arrivals.lateEvents} of ${report.arrivals.totalEvents}.`,
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: HEIGHT,
      layer: [
        {
          data: { values: points },
          mark: { type: 'point', filled: true, size: 12, opacity: 0.6 },
          encoding: {
            x: { field: 'arrivalS', type: 'quantitative', title: 'arrival time (s)' },
            y: { field: 'eventS', type: 'quantitative', title: 'event time (s)' },
            color: { field: 'status', type: 'nominal', title: 'record', scale: { domain: ['on time', 'behind watermark'], range: ['#4c78a8', '#e45756'] } },
          },
        },
        {
          data: { values: line },
          mark: { type: 'line', color: '#222', strokeWidth: 1.5 },
          encoding: { x: { field: 'arrivalS', type: 'quantitative' }, y: { field: 'watermarkS', type: 'quantitative' } },
        },
      ],
    },
  };
}

/** Share of each window's rows an engine got exactly right. */
export function correctnessChart(report: BenchReport): ChartSpec | null {
  const values = okEngines(report).flatMap((m) =>
    (m.correctness?.perWindow ?? [])
      .filter((w) => w.expectedRows > 0)
      .map((w) => ({ engine: m.engine, windowS: w.windowStartMs / 1000, share: w.correctRows / w.expectedRows })),
  );
  if (values.length === 0) return null;
  return {
    id: 'correctness',
    title: 'Correctness per window',
    caption: 'Share of each window\'s rows that equal the exact answer (1 = the window is right), by window start.',
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: HEIGHT,
      data: { values },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'windowS', type: 'quantitative', title: 'window start, event time (s)' },
        y: { field: 'share', type: 'quantitative', title: 'rows exactly right', scale: { domain: [0, 1] }, axis: { format: '%' } },
        color: engineColor(report),
      },
    },
  };
}

/** Entries each engine holds in state over processing time. */
export function stateSizeChart(report: BenchReport): ChartSpec | null {
  const values = okEngines(report).flatMap((m) => m.stateSize.map((s) => ({ engine: m.engine, timeS: s.processingTimeMs / 1000, entries: s.entries })));
  if (values.length === 0) return null;
  return {
    id: 'state',
    title: 'State size over time',
    caption: 'Entries held in state (window x key cells, open sessions, buffered join rows) over processing time.',
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: HEIGHT,
      data: { values },
      mark: { type: 'line', interpolate: 'step-after' },
      encoding: {
        x: { field: 'timeS', type: 'quantitative', title: 'processing time (s)' },
        y: { field: 'entries', type: 'quantitative', title: 'entries' },
        color: engineColor(report),
      },
    },
  };
}

/** Every chart that has data, in page order. */
export function reportCharts(report: BenchReport): ChartSpec[] {
  return [latencyChart, throughputChart, arrivalChart, correctnessChart, stateSizeChart]
    .map((chart) => chart(report))
    .filter((chart): chart is ChartSpec => chart !== null);
}
