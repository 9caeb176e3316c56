/**
 * Each optimizer rule on a plan built through the DataFrame API: the analyzed plan before, the
 * rule's output after, in Spark's tree format. Column ids are per session, so they are stable.
 */
import { describe, expect, it } from 'vitest';
import { col, count, lit, not, sum } from '../../src/index.js';
import {
  BooleanSimplification,
  CollapseProject,
  ColumnPruning,
  CombineFilters,
  ConstantFolding,
  PruneFilters,
  PushDownPredicate,
  RemoveNoopOperators,
  ReplaceDeduplicateWithAggregate,
  ReplaceDistinctWithAggregate,
  type Rule,
  type LogicalPlan,
} from '../../src/testing.js';
import { newSession } from './support.js';

function abc() {
  const spark = newSession();
  return { spark, t: spark.createDataFrame([{ a: 1, b: 2, c: 'x' }]) };
}

function rewrite(rule: Rule, plan: LogicalPlan): { before: string; after: string } {
  return { before: plan.treeString(), after: rule.apply(plan).treeString() };
}

describe('CombineFilters', () => {
  it('merges two filters, inner condition first', () => {
    const { t } = abc();
    expect(rewrite(CombineFilters, t.where(col('a').gt(1)).where(col('b').lt(5)).analyzed)).toEqual({
      before: 'Filter (b#1L < cast(5 as bigint))\n+- Filter (a#0L > cast(1 as bigint))\n   +- LocalRelation [a#0L, b#1L, c#2]\n',
      after: 'Filter ((a#0L > cast(1 as bigint)) AND (b#1L < cast(5 as bigint)))\n+- LocalRelation [a#0L, b#1L, c#2]\n',
    });
  });
});

describe('PushDownPredicate', () => {
  it('moves a filter below a projection, substituting the alias', () => {
    const { t } = abc();
    const plan = t.select(col('a'), col('b').plus(1).alias('d')).where(col('d').gt(2)).analyzed;
    expect(rewrite(PushDownPredicate, plan).after).toBe(
      'Project [a#0L, (b#1L + cast(1 as bigint)) AS d#3L]\n+- Filter ((b#1L + cast(1 as bigint)) > cast(2 as bigint))\n   +- LocalRelation [a#0L, b#1L, c#2]\n',
    );
  });

  it('pushes each conjunct into the join side it references and keeps the rest above', () => {
    const { spark, t } = abc();
    const u = spark.createDataFrame([{ a: 1, e: 'y' }]);
    const plan = t
      .join(u, t.col('a').equalTo(u.col('a')))
      .where(col('b').gt(1).and(col('e').equalTo('y')).and(col('b').lt(col('e').cast('int')))).analyzed;
    expect(rewrite(PushDownPredicate, plan)).toEqual({
      before:
        'Filter (((b#1L > cast(1 as bigint)) AND (e#4 = y)) AND (b#1L < cast(cast(e#4 as int) as bigint)))\n' +
        '+- Join Inner, (a#0L = a#3L)\n' +
        '   :- LocalRelation [a#0L, b#1L, c#2]\n' +
        '   +- LocalRelation [a#3L, e#4]\n',
      after:
        'Filter (b#1L < cast(cast(e#4 as int) as bigint))\n' +
        '+- Join Inner, (a#0L = a#3L)\n' +
        '   :- Filter (b#1L > cast(1 as bigint))\n' +
        '   :  +- LocalRelation [a#0L, b#1L, c#2]\n' +
        '   +- Filter (e#4 = y)\n' +
        '      +- LocalRelation [a#3L, e#4]\n',
    });
  });

  it('does not push a predicate on the null-extended side of an outer join', () => {
    const { spark, t } = abc();
    const u = spark.createDataFrame([{ a: 1, e: 'y' }]);
    const plan = t.join(u, t.col('a').equalTo(u.col('a')), 'left').where(col('b').gt(1).and(col('e').isNull())).analyzed;
    expect(rewrite(PushDownPredicate, plan).after).toBe(
      'Filter isnull(e#4)\n' +
        '+- Join LeftOuter, (a#0L = a#3L)\n' +
        '   :- Filter (b#1L > cast(1 as bigint))\n' +
        '   :  +- LocalRelation [a#0L, b#1L, c#2]\n' +
        '   +- LocalRelation [a#3L, e#4]\n',
    );
  });

  it('pushes a predicate on grouping keys below an aggregate, not one on an aggregate', () => {
    const { t } = abc();
    const plan = t.groupBy('c').agg(sum('a').alias('s')).where(col('c').equalTo('x').and(col('s').gt(1))).analyzed;
    expect(rewrite(PushDownPredicate, plan).after).toBe(
      'Filter (s#3L > cast(1 as bigint))\n' +
        '+- Aggregate [c#2], [c#2, sum(a#0L) AS s#3L]\n' +
        '   +- Filter (c#2 = x)\n' +
        '      +- LocalRelation [a#0L, b#1L, c#2]\n',
    );
  });
});

describe('ColumnPruning', () => {
  it('inserts a projection of the read columns under an aggregate', () => {
    const { t } = abc();
    expect(rewrite(ColumnPruning, t.groupBy('c').agg(sum('a')).analyzed)).toEqual({
      before: 'Aggregate [c#2], [c#2, sum(a#0L) AS sum(a)#3L]\n+- LocalRelation [a#0L, b#1L, c#2]\n',
      after: 'Aggregate [c#2], [c#2, sum(a#0L) AS sum(a)#3L]\n+- Project [a#0L, c#2]\n   +- LocalRelation [a#0L, b#1L, c#2]\n',
    });
  });

  it('drops unread items of a lower projection and unread join inputs', () => {
    const { spark, t } = abc();
    const inner = t.select(col('a'), col('b').plus(1).alias('d')).select('a').analyzed;
    expect(rewrite(ColumnPruning, inner).after).toBe('Project [a#0L]\n+- Project [a#0L]\n   +- LocalRelation [a#0L, b#1L, c#2]\n');
    const u = spark.createDataFrame([{ k: 1, e: 'y', f: true }]);
    const joined = t.join(u, col('a').equalTo(col('k'))).select('c', 'e').analyzed;
    expect(rewrite(ColumnPruning, joined).after).toBe(
      'Project [c#2, e#5]\n' +
        '+- Join Inner, (a#0L = k#4L)\n' +
        '   :- Project [a#0L, c#2]\n' +
        '   :  +- LocalRelation [a#0L, b#1L, c#2]\n' +
        '   +- Project [k#4L, e#5]\n' +
        '      +- LocalRelation [k#4L, e#5, f#6]\n',
    );
  });
});

describe('ConstantFolding', () => {
  it('evaluates literal-only expressions once', () => {
    const { t } = abc();
    const plan = t.select(lit(1).plus(2).alias('x'), col('a').gt(lit(2).multiply(3)).alias('y'), lit('a').cast('int').isNull().alias('z')).analyzed;
    expect(rewrite(ConstantFolding, plan)).toEqual({
      before: 'Project [(1 + 2) AS x#3, (a#0L > cast((2 * 3) as bigint)) AS y#4, isnull(cast(a as int)) AS z#5]\n+- LocalRelation [a#0L, b#1L, c#2]\n',
      after: 'Project [3 AS x#3, (a#0L > 6) AS y#4, true AS z#5]\n+- LocalRelation [a#0L, b#1L, c#2]\n',
    });
  });
});

describe('BooleanSimplification', () => {
  it('drops true AND, false OR, NOT NOT, folds x AND false, and pushes NOT into comparisons', () => {
    const { t } = abc();
    const plan = t
      .where(lit(true).and(col('a').gt(1)).and(not(not(col('b').lt(2)))).or(lit(false)))
      .select(not(col('a').gt(col('b'))).alias('n'), col('a').isNull().and(lit(false)).alias('f')).analyzed;
    expect(rewrite(BooleanSimplification, plan)).toEqual({
      before:
        'Project [NOT (a#0L > b#1L) AS n#3, (isnull(a#0L) AND false) AS f#4]\n' +
        '+- Filter (((true AND (a#0L > cast(1 as bigint))) AND NOT NOT (b#1L < cast(2 as bigint))) OR false)\n' +
        '   +- LocalRelation [a#0L, b#1L, c#2]\n',
      after:
        'Project [(a#0L <= b#1L) AS n#3, false AS f#4]\n' +
        '+- Filter ((a#0L > cast(1 as bigint)) AND (b#1L < cast(2 as bigint)))\n' +
        '   +- LocalRelation [a#0L, b#1L, c#2]\n',
    });
  });
});

describe('CollapseProject', () => {
  it('merges adjacent projections, substituting aliases', () => {
    const { t } = abc();
    const plan = t.select(col('a'), col('b').plus(1).alias('d')).select(col('d').multiply(2).alias('e'), col('a')).analyzed;
    expect(rewrite(CollapseProject, plan)).toEqual({
      before:
        'Project [(d#3L * cast(2 as bigint)) AS e#4L, a#0L]\n+- Project [a#0L, (b#1L + cast(1 as bigint)) AS d#3L]\n   +- LocalRelation [a#0L, b#1L, c#2]\n',
      after: 'Project [((b#1L + cast(1 as bigint)) * cast(2 as bigint)) AS e#4L, a#0L]\n+- LocalRelation [a#0L, b#1L, c#2]\n',
    });
  });

  it('keeps the projections when merging would compute a non-trivial alias twice', () => {
    const { t } = abc();
    const plan = t.select(col('b').plus(1).alias('d')).select(col('d').multiply(col('d')).alias('e')).analyzed;
    const { before, after } = rewrite(CollapseProject, plan);
    expect(after).toBe(before);
  });
});

describe('PruneFilters, RemoveNoopOperators, distinct rewrites', () => {
  it('removes a filter that is always true and empties one that is always false', () => {
    const { t } = abc();
    expect(rewrite(PruneFilters, t.where(lit(true)).analyzed).after).toBe('LocalRelation [a#0L, b#1L, c#2]\n');
    expect(rewrite(PruneFilters, t.where(lit(false)).analyzed).after).toBe('LocalRelation [a#0L, b#1L, c#2]\n');
    expect(PruneFilters.apply(t.where(lit(false)).analyzed)).not.toBe(t.analyzed);
  });

  it('removes a projection that returns its input unchanged', () => {
    const { t } = abc();
    expect(rewrite(RemoveNoopOperators, t.select('a', 'b', 'c').analyzed).after).toBe('LocalRelation [a#0L, b#1L, c#2]\n');
  });

  it('turns distinct and dropDuplicates into aggregates', () => {
    const { t } = abc();
    expect(rewrite(ReplaceDistinctWithAggregate, t.distinct().analyzed)).toEqual({
      before: 'Distinct\n+- LocalRelation [a#0L, b#1L, c#2]\n',
      after: 'Aggregate [a#0L, b#1L, c#2], [a#0L, b#1L, c#2]\n+- LocalRelation [a#0L, b#1L, c#2]\n',
    });
    expect(rewrite(ReplaceDeduplicateWithAggregate, t.dropDuplicates(['c']).analyzed).after).toBe(
      'Aggregate [c#2], [first(a#0L) AS a#0L, first(b#1L) AS b#1L, c#2]\n+- LocalRelation [a#0L, b#1L, c#2]\n',
    );
  });
});

describe('explain(true)', () => {
  it('prints the parsed, analyzed, optimized and physical plans, showing the rules at work', () => {
    const { t } = abc();
    const q = t
      .select(col('a'), col('b').plus(lit(1).plus(1)).alias('d'), col('c'))
      .where(col('d').gt(3).and(lit(true)))
      .groupBy('c')
      .agg(count('*').alias('n'));
    const printed: string[] = [];
    const text = q.explain(true, (s) => printed.push(s));
    expect(printed).toEqual([text]);
    expect(text).toBe(
      '== Parsed Logical Plan ==\n' +
        "'Aggregate ['c], ['c, count(1) AS n]\n" +
        '+- Filter ((d#3L > cast(3 as bigint)) AND true)\n' +
        '   +- Project [a#0L, (b#1L + cast((1 + 1) as bigint)) AS d#3L, c#2]\n' +
        '      +- LocalRelation [a#0L, b#1L, c#2]\n' +
        '\n' +
        '== Analyzed Logical Plan ==\n' +
        'c: string, n: bigint\n' +
        'Aggregate [c#2], [c#2, count(1) AS n#4L]\n' +
        '+- Filter ((d#3L > cast(3 as bigint)) AND true)\n' +
        '   +- Project [a#0L, (b#1L + cast((1 + 1) as bigint)) AS d#3L, c#2]\n' +
        '      +- LocalRelation [a#0L, b#1L, c#2]\n' +
        '\n' +
        '== Optimized Logical Plan ==\n' +
        'Aggregate [c#2], [c#2, count(1) AS n#4L]\n' +
        '+- Project [c#2]\n' +
        '   +- Filter ((b#1L + 2) > 3)\n' +
        '      +- LocalRelation [a#0L, b#1L, c#2]\n' +
        '\n' +
        '== Physical Plan ==\n' +
        '*(2) HashAggregate(keys=[c#2], functions=[count(1)])\n' +
        '+- Exchange hashpartitioning(c#2, 4)\n' +
        '   +- *(1) HashAggregate(keys=[c#2], functions=[partial_count(1)])\n' +
        '      +- *(1) Project [c#2]\n' +
        '         +- *(1) Filter ((b#1L + 2) > 3)\n' +
        '            +- LocalTableScan [a#0L, b#1L, c#2]\n',
    );
  });

  it('records which rules changed the plan, and reaches a fixed point', () => {
    const { t } = abc();
    const qe = t.select(col('a'), col('b').plus(lit(1).plus(1)).alias('d'), col('c')).where(col('d').gt(3).and(lit(true))).groupBy('c').count().queryExecution;
    void qe.optimizedPlan;
    expect(qe.optimizerTrace.map((r) => r.ruleName)).toEqual(['PushDownPredicate', 'ColumnPruning', 'ConstantFolding', 'BooleanSimplification']);
  });

  it('a lone relation is its own optimized plan, unless a user rule rewrites it', async () => {
    const { spark, t } = abc();
    const qe = t.queryExecution;
    expect(qe.optimizedPlan).toBe(qe.analyzed);
    expect(qe.optimizerTrace).toEqual([]);
    expect(await t.collect()).toEqual([{ a: 1, b: 2, c: 'x' }]);
    // A user's extra optimization still sees the lone relation.
    const seen: string[] = [];
    spark.experimental.extraOptimizations.push({ ruleName: 'Spy', apply: (plan: LogicalPlan) => (seen.push(plan.nodeName), plan) });
    void spark.createDataFrame([{ a: 2 }]).queryExecution.optimizedPlan;
    expect(seen).toEqual(['LocalRelation']);
  });

  it('prints only the physical plan by default', () => {
    const { t } = abc();
    expect(t.where(col('a').gt(1)).explain(false, () => {})).toBe(
      '== Physical Plan ==\n*(1) Filter (a#0L > 1)\n+- LocalTableScan [a#0L, b#1L, c#2]\n',
    );
  });
});
