/**
 * Gives MemoryStream its DataFrame: `input.toDF(spark)` is a streaming DataFrame reading the
 * stream. Spark: sql/core/.../execution/streaming/sources/memory.scala (MemoryStreamBase.toDF,
 * whose logical plan is one fixed StreamingExecutionRelation).
 *
 * Differs from Spark: Spark's MemoryStream holds its session; this one is session-free, so toDF
 * takes the session. Every toDF of one stream in one session returns the same plan (same column
 * ids), as Spark's fixed logicalPlan does, so a self-join or union of the stream reads one source.
 * It also gives MemoryStream the data signal of runtime/dataAvailable.ts.
 */
import type { DataFrame } from '../DataFrame.js';
import type { SparkSession } from '../SparkSession.js';
import { streamingDataFrame } from './DataStreamReader.js';
import { MemoryStream } from './sources/MemoryStream.js';

declare module './sources/MemoryStream.js' {
  // Declaration merging needs the class's own type parameter, even though toDF does not use it.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface MemoryStream<T> {
    /**
     * The streaming DataFrame of this stream in `spark`.
     * @example
     * const input = new MemoryStream<number>(new StructType().add('value', 'int'));
     * const doubled = input.toDF(spark).select(col('value').multiply(2));
     */
    toDF(spark: SparkSession): DataFrame;
    /**
     * Calls `listener` after each addData or addAll, so an idle query (or a continuous reader) takes the
     * data at once; returns the unsubscribe function. Differs from Spark: Spark's idle loop polls.
     */
    onDataAvailable(listener: () => void): () => void;
  }
}

const frames = new WeakMap<MemoryStream<unknown>, WeakMap<SparkSession, DataFrame>>();

/** The streaming DataFrame of `stream` in `spark` (the same one on every call). */
export function memoryStreamToDF<T>(stream: MemoryStream<T>, spark: SparkSession): DataFrame {
  let bySession = frames.get(stream as MemoryStream<unknown>);
  if (!bySession) {
    bySession = new WeakMap();
    frames.set(stream as MemoryStream<unknown>, bySession);
  }
  let df = bySession.get(spark);
  if (!df) {
    df = streamingDataFrame(spark, { sourceName: 'MemoryStream', schema: stream.schema, createSource: () => stream });
    bySession.set(spark, df);
  }
  return df;
}

MemoryStream.prototype.toDF = function toDF(this: MemoryStream<unknown>, spark: SparkSession): DataFrame {
  return memoryStreamToDF(this, spark);
};

const listeners = new WeakMap<MemoryStream<unknown>, Set<() => void>>();
const addAll = MemoryStream.prototype.addAll;

// addData goes through addAll, so this signals once for either.
MemoryStream.prototype.addAll = function addAllAndSignal(this: MemoryStream<unknown>, rows: readonly unknown[]): number {
  const offset = addAll.call(this, rows);
  for (const listener of [...(listeners.get(this) ?? [])]) listener();
  return offset;
};

MemoryStream.prototype.onDataAvailable = function onDataAvailable(this: MemoryStream<unknown>, listener: () => void): () => void {
  let set = listeners.get(this);
  if (!set) {
    set = new Set();
    listeners.set(this, set);
  }
  set.add(listener);
  return () => set.delete(listener);
};
