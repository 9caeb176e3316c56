/**
 * Times the phases of each trigger on the query's Clock and turns a finished trigger into a
 * StreamingQueryProgress. Spark: sql/core/.../execution/streaming/ProgressReporter.scala.
 *
 * Processing time: every duration is a difference of two Clock readings, so on a ManualClock the
 * durations are exact (0 unless the test advances the clock inside a phase).
 */
import type { Clock } from '../../../shared/index.js';
import type { Offset } from '../sources/Offset.js';
import {
  eventTimeProgress,
  formatProgressTimestamp,
  offsetJson,
  progressRates,
  type SourceProgress,
  type StateOperatorProgress,
  StreamingQueryProgress,
} from '../StreamingQueryProgress.js';
import type { StateOperatorMetrics } from './StatefulOperatorContext.js';
import type { EventTimeStats } from './WatermarkTracker.js';

/** The phases Spark times, in the order a trigger runs them. */
export type TriggerPhase = 'latestOffset' | 'walCommit' | 'getBatch' | 'queryPlanning' | 'addBatch' | 'commitOffsets' | 'triggerExecution';

/** What one source did in a trigger. */
export interface SourceTriggerInfo {
  readonly description: string;
  readonly startOffset: Offset | undefined;
  readonly endOffset: Offset | undefined;
  readonly latestOffset: Offset | undefined;
  readonly numInputRows: number;
  /** The source's own numbers (Source.metrics), e.g. Kafka's offsets behind latest. */
  readonly metrics?: Readonly<Record<string, string>> | undefined;
}

/** What a finished trigger reports. */
export interface TriggerOutcome {
  readonly batchId: number;
  readonly sources: readonly SourceTriggerInfo[];
  readonly sink: { readonly description: string; readonly numOutputRows: number };
  readonly stateOperators: readonly StateOperatorMetrics[];
  readonly eventTimeStats: EventTimeStats | undefined;
  /** The watermark the batch ran with; undefined when the query has no watermark. */
  readonly watermarkMs: number | undefined;
}

/** The identity a progress carries. */
export interface QueryIdentity {
  readonly id: string;
  readonly runId: string;
  readonly name: string | null;
}

/** Collects one trigger's timings and keeps the recent progress reports. */
export class ProgressReporter {
  /** Oldest first, at most `capacity` (spark.sql.streaming.numRecentProgressUpdates). */
  readonly recentProgress: StreamingQueryProgress[] = [];
  #durationsMs: Record<string, number> = {};
  #triggerStartMs = 0;
  #previousTriggerStartMs: number | undefined;

  constructor(
    readonly identity: QueryIdentity,
    private readonly clock: Clock,
    private readonly capacity = 100,
  ) {}

  /** The newest progress, or null before the first batch (Spark's lastProgress). */
  get lastProgress(): StreamingQueryProgress | null {
    return this.recentProgress[this.recentProgress.length - 1] ?? null;
  }

  /** Starts timing a trigger. */
  startTrigger(): void {
    this.#triggerStartMs = this.clock.getTimeMillis();
    this.#durationsMs = {};
  }

  /** The start of the current trigger on the clock. */
  get triggerStartMs(): number {
    return this.#triggerStartMs;
  }

  /** Runs `body` and adds its clock time to `phase`. */
  async timed<T>(phase: TriggerPhase, body: () => T | Promise<T>): Promise<T> {
    const startMs = this.clock.getTimeMillis();
    try {
      return await body();
    } finally {
      this.#durationsMs[phase] = (this.#durationsMs[phase] ?? 0) + this.clock.getTimeMillis() - startMs;
    }
  }

  /** Ends a trigger that found nothing to run; the next trigger's input rate counts from this one. */
  finishIdleTrigger(): void {
    this.#previousTriggerStartMs = this.#triggerStartMs;
  }

  /** Ends a trigger that ran a batch and records its progress. */
  finishTrigger(outcome: TriggerOutcome): StreamingQueryProgress {
    const endMs = this.clock.getTimeMillis();
    this.#durationsMs.triggerExecution = endMs - this.#triggerStartMs;
    const sources: SourceProgress[] = outcome.sources.map((s) => ({
      description: s.description,
      startOffset: offsetJson(s.startOffset),
      endOffset: offsetJson(s.endOffset),
      latestOffset: offsetJson(s.latestOffset),
      numInputRows: s.numInputRows,
      ...progressRates(s.numInputRows, this.#triggerStartMs, endMs, this.#previousTriggerStartMs),
      ...(s.metrics ? { metrics: s.metrics } : {}),
    }));
    const progress = new StreamingQueryProgress({
      ...this.identity,
      timestamp: formatProgressTimestamp(this.#triggerStartMs),
      batchId: outcome.batchId,
      batchDuration: this.#durationsMs.triggerExecution,
      durationMs: { ...this.#durationsMs },
      eventTime: eventTimeProgress(outcome.eventTimeStats, outcome.watermarkMs),
      stateOperators: outcome.stateOperators.map(toStateOperatorProgress),
      sources,
      sink: outcome.sink,
    });
    this.#previousTriggerStartMs = this.#triggerStartMs;
    this.recentProgress.push(progress);
    if (this.recentProgress.length > this.capacity) this.recentProgress.shift();
    return progress;
  }
}

function toStateOperatorProgress(m: StateOperatorMetrics): StateOperatorProgress {
  return {
    operatorName: m.operatorName,
    numRowsTotal: m.numRowsTotal,
    numRowsUpdated: m.numRowsUpdated,
    allUpdatesTimeMs: m.allUpdatesTimeMs,
    numRowsRemoved: m.numRowsRemoved,
    allRemovalsTimeMs: m.allRemovalsTimeMs,
    commitTimeMs: m.commitTimeMs,
    memoryUsedBytes: m.memoryUsedBytes,
    numRowsDroppedByWatermark: m.numRowsDroppedByWatermark,
    numShufflePartitions: m.numShufflePartitions,
    numStateStoreInstances: m.numStateStoreInstances,
  };
}
