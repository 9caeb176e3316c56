/**
 * Groups adjacent codegen-capable operators into WholeStageCodegenExec stages and renders the
 * physical plan with Spark's `*(n)` stage markers. Spark: execution/WholeStageCodegenExec.scala
 * (CollapseCodegenStages).
 *
 * Stage ids are assigned bottom-up (a child stage gets a smaller id), as in Spark's explain output.
 */
import { renderTree } from '../../trees/TreeNode.js';
import type { SparkPlan } from './SparkPlan.js';
import { InputAdapter, WholeStageCodegenExec } from './WholeStageCodegenExec.js';

/** Wraps every maximal chain of codegen operators in a WholeStageCodegenExec. */
export function collapseCodegenStages(plan: SparkPlan): SparkPlan {
  let counter = 0;
  const insertStages = (p: SparkPlan): SparkPlan => {
    if (!p.supportsCodegen) return p.mapChildren(insertStages);
    const body = insertInputAdapters(p);
    return new WholeStageCodegenExec(body, ++counter);
  };
  const insertInputAdapters = (p: SparkPlan): SparkPlan =>
    p.mapChildren((child) => (child.supportsCodegen ? insertInputAdapters(child) : new InputAdapter(insertStages(child))));
  return insertStages(plan);
}

interface DisplayNode {
  readonly line: string;
  readonly children: readonly DisplayNode[];
}

function display(plan: SparkPlan, stageId: number | undefined): DisplayNode {
  if (plan instanceof WholeStageCodegenExec) return display(plan.child, plan.codegenStageId);
  if (plan instanceof InputAdapter) return display(plan.child, undefined);
  const prefix = stageId === undefined ? '' : `*(${stageId}) `;
  return { line: prefix + plan.simpleString(), children: plan.children.map((c) => display(c, stageId)) };
}

/** The physical plan as Spark prints it: fused operators prefixed with `*(stageId)`. */
export function physicalTreeString(plan: SparkPlan): string {
  return renderTree<DisplayNode>(display(plan, undefined), (n) => n.line, (n) => n.children);
}
