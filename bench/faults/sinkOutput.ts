/**
 * Reads what a crash-loop workload left in its sink: the input ids it holds (with repeats) and a
 * form to compare with the crash-free run's sink. File sink: the committed files of each batch in
 * `_spark_metadata` order, byte for byte. foreachBatch into SQLite: every row with its batch id.
 * DStream: the values of all batch files, as a sorted multiset (batch times are wall-clock times
 * and differ between runs).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { FileStreamSink } from '../../src/index.js';
import type { FaultVariant } from './crashLoop.js';
import type { DStreamChildArgs } from './dstreamChild.js';
import type { StructuredChildArgs } from './structuredChild.js';

/** A sink's content. */
export interface SinkOutput {
  /** The input ids (the records' values) in the sink, one per row. */
  readonly values: string[];
  /** What must equal the crash-free run's. */
  readonly comparable: unknown;
}

/** The content of the sink `args` describe. */
export function readSinkOutput(variant: FaultVariant, args: StructuredChildArgs | DStreamChildArgs): SinkOutput {
  if (variant === 'structured-file') return readFileSink(args.outputDir);
  if (variant === 'structured-foreachBatch') return readSqliteRows((args as StructuredChildArgs).dbFile);
  return readBatchFiles(args.outputDir);
}

function readFileSink(outputDir: string): SinkOutput {
  if (!fs.existsSync(outputDir)) return { values: [], comparable: [] };
  const batches = FileStreamSink.metadataLog(outputDir)
    .getRange()
    .map((entry) => entry.metadata.filter((s) => s.action === 'add').map((s) => fs.readFileSync(fileURLToPath(s.path), 'utf8')).join(''));
  const values = batches.flatMap((text) => text.split('\n').filter((l) => l !== '').map((l) => String((JSON.parse(l) as { value: string }).value)));
  return { values, comparable: batches };
}

function readSqliteRows(dbFile: string): SinkOutput {
  if (!fs.existsSync(dbFile)) return { values: [], comparable: [] };
  const db = new Database(dbFile, { readonly: true });
  try {
    const rows = db.prepare('SELECT batch_id, value FROM rows ORDER BY batch_id, partition, offset').raw().all() as [number, string][];
    return { values: rows.map(([, value]) => value), comparable: rows };
  } finally {
    db.close();
  }
}

function readBatchFiles(outputDir: string): SinkOutput {
  if (!fs.existsSync(outputDir)) return { values: [], comparable: [] };
  const files = fs.readdirSync(outputDir).filter((f) => /^\d+\.json$/.test(f));
  const values = files.flatMap((f) => (JSON.parse(fs.readFileSync(path.join(outputDir, f), 'utf8')) as unknown[]).map(String));
  return { values, comparable: [...values].sort() };
}
