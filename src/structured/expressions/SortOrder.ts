/**
 * One key of a sort: expression, direction, where nulls go. Spark: expressions/SortOrder.scala.
 */
import type { DataType } from '../types/DataType.js';
import type { ExprCode } from './codegen/CodegenContext.js';
import { Expression, type InternalRow } from './Expression.js';

/** `expr ASC NULLS FIRST` (the default for ascending) or `expr DESC NULLS LAST`. */
export class SortOrder extends Expression {
  constructor(
    readonly child: Expression,
    readonly ascending: boolean,
    readonly nullsFirst: boolean = ascending,
  ) {
    super();
  }

  get children(): readonly Expression[] {
    return [this.child];
  }

  withNewChildren(c: readonly Expression[]): Expression {
    return c[0] === this.child ? this : new SortOrder(c[0]!, this.ascending, this.nullsFirst);
  }

  get dataType(): DataType {
    return this.child.dataType;
  }

  eval(row: InternalRow): unknown {
    return this.child.eval(row);
  }

  genCode(): ExprCode {
    throw new Error('Internal error: SortOrder is not compiled; SortExec compares keys itself');
  }

  protected render(child: (e: Expression) => string): string {
    return `${child(this.child)} ${this.ascending ? 'ASC' : 'DESC'} NULLS ${this.nullsFirst ? 'FIRST' : 'LAST'}`;
  }
}
