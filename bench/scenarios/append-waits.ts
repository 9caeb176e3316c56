/**
 * Scenario 2: in append mode a window is emitted only once the watermark passes its end. The
 * watermark is computed at the end of a batch from the largest event time read and used by the
 * next batch, so a window ending at E appears at the first trigger after a record of event time
 * E + delay was read: the watermark delay plus up to two triggers. When the input stops, only a
 * no-data batch can apply the last watermark; without no-data batches, and with Trigger.Once, the
 * last windows are never emitted. Spark: the streaming guide's "Output Modes" and
 * spark.sql.streaming.noDataMicroBatches.enabled (SPARK-24156), Trigger.Once and AvailableNow.
 */
import { StructuredRunner } from '../engines/structuredRunner.js';
import type { StructuredTrigger } from '../engines/structuredRunner.js';
import { compareEngines } from '../harness/compareEngines.js';
import { lateSensors } from '../workloads/late-sensors.js';
import { figuresOf } from './figuresOf.js';
import { firstEmissionByWindow, recordEmissions } from './recordEmissions.js';
import type { Emission } from './recordEmissions.js';
import { SCENARIO_CREATED_AT } from './Scenario.js';
import type { Scenario, ScenarioCell } from './Scenario.js';

/** 25.5 s of in-order readings from 2 sensors, 10 s windows, a 5 s watermark. */
export const APPEND_WAITS_PARAMS = { ...lateSensors.defaults, events: 510, ratePerSec: 20, sensors: 2, windowMs: 10_000, lateness: 'none', watermarkMs: 5000 };

interface Variant {
  readonly name: string;
  readonly trigger: StructuredTrigger;
  readonly noDataBatches: boolean;
}

const VARIANTS: readonly Variant[] = [
  { name: 'processing-time', trigger: 'ProcessingTime', noDataBatches: true },
  { name: 'no-no-data-batches', trigger: 'ProcessingTime', noDataBatches: false },
  { name: 'once', trigger: 'Once', noDataBatches: true },
  { name: 'available-now', trigger: 'AvailableNow', noDataBatches: true },
];

/** Scenario 2: when append mode emits a window, with and without no-data batches, with Once and AvailableNow. */
export const appendWaits: Scenario = {
  name: 'append-waits',
  title: 'append mode emits a window only once the watermark passes its end',
  async run() {
    const params = APPEND_WAITS_PARAMS;
    const emissions = new Map<string, Emission[]>(VARIANTS.map((v) => [v.name, []]));
    const runners = VARIANTS.map((v) =>
      recordEmissions(
        new StructuredRunner({
          name: v.name,
          outputMode: 'append',
          endMarker: false,
          trigger: v.trigger,
          conf: { 'spark.sql.streaming.noDataMicroBatches.enabled': String(v.noDataBatches) },
        }),
        emissions.get(v.name) as Emission[],
      ),
    );
    const { report } = await compareEngines({ workload: lateSensors, params, seed: 3, runners, mode: 'virtual', batchIntervalMs: 1000, createdAt: SCENARIO_CREATED_AT });
    const windowStarts = [0, 10_000, 20_000];
    const delays: Record<string, (number | null)[]> = {};
    for (const v of VARIANTS) {
      const first = firstEmissionByWindow(emissions.get(v.name) as Emission[]);
      delays[v.name] = windowStarts.map((startMs) => {
        const seen = first.get(startMs);
        return seen ? seen.atMs - (startMs + params.windowMs) : null;
      });
    }
    const cell = (ms: number | null): ScenarioCell => (ms === null ? 'never' : `${ms} ms`);
    return {
      name: 'append-waits',
      title: this.title,
      summary: [
        'Readings arrive in order for 25.5 s; windows are 10 s, the watermark trails the largest event time by 5 s, one trigger a second.',
        'A window [s, e) is emitted in append mode once the watermark reaches e: after a reading of event time e + 5 s was read (one trigger)',
        'and the next batch used the watermark computed from it (another trigger). When the input stops, only a no-data batch applies the',
        'last watermark: without no-data batches the window [10 s, 20 s) never appears; Trigger.Once runs one batch whose watermark is never',
        'used, so it emits nothing; the window [20 s, 30 s) needs event time 35 s and is never emitted by any variant.',
      ],
      reports: [report],
      tables: [
        {
          title: 'delay from window end to its first emission (processing time)',
          columns: VARIANTS.map((v) => v.name),
          rows: windowStarts.map((startMs, i) => ({
            label: `window [${startMs / 1000} s, ${(startMs + params.windowMs) / 1000} s)`,
            cells: VARIANTS.map((v) => cell((delays[v.name] as (number | null)[])[i] as number | null)),
          })),
        },
      ],
      figures: { watermarkMs: params.watermarkMs, batchIntervalMs: 1000, delaysAfterWindowEndMs: delays, engines: figuresOf(report) },
      notes: ['no end-of-input marker here: what Spark leaves unemitted stays unemitted'],
      missing: [],
    };
  },
};
