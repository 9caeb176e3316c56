/**
 * Shared setup for the Structured batch tests (not exported from src): a session on a
 * ManualClock with few shuffle partitions, stopped after each test.
 */
import { afterEach } from 'vitest';
import { ManualClock, SparkSession } from '../../src/index.js';

let current: SparkSession | undefined;

afterEach(() => {
  current?.stop();
  current = undefined;
});

/** A fresh session: local[2], 4 shuffle partitions, ManualClock at `startMs`. */
export function newSession(options: { startMs?: number; conf?: Record<string, string | number | boolean> } = {}): SparkSession {
  current?.stop();
  const builder = SparkSession.builder()
    .master('local[2]')
    .appName('structured-test')
    .config('spark.sql.shuffle.partitions', 4)
    .clock(new ManualClock(options.startMs ?? 0));
  for (const [k, v] of Object.entries(options.conf ?? {})) builder.config(k, v);
  current = builder.getOrCreate();
  return current;
}

/** Collects a sink's output. */
export function captureSink(): { sink: (text: string) => void; text: () => string } {
  const parts: string[] = [];
  return { sink: (t) => parts.push(t), text: () => parts.join('\n') };
}

/** The people DataFrame most tests use. */
export function people(spark: SparkSession) {
  return spark.createDataFrame([
    { name: 'Alice', age: 30, dept: 'eng' },
    { name: 'Bob', age: 25, dept: 'eng' },
    { name: 'Carol', age: 35, dept: 'ops' },
    { name: 'Dan', age: null, dept: 'ops' },
  ]);
}
