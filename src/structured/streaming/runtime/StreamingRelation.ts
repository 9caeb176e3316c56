/**
 * The leaf of a streaming DataFrame's logical plan, and the contract a streaming source meets so
 * the engine can read it batch by batch. Spark: sql/core/.../execution/streaming/
 * StreamingRelation.scala (StreamingRelation, StreamingExecutionRelation) and Source.scala.
 *
 * A source is asked three things per micro-batch, as in Spark: its latest offset, the rows in
 * (start, end], and to forget everything up to a committed end.
 */
import type { RDD, SparkContext } from '../../../shared/index.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { LeafNode, listString } from '../../plan/logical/LogicalPlan.js';
import type { StructType } from '../../types/StructType.js';
import type { Offset } from '../sources/Offset.js';

/** How far one micro-batch may read: everything available, or what the source's own limit allows. */
export type ReadLimit = 'all' | 'limited';

/** A record delivered in continuous mode, with the offset to resume after it. */
export interface ContinuousRecord {
  readonly row: InternalRow;
  /** The source offset once this record is processed (what an epoch commits). */
  readonly offset: Offset;
}

/**
 * A source the micro-batch engine reads: latest offset, batch (start, end], commit end.
 * Offsets are JSON values (see sources/Offset.ts), logged as they are.
 */
export interface StreamSource {
  readonly schema: StructType;
  /** Spark's toString of the source, shown in progress (`MemoryStream[value#0]`, `RateStreamV2[...]`). */
  readonly description: string;
  /**
   * The offset of the newest data, or undefined while there is none. With 'limited', a source with
   * a per-trigger limit (maxFilesPerTrigger, maxOffsetsPerTrigger) answers at most that far past `start`.
   */
  latestOffset(start: Offset | undefined, limit: ReadLimit): Offset | undefined;
  /** The rows after `start` up to and including `end`, one RDD partition per source partition. */
  getBatch(start: Offset | undefined, end: Offset, sc: SparkContext): RDD<InternalRow>;
  /** Everything up to `end` reached the sink: the source may drop it. */
  commit(end: Offset): void;
  /** The query stopped: release files, sockets, timers. */
  stop(): void;
  /** Trigger.AvailableNow: fix the end of the data to what is there now. */
  prepareForTriggerAvailableNow?(): void;
  /** Calls `listener` whenever new data arrives (so an idle default trigger wakes); returns an unsubscribe. */
  onDataAvailable?(listener: () => void): () => void;
  /**
   * Continuous mode: delivers every record after `start`, one call per record, as soon as it exists,
   * without waiting for a timer; returns a function that stops delivery.
   */
  readContinuous?(start: Offset | undefined, deliver: (record: ContinuousRecord) => void, sc: SparkContext): () => void;
}

/** What a StreamingRelation needs to make its source when a query starts (Spark's DataSource). */
export interface StreamingSourceProvider {
  /** The format name (`rate`, `socket`, `json`, ...) or `MemoryStream`. */
  readonly sourceName: string;
  readonly schema: StructType;
  /**
   * The live source of one query run. `metadataPath` is `<checkpoint>/sources/<index>`, where a source
   * keeps its own logs (the file source's seen files); a MemoryStream returns itself.
   */
  createSource(metadataPath: string): StreamSource;
}

/**
 * A streaming source in a logical plan. It is never executed: each micro-batch replaces it with
 * the batch's rows (IncrementalExecution), and batch actions on a plan holding one are refused.
 */
export class StreamingRelation extends LeafNode {
  constructor(
    readonly provider: StreamingSourceProvider,
    readonly outputAttrs: AttributeReference[],
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.outputAttrs;
  }

  override get isStreaming(): boolean {
    return true;
  }

  simpleString(): string {
    return `StreamingRelation ${this.provider.sourceName}, ${listString(this.outputAttrs)}`;
  }
}
