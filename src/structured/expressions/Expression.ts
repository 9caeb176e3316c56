/**
 * The base of every expression: a tree that, once resolved, has a type and can be evaluated on a
 * row either by interpretation (`eval`) or by generating JavaScript (`genCode`).
 * Spark: sql/catalyst/.../expressions/Expression.scala.
 *
 * Rows inside the engine are arrays (InternalRow); expressions read them through BoundReference
 * ordinals after `bindReferences`. Both paths must agree exactly: the fused and unfused physical
 * plans are tested for equal results.
 */
import type { DataType } from '../types/DataType.js';
import { TreeNode } from '../trees/TreeNode.js';
import type { CodegenContext, ExprCode } from './codegen/CodegenContext.js';

/** A row inside the engine: column values by ordinal. */
export type InternalRow = readonly unknown[];

/** The outcome of an expression's input type check. */
export type TypeCheckResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly subClass: string; readonly message: string };

/** The passing TypeCheckResult. */
export const TYPE_CHECK_OK: TypeCheckResult = { ok: true };

/** How an expression is rendered: with exprIds for plans (`a#1`), or as a column name (`a`). */
export type RenderMode = 'plan' | 'sql';

/** An expression tree node. */
export abstract class Expression extends TreeNode<Expression> {
  /** The result type; only meaningful once `resolved`. */
  abstract get dataType(): DataType;

  /** Whether the result can be null. */
  get nullable(): boolean {
    return this.children.some((c) => c.nullable);
  }

  /** True when every reference is bound to an attribute and the input types check. */
  get resolved(): boolean {
    return this.childrenResolved && this.checkInputDataTypes().ok;
  }

  get childrenResolved(): boolean {
    return this.children.every((c) => c.resolved);
  }

  /** True when the value can be computed once, without a row (ConstantFolding uses it). */
  get foldable(): boolean {
    return false;
  }

  /** False for expressions whose value can change between evaluations (current_timestamp before ComputeCurrentTime). */
  get deterministic(): boolean {
    return this.children.every((c) => c.deterministic);
  }

  /** Checks the children's types; the analyzer reports a failure as DATATYPE_MISMATCH. */
  checkInputDataTypes(): TypeCheckResult {
    return TYPE_CHECK_OK;
  }

  /** The interpreted value on `row`. */
  abstract eval(row: InternalRow): unknown;

  /** Generates JS that computes the value from `ctx.currentVars`. */
  abstract genCode(ctx: CodegenContext): ExprCode;

  /** Renders the node with its children rendered by `child` (so one method serves both modes). */
  protected abstract render(child: (e: Expression) => string, mode: RenderMode): string;

  /** The plan form, with exprIds: `(age#1L + 1)`. */
  override toString(): string {
    return this.render((e) => e.toString(), 'plan');
  }

  /** The column-name form Spark gives an unaliased expression: `(age + 1)`. */
  sql(): string {
    return this.render((e) => e.sql(), 'sql');
  }

  /** Two expressions compute the same thing (used to match grouping expressions). */
  semanticEquals(other: Expression): boolean {
    return this === other || this.toString() === other.toString();
  }
}

/** An expression without children. */
export abstract class LeafExpression extends Expression {
  get children(): readonly Expression[] {
    return [];
  }

  withNewChildren(): Expression {
    return this;
  }
}
