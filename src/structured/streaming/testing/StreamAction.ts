/**
 * The actions of a testStream script: add data, check the sink, move the manual clock, stop and
 * restart, expect a failure. Spark: sql/core/src/test/.../streaming/StreamTest.scala (AddData,
 * CheckAnswer, CheckNewAnswer, CheckLastBatch, AdvanceManualClock, StopStream, StartStream,
 * ExpectFailure, AssertOnQuery, Execute).
 *
 * Expected rows are objects keyed by column name or arrays of values in column order; answers
 * are compared as multisets, as Spark's CheckAnswer does.
 */
import type { Row } from '../../DataFrame.js';
import type { MemoryStream } from '../sources/MemoryStream.js';
import type { StreamingQuery } from '../StreamingQuery.js';
import type { Trigger } from '../Trigger.js';

/** An expected row: `{ value: 1 }` or `[1]`. */
export type ExpectedRow = Row | readonly unknown[];

/** What ExpectFailure checks of the query's exception (all given parts must match). */
export interface ExpectedFailure {
  /** The errorClass of the cause (the user's error or the engine's). */
  readonly causeErrorClass?: string;
  /** Text the exception message must contain. */
  readonly messageContains?: string;
  /** The class name of the cause (`Error`, `SparkException`, ...). */
  readonly causeName?: string;
}

/** Options of StartStream. */
export interface StartStreamOptions {
  readonly trigger?: Trigger;
  /** The checkpoint to use from now on (default: the script's own temporary one). */
  readonly checkpointLocation?: string;
  /** Extra SQL conf set on the session before the start. */
  readonly conf?: Readonly<Record<string, string>>;
}

/** One step of a script. */
export type StreamAction =
  | { readonly kind: 'AddData'; readonly source: MemoryStream<unknown>; readonly data: readonly unknown[] }
  | { readonly kind: 'CheckAnswer'; readonly rows: readonly ExpectedRow[]; readonly scope: 'all' | 'new' | 'lastBatch' }
  | { readonly kind: 'AdvanceManualClock'; readonly ms: number }
  | { readonly kind: 'StopStream' }
  | { readonly kind: 'StartStream'; readonly options: StartStreamOptions }
  | { readonly kind: 'ExpectFailure'; readonly expected: ExpectedFailure }
  | { readonly kind: 'AssertOnQuery'; readonly check: (query: StreamingQuery) => boolean | Promise<boolean>; readonly message: string }
  | { readonly kind: 'Execute'; readonly run: (query: StreamingQuery) => void | Promise<void>; readonly name: string };

/** Adds one unit of data to a MemoryStream (one addData call). */
export function AddData<T>(source: MemoryStream<T>, ...data: T[]): StreamAction {
  return { kind: 'AddData', source: source as MemoryStream<unknown>, data };
}

/** Processes everything available, then checks the sink holds exactly these rows (in any order). */
export function CheckAnswer(...rows: ExpectedRow[]): StreamAction {
  return { kind: 'CheckAnswer', rows, scope: 'all' };
}

/** Like CheckAnswer, but only the rows written since the previous check (none: nothing new). */
export function CheckNewAnswer(...rows: ExpectedRow[]): StreamAction {
  return { kind: 'CheckAnswer', rows, scope: 'new' };
}

/** Like CheckAnswer, but only the rows of the last batch written. */
export function CheckLastBatch(...rows: ExpectedRow[]): StreamAction {
  return { kind: 'CheckAnswer', rows, scope: 'lastBatch' };
}

/**
 * Waits until the query is blocked on the clock, advances it, and waits until every trigger that
 * became due has run and the query is blocked again (Spark's AdvanceManualClock).
 */
export function AdvanceManualClock(ms: number): StreamAction {
  return { kind: 'AdvanceManualClock', ms };
}

/** Stops the query (it can be started again from its checkpoint). */
export const StopStream: StreamAction = { kind: 'StopStream' };

/** Starts the query (again), from the script's checkpoint unless another is given. */
export function StartStream(options: StartStreamOptions = {}): StreamAction {
  return { kind: 'StartStream', options };
}

/** Waits for the query to die and checks its exception. */
export function ExpectFailure(expected: ExpectedFailure = {}): StreamAction {
  return { kind: 'ExpectFailure', expected };
}

/** Checks a condition on the running query. */
export function AssertOnQuery(check: (query: StreamingQuery) => boolean | Promise<boolean>, message = ''): StreamAction {
  return { kind: 'AssertOnQuery', check, message };
}

/** Runs any code against the query (Spark's Execute). */
export function Execute(run: (query: StreamingQuery) => void | Promise<void>, name = 'Execute'): StreamAction {
  return { kind: 'Execute', run, name };
}

/** The one-line form of an action in failure reports. */
export function describeAction(action: StreamAction): string {
  switch (action.kind) {
    case 'AddData':
      return `AddData to ${action.source.toString()}: ${action.data.map((d) => JSON.stringify(d)).join(',')}`;
    case 'CheckAnswer': {
      const name = action.scope === 'all' ? 'CheckAnswer' : action.scope === 'new' ? 'CheckNewAnswer' : 'CheckLastBatch';
      return `${name}: ${action.rows.map((r) => JSON.stringify(r)).join(',')}`;
    }
    case 'AdvanceManualClock':
      return `AdvanceManualClock(${action.ms})`;
    case 'StopStream':
      return 'StopStream';
    case 'StartStream':
      return `StartStream(${JSON.stringify({ ...action.options, trigger: action.options.trigger })})`;
    case 'ExpectFailure':
      return `ExpectFailure(${JSON.stringify(action.expected)})`;
    case 'AssertOnQuery':
      return `AssertOnQuery(${action.message})`;
    case 'Execute':
      return action.name;
  }
}
