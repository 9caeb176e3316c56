/**
 * Turns an optimized logical plan into a physical one: one strategy per family of operators,
 * tried in order, with exchanges inserted where rows must move between partitions.
 * Spark: execution/SparkPlanner.scala, SparkStrategies.scala (BasicOperators, Aggregation,
 * JoinSelection) and exchange/EnsureRequirements.scala.
 *
 * Other engines extend planning by putting their strategies first (`extraStrategies`): the
 * streaming layer plans its stateful operators that way, then falls back to these.
 */
import { AggregateFunction } from '../../expressions/aggregate/AggregateFunction.js';
import { Alias } from '../../expressions/Alias.js';
import { compilePredicate, compileProjection } from '../../expressions/codegen/compileExpressions.js';
import type { Expression, InternalRow } from '../../expressions/Expression.js';
import { AttributeReference, bindReferences, type ExprIdGenerator, type NamedExpression } from '../../expressions/NamedExpression.js';
import { EqualTo } from '../../expressions/predicates.js';
import { prettyName } from '../analysis/ResolveReferences.js';
import { Aggregate } from '../logical/Aggregate.js';
import { FileRelation } from '../logical/FileRelation.js';
import { Filter } from '../logical/Filter.js';
import { Generate } from '../logical/Generate.js';
import { InMemoryRelation } from '../logical/InMemoryRelation.js';
import { Join } from '../logical/Join.js';
import { GlobalLimit, LocalLimit } from '../logical/Limit.js';
import { LocalRelation } from '../logical/LocalRelation.js';
import { LogicalRDD } from '../logical/LogicalRDD.js';
import { listString, type LogicalPlan } from '../logical/LogicalPlan.js';
import { Project } from '../logical/Project.js';
import { Repartition } from '../logical/Repartition.js';
import { Sort } from '../logical/Sort.js';
import { Union } from '../logical/Union.js';
import { canEvaluate, combineConjuncts, splitConjunctivePredicates } from '../optimizer/PredicateHelper.js';
import { CoalesceExec } from './CoalesceExec.js';
import { FileScanExec } from './FileScanExec.js';
import { FilterExec } from './FilterExec.js';
import { GenerateExec } from './GenerateExec.js';
import { HashAggregateExec } from './HashAggregateExec.js';
import { GlobalLimitExec, LocalLimitExec } from './LimitExec.js';
import { LocalTableScanExec } from './LocalTableScanExec.js';
import { ProjectExec } from './ProjectExec.js';
import { InMemoryTableScanExec, RDDScanExec } from './RDDScanExec.js';
import { ShuffledHashJoinExec } from './ShuffledHashJoinExec.js';
import { BROADCAST_MAX_ROWS, BroadcastHashJoinExec, canBroadcastRight } from './BroadcastHashJoinExec.js';
import { ShuffleExchangeExec } from './ShuffleExchangeExec.js';
import { SortExec } from './SortExec.js';
import type { SparkPlan } from './SparkPlan.js';
import { UnionExec } from './UnionExec.js';

/** A planning strategy: the physical plan for `plan`, or undefined to let the next one try. */
export type Strategy = (plan: LogicalPlan, planner: SparkPlanner) => SparkPlan | undefined;

/** What planning needs from the session. */
export interface PlannerContext {
  readonly exprIds: ExprIdGenerator;
  /** spark.sql.shuffle.partitions. */
  readonly shufflePartitions: number;
  readonly extraStrategies: readonly Strategy[];
}

/** Plans logical operators, recursively. */
export class SparkPlanner {
  constructor(readonly context: PlannerContext) {}

  /**
   * The physical plan.
   * @throws Error (internal) when no strategy plans a node.
   */
  plan(logical: LogicalPlan): SparkPlan {
    for (const strategy of [...this.context.extraStrategies, basicOperators]) {
      const physical = strategy(logical, this);
      if (physical) return physical;
    }
    throw new Error(`Internal error: no strategy plans ${logical.nodeName}:\n${logical.treeString()}`);
  }

  /** `plan` shuffled into one partition unless it already is. */
  ensureSinglePartition(plan: SparkPlan): SparkPlan {
    return plan.outputPartitioning.kind === 'single' ? plan : new ShuffleExchangeExec({ kind: 'single' }, plan);
  }

  /** Two-phase aggregation: partial -> exchange on the grouping keys -> final. */
  planAggregate(agg: Aggregate, child: SparkPlan): SparkPlan {
    const ids = this.context.exprIds;
    const fns: AggregateFunction[] = [];
    for (const e of agg.aggregateExpressions) {
      e.foreach((x) => {
        if (x instanceof AggregateFunction && !fns.some((f) => f.semanticEquals(x))) fns.push(x);
      });
    }
    const resultAttrs = fns.map((f) => new AttributeReference(f.sql(), f.dataType, f.nullable, ids.next()));
    const bufferAttrs = fns.map((f) => new AttributeReference(f.prettyName, f.dataType, true, ids.next()));
    const groupingNamed: NamedExpression[] = agg.groupingExpressions.map((g) =>
      g instanceof AttributeReference ? g : new Alias(g, prettyName(g), ids.next()),
    );
    const groupingAttrs = groupingNamed.map((g) => g.toAttribute());
    const rewrite = (e: Expression): Expression =>
      e.transformDown((x) => {
        const fi = fns.findIndex((f) => f.semanticEquals(x));
        if (fi >= 0) return resultAttrs[fi];
        const gi = agg.groupingExpressions.findIndex((g) => !(g instanceof AttributeReference) && g.semanticEquals(x));
        return gi >= 0 ? groupingAttrs[gi] : undefined;
      });
    const results = agg.aggregateExpressions.map((e) => rewrite(e) as NamedExpression);
    const partial = new HashAggregateExec('Partial', groupingNamed, fns, bufferAttrs, [], child);
    const exchange =
      groupingAttrs.length === 0
        ? new ShuffleExchangeExec({ kind: 'single' }, partial)
        : new ShuffleExchangeExec({ kind: 'hash', expressions: groupingAttrs, numPartitions: this.context.shufflePartitions }, partial);
    return new HashAggregateExec('Final', groupingAttrs, fns, resultAttrs, results, exchange);
  }

  /** Equi-join keys from the condition become a hash join; without any, a nested-loop join. */
  planJoin(join: Join, left: SparkPlan, right: SparkPlan): SparkPlan {
    const leftKeys: Expression[] = [];
    const rightKeys: Expression[] = [];
    const residual: Expression[] = [];
    for (const p of join.condition ? splitConjunctivePredicates(join.condition) : []) {
      if (p instanceof EqualTo && canEvaluate(p.left, join.left.output) && canEvaluate(p.right, join.right.output) && !p.left.foldable) {
        leftKeys.push(p.left);
        rightKeys.push(p.right);
      } else if (p instanceof EqualTo && canEvaluate(p.left, join.right.output) && canEvaluate(p.right, join.left.output) && !p.left.foldable) {
        leftKeys.push(p.right);
        rightKeys.push(p.left);
      } else residual.push(p);
    }
    const n = this.context.shufflePartitions;
    const exchange = (keys: Expression[], child: SparkPlan) =>
      keys.length === 0
        ? new ShuffleExchangeExec({ kind: 'single' }, child)
        : new ShuffleExchangeExec({ kind: 'hash', expressions: keys, numPartitions: n }, child);
    const condition = combineConjuncts(residual);
    const buildRows = localRows(right);
    if (buildRows !== undefined && canBroadcastRight(join.joinType, rightKeys, buildRows.length)) {
      return new BroadcastHashJoinExec(leftKeys, rightKeys, join.joinType, condition, left, right.output, buildRows);
    }
    return new ShuffledHashJoinExec(leftKeys, rightKeys, join.joinType, condition, exchange(leftKeys, left), exchange(rightKeys, right));
  }
}

/**
 * The rows of a plan that is a local table under projections and filters, computed now, or
 * undefined for any other plan: a join may broadcast them (their size is known, as Spark's
 * statistics of a LocalRelation are).
 */
function localRows(plan: SparkPlan): readonly InternalRow[] | undefined {
  if (plan instanceof LocalTableScanExec) return plan.rows;
  if (!(plan instanceof ProjectExec) && !(plan instanceof FilterExec)) return undefined;
  const rows = localRows(plan.child);
  if (rows === undefined || rows.length > BROADCAST_MAX_ROWS) return undefined;
  // The same rows under the same operator give the same array, so the join's hash table, built
  // once per build array, is not rebuilt for every micro-batch's plan.
  // (A nondeterministic expression, rand() say, is evaluated again for every plan.)
  const exprs = plan instanceof FilterExec ? [plan.condition] : plan.projectList;
  if (!exprs.every((e) => e.deterministic)) return deriveLocalRows(plan, rows);
  let derived = derivedLocalRows.get(rows);
  if (derived === undefined) derivedLocalRows.set(rows, (derived = new Map()));
  const key = `${plan.simpleString()} over ${listString(plan.child.output)}`;
  let out = derived.get(key);
  if (out === undefined) derived.set(key, (out = deriveLocalRows(plan, rows)));
  return out;
}

function deriveLocalRows(plan: ProjectExec | FilterExec, rows: readonly InternalRow[]): InternalRow[] {
  const width = plan.child.output.length;
  if (plan instanceof FilterExec) return rows.filter(compilePredicate(bindReferences(plan.condition, plan.child.output), true, width));
  return rows.map(compileProjection(plan.projectList.map((e) => bindReferences(e, plan.child.output)), true, width));
}

/** Rows derived from local rows by a projection or filter, by source rows and operator text. */
const derivedLocalRows = new WeakMap<readonly InternalRow[], Map<string, readonly InternalRow[]>>();

/** The built-in strategy for every batch logical operator. */
export const basicOperators: Strategy = (plan, planner) => {
  const later = (p: LogicalPlan) => planner.plan(p);
  if (plan instanceof Project) return new ProjectExec(plan.projectList, later(plan.child));
  if (plan instanceof Filter) return new FilterExec(plan.condition, later(plan.child));
  if (plan instanceof Generate) return new GenerateExec(plan.generator, plan.generatorOutput, later(plan.child));
  if (plan instanceof LocalRelation) return new LocalTableScanExec(plan.output, plan.data);
  if (plan instanceof LogicalRDD) return new RDDScanExec(plan.output, plan.rdd);
  if (plan instanceof InMemoryRelation) return new InMemoryTableScanExec(plan.output, plan.rdd);
  if (plan instanceof FileRelation) return new FileScanExec(plan);
  if (plan instanceof Union) return new UnionExec(plan.children.map(later), plan.output);
  if (plan instanceof Sort) {
    const child = later(plan.child);
    return new SortExec(plan.order, plan.global, plan.global ? planner.ensureSinglePartition(child) : child);
  }
  if (plan instanceof GlobalLimit) {
    const inner = plan.child instanceof LocalLimit ? new LocalLimitExec(plan.child.limit, later(plan.child.child)) : later(plan.child);
    return new GlobalLimitExec(plan.limit, planner.ensureSinglePartition(inner));
  }
  if (plan instanceof LocalLimit) return new LocalLimitExec(plan.limit, later(plan.child));
  if (plan instanceof Aggregate) return planner.planAggregate(plan, later(plan.child));
  if (plan instanceof Repartition) {
    const child = later(plan.child);
    if (!plan.shuffle) return new CoalesceExec(plan.numPartitions, child);
    if (plan.partitionExpressions.length > 0) {
      return new ShuffleExchangeExec({ kind: 'hash', expressions: plan.partitionExpressions, numPartitions: plan.numPartitions }, child);
    }
    return new ShuffleExchangeExec({ kind: 'roundrobin', numPartitions: plan.numPartitions }, child);
  }
  if (plan instanceof Join) return planner.planJoin(plan, later(plan.left), later(plan.right));
  return undefined;
};
