/**
 * Scenario 4: two inputs, one of which stalls. The query unions two watermarked streams, so it
 * has two watermarks and one global watermark. With Spark's default policy (min) the global
 * watermark is held by the stalled input: append mode emits nothing while it stalls and the state
 * grows; when the stalled readings arrive they are all counted. With the max policy the watermark
 * follows the fast input: output goes on, but the slow input's readings arrive behind it and are
 * dropped. DStreams, for reference, count by arrival. Spark: the streaming guide's "Policy for
 * handling multiple watermarks" and spark.sql.streaming.multipleWatermarkPolicy.
 */
import { avg, col, count, max, window } from '../../src/structured/index.js';
import { DStreamRunner } from '../engines/dstreamRunner.js';
import { lateSensorsDStream } from '../engines/dstream/late-sensors.js';
import { StructuredRunner } from '../engines/structuredRunner.js';
import { lateSensorsStructured } from '../engines/structured/late-sensors.js';
import { intervalText } from '../engines/structured/StructuredPipeline.js';
import type { StructuredPipeline } from '../engines/structured/StructuredPipeline.js';
import { compareEngines } from '../harness/compareEngines.js';
import type { LateSensorsParams, SensorReading } from '../workloads/late-sensors.js';
import { lateSensors } from '../workloads/late-sensors.js';
import type { Workload } from '../workloads/Workload.js';
import { figuresOf } from './figuresOf.js';
import { recordEmissions } from './recordEmissions.js';
import type { Emission } from './recordEmissions.js';
import { SCENARIO_CREATED_AT } from './Scenario.js';
import type { Scenario } from './Scenario.js';

/** When the slow input stops delivering, and when what it held arrives at once. */
export const STALL = { startMs: 10_000, endMs: 25_000 };
const PARAMS = { ...lateSensors.defaults, events: 800, ratePerSec: 20, sensors: 2, windowMs: 5000, lateness: 'none', watermarkMs: 2000 };

/** 40 s of readings, one every 100 ms from each input; the slow input's readings of the stall arrive when it ends. */
export function slowInputReadings(): (SensorReading & { stream: string })[] {
  const readings: (SensorReading & { stream: string })[] = [];
  for (let i = 0; i < PARAMS.events / 2; i++) {
    const eventTimeMs = i * 100;
    const stalled = eventTimeMs >= STALL.startMs && eventTimeMs < STALL.endMs;
    readings.push({ stream: 'fast', sensorId: 'fast', temperature: 20 + (i % 7), eventTimeMs, arrivalTimeMs: eventTimeMs });
    readings.push({ stream: 'slow', sensorId: 'slow', temperature: 10 + (i % 5), eventTimeMs, arrivalTimeMs: stalled ? STALL.endMs : eventTimeMs });
  }
  return readings.sort((a, b) => a.arrivalTimeMs - b.arrivalTimeMs);
}

/** The scenario's records as a workload, scored as late-sensors. */
export const slowInputWorkload: Workload<LateSensorsParams, SensorReading> = {
  ...lateSensors,
  name: 'slow-input',
  description: 'a fast and a slow input of sensor readings; the slow one stalls for 15 s',
  defaults: PARAMS,
  streams: ['fast', 'slow'],
  generate: () => slowInputReadings(),
};

const unionOfTwoWatermarks: StructuredPipeline<LateSensorsParams> = {
  ...lateSensorsStructured,
  summary: 'fast.withWatermark(eventTime).union(slow.withWatermark(eventTime)).groupBy(window(eventTime, W), sensorId).agg(avg, max, count)',
  inputs: { fast: lateSensorsStructured.inputs[''] as StructuredPipeline['inputs'][string], slow: lateSensorsStructured.inputs[''] as StructuredPipeline['inputs'][string] },
  build({ input, params, watermark }) {
    return input('fast')
      .withWatermark('eventTime', watermark)
      .union(input('slow').withWatermark('eventTime', watermark))
      .groupBy(window('eventTime', intervalText(params.windowMs)), col('sensorId'))
      .agg(avg('temperature').alias('avg'), max('temperature').alias('max'), count('*').alias('count'));
  },
};

/** Scenario 4: a stalled input under the min and max watermark policies. */
export const slowInput: Scenario = {
  name: 'slow-input',
  title: 'two inputs, one stalls: the global watermark under the min and max policies',
  async run() {
    const emissions: Record<string, Emission[]> = { 'structured-min': [], 'structured-max': [] };
    const structured = (policy: 'min' | 'max') =>
      recordEmissions(
        new StructuredRunner({
          name: `structured-${policy}`,
          outputMode: 'append',
          endMarker: true,
          pipelines: { 'slow-input': unionOfTwoWatermarks },
          conf: { 'spark.sql.streaming.multipleWatermarkPolicy': policy },
        }),
        emissions[`structured-${policy}`] as Emission[],
      );
    const runners = [new DStreamRunner({ pipelines: { 'slow-input': lateSensorsDStream } }), structured('min'), structured('max')];
    const { report } = await compareEngines({ workload: slowInputWorkload, params: PARAMS, seed: 0, runners, mode: 'virtual', batchIntervalMs: 1000, createdAt: SCENARIO_CREATED_AT });
    const duringStall = (name: string) => (emissions[name] as Emission[]).filter((e) => e.atMs >= STALL.startMs && e.atMs < STALL.endMs).length;
    const stateBeforeStallEnd = (name: string) => {
      const samples = report.engines.find((m) => m.engine === name)?.stateSize.filter((s) => s.processingTimeMs < STALL.endMs) ?? [];
      return samples.length === 0 ? null : (samples[samples.length - 1] as { entries: number }).entries;
    };
    const figures = figuresOf(report);
    const policies = ['structured-min', 'structured-max'];
    return {
      name: 'slow-input',
      title: this.title,
      summary: [
        'Two inputs of readings, 10 a second each; from 10 s to 25 s the slow one delivers nothing, then everything it held at once.',
        'min policy (Spark\'s default): the global watermark waits for the slow input, so append mode emits nothing during the stall',
        'and keeps every open window in state; the stalled readings are all counted. max policy: the watermark follows the fast input,',
        'windows keep coming out, and of the slow input\'s 150 stalled readings those whose window the watermark had passed (10 s to 20 s)',
        'arrive behind it and are dropped.',
      ],
      reports: [report],
      tables: [
        {
          title: 'during the stall (10 s to 25 s of processing time) and after',
          columns: policies,
          rows: [
            { label: 'rows emitted during the stall', cells: policies.map(duringStall) },
            { label: 'state rows just before the stall ends', cells: policies.map(stateBeforeStallEnd) },
            { label: 'readings dropped (missing from the counts)', cells: policies.map((p) => figures[p]?.inputsDropped ?? null) },
            { label: 'rows exactly right', cells: policies.map((p) => figures[p]?.rowsCorrect ?? null) },
            { label: 'rows expected', cells: policies.map((p) => figures[p]?.rowsExpected ?? null) },
          ],
        },
      ],
      figures: {
        rowsEmittedDuringStall: Object.fromEntries(policies.map((p) => [p, duringStall(p)])),
        stateRowsBeforeStallEnd: Object.fromEntries(policies.map((p) => [p, stateBeforeStallEnd(p)])),
        engines: figures,
      },
      notes: ['append mode with the end-of-input marker, so the last windows are emitted in both policies; the difference is during the stall'],
      missing: [],
    };
  },
};
