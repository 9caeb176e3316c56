/**
 * Compiles a stateless streaming plan into one function from a source row to the output row (or
 * nothing when a filter drops it), so continuous mode handles each record as it arrives, with no
 * job per record. Spark: sql/core/.../execution/streaming/continuous/ContinuousExecution.scala (which
 * operators continuous mode may run: UnsupportedOperationChecker.checkForContinuous).
 *
 * ```
 * Project [v * 2]                       row -> [row[0] * 2]
 * +- Filter (v > 1)          ==>        row -> row[0] > 1 ? row : undefined
 *    +- StreamingRelation m             (the source's rows)
 * ```
 */
import type { InternalRow } from '../../expressions/Expression.js';
import { compilePredicate, compileProjection } from '../../expressions/codegen/compileExpressions.js';
import { bindReferences } from '../../expressions/NamedExpression.js';
import { Filter } from '../../plan/logical/Filter.js';
import type { LogicalPlan } from '../../plan/logical/LogicalPlan.js';
import { Project } from '../../plan/logical/Project.js';
import { StreamingQueryErrors } from '../StreamingQueryErrors.js';
import { StreamingRelation } from './StreamingRelation.js';
import { unsupportedForContinuous } from './UnsupportedOperationChecker.js';

/** A source row in, the output row out, or undefined when the row is filtered away. */
export type RowPipeline = (row: InternalRow) => InternalRow | undefined;

/**
 * The per-record function of a plan of Project and Filter nodes over one StreamingRelation.
 * @throws AnalysisException CONTINUOUS_UNSUPPORTED_OPERATION naming every other operator
 */
export function compileRowPipeline(plan: LogicalPlan, useCodegen: boolean): RowPipeline {
  const unsupported = unsupportedForContinuous(plan);
  if (unsupported.length > 0) throw StreamingQueryErrors.continuousUnsupported(unsupported);
  return compileNode(plan, useCodegen);
}

function compileNode(plan: LogicalPlan, useCodegen: boolean): RowPipeline {
  if (plan instanceof StreamingRelation) return (row) => row;
  if (plan instanceof Project) {
    const child = compileNode(plan.child, useCodegen);
    const input = plan.child.output;
    const project = compileProjection(plan.projectList.map((e) => bindReferences(e, input)), useCodegen, input.length);
    return (row) => {
      const childRow = child(row);
      return childRow === undefined ? undefined : project(childRow);
    };
  }
  if (plan instanceof Filter) {
    const child = compileNode(plan.child, useCodegen);
    const input = plan.child.output;
    const predicate = compilePredicate(bindReferences(plan.condition, input), useCodegen, input.length);
    return (row) => {
      const childRow = child(row);
      return childRow !== undefined && predicate(childRow) ? childRow : undefined;
    };
  }
  throw StreamingQueryErrors.continuousUnsupported([plan.nodeName]);
}
