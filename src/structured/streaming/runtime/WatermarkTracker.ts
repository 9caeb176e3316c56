/**
 * The event-time watermark of a query: each watermark operator reports the event times it saw in
 * a batch; at batch end the tracker moves the global watermark, which the next batch uses. Spark:
 * sql/core/.../execution/streaming/WatermarkTracker.scala and EventTimeWatermarkExec.scala
 * (EventTimeStats).
 *
 * Event time: the watermark is `max(eventTimeMs seen) - delayMs`, computed from the data, never
 * from the clock. It never moves backwards. With several watermark operators the global value is
 * the min over operators (default, `spark.sql.streaming.multipleWatermarkPolicy=min`) or the max;
 * an operator that has seen no data yet counts as 0, so under `min` nothing moves until every
 * input has data.
 */
import { TriggerErrors } from '../streamingErrors.js';

/** Spark's MultipleWatermarkPolicy names. */
export type MultipleWatermarkPolicy = 'min' | 'max';

/** The conf key of the policy. */
export const MULTIPLE_WATERMARK_POLICY_KEY = 'spark.sql.streaming.multipleWatermarkPolicy';

/**
 * The policy named by the conf value (case-insensitive); 'min' when unset.
 * @throws IllegalArgumentError UNKNOWN_WATERMARK_POLICY for another name
 */
export function parseWatermarkPolicy(name: string | undefined): MultipleWatermarkPolicy {
  const lower = (name ?? 'min').toLowerCase();
  if (lower === 'min' || lower === 'max') return lower;
  throw TriggerErrors.unknownWatermarkPolicy(name ?? '');
}

/**
 * Max, min, average and count of the event times one operator saw in a batch (Spark's
 * EventTimeStats accumulator). Mergeable, so each partition can keep its own and the driver merges.
 */
export class EventTimeStats {
  constructor(
    public maxMs = Number.NEGATIVE_INFINITY,
    public minMs = Number.POSITIVE_INFINITY,
    public avgMs = 0,
    public count = 0,
  ) {}

  /** Adds one event time (epoch ms); null event times are skipped by the caller, as Spark does. */
  add(eventTimeMs: number): void {
    this.maxMs = Math.max(this.maxMs, eventTimeMs);
    this.minMs = Math.min(this.minMs, eventTimeMs);
    this.count += 1;
    this.avgMs += (eventTimeMs - this.avgMs) / this.count;
  }

  /** Folds another partition's stats into this one. */
  merge(other: EventTimeStats): void {
    if (other.count === 0) return;
    if (this.count === 0) {
      Object.assign(this, { maxMs: other.maxMs, minMs: other.minMs, avgMs: other.avgMs, count: other.count });
      return;
    }
    this.maxMs = Math.max(this.maxMs, other.maxMs);
    this.minMs = Math.min(this.minMs, other.minMs);
    this.count += other.count;
    this.avgMs += ((other.avgMs - this.avgMs) * other.count) / this.count;
  }
}

/** What one watermark operator observed in a batch. */
export interface WatermarkObservation {
  /** Which withWatermark operator (its node id in the plan). */
  readonly operatorId: string;
  readonly delayMs: number;
  readonly stats: EventTimeStats;
}

/** What the tracker knows, as JSON. */
export interface WatermarkTrackerState {
  readonly globalWatermarkMs: number;
  /** Each operator's own watermark; null before it saw data. */
  readonly operatorWatermarksMs: Readonly<Record<string, number | null>>;
}

/**
 * Tracks the global watermark over the watermark operators of a plan.
 *
 * @example
 * const tracker = new WatermarkTracker('min', ['w0']);
 * const stats = new EventTimeStats(); stats.add(35_000);
 * tracker.updateWatermark([{ operatorId: 'w0', delayMs: 10_000, stats }]);
 * tracker.currentWatermarkMs;   // 25000, used by the next batch
 */
export class WatermarkTracker {
  readonly #operatorWatermarks = new Map<string, number | undefined>();
  #globalWatermarkMs = 0;

  constructor(
    readonly policy: MultipleWatermarkPolicy,
    operatorIds: readonly string[],
  ) {
    for (const id of operatorIds) this.#operatorWatermarks.set(id, undefined);
  }

  /** The watermark the next batch runs with, in epoch ms (0 before any). */
  get currentWatermarkMs(): number {
    return this.#globalWatermarkMs;
  }

  /** Restores the global watermark on restart (from the offset log's batchWatermarkMs). */
  setWatermark(watermarkMs: number): void {
    this.#globalWatermarkMs = watermarkMs;
  }

  /**
   * Moves operator watermarks forward from a finished batch's observations, then the global one by
   * the policy. Observations of operators with no data leave them as they were.
   * @throws IllegalStateError for an operator id the tracker was not built with (Spark's "Unknown watermark node ID")
   */
  updateWatermark(observations: readonly WatermarkObservation[]): void {
    if (this.#operatorWatermarks.size === 0) return;
    for (const { operatorId, delayMs, stats } of observations) {
      if (!this.#operatorWatermarks.has(operatorId)) {
        throw TriggerErrors.unknownWatermarkOperator(operatorId, [...this.#operatorWatermarks.keys()]);
      }
      if (stats.count === 0) continue;
      const candidateMs = stats.maxMs - delayMs;
      const previousMs = this.#operatorWatermarks.get(operatorId);
      if (previousMs === undefined || candidateMs > previousMs) this.#operatorWatermarks.set(operatorId, candidateMs);
    }
    const values = [...this.#operatorWatermarks.values()].map((ms) => ms ?? 0);
    const chosenMs = this.policy === 'min' ? Math.min(...values) : Math.max(...values);
    if (chosenMs > this.#globalWatermarkMs) this.#globalWatermarkMs = chosenMs;
  }

  /** The tracker's state as JSON (the offset log keeps only globalWatermarkMs, as Spark's does). */
  toState(): WatermarkTrackerState {
    const operatorWatermarksMs: Record<string, number | null> = {};
    for (const [id, ms] of this.#operatorWatermarks) operatorWatermarksMs[id] = ms ?? null;
    return { globalWatermarkMs: this.#globalWatermarkMs, operatorWatermarksMs };
  }

  /** A tracker holding a state that toState() produced. */
  static fromState(policy: MultipleWatermarkPolicy, state: WatermarkTrackerState): WatermarkTracker {
    const tracker = new WatermarkTracker(policy, Object.keys(state.operatorWatermarksMs));
    for (const [id, ms] of Object.entries(state.operatorWatermarksMs)) tracker.#operatorWatermarks.set(id, ms ?? undefined);
    tracker.setWatermark(state.globalWatermarkMs);
    return tracker;
  }
}
