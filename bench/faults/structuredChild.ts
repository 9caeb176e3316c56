/**
 * A Structured Streaming workload run as a child process by the crash loop: reads a durable
 * partitioned log (`{key, value}` messages) from a checkpointed query on the system clock and
 * writes each batch either to a file sink (`file`), or with foreachBatch into SQLite keyed by
 * batch id (`foreachBatch`: the rows; `state`: a running count per key, i.e. state of as many keys
 * as the input has). It reports `ready`, each `batch`, and `done` once processAllAvailable returns,
 * then stops cleanly. The parent may SIGKILL it at any moment.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { type DataFrame, type QueryProgressEvent, SparkSession, StreamingQueryListener, Trigger } from '../../src/index.js';
import { childArgs, emit, sinceProcessStartMs } from './childProtocol.js';

/** The arguments of structuredChild.ts. */
export interface StructuredChildArgs {
  readonly mode: 'file' | 'foreachBatch' | 'state';
  readonly logDir: string;
  readonly topic: string;
  readonly checkpointDir: string;
  /** The file sink's directory (mode file). */
  readonly outputDir: string;
  /** The SQLite database (modes foreachBatch and state). */
  readonly dbFile: string;
  readonly maxOffsetsPerTrigger: number;
  /** A ProcessingTime trigger interval (0 or absent: the default trigger, batches back to back). */
  readonly triggerIntervalMs?: number;
  /** Extra SQL conf, e.g. the crash point seam. */
  readonly conf?: Readonly<Record<string, string>>;
}

/** Creates the SQLite tables a run writes (idempotent). */
export function openSinkDatabase(dbFile: string): Database.Database {
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS batches (batch_id INTEGER PRIMARY KEY);
    CREATE TABLE IF NOT EXISTS rows (batch_id INTEGER NOT NULL, value TEXT NOT NULL, partition INTEGER NOT NULL, offset INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS counts (key TEXT PRIMARY KEY, count INTEGER NOT NULL);`);
  return db;
}

/** Writes one batch in one transaction, unless the database already holds this batch id (a re-run after a crash). */
function batchWriter(db: Database.Database, mode: 'foreachBatch' | 'state') {
  const seen = db.prepare('SELECT 1 FROM batches WHERE batch_id = ?');
  const markBatch = db.prepare('INSERT INTO batches (batch_id) VALUES (?)');
  const insertRow = db.prepare('INSERT INTO rows (batch_id, value, partition, offset) VALUES (?, ?, ?, ?)');
  const upsertCount = db.prepare('INSERT INTO counts (key, count) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET count = excluded.count');
  const write = db.transaction((batchId: number, rows: Record<string, unknown>[]) => {
    if (seen.get(batchId)) return;
    for (const row of rows) {
      if (mode === 'state') upsertCount.run(row['key'], row['count']);
      else insertRow.run(batchId, row['value'], row['partition'], row['offset']);
    }
    markBatch.run(batchId);
  });
  return async (batch: DataFrame, batchId: number) => write(batchId, (await batch.collect()) as Record<string, unknown>[]);
}

async function main(): Promise<void> {
  const args = childArgs<StructuredChildArgs>();
  const engineStartMs = sinceProcessStartMs();
  const builder = SparkSession.builder().master('local[2]').config('spark.sql.shuffle.partitions', 2);
  for (const [k, v] of Object.entries(args.conf ?? {})) builder.config(k, v);
  const spark = builder.getOrCreate();
  spark.streams.addListener(new (class extends StreamingQueryListener {
    override onQueryProgress(e: QueryProgressEvent): void {
      const now = sinceProcessStartMs();
      emit({ event: 'batch', sinceStartMs: now, sinceEngineStartMs: now - engineStartMs, batch: e.progress.batchId, numInputRows: e.progress.numInputRows });
    }
  })());
  const input = spark.readStream
    .format('log')
    .option('path', args.logDir)
    .option('subscribe', args.topic)
    .option('startingOffsets', 'earliest')
    .option('recordIsMessage', true)
    .option('maxOffsetsPerTrigger', args.maxOffsetsPerTrigger)
    .load();
  const writer =
    args.mode === 'state'
      ? input.groupBy('key').count().writeStream.outputMode('update').foreachBatch(batchWriter(openSinkDatabase(args.dbFile), 'state'))
      : args.mode === 'foreachBatch'
        ? input.select('value', 'partition', 'offset').writeStream.foreachBatch(batchWriter(openSinkDatabase(args.dbFile), 'foreachBatch'))
        : input.select('value', 'partition', 'offset').writeStream.format('json');
  if (args.triggerIntervalMs) writer.trigger(Trigger.ProcessingTime(args.triggerIntervalMs));
  const query = writer.option('checkpointLocation', args.checkpointDir).start(args.mode === 'file' ? args.outputDir : undefined);
  emit({ event: 'ready', sinceStartMs: sinceProcessStartMs() });
  await query.processAllAvailable();
  emit({ event: 'done', sinceStartMs: sinceProcessStartMs() });
  await query.stop();
  spark.stop();
}

await main();
