/**
 * Helpers rules share: splitting conjunctions, substituting aliases, reference checks.
 * Spark: sql/catalyst/.../expressions/predicates.scala (PredicateHelper) and AliasHelper.scala.
 */
import { Alias } from '../../expressions/Alias.js';
import type { Expression } from '../../expressions/Expression.js';
import { AttributeReference, referencesOf } from '../../expressions/NamedExpression.js';
import { And } from '../../expressions/predicates.js';

/** `a AND (b AND c)` -> [a, b, c]. */
export function splitConjunctivePredicates(e: Expression): Expression[] {
  return e instanceof And ? [...splitConjunctivePredicates(e.left), ...splitConjunctivePredicates(e.right)] : [e];
}

/** [a, b, c] -> `((a AND b) AND c)`; undefined for none. */
export function combineConjuncts(preds: readonly Expression[]): Expression | undefined {
  return preds.reduce<Expression | undefined>((acc, p) => (acc ? new And(acc, p) : p), undefined);
}

/** True when every attribute `e` reads is among `attrs` (by exprId). */
export function canEvaluate(e: Expression, attrs: readonly AttributeReference[]): boolean {
  const ids = new Set(attrs.map((a) => a.exprId));
  return referencesOf(e).every((r) => ids.has(r.exprId));
}

/** exprId -> the Alias defining it, for a project list. */
export function aliasMap(list: readonly Expression[]): Map<number, Alias> {
  const m = new Map<number, Alias>();
  for (const e of list) if (e instanceof Alias && e.exprId !== undefined) m.set(e.exprId, e);
  return m;
}

/** `e` with attributes that name an alias replaced by the alias's expression. */
export function replaceAlias(e: Expression, aliases: ReadonlyMap<number, Alias>): Expression {
  return e.transformUp((x) => (x instanceof AttributeReference && aliases.has(x.exprId) ? aliases.get(x.exprId)!.child : undefined));
}

/**
 * A project-list item with aliases replaced, keeping the item's own name and exprId: an
 * attribute `b#2` defined as `(a#0 + 1) AS b#2` becomes `(a#0 + 1) AS b#2` again.
 */
export function replaceAliasButKeepName(e: Expression, aliases: ReadonlyMap<number, Alias>): Expression {
  if (e instanceof AttributeReference && aliases.has(e.exprId)) {
    const alias = aliases.get(e.exprId)!;
    return new Alias(alias.child, e.name, e.exprId);
  }
  if (e instanceof Alias) return new Alias(replaceAlias(e.child, aliases), e.name, e.exprId);
  return replaceAlias(e, aliases);
}

/** True for expressions that are cheap to compute twice (CollapseProject may duplicate them). */
export function isCheap(e: Expression): boolean {
  return e.children.length === 0 || (e instanceof Alias && isCheap(e.child));
}
