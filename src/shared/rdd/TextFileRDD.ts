/**
 * The lines of a text file (or of every file in a directory), split into partitions by line
 * ranges. Spark: core/.../rdd/HadoopRDD.scala behind SparkContext.textFile.
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
import { slicePositions } from './ParallelCollectionRDD.js';

/** A run of lines of one file. */
export interface TextFilePartition extends Partition {
  readonly file: string;
  readonly fromLine: number;
  readonly untilLine: number;
}

/** Reads a file's lines; a trailing newline does not make an empty last line, as in Hadoop. */
export function readLines(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
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
    const files = listInputFiles(this.path);
    const perFile = Math.max(1, Math.ceil(this.minPartitions / Math.max(1, files.length)));
    const out: TextFilePartition[] = [];
    for (const file of files) {
      const lineCount = readLines(file).length;
      for (const [fromLine, untilLine] of slicePositions(lineCount, perFile)) {
        out.push({ index: out.length, file, fromLine, untilLine });
      }
    }
    return out;
  }

  protected getDependencies(): Dependency[] {
    return [];
  }

  compute(split: Partition, context: TaskContext): Iterable<string> {
    const { file, fromLine, untilLine } = split as TextFilePartition;
    const lines = readLines(file).slice(fromLine, untilLine);
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
