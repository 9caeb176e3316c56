/**
 * Implicit casts that make operands agree before type checking. Spark: analysis/TypeCoercion.scala
 * (ImplicitTypeCasts, PromoteStrings, CaseWhenCoercion, ConcatCoercion), non-ANSI flavour.
 *
 * A rule only rewrites when the result will type-check; otherwise it leaves the expression alone
 * so the checker can name the original operands in its message (`"(a + true)"`, not a cast).
 */
import { Average } from '../../expressions/aggregate/Average.js';
import { Sum } from '../../expressions/aggregate/Sum.js';
import { BinaryArithmetic, Divide } from '../../expressions/arithmetic.js';
import { Cast } from '../../expressions/Cast.js';
import { CaseWhen } from '../../expressions/conditionalExpressions.js';
import type { Expression } from '../../expressions/Expression.js';
import { Coalesce } from '../../expressions/nullExpressions.js';
import { In } from '../../expressions/In.js';
import { StringPredicate } from '../../expressions/Like.js';
import { And, BinaryComparison, Not, Or } from '../../expressions/predicates.js';
import { Concat, Length, Lower, StringSplit, Upper } from '../../expressions/stringExpressions.js';
import { ArrayType } from '../../types/ArrayType.js';
import {
  BooleanType,
  type DataType,
  DoubleType,
  isNumeric,
  NullType,
  numericPrecedence,
  StringType,
  TimestampType,
} from '../../types/DataType.js';
import { StructType } from '../../types/StructType.js';

/** The narrowest type both `a` and `b` widen to without losing values, or undefined. */
export function findWiderType(a: DataType, b: DataType): DataType | undefined {
  if (a.sameType(b)) return a;
  if (a === NullType) return b;
  if (b === NullType) return a;
  if (isNumeric(a) && isNumeric(b)) return numericPrecedence(a) >= numericPrecedence(b) ? a : b;
  return undefined;
}

/** findWiderType, and also string with any atomic type gives string (for CASE and coalesce values). */
function findWiderTypeWithStrings(a: DataType, b: DataType): DataType | undefined {
  const wider = findWiderType(a, b);
  if (wider) return wider;
  const complex = (t: DataType) => t instanceof ArrayType || t instanceof StructType;
  if ((a === StringType || b === StringType) && !complex(a) && !complex(b)) return StringType;
  return undefined;
}

function castTo(e: Expression, t: DataType): Expression {
  return e.dataType.sameType(t) ? e : new Cast(e, t);
}

function isAtomic(t: DataType): boolean {
  return !(t instanceof ArrayType || t instanceof StructType);
}

/** The common type for an arithmetic operator's operands (strings promote to double). */
function arithmeticType(l: DataType, r: DataType, divide: boolean): DataType | undefined {
  const promote = (t: DataType) => (t === StringType ? DoubleType : t);
  const lt = promote(l);
  const rt = promote(r);
  if (!(isNumeric(lt) || lt === NullType) || !(isNumeric(rt) || rt === NullType)) return undefined;
  if (divide) return DoubleType;
  return findWiderType(lt, rt);
}

/** The common type for a comparison's operands. */
function comparisonType(l: DataType, r: DataType): DataType | undefined {
  const wider = findWiderType(l, r);
  if (wider) return wider;
  if (l === StringType && isNumeric(r)) return DoubleType;
  if (r === StringType && isNumeric(l)) return DoubleType;
  if ((l === StringType && r === TimestampType) || (r === StringType && l === TimestampType)) return TimestampType;
  if ((l === StringType && r === BooleanType) || (r === StringType && l === BooleanType)) return BooleanType;
  return undefined;
}

/** One coercion step for an expression whose children are resolved. */
export function coerceExpression(e: Expression): Expression {
  if (!e.childrenResolved) return e;
  if (e instanceof BinaryArithmetic) {
    const t = arithmeticType(e.left.dataType, e.right.dataType, e instanceof Divide);
    if (!t || t === NullType) return e;
    return e.withNewChildren([castTo(e.left, t), castTo(e.right, t)]);
  }
  if (e instanceof BinaryComparison) {
    const t = comparisonType(e.left.dataType, e.right.dataType);
    if (!t || t === NullType) return e;
    return e.withNewChildren([castTo(e.left, t), castTo(e.right, t)]);
  }
  if (e instanceof And || e instanceof Or || e instanceof Not) {
    return e.withNewChildren(e.children.map((c) => (c.dataType === NullType ? new Cast(c, BooleanType) : c)));
  }
  if (e instanceof CaseWhen || e instanceof Coalesce) return coerceBranches(e);
  if (e instanceof Concat || e instanceof Lower || e instanceof Upper || e instanceof Length) {
    return e.withNewChildren(e.children.map((c) => (isAtomic(c.dataType) && c.dataType !== StringType ? new Cast(c, StringType) : c)));
  }
  if (e instanceof StringSplit) {
    const [s, re, limit] = e.children as [Expression, Expression, Expression];
    const toString = (c: Expression) => (isAtomic(c.dataType) && c.dataType !== StringType ? new Cast(c, StringType) : c);
    return e.withNewChildren([toString(s), toString(re), limit]);
  }
  if (e instanceof In) {
    const t = [e.value, ...e.list].reduce<DataType | undefined>((acc, x) => acc && comparisonType(acc, x.dataType), NullType);
    if (!t || t === NullType) return e;
    return e.withNewChildren(e.children.map((c) => castTo(c, t)));
  }
  if (e instanceof StringPredicate) {
    return e.withNewChildren(e.children.map((c) => (isAtomic(c.dataType) && c.dataType !== StringType && c.dataType !== NullType ? new Cast(c, StringType) : c)));
  }
  if ((e instanceof Sum || e instanceof Average) && e.child.dataType === NullType) {
    return e.withNewChildren([new Cast(e.child, DoubleType)]);
  }
  return e;
}

function coerceBranches(e: CaseWhen | Coalesce): Expression {
  const values = e instanceof CaseWhen ? e.valueExpressions : [...e.args];
  let t: DataType | undefined = NullType;
  for (const v of values) t = t && findWiderTypeWithStrings(t, v.dataType);
  if (!t || t === NullType) return e;
  const target = t;
  if (e instanceof Coalesce) return e.withNewChildren(e.args.map((a) => castTo(a, target)));
  const branches = e.branches.map(([c, v]) => [c.dataType === NullType ? new Cast(c, BooleanType) : c, castTo(v, target)] as const);
  return new CaseWhen(branches, e.elseValue ? castTo(e.elseValue, target) : undefined);
}
