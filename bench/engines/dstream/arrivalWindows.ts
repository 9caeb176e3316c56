/**
 * Tumbling windows as a Spark Streaming user writes them: reduceByKeyAndWindow(f, W, W) over the
 * batches, each output row labelled with the window of ARRIVAL [t - W, t) at the window's batch
 * time t. DStreams have no event time, so a record that arrives after its event-time window ended
 * is counted in a later window: the misassignment this bench measures. Spark:
 * streaming/.../dstream/PairDStreamFunctions.scala (reduceByKeyAndWindow).
 */
import { bind } from '../../../src/shared/index.js';
import type { RDD } from '../../../src/shared/index.js';
import { Milliseconds } from '../../../src/dstream/index.js';
import type { DStream, Time } from '../../../src/dstream/index.js';
import type { ResultRow } from '../../oracle/ResultRow.js';

/** Turns a window's reduced value into the row's named values. */
export type ToValues<A> = (aggregate: A) => Readonly<Record<string, number>>;

interface RowEnv<A> {
  readonly windowEndMs: number;
  readonly windowMs: number;
  readonly toValues: ToValues<A>;
}

function toRow<A>([key, aggregate]: [string, A], env: RowEnv<A>): ResultRow {
  return { windowStartMs: env.windowEndMs - env.windowMs, windowEndMs: env.windowEndMs, key, values: env.toValues(aggregate) };
}

function rowsOfWindow<A>(rdd: RDD<[string, A]>, time: Time, env: { windowMs: number; toValues: ToValues<A> }): RDD<ResultRow> {
  return rdd.map(bind(toRow<A>, { windowEndMs: time.milliseconds, windowMs: env.windowMs, toValues: env.toValues }));
}

/**
 * Per key, `reduceFunc` over the records that arrived in each tumbling window of `windowMs`
 * (a multiple of the batch interval); one row per key per window, at the window's last batch.
 *
 * @example
 * arrivalWindowRows(words.map((w) => [w, 1]), (a, b) => a + b, (count) => ({ count }), 5000);
 */
export function arrivalWindowRows<A>(pairs: DStream<[string, A]>, reduceFunc: (a: A, b: A) => A, toValues: ToValues<A>, windowMs: number): DStream<ResultRow> {
  const window = Milliseconds(windowMs);
  return pairs.reduceByKeyAndWindow(reduceFunc, window, window).transform(bind(rowsOfWindow<A>, { windowMs, toValues }));
}

/** Why a window of `windowMs` cannot run on batches of `batchIntervalMs`, or undefined. */
export function windowCheck(windowMs: number, batchIntervalMs: number): string | undefined {
  if (windowMs % batchIntervalMs === 0) return undefined;
  return (
    `the DStream pipeline approximates the ${windowMs} ms event-time window with window(${windowMs} ms, ${windowMs} ms) over arrival time, ` +
    `and Spark requires a window to be a multiple of the batch interval (${batchIntervalMs} ms); choose a --batch-interval that divides ${windowMs} ms`
  );
}

/**
 * The start of the window of ARRIVAL a record lands in: its batch is the first batch time after its
 * arrival, and its window [t - windowMs, t) is the one whose last batch t is the first multiple of
 * windowMs at or after that batch.
 */
export function arrivalWindowStartOf(arrivalTimeMs: number, windowMs: number, batchIntervalMs: number): number {
  const batchTimeMs = (Math.floor(arrivalTimeMs / batchIntervalMs) + 1) * batchIntervalMs;
  return Math.ceil(batchTimeMs / windowMs) * windowMs - windowMs;
}
