/**
 * The write-ahead log of a streaming query: before batch N runs, `offsets/N` records the end offset
 * of every source and the batch's watermark, timestamp and fixed configuration. Spark:
 * sql/core/.../execution/streaming/OffsetSeqLog.scala and OffsetSeq.scala.
 *
 * File format (no trailing newline), one offset line per source in the query's source order:
 * ```
 * v1
 * {"batchWatermarkMs":0,"batchTimestampMs":1000,"conf":{"spark.sql.shuffle.partitions":"2"}}
 * 3
 * {"logOffset":0}
 * -
 * ```
 * A `-` line is a source that had no offset yet (Spark's SERIALIZED_VOID_OFFSET).
 */
import * as path from 'node:path';
import type { Offset } from '../sources/Offset.js';
import { CheckpointErrors } from '../streamingErrors.js';
import type { CheckpointFileManager } from './CheckpointFileManager.js';
import { MetadataLog, type MetadataFileContext, type MetadataSerializer } from './MetadataLog.js';
import { isJsonObject, parseJsonLine, readVersionedLines } from './versionedText.js';

/** What a batch fixes besides offsets. Spark: OffsetSeqMetadata. */
export interface OffsetSeqMetadata {
  /** The event-time watermark the batch runs with, in epoch ms (0 before any watermark). */
  readonly batchWatermarkMs: number;
  /** The processing time the batch was planned at, from the query's Clock (current_timestamp()). */
  readonly batchTimestampMs: number;
  /** Configuration a restart must keep (spark.sql.shuffle.partitions, the watermark policy, ...). */
  readonly conf: Readonly<Record<string, string>>;
}

/** One batch of the offset log. Spark: OffsetSeq. */
export interface OffsetSeq {
  /** The end offset of each source, in the order of the query's sources; undefined for none yet. */
  readonly offsets: readonly (Offset | undefined)[];
  readonly metadata: OffsetSeqMetadata;
}

const VOID_OFFSET = '-';
const VERSION = 1;

/** The serializer of offset-log files. */
export const offsetSeqSerializer: MetadataSerializer<OffsetSeq> = {
  serialize(seq) {
    const { batchWatermarkMs, batchTimestampMs, conf } = seq.metadata;
    const lines = [`v${VERSION}`, JSON.stringify({ batchWatermarkMs, batchTimestampMs, conf })];
    for (const offset of seq.offsets) lines.push(offset === undefined ? VOID_OFFSET : JSON.stringify(offset));
    return lines.join('\n');
  },

  deserialize(text, context) {
    const { lines } = readVersionedLines(text, VERSION, context);
    if (lines.length === 0) {
      throw CheckpointErrors.damagedFile(context.logName, context.file, 'it ends after the version line, before the batch metadata line');
    }
    const metadata = parseMetadata(lines[0]!, context);
    const offsets = lines.slice(1).map((line, i) => (line === VOID_OFFSET ? undefined : (parseJsonLine(line, i + 3, context) as Offset)));
    return { offsets, metadata };
  },
};

function parseMetadata(line: string, context: MetadataFileContext): OffsetSeqMetadata {
  const value = parseJsonLine(line, 2, context);
  const problem = (detail: string): never => {
    throw CheckpointErrors.damagedFile(context.logName, context.file, `line 2 (the batch metadata) ${detail}`);
  };
  if (!isJsonObject(value)) return problem('is not a JSON object');
  const { batchWatermarkMs = 0, batchTimestampMs = 0, conf = {} } = value;
  if (typeof batchWatermarkMs !== 'number') problem('has a batchWatermarkMs that is not a number');
  if (typeof batchTimestampMs !== 'number') problem('has a batchTimestampMs that is not a number');
  if (!isJsonObject(conf) || Object.values(conf).some((v) => typeof v !== 'string')) {
    problem('has a conf that is not an object of strings');
  }
  return {
    batchWatermarkMs: batchWatermarkMs as number,
    batchTimestampMs: batchTimestampMs as number,
    conf: conf as Record<string, string>,
  };
}

/**
 * The offset log in `<checkpoint>/offsets`.
 *
 * @example
 * const offsets = new OffsetSeqLog('/ckpt');
 * offsets.add(0, { offsets: [0], metadata: { batchWatermarkMs: 0, batchTimestampMs: 1000, conf: {} } });
 * offsets.getLatest();   // { batchId: 0, metadata: { offsets: [0], metadata: {...} } }
 */
export class OffsetSeqLog extends MetadataLog<OffsetSeq> {
  constructor(checkpointDir: string, fileManager?: CheckpointFileManager) {
    super(path.join(checkpointDir, 'offsets'), offsetSeqSerializer, { logName: 'offset log', fileManager });
  }
}
