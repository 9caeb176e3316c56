/**
 * Expressions the DataFrame API and the SQL parser build before analysis: names not yet bound to
 * columns, functions not yet looked up. Spark: sql/catalyst/.../analysis/unresolved.scala.
 *
 * They print with a leading `'` as Spark's unresolved nodes do, and cannot be evaluated.
 */
import type { DataType } from '../types/DataType.js';
import type { ExprCode } from './codegen/CodegenContext.js';
import { Expression, LeafExpression, type RenderMode } from './Expression.js';

function unresolvedError(what: string): Error {
  return new Error(`Internal error: ${what} is unresolved; analysis must replace it first`);
}

/** Base for unresolved expressions: no type, no evaluation. */
abstract class UnresolvedLeaf extends LeafExpression {
  get dataType(): DataType {
    throw unresolvedError(this.toString());
  }

  override get resolved(): boolean {
    return false;
  }

  override get nullable(): boolean {
    return true;
  }

  eval(): unknown {
    throw unresolvedError(this.toString());
  }

  genCode(): ExprCode {
    throw unresolvedError(this.toString());
  }
}

/** A column name, possibly dotted (`window.start`), resolved by the analyzer against the child's output. */
export class UnresolvedAttribute extends UnresolvedLeaf {
  constructor(readonly nameParts: readonly string[]) {
    super();
  }

  /** Splits `a.b` into parts; backquoted segments keep their dots (`` `a.b` ``). */
  static quoted(name: string): UnresolvedAttribute {
    return new UnresolvedAttribute(parseAttributeName(name));
  }

  get name(): string {
    return this.nameParts.join('.');
  }

  protected render(_child: (e: Expression) => string, mode: RenderMode): string {
    return mode === 'plan' ? `'${this.name}` : this.name;
  }
}

/** `*` or `t.*`: every column of the child. */
export class UnresolvedStar extends UnresolvedLeaf {
  constructor(readonly target: string | undefined = undefined) {
    super();
  }

  protected render(): string {
    return this.target === undefined ? '*' : `${this.target}.*`;
  }
}

/** A function call by name, looked up in the FunctionRegistry during analysis. */
export class UnresolvedFunction extends Expression {
  constructor(
    readonly name: string,
    readonly args: readonly Expression[],
    readonly isStar = false,
  ) {
    super();
  }

  get children(): readonly Expression[] {
    return this.args;
  }

  withNewChildren(children: readonly Expression[]): Expression {
    return new UnresolvedFunction(this.name, children, this.isStar);
  }

  get dataType(): DataType {
    throw unresolvedError(this.toString());
  }

  override get resolved(): boolean {
    return false;
  }

  eval(): unknown {
    throw unresolvedError(this.toString());
  }

  genCode(): ExprCode {
    throw unresolvedError(this.toString());
  }

  protected render(child: (e: Expression) => string, mode: RenderMode): string {
    const args = this.isStar ? '*' : this.args.map(child).join(', ');
    return `${mode === 'plan' ? "'" : ''}${this.name}(${args})`;
  }
}

/** `child.field` where the child's type is not yet known. */
export class UnresolvedExtractValue extends Expression {
  constructor(
    readonly child: Expression,
    readonly fieldName: string,
  ) {
    super();
  }

  get children(): readonly Expression[] {
    return [this.child];
  }

  withNewChildren(children: readonly Expression[]): Expression {
    return new UnresolvedExtractValue(children[0]!, this.fieldName);
  }

  get dataType(): DataType {
    throw unresolvedError(this.toString());
  }

  override get resolved(): boolean {
    return false;
  }

  eval(): unknown {
    throw unresolvedError(this.toString());
  }

  genCode(): ExprCode {
    throw unresolvedError(this.toString());
  }

  protected render(child: (e: Expression) => string): string {
    return `${child(this.child)}.${this.fieldName}`;
  }
}

/** `a.b` -> ['a', 'b']; `` `a.b`.c `` -> ['a.b', 'c']. */
export function parseAttributeName(name: string): string[] {
  const parts: string[] = [];
  let current = '';
  let inQuotes = false;
  for (let i = 0; i < name.length; i++) {
    const ch = name[i]!;
    if (ch === '`') {
      if (inQuotes && name[i + 1] === '`') {
        current += '`';
        i++;
      } else inQuotes = !inQuotes;
    } else if (ch === '.' && !inQuotes) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}
