/**
 * Scenario 6: what state each way of keeping it costs over a long run. Deduplication: Structured
 * Streaming's dropDuplicates without a watermark keeps every id forever; with a watermark (on the
 * id and the event time, or dropDuplicatesWithinWatermark) it forgets ids once the watermark
 * passes them. DStreams: updateStateByKey keeps every id and calls its function for every key in
 * every batch; mapWithState touches only keys with data and times idle keys out. Windowed counts:
 * without a watermark every window stays in the state store; with one, closed windows are dropped.
 * Spark: the streaming guide's "Streaming Deduplication" and "Watermarking to clean aggregation
 * state"; the mapWithState announcement (Databricks, 2016) for updateStateByKey's full scans.
 */
import { avg, col, count, max, StructType, window } from '../../src/structured/index.js';
import { Milliseconds, StateSpec } from '../../src/dstream/index.js';
import type { State } from '../../src/dstream/index.js';
import type { DStreamPipeline } from '../engines/dstream/DStreamPipeline.js';
import { DStreamRunner } from '../engines/dstreamRunner.js';
import type { DStreamBatchRecord } from '../engines/dstreamRunner.js';
import { lateSensorsStructured } from '../engines/structured/late-sensors.js';
import type { StructuredPipeline } from '../engines/structured/StructuredPipeline.js';
import { intervalText } from '../engines/structured/StructuredPipeline.js';
import { StructuredRunner } from '../engines/structuredRunner.js';
import type { BatchRecord } from '../engines/structuredRunner.js';
import { compareEngines } from '../harness/compareEngines.js';
import type { ResultRow } from '../oracle/ResultRow.js';
import { lateSensors } from '../workloads/late-sensors.js';
import type { LateSensorsParams } from '../workloads/late-sensors.js';
import { dedupWorkload, rowOfReading } from './dedupWorkload.js';
import type { DedupParams, IdentifiedReading } from './dedupWorkload.js';
import { figuresOf } from './figuresOf.js';
import { SCENARIO_CREATED_AT } from './Scenario.js';
import type { Scenario } from './Scenario.js';

/** 90 s of readings, 50 a second, 20% sent twice. */
export const STATE_GROWTH_PARAMS = { ...dedupWorkload.defaults };

function dedupQuery(summary: string, build: StructuredPipeline<DedupParams>['build']): StructuredPipeline<DedupParams> {
  return {
    summary,
    inputs: {
      '': {
        schema: new StructType().add('readingId', 'string').add('sensorId', 'string').add('eventTime', 'timestamp'),
        toRow: (r: IdentifiedReading) => ({ readingId: r.readingId, sensorId: r.sensorId, eventTime: r.eventTimeMs }),
        endMarker: (maxEventTimeMs) => ({ readingId: '~end', sensorId: '~end', eventTime: maxEventTimeMs }),
      },
    },
    outputMode: 'append',
    needsEndMarker: false,
    build,
    toResultRow: (row) => rowOfReading(row['readingId'] as string, Number(row['eventTime'])),
  };
}

const STRUCTURED_DEDUPS: Record<string, StructuredPipeline<DedupParams>> = {
  'dropDuplicates-no-watermark': dedupQuery("dropDuplicates('readingId')", ({ input }) => input().dropDuplicates(['readingId'])),
  'dropDuplicates-watermark': dedupQuery("withWatermark.dropDuplicates('readingId', 'eventTime')", ({ input, watermark }) => input().withWatermark('eventTime', watermark).dropDuplicates(['readingId', 'eventTime'])),
  'dropDuplicatesWithinWatermark': dedupQuery("withWatermark.dropDuplicatesWithinWatermark('readingId')", ({ input, watermark }) => input().withWatermark('eventTime', watermark).dropDuplicatesWithinWatermark(['readingId'])),
};

interface Seen {
  readonly eventTimeMs: number;
  readonly isNew: boolean;
}

/** updateStateByKey's function: self-contained, as a checkpointed graph saves it as source text. */
function markSeen(values: IdentifiedReading[], state: Seen | undefined): Seen {
  return state === undefined ? { eventTimeMs: (values[0] as IdentifiedReading).eventTimeMs, isNew: true } : { eventTimeMs: state.eventTimeMs, isNew: false };
}

/** mapWithState's function: emits a reading the first time its id is seen in the timeout. */
function firstSight(_batchTimeMs: number, readingId: string, reading: IdentifiedReading | undefined, state: State<number>): ResultRow | undefined {
  if (state.isTimingOut() || reading === undefined || state.exists()) return undefined;
  state.update(1);
  return { windowStartMs: reading.eventTimeMs, windowEndMs: reading.eventTimeMs + 1, key: readingId, values: { count: 1 } };
}

const DSTREAM_DEDUPS: Record<string, DStreamPipeline<DedupParams>> = {
  updateStateByKey: {
    summary: 'readings.map((id, r)).updateStateByKey(seen?).filter(new): every key, every batch',
    needsCheckpoint: true,
    check: () => undefined,
    build({ input }) {
      const states = input<IdentifiedReading>().map((r) => [r.readingId, r] as [string, IdentifiedReading]).updateStateByKey(markSeen);
      const rows = states.filter(([, seen]) => seen.isNew).map(([readingId, seen]) => ({ windowStartMs: seen.eventTimeMs, windowEndMs: seen.eventTimeMs + 1, key: readingId, values: { count: 1 } }));
      return { rows, states };
    },
    finalBatchTimeMs: (lastDataBatchMs) => lastDataBatchMs,
    heldMs: () => 0,
  },
  mapWithState: {
    summary: 'readings.map((id, r)).mapWithState(first sight, timeout 5 s): keys with data only',
    needsCheckpoint: true,
    check: () => undefined,
    build({ input }) {
      const mapped = input<IdentifiedReading>().map((r) => [r.readingId, r] as [string, IdentifiedReading]).mapWithState(StateSpec.functionWithTime(firstSight).timeout(Milliseconds(5000)));
      return { rows: mapped, states: mapped.stateSnapshots() };
    },
    finalBatchTimeMs: (lastDataBatchMs) => lastDataBatchMs,
    heldMs: () => 0,
  },
};

const windowsWithoutWatermark: StructuredPipeline<LateSensorsParams> = {
  ...lateSensorsStructured,
  summary: 'readings.groupBy(window(eventTime, W), sensorId).agg(avg, max, count) without a watermark',
  build({ input, params }) {
    return input()
      .groupBy(window('eventTime', intervalText(params.windowMs)), col('sensorId'))
      .agg(avg('temperature').alias('avg'), max('temperature').alias('max'), count('*').alias('count'));
  },
};

/** Mean wall time of the first and the last ten batches (measured; differs between runs). */
function wallTrend(wallMs: readonly number[]): string {
  const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  return `${mean(wallMs.slice(0, 10)).toFixed(1)} -> ${mean(wallMs.slice(-10)).toFixed(1)} ms`;
}

/** Scenario 6: state over a long run, with and without a watermark or a timeout. */
export const stateGrowth: Scenario = {
  name: 'state-growth',
  title: 'state over a long run: deduplication and windowed counts with and without a watermark',
  async run() {
    const walls = new Map<string, number[]>();
    const wallOf = (name: string) => (walls.get(name) ?? walls.set(name, []).get(name)) as number[];
    const structured = (name: string, pipeline: StructuredPipeline, workload: string) =>
      new StructuredRunner({ name, pipelines: { [workload]: pipeline }, onBatch: (b: BatchRecord) => void wallOf(name).push(b.wallMs) });
    const dstream = (name: string, pipeline: DStreamPipeline) =>
      new DStreamRunner({ name: `dstream-${name}`, pipelines: { dedup: pipeline }, onBatch: (b: DStreamBatchRecord) => void wallOf(`dstream-${name}`).push(b.wallMs) });
    const dedupRunners = [
      ...Object.entries(STRUCTURED_DEDUPS).map(([name, p]) => structured(name, p, 'dedup')),
      ...Object.entries(DSTREAM_DEDUPS).map(([name, p]) => dstream(name, p)),
    ];
    const dedup = await compareEngines({ workload: dedupWorkload, params: STATE_GROWTH_PARAMS, seed: 13, runners: dedupRunners, mode: 'virtual', batchIntervalMs: 1000, createdAt: SCENARIO_CREATED_AT });
    const windowParams = { ...lateSensors.defaults, events: 4500, ratePerSec: 50, sensors: 5, lateness: 'exponential:200ms', watermarkMs: 2000 };
    const windowRunners = [structured('windows-watermark', lateSensorsStructured, 'late-sensors'), structured('windows-no-watermark', windowsWithoutWatermark, 'late-sensors')];
    const windows = await compareEngines({ workload: lateSensors, params: windowParams, seed: 13, runners: windowRunners, mode: 'virtual', batchIntervalMs: 1000, createdAt: SCENARIO_CREATED_AT });
    const all = [...dedup.report.engines, ...windows.report.engines];
    const figures = { ...figuresOf(dedup.report), ...figuresOf(windows.report) };
    const finalState = (name: string) => {
      const samples = all.find((m) => m.engine === name)?.stateSize ?? [];
      return samples.length === 0 ? null : (samples[samples.length - 1] as { entries: number }).entries;
    };
    const names = all.map((m) => m.engine);
    return {
      name: 'state-growth',
      title: this.title,
      summary: [
        `${STATE_GROWTH_PARAMS.events} readings over 90 s, 20% of them sent twice up to 1 s apart; the watermark trails by 2 s.`,
        'Without a watermark the state keeps every id (or every window) for ever; with one it keeps the last few seconds.',
        'updateStateByKey keeps every id and runs for every key each batch; mapWithState with a 5 s timeout keeps recent ids only.',
      ],
      reports: [dedup.report, windows.report],
      tables: [
        {
          title: 'state rows and batch work over the run',
          columns: names,
          rows: [
            { label: 'peak state rows', cells: names.map((n) => figures[n]?.peakStateEntries ?? null) },
            { label: 'state rows at the end', cells: names.map(finalState) },
            { label: 'rows exactly right', cells: names.map((n) => figures[n]?.rowsCorrect ?? null) },
            { label: 'rows expected', cells: names.map((n) => figures[n]?.rowsExpected ?? null) },
            { label: 'emissions beyond one per row (updates; copies in append mode)', cells: names.map((n) => (figures[n]?.emissions ?? 0) - (figures[n]?.rowsEmitted ?? 0)) },
            { label: 'batch wall time, first -> last 10 (measured)', cells: names.map((n) => wallTrend(walls.get(n) ?? [])) },
          ],
        },
      ],
      figures: { engines: figures, finalStateRows: Object.fromEntries(names.map((n) => [n, finalState(n)])) },
      notes: ['state rows: Structured from StateOperatorProgress.numRowsTotal; DStreams from the count of the state stream each batch', 'wall times are measured on this machine and vary between runs; every other figure is exact'],
      missing: [],
    };
  },
};
