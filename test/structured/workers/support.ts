/**
 * Runs the same DataFrame code on an inline master (local[2]) and on worker threads
 * (local-workers[2]), so a test can assert both the exact rows and that the masters agree.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, SparkSession } from '../../../src/index.js';

/** The two masters every test here compares. */
export const MASTERS = ['local[2]', 'local-workers[2]'] as const;

/** A session on `master` with 3 shuffle partitions and a ManualClock; the caller stops it. */
export function sessionOn(master: string, conf: Record<string, string | number | boolean> = {}): SparkSession {
  SparkSession.getActiveSession()?.stop();
  const builder = SparkSession.builder().master(master).appName('workers-test').config('spark.sql.shuffle.partitions', 3).clock(new ManualClock(0));
  for (const [k, v] of Object.entries(conf)) builder.config(k, v);
  return builder.getOrCreate();
}

/** `run`'s result on each master, in MASTERS order; each session is stopped afterwards. */
export async function onBothMasters<T>(run: (spark: SparkSession) => Promise<T>, conf: Record<string, string | number | boolean> = {}): Promise<T[]> {
  const results: T[] = [];
  for (const master of MASTERS) {
    const spark = sessionOn(master, conf);
    try {
      results.push(await run(spark));
    } finally {
      spark.stop();
    }
  }
  return results;
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'twinstream-workers-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
