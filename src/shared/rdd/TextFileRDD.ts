/**
 * The lines of a text file (or of every file in a directory), split into partitions by byte
 * ranges exactly as Hadoop's TextInputFormat splits them. Spark: core/.../rdd/HadoopRDD.scala
 * behind SparkContext.textFile.
 *
 * Each task reads its own lines from the file, so a worker executor never receives rows from the
 * driver; only the path and the line range travel.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TaskContext } from '../scheduler/TaskContext.js';
import type { Partition } from './Partition.js';
import { RDD, type Dependency } from './internal.js';
import type { RDDContext } from './RDDContext.js';
import type { RDDDescriptor } from './RDDDescriptor.js';

/**
 * A byte range of one file, as Hadoop's FileSplit: it holds the lines that start in
 * (start, start + length], or [0, length] for the first split of a file.
 */
export interface TextFilePartition extends Partition {
  readonly file: string;
  readonly start: number;
  readonly length: number;
}

/** Local files are read in 32 MB blocks (Hadoop's fs.local.block.size): no split is larger. */
const LOCAL_BLOCK_SIZE = 32 * 1024 * 1024;
/** Hadoop's SPLIT_SLOP: the last split may be up to 10% larger rather than leave a sliver. */
const SPLIT_SLOP = 1.1;

/**
 * Hadoop's FileInputFormat.getSplits: a goal size of totalSize / minPartitions (at most one block),
 * each file cut into splits of that size, the remainder joining the last split when it is within
 * 10%; an empty file is one empty split. 24 bytes for 2 partitions: [0, 12) and [12, 24).
 */
export function fileSplits(files: readonly { file: string; size: number }[], minPartitions: number): Omit<TextFilePartition, 'index'>[] {
  const totalSize = files.reduce((sum, f) => sum + f.size, 0);
  const goalSize = Math.floor(totalSize / Math.max(1, minPartitions));
  const splitSize = Math.max(1, Math.min(goalSize, LOCAL_BLOCK_SIZE));
  const out: Omit<TextFilePartition, 'index'>[] = [];
  for (const { file, size } of files) {
    if (size === 0) {
      out.push({ file, start: 0, length: 0 });
      continue;
    }
    let remaining = size;
    while (remaining / splitSize > SPLIT_SLOP) {
      out.push({ file, start: size - remaining, length: splitSize });
      remaining -= splitSize;
    }
    if (remaining > 0) out.push({ file, start: size - remaining, length: remaining });
  }
  return out;
}

/**
 * The lines of a split, as Hadoop's LineRecordReader reads them: a split other than the first
 * skips the line it starts in (the previous split read it), and reads on past its end to finish
 * the line it is in. A trailing newline does not make an empty last line; \r\n counts as \n.
 */
export function readSplitLines(split: Pick<TextFilePartition, 'file' | 'start' | 'length'>): string[] {
  const text = readFileSync(split.file);
  const end = split.start + split.length;
  const lines: string[] = [];
  let lineStart = 0;
  while (lineStart < text.length) {
    let newline = text.indexOf(0x0a, lineStart);
    if (newline < 0) newline = text.length;
    const inSplit = split.start === 0 ? lineStart <= end : lineStart > split.start && lineStart <= end;
    if (inSplit) {
      const lineEnd = newline > lineStart && text[newline - 1] === 0x0d ? newline - 1 : newline;
      lines.push(text.toString('utf8', lineStart, lineEnd));
    }
    if (lineStart > end) break;
    lineStart = newline + 1;
  }
  return lines;
}

/** The files a path names: itself, or the visible files of a directory in name order. */
export function listInputFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => !name.startsWith('.') && !name.startsWith('_'))
    .sort()
    .map((name) => join(path, name));
}

/** The RDD `sc.textFile` creates. */
export class TextFileRDD extends RDD<string> {
  constructor(
    sc: RDDContext,
    readonly path: string,
    readonly minPartitions: number,
    id?: number,
    readonly partitionList?: TextFilePartition[],
  ) {
    super(sc, id);
  }

  protected getPartitions(): Partition[] {
    if (this.partitionList) return this.partitionList;
    const files = listInputFiles(this.path).map((file) => ({ file, size: statSync(file).size }));
    return fileSplits(files, this.minPartitions).map((split, index) => ({ index, ...split }));
  }

  protected getDependencies(): Dependency[] {
    return [];
  }

  compute(split: Partition, context: TaskContext): Iterable<string> {
    const lines = readSplitLines(split as TextFilePartition);
    context.metrics.recordsRead += lines.length;
    return lines;
  }

  describe(): RDDDescriptor {
    return {
      kind: 'textFile',
      id: this.id,
      numPartitions: this.getNumPartitions(),
      storageLevel: this.storageLevel.name,
      parents: [],
      path: this.path,
      partitionList: this.partitions,
    };
  }
}
