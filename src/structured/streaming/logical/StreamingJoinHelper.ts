/**
 * How far back a stream-stream join must keep rows: whether a watermarked column is a join key,
 * and the "state value watermark" a time-range condition implies. Spark:
 * sql/catalyst/.../analysis/StreamingJoinHelper.scala.
 *
 * Event time: for `leftTime >= rightTime AND leftTime <= rightTime + 1 hour` and a right-side
 * watermark W, a future right row has rightTime > W, so a left row with leftTime <= W - 1 can never
 * match again and leaves the state. The condition is solved per conjunct:
 * ```
 * rightTime-with-watermark + c1 < leftTime + c2
 *   => terms: rightTime, c1, -leftTime, -c2      (everything moved to one side)
 *   => state watermark for leftTime = W + c1 - c2  (rightTime replaced by W)
 * ```
 * `<=` and `>=` give one millisecond less (Spark's `- 1`, cleanup being inclusive). Several
 * conjuncts give the minimum. Differs from Spark: terms are in milliseconds (numeric literals
 * count as seconds, as Spark's do), not microseconds.
 */
import { Add, Subtract, UnaryMinus } from '../../expressions/arithmetic.js';
import { Cast } from '../../expressions/Cast.js';
import type { Expression } from '../../expressions/Expression.js';
import { Literal } from '../../expressions/Literal.js';
import { AttributeReference } from '../../expressions/NamedExpression.js';
import { EqualTo, GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual } from '../../expressions/predicates.js';
import { TimeAdd } from '../../expressions/TimeAdd.js';
import { isNumeric, TimestampType } from '../../types/DataType.js';
import type { Join } from '../../plan/logical/Join.js';
import type { LogicalPlan } from '../../plan/logical/LogicalPlan.js';
import { canEvaluate, splitConjunctivePredicates } from '../../plan/optimizer/PredicateHelper.js';

/** A term of the canonical sum: an attribute (ms) or a constant (ms), possibly negated. */
type Term = { readonly kind: 'attr'; readonly attr: AttributeReference; readonly negated: boolean } | { readonly kind: 'const'; readonly ms: number };

/** The equi-join key pairs of a join condition (Spark's ExtractEquiJoinKeys). */
export function equiJoinKeys(condition: Expression | undefined, left: LogicalPlan, right: LogicalPlan): [Expression, Expression][] {
  const pairs: [Expression, Expression][] = [];
  for (const p of condition ? splitConjunctivePredicates(condition) : []) {
    if (!(p instanceof EqualTo) || p.left.foldable || p.right.foldable) continue;
    if (canEvaluate(p.left, left.output) && canEvaluate(p.right, right.output)) pairs.push([p.left, p.right]);
    else if (canEvaluate(p.left, right.output) && canEvaluate(p.right, left.output)) pairs.push([p.right, p.left]);
  }
  return pairs;
}

/** A join condition split as Spark's ExtractEquiJoinKeys and JoinConditionSplitPredicates split it. */
export interface SplitJoinCondition {
  readonly leftKeys: Expression[];
  readonly rightKeys: Expression[];
  /** Non-equi conjuncts reading only the left side, only the right side, and both. */
  readonly leftOnly: Expression[];
  readonly rightOnly: Expression[];
  readonly both: Expression[];
}

/** The equi-join keys and the other conjuncts of `join`'s condition, by the side they read. */
export function splitJoinCondition(join: Join): SplitJoinCondition {
  const split: SplitJoinCondition = { leftKeys: [], rightKeys: [], leftOnly: [], rightOnly: [], both: [] };
  const left = join.left.output;
  const right = join.right.output;
  for (const p of join.condition ? splitConjunctivePredicates(join.condition) : []) {
    if (p instanceof EqualTo && !p.left.foldable && !p.right.foldable) {
      if (canEvaluate(p.left, left) && canEvaluate(p.right, right)) {
        split.leftKeys.push(p.left);
        split.rightKeys.push(p.right);
        continue;
      }
      if (canEvaluate(p.left, right) && canEvaluate(p.right, left)) {
        split.leftKeys.push(p.right);
        split.rightKeys.push(p.left);
        continue;
      }
    }
    if (p.deterministic && canEvaluate(p, left)) split.leftOnly.push(p);
    else if (p.deterministic && canEvaluate(p, right)) split.rightOnly.push(p);
    else split.both.push(p);
  }
  return split;
}

/** True when a join key (either side) is an attribute carrying a watermark. */
export function isWatermarkInJoinKeys(
  condition: Expression | undefined,
  left: LogicalPlan,
  right: LogicalPlan,
  delays: ReadonlyMap<number, number>,
): boolean {
  return equiJoinKeys(condition, left, right).some(([l, r]) =>
    [l, r].some((k) => k instanceof AttributeReference && delays.has(k.exprId)));
}

/**
 * The state value watermark (ms) for the side whose columns are `toFind`, given the other side's
 * columns `withWatermark` and its event-time watermark; undefined when the condition implies none.
 */
export function stateValueWatermark(
  toFind: readonly AttributeReference[],
  withWatermark: readonly AttributeReference[],
  condition: Expression | undefined,
  eventWatermarkMs: number | undefined,
  delays: ReadonlyMap<number, number>,
): number | undefined {
  if (condition === undefined || eventWatermarkMs === undefined) return undefined;
  if (!withWatermark.some((a) => delays.has(a.exprId))) return undefined;
  const findIds = new Set(toFind.map((a) => a.exprId));
  const wmIds = new Set(withWatermark.map((a) => a.exprId));
  const solve = (l: Expression, r: Expression) => fromLessThan(l, r, findIds, wmIds, eventWatermarkMs, delays);
  const found: number[] = [];
  for (const p of splitConjunctivePredicates(condition)) {
    let w: number | undefined;
    if (p instanceof LessThan) w = solve(p.left, p.right);
    else if (p instanceof LessThanOrEqual) w = minusOne(solve(p.left, p.right));
    else if (p instanceof GreaterThan) w = solve(p.right, p.left);
    else if (p instanceof GreaterThanOrEqual) w = minusOne(solve(p.right, p.left));
    if (w !== undefined) found.push(w);
  }
  return found.length === 0 ? undefined : Math.min(...found);
}

const minusOne = (w: number | undefined) => (w === undefined ? undefined : w - 1);

/** Solves `l < r` for the toFind attribute, per the canonical form in the header. */
function fromLessThan(
  l: Expression,
  r: Expression,
  findIds: ReadonlySet<number>,
  wmIds: ReadonlySet<number>,
  watermarkMs: number,
  delays: ReadonlyMap<number, number>,
): number | undefined {
  const attrs = [...l.collect((e) => (e instanceof AttributeReference ? e : undefined)), ...r.collect((e) => (e instanceof AttributeReference ? e : undefined))];
  const distinct = (ids: ReadonlySet<number>) => new Set(attrs.filter((a) => ids.has(a.exprId)).map((a) => a.exprId)).size;
  if (distinct(findIds) > 1 || distinct(wmIds) > 1) return undefined;
  const terms = collectTerms(new Subtract(l, r));
  if (terms === undefined) return undefined;
  const constraint = terms.filter((t) => t.kind === 'attr' && findIds.has(t.attr.exprId));
  if (constraint.length !== 1) return undefined;
  const term = constraint[0] as Extract<Term, { kind: 'attr' }>;
  if (!term.negated) return undefined;
  let sum = 0;
  for (const t of terms) {
    if (t === term) continue;
    if (t.kind === 'const') sum += t.ms;
    else if (wmIds.has(t.attr.exprId) && delays.has(t.attr.exprId)) sum += t.negated ? -watermarkMs : watermarkMs;
    else return undefined;
  }
  return Math.trunc(sum);
}

/** `e` as a sum of terms, or undefined when it has a part that is not a time, a cast, a constant or +/-. */
function collectTerms(e: Expression, negate = false): Term[] | undefined {
  const both = (a: Expression, b: Expression, negB: boolean): Term[] | undefined => {
    const x = collectTerms(a, negate);
    const y = collectTerms(b, negB);
    return x && y ? [...x, ...y] : undefined;
  };
  if (e instanceof Add) return both(e.left, e.right, negate);
  if (e instanceof Subtract) return both(e.left, e.right, !negate);
  if (e instanceof UnaryMinus) return collectTerms(e.child, !negate);
  if (e instanceof TimeAdd) {
    const inner = collectTerms(e.start, negate);
    return inner && [...inner, { kind: 'const', ms: negate ? -e.intervalMs : e.intervalMs }];
  }
  if (e instanceof Cast) return isNumeric(e.dataType) || e.dataType === TimestampType ? collectTerms(e.child, negate) : undefined;
  if (e instanceof AttributeReference) return [{ kind: 'attr', attr: e, negated: negate }];
  if (e instanceof Literal && typeof e.value === 'number') {
    // A timestamp literal is ms already; a plain number counts as seconds, as Spark's do.
    const ms = e.dataType === TimestampType ? e.value : e.value * 1000;
    return [{ kind: 'const', ms: negate ? -ms : ms }];
  }
  return undefined;
}
