/**
 * Scenario 7: the input rate triples for ten seconds while each record costs 2 ms of processing
 * (500 records a second at most). DStreams start a batch every second whatever happens: batches
 * queue and the scheduling delay grows batch after batch until the spike is over and the backlog
 * drained. With backpressure the receiver is slowed to what the batches can take (a PID controller
 * on the processing and scheduling delays): the delay stays low, records wait in the receiver, and
 * they then count in the window they were processed in. Structured Streaming starts the next batch
 * when the previous one ends: batches grow with the backlog; with maxOffsetsPerTrigger each stays
 * within a trigger and the backlog waits in the source. Spark: the streaming guide's "Reducing the
 * Batch Processing Times" and "Setting the Right Batch Interval", spark.streaming.backpressure.enabled
 * (SPARK-7398), and the Kafka source's maxOffsetsPerTrigger.
 */
import { DStreamRunner } from '../engines/dstreamRunner.js';
import type { DStreamBatchRecord } from '../engines/dstreamRunner.js';
import { StructuredRunner } from '../engines/structuredRunner.js';
import type { BatchRecord } from '../engines/structuredRunner.js';
import { compareEngines } from '../harness/compareEngines.js';
import { BenchRandom } from '../harness/random.js';
import { wordcount } from '../workloads/wordcount.js';
import type { WordcountEvent, WordcountParams } from '../workloads/wordcount.js';
import type { Workload } from '../workloads/Workload.js';
import { figuresOf } from './figuresOf.js';
import { SCENARIO_CREATED_AT } from './Scenario.js';
import type { Scenario, ScenarioTable } from './Scenario.js';

/** Records per second: 300 normally, 900 from 10 s to 20 s; 40 s in all. */
export const SPIKE = { baseRatePerSec: 300, spikeRatePerSec: 900, startMs: 10_000, endMs: 20_000, durationMs: 40_000, costMsPerRecord: 2, maxRowsPerTrigger: 500 };
const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
const PARAMS: WordcountParams = { ...wordcount.defaults, windowMs: 1000, lateness: 'none', watermarkMs: 0, events: 0 };

/** One-word lines at the scenario's rates, in order. */
export function spikeLines(): WordcountEvent[] {
  const random = new BenchRandom(21);
  const lines: WordcountEvent[] = [];
  for (let secondMs = 0; secondMs < SPIKE.durationMs; secondMs += 1000) {
    const rate = secondMs >= SPIKE.startMs && secondMs < SPIKE.endMs ? SPIKE.spikeRatePerSec : SPIKE.baseRatePerSec;
    for (let i = 0; i < rate; i++) {
      const eventTimeMs = secondMs + Math.floor((i * 1000) / rate);
      lines.push({ line: WORDS[random.int(WORDS.length)] as string, eventTimeMs, arrivalTimeMs: eventTimeMs });
    }
  }
  return lines;
}

const spikeWorkload: Workload<WordcountParams, WordcountEvent> = { ...wordcount, name: 'wordcount', defaults: PARAMS, generate: () => spikeLines() };

const max = (xs: readonly number[]) => (xs.length === 0 ? 0 : Math.max(...xs));

/** Scenario 7: a tripled input rate for 10 s, with and without backpressure or maxOffsetsPerTrigger. */
export const spike: Scenario = {
  name: 'spike',
  title: 'the input rate triples for 10 s: scheduling delay, backpressure, growing batches, maxOffsetsPerTrigger',
  async run() {
    const dstreamBatches: Record<string, DStreamBatchRecord[]> = { dstream: [], 'dstream-backpressure': [] };
    const structuredBatches: Record<string, BatchRecord[]> = { structured: [], 'structured-maxOffsets': [] };
    const runners = [
      new DStreamRunner({ costMsPerRecord: SPIKE.costMsPerRecord, onBatch: (b) => void dstreamBatches['dstream']?.push(b) }),
      new DStreamRunner({
        name: 'dstream-backpressure',
        input: 'receiver',
        costMsPerRecord: SPIKE.costMsPerRecord,
        conf: { 'spark.streaming.backpressure.enabled': 'true' },
        onBatch: (b) => void dstreamBatches['dstream-backpressure']?.push(b),
      }),
      new StructuredRunner({ costMsPerRow: SPIKE.costMsPerRecord, onBatch: (b) => void structuredBatches['structured']?.push(b) }),
      new StructuredRunner({
        name: 'structured-maxOffsets',
        costMsPerRow: SPIKE.costMsPerRecord,
        maxRowsPerTrigger: SPIKE.maxRowsPerTrigger,
        inputPartitions: 2,
        onBatch: (b) => void structuredBatches['structured-maxOffsets']?.push(b),
      }),
    ];
    const lines = spikeLines();
    const { report } = await compareEngines({ workload: spikeWorkload, params: { ...PARAMS, events: lines.length }, seed: 21, runners, mode: 'virtual', batchIntervalMs: 1000, createdAt: SCENARIO_CREATED_AT });
    const figures = figuresOf(report);
    const arrivedBy = (timeMs: number) => lines.filter((l) => l.arrivalTimeMs < timeMs).length;
    const structuredBacklog = (batches: readonly BatchRecord[]) => {
      let consumed = 0;
      return max(batches.map((b) => {
        const backlog = arrivedBy(b.startMs) - consumed;
        consumed += b.inputRows;
        return backlog;
      }));
    };
    const engineStat = (name: string, stat: string) => report.engines.find((m) => m.engine === name)?.engineStats[stat] ?? null;
    const dstreamNames = Object.keys(dstreamBatches);
    const structuredNames = Object.keys(structuredBatches);
    const summaryOf = {
      dstream: Object.fromEntries(dstreamNames.map((n) => {
        const batches = dstreamBatches[n] as DStreamBatchRecord[];
        return [n, {
          batches: batches.length,
          maxSchedulingDelayMs: max(batches.map((b) => b.schedulingDelayMs)),
          maxRecordsPerBatch: max(batches.map((b) => b.records)),
          maxReceiverLagMs: engineStat(n, 'maxReceiverLagMs'),
          lastBatchTimeMs: batches.length === 0 ? null : (batches[batches.length - 1] as DStreamBatchRecord).batchTimeMs,
        }];
      })),
      structured: Object.fromEntries(structuredNames.map((n) => {
        const batches = structuredBatches[n] as BatchRecord[];
        return [n, {
          batches: batches.length,
          maxBatchRows: max(batches.map((b) => b.inputRows)),
          maxBatchDurationMs: max(batches.map((b) => b.endMs - b.startMs)),
          maxBacklogRows: structuredBacklog(batches),
          lastBatchEndMs: batches.length === 0 ? null : (batches[batches.length - 1] as BatchRecord).endMs,
        }];
      })),
    };
    const dstreamTable: ScenarioTable = {
      title: 'DStreams: a batch every second, whatever happens',
      columns: dstreamNames,
      rows: [
        { label: 'batches', cells: dstreamNames.map((n) => summaryOf.dstream[n].batches) },
        { label: 'max scheduling delay (ms)', cells: dstreamNames.map((n) => summaryOf.dstream[n].maxSchedulingDelayMs) },
        { label: 'max records in a batch', cells: dstreamNames.map((n) => summaryOf.dstream[n].maxRecordsPerBatch) },
        { label: 'max wait in the receiver (ms)', cells: dstreamNames.map((n) => summaryOf.dstream[n].maxReceiverLagMs) },
        { label: 'rows exactly right', cells: dstreamNames.map((n) => figures[n]?.rowsCorrect ?? null) },
        { label: 'rows expected', cells: dstreamNames.map((n) => figures[n]?.rowsExpected ?? null) },
      ],
    };
    const structuredTable: ScenarioTable = {
      title: 'Structured: the next batch when the last one ends',
      columns: structuredNames,
      rows: [
        { label: 'batches', cells: structuredNames.map((n) => summaryOf.structured[n].batches) },
        { label: 'max rows in a batch', cells: structuredNames.map((n) => summaryOf.structured[n].maxBatchRows) },
        { label: 'max batch duration (ms)', cells: structuredNames.map((n) => summaryOf.structured[n].maxBatchDurationMs) },
        { label: 'max backlog in the source (rows)', cells: structuredNames.map((n) => summaryOf.structured[n].maxBacklogRows) },
        { label: 'rows exactly right', cells: structuredNames.map((n) => figures[n]?.rowsCorrect ?? null) },
        { label: 'rows expected', cells: structuredNames.map((n) => figures[n]?.rowsExpected ?? null) },
      ],
    };
    return {
      name: 'spike',
      title: this.title,
      summary: [
        `One-word lines, ${SPIKE.baseRatePerSec} a second, ${SPIKE.spikeRatePerSec} a second from 10 s to 20 s; each record costs ${SPIKE.costMsPerRecord} ms (simulated, on the clock),`,
        'so a 1 s batch holds at most 500. Counts per word per 1 s window.',
      ],
      reports: [report],
      tables: [dstreamTable, structuredTable],
      figures: { ...summaryOf, engines: figures, dstreamBatches, structuredBatches: Object.fromEntries(structuredNames.map((n) => [n, (structuredBatches[n] as BatchRecord[]).map(({ wallMs: _wall, ...b }) => b)])) },
      notes: ['the cost is simulated: each batch waits records x 2 ms on the manual clock, so delays are exact and repeatable'],
      missing: [],
    };
  },
};
