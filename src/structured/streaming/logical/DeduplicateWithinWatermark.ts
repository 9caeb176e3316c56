/**
 * `dropDuplicatesWithinWatermark(keys)`: drops a row when a row with the same keys was seen less
 * than the watermark delay before it. Spark: basicLogicalOperators.scala (DeduplicateWithinWatermark)
 * and Dataset.dropDuplicatesWithinWatermark.
 *
 * Event time: the first row of a key is kept and remembered until the watermark passes its event
 * time plus the delay; duplicates arriving in that span are dropped, later ones start a new span.
 */
import type { Expression } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { QueryErrors } from '../../errors.js';
import { listString, type LogicalPlan, UnaryNode } from '../../plan/logical/LogicalPlan.js';
import { findEventTimeColumn } from './eventTimeColumns.js';
import { UnsupportedOperationErrors } from './statefulErrors.js';

/** The logical dropDuplicatesWithinWatermark; output is the child's. */
export class DeduplicateWithinWatermark extends UnaryNode {
  constructor(
    readonly keys: readonly AttributeReference[],
    /** The child's watermarked column, kept in `expressions` so column pruning never drops it. */
    readonly eventTime: AttributeReference | undefined,
    readonly child: LogicalPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.child.output;
  }

  get expressions(): readonly Expression[] {
    return this.eventTime ? [...this.keys, this.eventTime] : this.keys;
  }

  withNewExpressions(e: readonly Expression[]): LogicalPlan {
    const keys = e.slice(0, this.keys.length) as AttributeReference[];
    const eventTime = this.eventTime ? (e[this.keys.length] as AttributeReference) : undefined;
    return new DeduplicateWithinWatermark(keys, eventTime, this.child);
  }

  withNewChildren(c: readonly LogicalPlan[]): LogicalPlan {
    return c[0] === this.child ? this : new DeduplicateWithinWatermark(this.keys, this.eventTime, c[0]!);
  }

  simpleString(): string {
    return `DeduplicateWithinWatermark ${listString(this.keys)}`;
  }
}

/**
 * The plan of `child.dropDuplicatesWithinWatermark(cols)`; all columns when `cols` is omitted.
 * @throws AnalysisException UNRESOLVED_COLUMN for an unknown column; STREAMING_UNSUPPORTED_OPERATION on a batch plan
 */
export function dedupWithinWatermarkPlan(child: LogicalPlan, cols: readonly string[] | undefined, eq: (a: string, b: string) => boolean): LogicalPlan {
  if (!child.isStreaming) throw UnsupportedOperationErrors.dedupWithinWatermarkOnBatch();
  const keys = (cols ?? child.output.map((a) => a.name)).map((n) => {
    const a = child.output.find((x) => eq(x.name, n));
    if (!a) throw QueryErrors.unresolvedColumn(n, child.output.map((x) => x.name));
    return a;
  });
  return new DeduplicateWithinWatermark(keys, findEventTimeColumn(child, child.output), child);
}
