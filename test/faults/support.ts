/**
 * Shared setup of the fault tests: temporary directories removed after each test, Structured
 * sessions on a ManualClock stopped after each test, and readers of a file sink's committed output.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { FileStreamSink, ManualClock, SparkContext, SparkSession } from '../../src/index.js';

const tempDirs: string[] = [];
const sessions: SparkSession[] = [];

afterEach(async () => {
  for (const spark of sessions.splice(0)) await stopSession(spark);
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory, deleted after the current test. */
export function tempDir(prefix = 'twinstream-faults-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/**
 * A fresh session (a new driver, as after a restart) on a ManualClock at `startMs`: local[2],
 * 2 shuffle partitions, no no-data batches (batch ids then follow the data), plus `conf`.
 */
export function newSession(conf: Record<string, string | number> = {}, startMs = 0, master = 'local[2]'): { spark: SparkSession; clock: ManualClock } {
  const clock = new ManualClock(startMs);
  // An explicit SparkContext: getOrCreate would otherwise hand back the previous (crashed) driver's session.
  const builder = SparkSession.builder()
    .sparkContext(new SparkContext({ master, clock, conf }))
    .config('spark.sql.shuffle.partitions', 2)
    .config('spark.sql.streaming.noDataMicroBatches.enabled', 'false');
  for (const [k, v] of Object.entries(conf)) builder.config(k, v);
  const spark = builder.getOrCreate();
  sessions.push(spark);
  return { spark, clock };
}

/** Stops a session before the test ends (a driver that went away). */
export async function stopSession(spark: SparkSession): Promise<void> {
  const index = sessions.indexOf(spark);
  if (index >= 0) sessions.splice(index, 1);
  for (const query of spark.streams.active) await query.stop();
  spark.stop();
  await spark.sparkContext.stop();
}

/** The bytes of every committed file of a file sink output, in batch order, one string per batch. */
export function committedOutput(outputDir: string): string[] {
  return FileStreamSink.metadataLog(outputDir)
    .getRange()
    .map((entry) => entry.metadata.filter((s) => s.action === 'add').map((s) => fs.readFileSync(fileURLToPath(s.path), 'utf8')).join(''));
}

/** The data files in an output directory (committed or not). */
export function dataFiles(outputDir: string): string[] {
  return fs.readdirSync(outputDir).filter((f) => f.startsWith('part-')).sort();
}

/** The error `action` throws or rejects with; fails the test when there is none. */
export async function caught(action: () => unknown): Promise<Error & { errorClass?: string; cause?: unknown }> {
  try {
    await action();
  } catch (error) {
    return error as Error & { errorClass?: string };
  }
  throw new Error('expected an error');
}
