/**
 * The physical node of a source in a streaming plan that is explained but not run (Spark's
 * StreamingRelationExec): `df.explain()` on a streaming DataFrame shows it; executing it is refused,
 * since only a started query reads sources. Spark: sql/core/.../execution/streaming/StreamingRelation.scala.
 */
import type { RDD } from '../../../shared/index.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { listString } from '../../plan/logical/LogicalPlan.js';
import type { Strategy } from '../../plan/physical/SparkPlanner.js';
import { LeafExecNode } from '../../plan/physical/SparkPlan.js';
import type { SparkSession } from '../../SparkSession.js';
import { StreamingQueryErrors } from '../StreamingQueryErrors.js';
import { StreamingRelation } from './StreamingRelation.js';

/** A source in an explained streaming plan. */
export class StreamingRelationExec extends LeafExecNode {
  constructor(
    readonly sourceName: string,
    readonly outputAttrs: AttributeReference[],
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.outputAttrs;
  }

  protected doExecute(): RDD<InternalRow> {
    throw StreamingQueryErrors.batchActionOnStream(this.simpleString());
  }

  simpleString(): string {
    return `StreamingRelation ${this.sourceName}, ${listString(this.outputAttrs)}`;
  }
}

/** Plans a StreamingRelation for explain. */
export const streamingRelationStrategy: Strategy = (plan) =>
  plan instanceof StreamingRelation ? new StreamingRelationExec(plan.provider.sourceName, plan.output) : undefined;

const sessionsWithStrategy = new WeakSet<SparkSession>();

/** Adds the strategy to the session's planner extensions once, when its first streaming DataFrame is made. */
export function ensureStreamingRelationStrategy(session: SparkSession): void {
  if (sessionsWithStrategy.has(session)) return;
  sessionsWithStrategy.add(session);
  session.experimental.extraStrategies.push(streamingRelationStrategy);
}
