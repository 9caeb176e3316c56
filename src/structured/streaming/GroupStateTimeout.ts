/**
 * Which timeout a [map|flatMap]GroupsWithState operation uses for its groups. Spark:
 * sql/api/.../streaming/GroupStateTimeout.java.
 *
 * Processing time: a ProcessingTimeTimeout fires on the query's Clock (the batch timestamp), never
 * on the wall clock. Event time: an EventTimeTimeout fires once the watermark passes the timestamp
 * the group set.
 */

/** Spark's three timeout configurations, by their Spark names. */
export type GroupStateTimeout = 'NoTimeout' | 'ProcessingTimeTimeout' | 'EventTimeTimeout';

/**
 * The timeout configurations with Spark's constructor names.
 *
 * @example
 * grouped.mapGroupsWithState(fn, schema, GroupStateTimeout.ProcessingTimeTimeout());
 */
export const GroupStateTimeout = {
  /** Groups never time out. */
  NoTimeout(): GroupStateTimeout {
    return 'NoTimeout';
  },
  /** A group times out when no data arrived for it for the duration it set (state.setTimeoutDuration). */
  ProcessingTimeTimeout(): GroupStateTimeout {
    return 'ProcessingTimeTimeout';
  },
  /** A group times out when the watermark passes the timestamp it set (state.setTimeoutTimestamp). */
  EventTimeTimeout(): GroupStateTimeout {
    return 'EventTimeTimeout';
  },
};
