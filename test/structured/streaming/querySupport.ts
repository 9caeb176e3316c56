/**
 * Shared setup of the streaming query tests: a session on a ManualClock (local[2], 2 shuffle
 * partitions) stopped after each test, and a MemoryStream of one int column.
 */
import { afterEach } from 'vitest';
import { ManualClock, MemoryStream, SparkSession, StructType } from '../../../src/index.js';

let current: SparkSession | undefined;

afterEach(async () => {
  for (const query of current?.streams.active ?? []) await query.stop();
  current?.stop();
  current = undefined;
});

/** A fresh session whose clock starts at `startMs`. */
export function streamingSession(startMs = 0, conf: Record<string, string | number> = {}): { spark: SparkSession; clock: ManualClock } {
  current?.stop();
  const clock = new ManualClock(startMs);
  const builder = SparkSession.builder().master('local[2]').config('spark.sql.shuffle.partitions', 2).clock(clock);
  for (const [k, v] of Object.entries(conf)) builder.config(k, v);
  current = builder.getOrCreate();
  return { spark: current, clock };
}

/** A MemoryStream of `{ value: int }` rows. */
export function intStream(): MemoryStream<number> {
  return new MemoryStream<number>(new StructType().add('value', 'int'));
}
