/**
 * Removes projections that return their child's columns unchanged. Spark: Optimizer.scala (RemoveNoopOperators).
 */
import { AttributeReference } from '../../../expressions/NamedExpression.js';
import type { LogicalPlan } from '../../logical/LogicalPlan.js';
import { Project } from '../../logical/Project.js';
import type { Rule } from '../Rule.js';

/** Project(child.output, child) -> child (same ids, names and order). */
export const RemoveNoopOperators: Rule = {
  ruleName: 'RemoveNoopOperators',
  apply(plan: LogicalPlan): LogicalPlan {
    return plan.transformUp((node) => {
      if (!(node instanceof Project)) return undefined;
      const out = node.child.output;
      const same =
        node.projectList.length === out.length &&
        node.projectList.every((e, i) => e instanceof AttributeReference && e.exprId === out[i]!.exprId && e.name === out[i]!.name);
      return same ? node.child : undefined;
    });
  },
};
