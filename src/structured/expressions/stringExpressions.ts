/**
 * String functions: lower, upper, length, concat, split. Spark: expressions/stringExpressions.scala
 * and regexpExpressions.scala (StringSplit).
 */
import { registerBuiltin } from '../../shared/util/builtinFunctions.js';
import { ArrayType } from '../types/ArrayType.js';
import { type DataType, IntegerType, NullType, StringType } from '../types/DataType.js';
import type { CodegenContext, ExprCode } from './codegen/CodegenContext.js';
import { Expression, type InternalRow, TYPE_CHECK_OK, type TypeCheckResult } from './Expression.js';

/** Every child must be a string (type coercion casts numbers first). */
function checkStrings(_name: string, children: readonly Expression[]): TypeCheckResult {
  const index = children.findIndex((c) => c.dataType !== StringType && c.dataType !== NullType);
  if (index < 0) return TYPE_CHECK_OK;
  const c = children[index]!;
  return {
    ok: false,
    subClass: 'UNEXPECTED_INPUT_TYPE',
    message: `The ${ordinal(index + 1)} parameter requires the "STRING" type, however "${c.sql()}" has the type "${c.dataType.sqlName}".`,
  };
}

/** `first`, `second`, ... as Spark's messages say. */
export function ordinal(n: number): string {
  return ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth'][n] ?? `${n}th`;
}

/** A one-argument, null-intolerant string function. */
abstract class UnaryStringFunction extends Expression {
  constructor(readonly child: Expression) {
    super();
  }
  abstract get prettyName(): string;
  protected abstract make(child: Expression): Expression;
  protected abstract apply(s: string): unknown;
  protected abstract code(v: string): string;

  get children(): readonly Expression[] {
    return [this.child];
  }
  withNewChildren(c: readonly Expression[]): Expression {
    return c[0] === this.child ? this : this.make(c[0]!);
  }
  get dataType(): DataType {
    return StringType;
  }
  override get foldable(): boolean {
    return this.child.foldable;
  }
  override checkInputDataTypes(): TypeCheckResult {
    return checkStrings(this.prettyName, this.children);
  }
  eval(row: InternalRow): unknown {
    const v = this.child.eval(row);
    return v === null ? null : this.apply(v as string);
  }
  genCode(ctx: CodegenContext): ExprCode {
    return ctx.nullSafe([this.child.genCode(ctx)], ([v]) => this.code(v!));
  }
  protected render(child: (e: Expression) => string): string {
    return `${this.prettyName}(${child(this.child)})`;
  }
}

/** `lower(s)`. */
export class Lower extends UnaryStringFunction {
  get prettyName(): string {
    return 'lower';
  }
  protected make(c: Expression): Expression {
    return new Lower(c);
  }
  protected apply(s: string): unknown {
    return s.toLowerCase();
  }
  protected code(v: string): string {
    return `${v}.toLowerCase()`;
  }
}

/** `upper(s)`. */
export class Upper extends UnaryStringFunction {
  get prettyName(): string {
    return 'upper';
  }
  protected make(c: Expression): Expression {
    return new Upper(c);
  }
  protected apply(s: string): unknown {
    return s.toUpperCase();
  }
  protected code(v: string): string {
    return `${v}.toUpperCase()`;
  }
}

/** `length(s)`: the number of characters. */
export class Length extends UnaryStringFunction {
  get prettyName(): string {
    return 'length';
  }
  override get dataType(): DataType {
    return IntegerType;
  }
  protected make(c: Expression): Expression {
    return new Length(c);
  }
  protected apply(s: string): unknown {
    return s.length;
  }
  protected code(v: string): string {
    return `${v}.length`;
  }
}

/** `concat(a, b, ...)`: null if any input is null. */
export class Concat extends Expression {
  constructor(readonly args: readonly Expression[]) {
    super();
  }
  get children(): readonly Expression[] {
    return this.args;
  }
  withNewChildren(c: readonly Expression[]): Expression {
    return new Concat(c);
  }
  get dataType(): DataType {
    return StringType;
  }
  override get foldable(): boolean {
    return this.args.every((a) => a.foldable);
  }
  override checkInputDataTypes(): TypeCheckResult {
    return checkStrings('concat', this.args);
  }
  eval(row: InternalRow): unknown {
    let out = '';
    for (const a of this.args) {
      const v = a.eval(row);
      if (v === null) return null;
      out += v as string;
    }
    return out;
  }
  genCode(ctx: CodegenContext): ExprCode {
    if (this.args.length === 0) return { code: '', value: '""' };
    return ctx.nullSafe(this.args.map((a) => a.genCode(ctx)), (vs) => `(${vs.join(' + ')})`);
  }
  protected render(child: (e: Expression) => string): string {
    return `concat(${this.args.map(child).join(', ')})`;
  }
}

/** `split(str, regex, limit)`: Java's String.split with limit -1 keeps trailing empty strings. */
export class StringSplit extends Expression {
  constructor(
    readonly str: Expression,
    readonly regex: Expression,
    readonly limit: Expression,
  ) {
    super();
  }
  get children(): readonly Expression[] {
    return [this.str, this.regex, this.limit];
  }
  withNewChildren(c: readonly Expression[]): Expression {
    return new StringSplit(c[0]!, c[1]!, c[2]!);
  }
  get dataType(): DataType {
    return new ArrayType(StringType, false);
  }
  override get foldable(): boolean {
    return this.children.every((c) => c.foldable);
  }
  override checkInputDataTypes(): TypeCheckResult {
    return checkStrings('split', [this.str, this.regex]);
  }
  eval(row: InternalRow): unknown {
    const s = this.str.eval(row);
    const r = this.regex.eval(row);
    const l = this.limit.eval(row);
    if (s === null || r === null || l === null) return null;
    return splitString(s as string, r as string, l as number);
  }
  genCode(ctx: CodegenContext): ExprCode {
    const fn = ctx.addReference(splitString);
    return ctx.nullSafe(this.children.map((c) => c.genCode(ctx)), ([s, r, l]) => `${fn}(${s}, ${r}, ${l})`);
  }
  protected render(child: (e: Expression) => string): string {
    return `split(${child(this.str)}, ${child(this.regex)}, ${child(this.limit)})`;
  }
}

const regexCache = new Map<string, RegExp>();

/** Java's `s.split(regex, limit)`: limit > 0 caps the parts; limit <= 0 keeps all (Spark passes -1). */
export function splitString(s: string, regex: string, limit: number): string[] {
  let re = regexCache.get(regex);
  if (!re) {
    re = new RegExp(regex, 'g');
    regexCache.set(regex, re);
  }
  if (s === '') return [''];
  const parts: string[] = [];
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    if (m[0] === '') {
      re.lastIndex++;
      if (m.index === 0 || m.index >= s.length) continue;
    }
    if (limit > 0 && parts.length === limit - 1) break;
    parts.push(s.slice(last, m.index));
    last = m.index + m[0].length;
  }
  parts.push(s.slice(last));
  return parts;
}

// Generated code references these; worker executors find them by name (ShippableCode.ts).
registerBuiltin('structured.splitString', splitString);
