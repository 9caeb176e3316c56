/**
 * The state of one key in [map|flatMap]GroupsWithState: read it, update or remove it, and set a
 * timeout. Spark: sql/api/.../streaming/GroupState.scala and
 * sql/core/.../streaming/GroupStateImpl.scala.
 *
 * Processing time: `setTimeoutDuration(d)` times the key out at the batch timestamp + d (the
 * query's Clock), once a later batch starts past it. Event time: `setTimeoutTimestamp(t)` times it
 * out once the watermark passes t. A timeout is cleared whenever the function runs for the key
 * again and does not set a new one, as in Spark.
 */
import { parseIntervalMs } from './Trigger.js';
import type { GroupStateTimeout } from './GroupStateTimeout.js';
import { GroupStateErrors } from './logical/statefulErrors.js';

/** No timeout set (Spark's NO_TIMESTAMP). */
export const NO_TIMESTAMP = -1;

/**
 * A key's state inside the user function.
 *
 * @example
 * (key, rows, state) => {
 *   const total = (state.getOption() ?? 0) + rows.length;
 *   if (state.hasTimedOut) { state.remove(); return [{ key, total, expired: true }]; }
 *   state.update(total);
 *   state.setTimeoutDuration('10 seconds');
 *   return [{ key, total, expired: false }];
 * }
 */
export interface GroupState<S> {
  /** Whether the key has a state value. */
  readonly exists: boolean;
  /** Whether this call is a timeout (then `values` is empty). */
  readonly hasTimedOut: boolean;
  /** The value. @throws IllegalStateError GROUP_STATE_NOT_DEFINED when there is none */
  get(): S;
  /** The value, or undefined when there is none. */
  getOption(): S | undefined;
  /** Sets the value (saved when the batch commits). @throws IllegalArgumentError GROUP_STATE_NULL for null */
  update(newState: S): void;
  /** Removes the value. */
  remove(): void;
  /** ProcessingTimeTimeout only: time out `duration` (ms or '10 seconds') after this batch's timestamp. */
  setTimeoutDuration(duration: number | string): void;
  /** EventTimeTimeout only: time out once the watermark passes `timestamp` (+ `additionalDuration`). */
  setTimeoutTimestamp(timestamp: number | Date, additionalDuration?: string): void;
  /** The watermark of this batch. @throws IllegalStateError GROUP_STATE_NO_WATERMARK without withWatermark */
  getCurrentWatermarkMs(): number;
  /** This batch's processing time (the batch timestamp from the query's Clock). */
  getCurrentProcessingTimeMs(): number;
}

/** The engine's GroupState: also says what to write back to the store. */
export class GroupStateImpl<S> implements GroupState<S> {
  #value: S | undefined;
  #defined: boolean;
  #updated = false;
  #removed = false;
  #timeoutTimestampMs = NO_TIMESTAMP;

  constructor(
    value: S | undefined,
    readonly batchProcessingTimeMs: number,
    readonly eventTimeWatermarkMs: number,
    readonly timeoutConf: GroupStateTimeout,
    readonly hasTimedOut: boolean,
    readonly watermarkPresent: boolean,
  ) {
    this.#value = value;
    this.#defined = value !== undefined;
  }

  get exists(): boolean {
    return this.#defined;
  }

  get(): S {
    if (!this.#defined) throw GroupStateErrors.stateNotDefined();
    return this.#value as S;
  }

  getOption(): S | undefined {
    return this.#defined ? this.#value : undefined;
  }

  update(newState: S): void {
    if (newState === null || newState === undefined) throw GroupStateErrors.nullState();
    this.#value = newState;
    this.#defined = true;
    this.#updated = true;
    this.#removed = false;
  }

  remove(): void {
    this.#defined = false;
    this.#updated = false;
    this.#removed = true;
  }

  setTimeoutDuration(duration: number | string): void {
    if (this.timeoutConf !== 'ProcessingTimeTimeout') throw GroupStateErrors.cannotSetTimeoutDuration();
    const durationMs = typeof duration === 'number' ? duration : parseDuration(duration);
    if (durationMs <= 0) throw GroupStateErrors.invalidTimeout(`Timeout duration must be positive (got ${durationMs} ms).`);
    this.#timeoutTimestampMs = durationMs + this.batchProcessingTimeMs;
  }

  setTimeoutTimestamp(timestamp: number | Date, additionalDuration?: string): void {
    if (this.timeoutConf !== 'EventTimeTimeout') throw GroupStateErrors.cannotSetTimeoutTimestamp();
    const baseMs = typeof timestamp === 'number' ? timestamp : timestamp.getTime();
    const timestampMs = baseMs + (additionalDuration === undefined ? 0 : parseDuration(additionalDuration));
    if (timestampMs <= 0) throw GroupStateErrors.invalidTimeout(`Timeout timestamp must be positive (got ${timestampMs}).`);
    if (this.eventTimeWatermarkMs !== NO_TIMESTAMP && timestampMs < this.eventTimeWatermarkMs) {
      throw GroupStateErrors.invalidTimeout(
        `Timeout timestamp (${timestampMs}) cannot be earlier than the current watermark (${this.eventTimeWatermarkMs}).`,
      );
    }
    this.#timeoutTimestampMs = timestampMs;
  }

  getCurrentWatermarkMs(): number {
    if (!this.watermarkPresent) throw GroupStateErrors.cannotGetWatermark();
    return this.eventTimeWatermarkMs;
  }

  getCurrentProcessingTimeMs(): number {
    return this.batchProcessingTimeMs;
  }

  /** Whether the function updated the value (and did not remove it after). */
  get isUpdated(): boolean {
    return this.#updated;
  }

  /** Whether the function removed the value. */
  get isRemoved(): boolean {
    return this.#removed;
  }

  /** The timeout set in this call, or NO_TIMESTAMP. */
  get timeoutTimestampMs(): number {
    return this.#timeoutTimestampMs;
  }

  toString(): string {
    return `GroupState(${this.#defined ? JSON.stringify(this.#value) : '<undefined>'})`;
  }
}

function parseDuration(duration: string): number {
  const ms = parseIntervalMs(duration);
  if (ms < 0) throw GroupStateErrors.invalidTimeout(`Provided duration (${duration}) is negative.`);
  return ms;
}
