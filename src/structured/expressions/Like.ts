/**
 * SQL LIKE and the string tests built on the same idea: `like` (% and _ wildcards, \ escapes),
 * `startsWith`, `endsWith`, `contains`. Spark: expressions/regexpExpressions.scala (Like) and
 * stringExpressions.scala (StartsWith, EndsWith, Contains).
 */
import { registerBuiltin } from '../../shared/util/builtinFunctions.js';
import { BooleanType, type DataType, NullType, StringType } from '../types/DataType.js';
import type { CodegenContext, ExprCode } from './codegen/CodegenContext.js';
import { Expression, type InternalRow, TYPE_CHECK_OK, type TypeCheckResult } from './Expression.js';

/** Which test a StringPredicate makes. */
export type StringPredicateKind = 'like' | 'startswith' | 'endswith' | 'contains';

/** A LIKE pattern as an anchored regular expression. */
export function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) source += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (ch === '%') source += '[\\s\\S]*';
    else if (ch === '_') source += '[\\s\\S]';
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

const likeCache = new Map<string, RegExp>();

/** The test of `kind` on two non-null strings. */
export function stringPredicate(kind: StringPredicateKind, s: string, arg: string): boolean {
  switch (kind) {
    case 'startswith':
      return s.startsWith(arg);
    case 'endswith':
      return s.endsWith(arg);
    case 'contains':
      return s.includes(arg);
    case 'like': {
      let re = likeCache.get(arg);
      if (!re) {
        re = likeToRegExp(arg);
        likeCache.set(arg, re);
      }
      return re.test(s);
    }
  }
}

/** `str LIKE pattern`, `startswith(str, prefix)`, ... (null if either side is null). */
export class StringPredicate extends Expression {
  constructor(
    readonly kind: StringPredicateKind,
    readonly left: Expression,
    readonly right: Expression,
  ) {
    super();
  }

  get children(): readonly Expression[] {
    return [this.left, this.right];
  }

  withNewChildren(c: readonly Expression[]): Expression {
    return c[0] === this.left && c[1] === this.right ? this : new StringPredicate(this.kind, c[0]!, c[1]!);
  }

  get dataType(): DataType {
    return BooleanType;
  }

  override get foldable(): boolean {
    return this.left.foldable && this.right.foldable;
  }

  override checkInputDataTypes(): TypeCheckResult {
    const bad = this.children.find((c) => c.dataType !== StringType && c.dataType !== NullType);
    if (!bad) return TYPE_CHECK_OK;
    return {
      ok: false,
      subClass: 'UNEXPECTED_INPUT_TYPE',
      message: `The ${bad === this.left ? 'first' : 'second'} parameter requires the "STRING" type, however "${bad.sql()}" has the type "${bad.dataType.sqlName}".`,
    };
  }

  eval(row: InternalRow): unknown {
    const s = this.left.eval(row);
    if (s === null) return null;
    const arg = this.right.eval(row);
    if (arg === null) return null;
    return stringPredicate(this.kind, s as string, arg as string);
  }

  genCode(ctx: CodegenContext): ExprCode {
    const fn = ctx.addReference(stringPredicate);
    const kind = JSON.stringify(this.kind);
    return ctx.nullSafe([this.left.genCode(ctx), this.right.genCode(ctx)], ([s, a]) => `${fn}(${kind}, ${s}, ${a})`);
  }

  protected render(child: (e: Expression) => string): string {
    if (this.kind === 'like') return `${child(this.left)} LIKE ${child(this.right)}`;
    return `${this.kind}(${child(this.left)}, ${child(this.right)})`;
  }
}

// Generated code references these; worker executors find them by name (ShippableCode.ts).
registerBuiltin('structured.stringPredicate', stringPredicate);
