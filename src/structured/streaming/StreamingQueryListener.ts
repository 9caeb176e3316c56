/**
 * Callbacks on the life of every streaming query of a session. Spark: sql/api/.../streaming/
 * StreamingQueryListener.scala (QueryStartedEvent, QueryProgressEvent, QueryIdleEvent,
 * QueryTerminatedEvent).
 *
 * Processing time: event timestamps are readings of the query's Clock.
 */
import type { StreamingQueryProgress } from './StreamingQueryProgress.js';

/** A query started (its first trigger has not run yet). */
export interface QueryStartedEvent {
  readonly type: 'QueryStarted';
  readonly id: string;
  readonly runId: string;
  readonly name: string | null;
  /** When it started, as Spark's ISO-8601 progress timestamp. */
  readonly timestamp: string;
}

/** A trigger finished and reported its progress. */
export interface QueryProgressEvent {
  readonly type: 'QueryProgress';
  readonly progress: StreamingQueryProgress;
}

/** A trigger found no new data and ran nothing (Spark 3.5's onQueryIdle). */
export interface QueryIdleEvent {
  readonly type: 'QueryIdle';
  readonly id: string;
  readonly runId: string;
  readonly timestamp: string;
}

/** A query stopped, normally (`exception` null) or because of an error (its message). */
export interface QueryTerminatedEvent {
  readonly type: 'QueryTerminated';
  readonly id: string;
  readonly runId: string;
  readonly exception: string | null;
  /** The error class of the cause, when it has one (Spark 3.5's errorClassOnException). */
  readonly errorClassOnException: string | null;
}

/** Any listener event. */
export type StreamingQueryListenerEvent = QueryStartedEvent | QueryProgressEvent | QueryIdleEvent | QueryTerminatedEvent;

/**
 * A listener of a session's streaming queries; override the callbacks you need. Callbacks run on
 * the engine's turn: keep them short, and errors they throw are caught so a query never dies of one.
 *
 * @example
 * spark.streams.addListener(new (class extends StreamingQueryListener {
 *   override onQueryProgress(e: QueryProgressEvent) { rows.push(e.progress.numInputRows); }
 * })());
 */
export abstract class StreamingQueryListener {
  onQueryStarted(_event: QueryStartedEvent): void {}
  onQueryProgress(_event: QueryProgressEvent): void {}
  onQueryIdle(_event: QueryIdleEvent): void {}
  onQueryTerminated(_event: QueryTerminatedEvent): void {}
}

/** Calls the callback of `listener` that handles `event`. */
export function deliverListenerEvent(listener: StreamingQueryListener, event: StreamingQueryListenerEvent): void {
  switch (event.type) {
    case 'QueryStarted':
      return listener.onQueryStarted(event);
    case 'QueryProgress':
      return listener.onQueryProgress(event);
    case 'QueryIdle':
      return listener.onQueryIdle(event);
    case 'QueryTerminated':
      return listener.onQueryTerminated(event);
  }
}
