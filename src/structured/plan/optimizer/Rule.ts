/**
 * A plan rewrite, and the batch runner that applies rules until nothing changes.
 * Spark: sql/catalyst/.../rules/Rule.scala and RuleExecutor.scala.
 */
import type { LogicalPlan } from '../logical/LogicalPlan.js';

/** One rewrite; returns the same plan object when it does not apply. */
export interface Rule {
  readonly ruleName: string;
  apply(plan: LogicalPlan): LogicalPlan;
}

/** A named group of rules run once or until a fixed point. */
export interface Batch {
  readonly name: string;
  /** 'once', or the maximum number of passes before giving up on a fixed point. */
  readonly strategy: 'once' | number;
  readonly rules: readonly Rule[];
}

/** Which rules changed the plan, in order: what explain and tests can show. */
export interface RuleTrace {
  readonly ruleName: string;
  readonly before: LogicalPlan;
  readonly after: LogicalPlan;
}

/** Runs batches in order; inside a fixed-point batch, passes repeat until a pass changes nothing. */
export function executeBatches(plan: LogicalPlan, batches: readonly Batch[], trace?: RuleTrace[]): LogicalPlan {
  let current = plan;
  for (const batch of batches) {
    const maxPasses = batch.strategy === 'once' ? 1 : batch.strategy;
    for (let pass = 0; pass < maxPasses; pass++) {
      const start = current;
      for (const rule of batch.rules) {
        const next = rule.apply(current);
        if (next !== current && next.treeString() !== current.treeString()) {
          trace?.push({ ruleName: rule.ruleName, before: current, after: next });
          current = next;
        }
      }
      if (current === start) break;
    }
  }
  return current;
}
