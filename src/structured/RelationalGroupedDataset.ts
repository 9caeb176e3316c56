/**
 * The result of groupBy: aggregations over groups. Spark: sql/core/.../RelationalGroupedDataset.scala.
 */
import { Column, type ColumnOrName, toColumn } from './Column.js';
import type { Expression } from './expressions/Expression.js';
import { avg, count, lit, max, min, sum } from './functions.js';
import { Aggregate } from './plan/logical/Aggregate.js';
import { isNumeric } from './types/DataType.js';
import { IllegalArgumentError } from '../shared/errors.js';
import { DataFrame } from './DataFrame.js';

const BY_NAME: Record<string, (c: ColumnOrName) => Column> = {
  sum,
  avg,
  mean: avg,
  average: avg,
  min,
  max,
  count,
};

/** Grouping keys waiting for aggregate functions. */
export class RelationalGroupedDataset {
  constructor(
    readonly df: DataFrame,
    readonly groupingExpressions: readonly Expression[],
  ) {}

  /**
   * The grouping columns followed by one column per aggregate: `agg(count('*'), avg('age'))`,
   * or by a map of column to function name: `agg({ age: 'max' })`.
   * @throws IllegalArgumentError for an unknown function name in the map form.
   */
  agg(...exprs: (Column | Record<string, string>)[]): DataFrame {
    const cols = exprs.flatMap((e) =>
      e instanceof Column
        ? [e]
        : Object.entries(e).map(([name, fn]) => {
            const f = BY_NAME[fn.toLowerCase()];
            if (!f) {
              throw new IllegalArgumentError('UNSUPPORTED_AGGREGATE', `Unsupported aggregate function '${fn}' for column '${name}'; use one of: ${Object.keys(BY_NAME).join(', ')}.`);
            }
            return f(name);
          }),
    );
    const list = [...this.groupingExpressions, ...cols.map((c) => c.expr)];
    return new DataFrame(this.df.sparkSession, new Aggregate(this.groupingExpressions, list, this.df.analyzed));
  }

  /** Rows per group, in a column named `count`. */
  count(): DataFrame {
    return this.agg(count(lit(1)).alias('count'));
  }

  sum(...cols: string[]): DataFrame {
    return this.agg(...this.#numericColumns(cols).map((c) => sum(c)));
  }

  avg(...cols: string[]): DataFrame {
    return this.agg(...this.#numericColumns(cols).map((c) => avg(c)));
  }

  /** Alias of `avg`. */
  mean(...cols: string[]): DataFrame {
    return this.avg(...cols);
  }

  min(...cols: string[]): DataFrame {
    return this.agg(...this.#numericColumns(cols).map((c) => min(c)));
  }

  max(...cols: string[]): DataFrame {
    return this.agg(...this.#numericColumns(cols).map((c) => max(c)));
  }

  /** The named columns, or every numeric column when none is named (as Spark's sum() does). */
  #numericColumns(cols: string[]): ColumnOrName[] {
    if (cols.length > 0) return cols.map((c) => toColumn(c));
    return this.df.analyzed.output.filter((a) => isNumeric(a.dataType)).map((a) => new Column(a));
  }
}
