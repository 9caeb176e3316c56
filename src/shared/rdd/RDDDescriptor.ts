/**
 * A plain-data description of an RDD, enough for a worker thread to rebuild it and compute the
 * partitions its task needs. Functions travel as source text (see util/closure.ts).
 */

/** One RDD of a stage's lineage, with its parents inside the same stage. */
export interface RDDDescriptor {
  readonly kind: string;
  readonly id: number;
  readonly numPartitions: number;
  readonly storageLevel: string;
  /** Set when the RDD was checkpointed: the worker reads the files instead of the lineage. */
  readonly checkpointPath?: string;
  readonly parents: readonly RDDDescriptor[];
  readonly [field: string]: unknown;
}
