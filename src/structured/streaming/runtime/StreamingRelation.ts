/**
 * The leaf of a streaming DataFrame's logical plan: which source to read, and with which output
 * columns. Spark: sql/core/.../execution/streaming/StreamingRelation.scala (StreamingRelation,
 * StreamingExecutionRelation).
 *
 * The source contract itself (latest offset, batch (start, end], commit end) is sources/Source.ts.
 */
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { LeafNode, listString } from '../../plan/logical/LogicalPlan.js';
import type { StructType } from '../../types/StructType.js';
import type { Source } from '../sources/Source.js';

/** What a StreamingRelation needs to make its source when a query starts (Spark's DataSource). */
export interface StreamingSourceProvider {
  /** The format name (`rate`, `socket`, `json`, ...) or `MemoryStream`. */
  readonly sourceName: string;
  readonly schema: StructType;
  /**
   * False for a source with no record-at-a-time reader, which continuous mode refuses at start()
   * (Spark's table capability CONTINUOUS_READ); unset means it has one.
   */
  readonly continuousRead?: false;
  /**
   * The live source of one query run. `metadataPath` is `<checkpoint>/sources/<index>`, where a source
   * keeps its own logs (the file source's seen files); a MemoryStream returns itself. A source that
   * must connect first (socket) resolves once connected.
   */
  createSource(metadataPath: string): Source | Promise<Source>;
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
