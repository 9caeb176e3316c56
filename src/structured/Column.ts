/**
 * A column expression of the DataFrame API. Spark: sql/api/.../Column.scala.
 *
 * A Column wraps an unresolved expression tree; it is bound to a DataFrame's columns when used
 * in select, where, groupBy... Arguments that are not Columns become literals (`col('a').plus(1)`).
 */
import { Alias } from './expressions/Alias.js';
import { Add, Divide, Multiply, Remainder, Subtract, UnaryMinus } from './expressions/arithmetic.js';
import { Cast } from './expressions/Cast.js';
import { CaseWhen } from './expressions/conditionalExpressions.js';
import type { Expression } from './expressions/Expression.js';
import { In } from './expressions/In.js';
import { StringPredicate } from './expressions/Like.js';
import { Literal } from './expressions/Literal.js';
import { IsNotNull, IsNull } from './expressions/nullExpressions.js';
import {
  And,
  EqualNullSafe,
  EqualTo,
  GreaterThan,
  GreaterThanOrEqual,
  LessThan,
  LessThanOrEqual,
  Not,
  Or,
} from './expressions/predicates.js';
import { SortOrder } from './expressions/SortOrder.js';
import { UnresolvedAttribute, UnresolvedExtractValue, UnresolvedStar } from './expressions/unresolved.js';
import { IllegalArgumentError } from '../shared/errors.js';
import { type DataType } from './types/DataType.js';
import { parseDataType } from './types/parseDataType.js';

/** A Column, or a value to use as a literal. */
export type ColumnOrValue = Column | string | number | boolean | Date | null | readonly unknown[] | Record<string, unknown>;

/** A Column or a column name. */
export type ColumnOrName = Column | string;

/** `v` as an expression: a Column's own, otherwise a literal (a string is a literal here, not a name). */
export function toExpr(v: ColumnOrValue): Expression {
  return v instanceof Column ? v.expr : Literal.create(v);
}

/** A Column, or the column named `v`. */
export function toColumn(v: ColumnOrName): Column {
  if (v instanceof Column) return v;
  if (v === '*') return new Column(new UnresolvedStar());
  return new Column(UnresolvedAttribute.quoted(v));
}

/** A column expression; immutable, every method returns a new Column. */
export class Column {
  constructor(readonly expr: Expression) {}

  plus(other: ColumnOrValue): Column {
    return new Column(new Add(this.expr, toExpr(other)));
  }
  minus(other: ColumnOrValue): Column {
    return new Column(new Subtract(this.expr, toExpr(other)));
  }
  multiply(other: ColumnOrValue): Column {
    return new Column(new Multiply(this.expr, toExpr(other)));
  }
  /** Always a double; null when dividing by zero. */
  divide(other: ColumnOrValue): Column {
    return new Column(new Divide(this.expr, toExpr(other)));
  }
  mod(other: ColumnOrValue): Column {
    return new Column(new Remainder(this.expr, toExpr(other)));
  }
  /** `-col`. */
  negate(): Column {
    return new Column(new UnaryMinus(this.expr));
  }

  equalTo(other: ColumnOrValue): Column {
    return new Column(new EqualTo(this.expr, toExpr(other)));
  }
  /** Alias of equalTo (Scala's `===`). */
  eq(other: ColumnOrValue): Column {
    return this.equalTo(other);
  }
  /** `a <=> b`: null-safe equality. */
  eqNullSafe(other: ColumnOrValue): Column {
    return new Column(new EqualNullSafe(this.expr, toExpr(other)));
  }
  notEqual(other: ColumnOrValue): Column {
    return new Column(new Not(new EqualTo(this.expr, toExpr(other))));
  }
  gt(other: ColumnOrValue): Column {
    return new Column(new GreaterThan(this.expr, toExpr(other)));
  }
  geq(other: ColumnOrValue): Column {
    return new Column(new GreaterThanOrEqual(this.expr, toExpr(other)));
  }
  lt(other: ColumnOrValue): Column {
    return new Column(new LessThan(this.expr, toExpr(other)));
  }
  leq(other: ColumnOrValue): Column {
    return new Column(new LessThanOrEqual(this.expr, toExpr(other)));
  }
  and(other: ColumnOrValue): Column {
    return new Column(new And(this.expr, toExpr(other)));
  }
  or(other: ColumnOrValue): Column {
    return new Column(new Or(this.expr, toExpr(other)));
  }
  /** `NOT col` (Scala's unary `!`). */
  not(): Column {
    return new Column(new Not(this.expr));
  }
  /** `col IN (values)`: null when there is no match but a null among the values. */
  isin(...values: ColumnOrValue[]): Column {
    return new Column(new In(this.expr, values.map(toExpr)));
  }

  /** `lower <= col AND col <= upper`. */
  between(lower: ColumnOrValue, upper: ColumnOrValue): Column {
    return this.geq(lower).and(this.leq(upper));
  }

  /** SQL LIKE: `%` any characters, `_` one character, `\` escapes. */
  like(pattern: string): Column {
    return new Column(new StringPredicate('like', this.expr, Literal.create(pattern)));
  }

  startsWith(prefix: ColumnOrValue): Column {
    return new Column(new StringPredicate('startswith', this.expr, toExpr(prefix)));
  }

  endsWith(suffix: ColumnOrValue): Column {
    return new Column(new StringPredicate('endswith', this.expr, toExpr(suffix)));
  }

  contains(other: ColumnOrValue): Column {
    return new Column(new StringPredicate('contains', this.expr, toExpr(other)));
  }

  isNull(): Column {
    return new Column(new IsNull(this.expr));
  }
  isNotNull(): Column {
    return new Column(new IsNotNull(this.expr));
  }

  /**
   * `CAST(col AS type)`; `to` is a DataType or a name such as 'int', 'long', 'double', 'string',
   * 'boolean', 'timestamp'.
   * @throws IllegalArgumentError (UNSUPPORTED_DATATYPE) for an unknown type name.
   */
  cast(to: DataType | string): Column {
    return new Column(new Cast(this.expr, typeof to === 'string' ? parseDataType(to) : to));
  }

  /** Names the column. */
  alias(name: string): Column {
    return new Column(new Alias(this.expr, name));
  }
  /** Alias of `alias`. */
  as(name: string): Column {
    return this.alias(name);
  }
  /** Alias of `alias`. */
  name(name: string): Column {
    return this.alias(name);
  }

  /** A struct field: `col('window').getField('start')`. */
  getField(fieldName: string): Column {
    return new Column(new UnresolvedExtractValue(this.expr, fieldName));
  }

  /**
   * Adds a branch to a `when(...)` chain.
   * @throws IllegalArgumentError when this Column is not a when(...) chain, or it already has otherwise().
   */
  when(condition: Column, value: ColumnOrValue): Column {
    const cw = this.#caseWhen('when');
    return new Column(new CaseWhen([...cw.branches, [condition.expr, toExpr(value)]]));
  }

  /** The value when no `when` branch matches. */
  otherwise(value: ColumnOrValue): Column {
    const cw = this.#caseWhen('otherwise');
    return new Column(new CaseWhen(cw.branches, toExpr(value)));
  }

  #caseWhen(method: string): CaseWhen {
    if (!(this.expr instanceof CaseWhen)) {
      throw new IllegalArgumentError('INVALID_WHEN_USAGE', `${method}() can only be applied on a Column previously generated by when(); start the chain with when(condition, value).`);
    }
    if (this.expr.elseValue) {
      throw new IllegalArgumentError('INVALID_WHEN_USAGE', `${method}() cannot be applied once otherwise() is applied; put every when() before otherwise().`);
    }
    return this.expr;
  }

  /** Ascending sort, nulls first. */
  asc(): Column {
    return new Column(new SortOrder(this.expr, true, true));
  }
  asc_nulls_last(): Column {
    return new Column(new SortOrder(this.expr, true, false));
  }
  /** Descending sort, nulls last. */
  desc(): Column {
    return new Column(new SortOrder(this.expr, false, false));
  }
  desc_nulls_first(): Column {
    return new Column(new SortOrder(this.expr, false, true));
  }

  /** The expression as Spark prints a Column: `(a + 1)`. */
  toString(): string {
    return this.expr.sql();
  }
}
