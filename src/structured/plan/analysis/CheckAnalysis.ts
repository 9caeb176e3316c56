/**
 * The checks after resolution: everything resolved, every type right, aggregates well formed.
 * Spark: sql/catalyst/.../analysis/CheckAnalysis.scala. The first problem found bottom-up wins,
 * so the message points at the innermost cause.
 */
import { AggregateFunction } from '../../expressions/aggregate/AggregateFunction.js';
import type { Expression } from '../../expressions/Expression.js';
import { Generator } from '../../expressions/generators.js';
import { Alias } from '../../expressions/Alias.js';
import { AttributeReference } from '../../expressions/NamedExpression.js';
import { UnresolvedAttribute, UnresolvedExtractValue } from '../../expressions/unresolved.js';
import { QueryErrors } from '../../errors.js';
import { BooleanType, NullType } from '../../types/DataType.js';
import { Aggregate } from '../logical/Aggregate.js';
import { Filter } from '../logical/Filter.js';
import { Generate } from '../logical/Generate.js';
import { Join } from '../logical/Join.js';
import type { LogicalPlan } from '../logical/LogicalPlan.js';
import { Project } from '../logical/Project.js';
import { containsAggregate } from './ResolveReferences.js';

/**
 * Throws the first analysis error in `plan`, bottom-up.
 * @throws AnalysisException UNRESOLVED_COLUMN, DATATYPE_MISMATCH.*, MISSING_AGGREGATION, ...
 */
export function checkAnalysis(plan: LogicalPlan): void {
  for (const child of plan.children) checkAnalysis(child);
  if (plan instanceof Project) {
    for (const e of plan.projectList) {
      const top = e instanceof Alias ? e.child : e;
      const nested = top.children.map((c) => c.find((x) => x instanceof Generator)).find((x) => x !== undefined);
      if (nested) throw QueryErrors.generatorNotAllowed(nested.sql());
    }
  }
  const inputNames = plan.inputSet.map((a) => a.name);
  for (const e of plan.expressions) checkExpression(e, inputNames);
  if (plan instanceof Filter) {
    const t = plan.condition.dataType;
    const agg = plan.condition.find((x) => x instanceof AggregateFunction);
    if (agg) throw QueryErrors.aggregateNotAllowed(agg.sql(), 'a filter condition');
    if (t !== BooleanType && t !== NullType) throw QueryErrors.filterNotBoolean(plan.condition.sql(), t.sqlName);
  }
  if (plan instanceof Join && plan.condition) {
    const t = plan.condition.dataType;
    if (t !== BooleanType && t !== NullType) throw QueryErrors.filterNotBoolean(plan.condition.sql(), t.sqlName);
  }
  if (plan instanceof Aggregate) checkAggregate(plan);
  if (plan instanceof Generate && plan.generator.children.some((c) => c.exists((x) => x instanceof Generator))) {
    throw QueryErrors.generatorNotAllowed(plan.generator.sql());
  }
}

function checkExpression(e: Expression, inputNames: readonly string[]): void {
  for (const c of e.children) checkExpression(c, inputNames);
  if (e instanceof UnresolvedAttribute) throw QueryErrors.unresolvedColumn(e.name, inputNames);
  if (e instanceof UnresolvedExtractValue) {
    throw QueryErrors.invalidExtractBase(e.child.sql(), e.child.resolved ? e.child.dataType.sqlName : 'UNKNOWN');
  }
  if (!e.childrenResolved) return;
  const check = e.checkInputDataTypes();
  if (!check.ok) throw QueryErrors.dataTypeMismatch(e.sql(), check.subClass, check.message);
  if (e instanceof AggregateFunction) {
    const nested = e.child.find((x) => x instanceof AggregateFunction);
    if (nested) throw QueryErrors.aggregateNotAllowed(nested.sql(), `the argument of another aggregate function (${e.sql()})`);
  }
}

function checkAggregate(a: Aggregate): void {
  for (const g of a.groupingExpressions) {
    if (containsAggregate(g)) throw QueryErrors.aggregateNotAllowed(g.sql(), 'GROUP BY');
  }
  const isGrouped = (e: Expression) => a.groupingExpressions.some((g) => g.semanticEquals(e));
  const visit = (e: Expression): void => {
    if (e instanceof AggregateFunction || isGrouped(e)) return;
    if (e instanceof AttributeReference) throw QueryErrors.missingAggregation(e.sql());
    if (e instanceof Generator) throw QueryErrors.generatorNotAllowed(e.sql());
    e.children.forEach(visit);
  };
  for (const e of a.aggregateExpressions) visit(e instanceof Alias ? e.child : e);
}
