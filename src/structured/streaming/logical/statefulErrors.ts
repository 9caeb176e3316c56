/**
 * Every error message of event time, windows and the stateful streaming operators, written once.
 * Spark: sql/catalyst/.../analysis/UnsupportedOperationChecker.scala (the unsupported-operation
 * sentences), expressions/TimeWindow.scala, SessionWindow.scala, Dataset.withWatermark and
 * GroupStateImpl.scala.
 *
 * Where Spark's wording is known it is kept verbatim, so a user can search for it; a sentence on
 * how to fix the query follows it.
 */
import { AnalysisException, IllegalArgumentError, IllegalStateError } from '../../../shared/errors.js';

/** Errors of withWatermark and the watermark-dependent operators. */
export const WatermarkErrors = {
  /** Spark's require() in Dataset.withWatermark. */
  negativeDelay(delay: string): IllegalArgumentError {
    return new IllegalArgumentError(
      'INVALID_WATERMARK_DELAY',
      `delay threshold (${delay}) should not be negative. Use a delay of 0 or more, such as '10 seconds'.`,
    );
  },

  /** A delay string that is not an interval. */
  unparsableDelay(delay: string, reason: string): IllegalArgumentError {
    return new IllegalArgumentError(
      'INVALID_WATERMARK_DELAY',
      `Unable to parse time delay '${delay}': ${reason}`,
    );
  },

  /** Spark's EventTimeWatermark type check. */
  wrongEventTimeType(column: string, typeName: string): AnalysisException {
    return new AnalysisException(
      'EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE',
      `[EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE] The event time \`${column}\` has the invalid type "${typeName.toUpperCase()}", `
        + `but expected "TIMESTAMP". Cast it first: withColumn('${column}', col('${column}').cast('timestamp')).`,
    );
  },
};

/** Errors of window() and session_window(). */
export const WindowErrors = {
  /** A duration string that cannot be read. */
  invalidDuration(what: string, value: string, reason: string): IllegalArgumentError {
    return new IllegalArgumentError(
      'INVALID_WINDOW_DURATION',
      `The ${what} '${value}' is not a valid interval (${reason}). Write it as '<number> <unit>', e.g. '10 seconds'.`,
    );
  },

  /** Spark's refusal of a streaming session window without other grouping keys. */
  globalSessionWindow(): AnalysisException {
    return new AnalysisException(
      'STREAMING_GLOBAL_SESSION_WINDOW',
      'Global aggregation with session window in streaming query is not supported. Group by at least one column '
        + "besides session_window(...), such as groupBy(session_window('eventTime', '5 minutes'), 'userId').",
    );
  },

  /** Spark's message for two time/session windows in one grouping. */
  multipleWindows(): AnalysisException {
    return new AnalysisException(
      'MULTIPLE_WINDOW_EXPRESSIONS',
      'Multiple time/session window expressions would result in a cartesian product of rows, therefore they are '
        + 'currently not supported. Group by one window() or session_window() at a time.',
    );
  },
};

/** Errors of stream-stream joins found while planning. */
export const StreamingJoinErrors = {
  /** Spark's StreamingJoinStrategy refusal of a join without an equality between the sides. */
  noEqualityPredicate(condition: string): AnalysisException {
    return new AnalysisException(
      'STREAM_STREAM_JOIN_WITHOUT_EQUALITY',
      `Stream-stream join without equality predicate is not supported (join condition: ${condition}). Join on at least one `
        + 'column of each side, such as left.id = right.id, optionally with a time-range condition.',
    );
  },
};

/** The error every unsupported-operation problem of a streaming query is reported in, together. */
export const UnsupportedOperationErrors = {
  /**
   * All problems found at start(), one per line, in the order the checker met them.
   * Differs from Spark: Spark throws at the first problem; this lists every one.
   */
  unsupported(problems: readonly { message: string; fix: string }[]): AnalysisException {
    const lines = problems.map((p) => `${p.message}; ${p.fix}`);
    const text = lines.length === 1 ? lines[0]! : `${lines.length} problems:\n${lines.map((l, i) => `${i + 1}. ${l}`).join('\n')}`;
    return new AnalysisException('STREAMING_UNSUPPORTED_OPERATION', `[STREAMING_UNSUPPORTED_OPERATION] ${text}`);
  },

  /** A streaming plan run as a batch action. */
  batchOnStreaming(): AnalysisException {
    return new AnalysisException(
      'STREAMING_UNSUPPORTED_OPERATION',
      '[STREAMING_UNSUPPORTED_OPERATION] Queries with streaming sources must be executed with writeStream.start(); '
        + 'collect(), show() and count() need a finite table.',
    );
  },

  /** dropDuplicatesWithinWatermark on a batch DataFrame. */
  dedupWithinWatermarkOnBatch(): AnalysisException {
    return new AnalysisException(
      'STREAMING_UNSUPPORTED_OPERATION',
      '[STREAMING_UNSUPPORTED_OPERATION] dropDuplicatesWithinWatermark is not supported with batch DataFrames/DataSets; '
        + 'use dropDuplicates() on a batch DataFrame.',
    );
  },
};

/** Errors of GroupState use inside mapGroupsWithState / flatMapGroupsWithState (Spark's wording first). */
export const GroupStateErrors = {
  /** state.get() on an absent state. */
  stateNotDefined(): IllegalStateError {
    return new IllegalStateError(
      'GROUP_STATE_NOT_DEFINED',
      'State is either not defined or has already been removed. Check state.exists before state.get(), or use state.getOption().',
    );
  },

  /** state.update(null/undefined). */
  nullState(): IllegalArgumentError {
    return new IllegalArgumentError(
      'GROUP_STATE_NULL',
      "'null' is not a valid state value. Use state.remove() to drop the state of a group.",
    );
  },

  /** setTimeoutDuration without ProcessingTimeTimeout. */
  cannotSetTimeoutDuration(): IllegalStateError {
    return new IllegalStateError(
      'GROUP_STATE_TIMEOUT_NOT_ALLOWED',
      'Cannot set timeout duration without enabling processing time timeout in [map|flatMap]GroupsWithState. '
        + 'Pass GroupStateTimeout.ProcessingTimeTimeout() to the operation.',
    );
  },

  /** setTimeoutTimestamp without EventTimeTimeout. */
  cannotSetTimeoutTimestamp(): IllegalStateError {
    return new IllegalStateError(
      'GROUP_STATE_TIMEOUT_NOT_ALLOWED',
      'Cannot set timeout timestamp without enabling event time timeout in [map|flatMapGroupsWithState. '
        + 'Pass GroupStateTimeout.EventTimeTimeout() to the operation and set a watermark.',
    );
  },

  /** getCurrentWatermarkMs without a watermark in the query. */
  cannotGetWatermark(): IllegalStateError {
    return new IllegalStateError(
      'GROUP_STATE_NO_WATERMARK',
      'Cannot get event time watermark timestamp without setting watermark before [map|flatMap]GroupsWithState. '
        + "Call withWatermark('<eventTime>', '<delay>') before groupByKey.",
    );
  },

  /** Spark's checks on timeout values: a non-positive duration or timestamp, one before the watermark. */
  invalidTimeout(detail: string): IllegalArgumentError {
    return new IllegalArgumentError('GROUP_STATE_INVALID_TIMEOUT', detail);
  },

  /** A state value that JSON cannot keep (the state store holds JSON). */
  notJson(reason: string): IllegalArgumentError {
    return new IllegalArgumentError(
      'GROUP_STATE_NOT_JSON',
      `The group state cannot be saved: ${reason}. State is checkpointed as JSON; keep plain objects, arrays, `
        + 'strings, finite numbers, booleans or null in it.',
    );
  },

  /** A user function that threw; the original error is the cause (Spark's FlatMapGroupsWithStateUserFuncException). */
  userFunctionFailed(key: unknown, cause: unknown): IllegalStateError {
    return new IllegalStateError(
      'FLATMAPGROUPSWITHSTATE_USER_FUNCTION_ERROR',
      `[FLATMAPGROUPSWITHSTATE_USER_FUNCTION_ERROR] An error occurred in the user provided function in flatMapGroupsWithState `
        + `for key ${JSON.stringify(key)}: ${(cause as Error)?.message ?? String(cause)}. Fix the function; the batch is not committed.`,
      { cause },
    );
  },
};
