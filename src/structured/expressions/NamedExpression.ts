/**
 * Expressions with a name and an identity (exprId): the columns of a plan's output.
 * Spark: sql/catalyst/.../expressions/namedExpressions.scala.
 *
 * Identity is the exprId, not the name: after a self-join two columns may share a name, and
 * resolution, pruning and binding all go by id. Ids come from the session's ExprIdGenerator so
 * plans print the same `name#id` in every run of a test.
 */
import { LongType, type DataType } from '../types/DataType.js';
import { Expression, type InternalRow } from './Expression.js';
import type { CodegenContext, ExprCode } from './codegen/CodegenContext.js';

/** Hands out exprIds; one per session. */
export class ExprIdGenerator {
  #next = 0;

  next(): number {
    return this.#next++;
  }
}

/** An expression that names a column of the output. */
export abstract class NamedExpression extends Expression {
  abstract get name(): string;
  /** The identity of the column; undefined only for aliases not yet analyzed. */
  abstract get exprId(): number | undefined;
  /** The attribute that refers to this column from a parent plan. */
  abstract toAttribute(): AttributeReference;
}

/** Spark prints an `L` after the id of a long column: `count#5L`. */
export function typeSuffix(dataType: DataType): string {
  return dataType === LongType ? 'L' : '';
}

/** A reference to a column produced by a child plan, by exprId. */
export class AttributeReference extends NamedExpression {
  constructor(
    readonly name: string,
    readonly dataType: DataType,
    readonly nullableFlag: boolean,
    readonly exprId: number,
  ) {
    super();
  }

  get children(): readonly Expression[] {
    return [];
  }

  withNewChildren(): Expression {
    return this;
  }

  override get nullable(): boolean {
    return this.nullableFlag;
  }

  override get resolved(): boolean {
    return true;
  }

  override get deterministic(): boolean {
    return true;
  }

  toAttribute(): AttributeReference {
    return this;
  }

  withName(name: string): AttributeReference {
    return name === this.name ? this : new AttributeReference(name, this.dataType, this.nullableFlag, this.exprId);
  }

  withNullability(nullable: boolean): AttributeReference {
    return nullable === this.nullableFlag ? this : new AttributeReference(this.name, this.dataType, nullable, this.exprId);
  }

  eval(): unknown {
    throw new Error(`Internal error: attribute ${this.toString()} evaluated before bindReferences`);
  }

  genCode(): ExprCode {
    throw new Error(`Internal error: attribute ${this.toString()} compiled before bindReferences`);
  }

  protected render(_child: (e: Expression) => string, mode: 'plan' | 'sql'): string {
    return mode === 'plan' ? `${this.name}#${this.exprId}${typeSuffix(this.dataType)}` : this.name;
  }
}

/** A column read by position from the input row: what attributes become before evaluation. */
export class BoundReference extends Expression {
  constructor(
    readonly ordinal: number,
    readonly dataType: DataType,
    readonly nullableFlag: boolean,
  ) {
    super();
  }

  get children(): readonly Expression[] {
    return [];
  }

  withNewChildren(): Expression {
    return this;
  }

  override get nullable(): boolean {
    return this.nullableFlag;
  }

  eval(row: InternalRow): unknown {
    return row[this.ordinal];
  }

  genCode(ctx: CodegenContext): ExprCode {
    const value = ctx.currentVars[this.ordinal];
    if (value === undefined) throw new Error(`Internal error: no input variable for ordinal ${this.ordinal}`);
    return { code: '', value };
  }

  protected render(): string {
    return `input[${this.ordinal}, ${this.dataType.simpleString}, ${this.nullableFlag}]`;
  }
}

/**
 * Replaces every attribute in `expr` by its position in `input`.
 * @throws Error (internal) when an attribute is not in `input`: the planner bound the wrong child.
 */
export function bindReferences<E extends Expression>(expr: E, input: readonly AttributeReference[]): E {
  const ordinals = new Map<number, number>();
  input.forEach((a, i) => {
    if (!ordinals.has(a.exprId)) ordinals.set(a.exprId, i);
  });
  return expr.transformUp((e) => {
    if (!(e instanceof AttributeReference)) return undefined;
    const ordinal = ordinals.get(e.exprId);
    if (ordinal === undefined) {
      throw new Error(`Internal error: binding attribute ${e.toString()} failed; input is [${input.map(String).join(', ')}]`);
    }
    return new BoundReference(ordinal, e.dataType, e.nullable);
  }) as E;
}

/** The attributes an expression reads, each once, in first-seen order. */
export function referencesOf(expr: Expression): AttributeReference[] {
  const seen = new Map<number, AttributeReference>();
  expr.foreach((e) => {
    if (e instanceof AttributeReference && !seen.has(e.exprId)) seen.set(e.exprId, e);
  });
  return [...seen.values()];
}
