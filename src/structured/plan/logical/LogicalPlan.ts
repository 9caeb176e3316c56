/**
 * The base of logical plans: relational operators over attributes, before physical planning.
 * Spark: sql/catalyst/.../plans/logical/LogicalPlan.scala and QueryPlan.scala.
 */
import type { Expression } from '../../expressions/Expression.js';
import { type AttributeReference, referencesOf } from '../../expressions/NamedExpression.js';
import { StructField, StructType } from '../../types/StructType.js';
import { renderTree, TreeNode } from '../../trees/TreeNode.js';

/** A logical operator. */
export abstract class LogicalPlan extends TreeNode<LogicalPlan> {
  // Plans never change once built, so what walks the whole subtree is computed once per node:
  // the optimizer renders each plan it gets to tell a real rewrite from an equal copy, and
  // `resolved` asked of every node walked the subtree again (quadratic in the plan's depth).
  #isResolved: boolean | undefined;
  #treeString: string | undefined;

  /** The columns this operator produces. */
  abstract get output(): AttributeReference[];

  /** The node's own expressions, flattened (not its children's). */
  abstract get expressions(): readonly Expression[];

  /** A copy with other expressions, in the order `expressions` lists them. */
  abstract withNewExpressions(expressions: readonly Expression[]): LogicalPlan;

  /** The node line without its children: `Filter (a#0 > 1)`. */
  abstract simpleString(): string;

  /** True when the plan reads an unbounded source (the streaming helper's relations say true). */
  get isStreaming(): boolean {
    return this.children.some((c) => c.isStreaming);
  }

  /** True when every expression and child is resolved. */
  get resolved(): boolean {
    this.#isResolved ??= this.expressions.every((e) => e.resolved) && this.childrenResolved;
    return this.#isResolved;
  }

  get childrenResolved(): boolean {
    return this.children.every((c) => c.resolved);
  }

  /** The attributes the children produce (what this node's expressions may read). */
  get inputSet(): AttributeReference[] {
    return this.children.flatMap((c) => c.output);
  }

  /** The attributes this node's expressions read. */
  get references(): AttributeReference[] {
    const seen = new Map<number, AttributeReference>();
    for (const e of this.expressions) for (const a of referencesOf(e)) if (!seen.has(a.exprId)) seen.set(a.exprId, a);
    return [...seen.values()];
  }

  /** The output as a StructType. */
  get schema(): StructType {
    return new StructType(this.output.map((a) => new StructField(a.name, a.dataType, a.nullable)));
  }

  /** This node with `f` applied to each of its expressions; `this` when none changed. */
  mapExpressions(f: (e: Expression) => Expression): LogicalPlan {
    const exprs = this.expressions;
    let changed = false;
    const next = exprs.map((e) => {
      const m = f(e);
      if (m !== e) changed = true;
      return m;
    });
    return changed ? this.withNewExpressions(next) : this;
  }

  /** Applies an expression rule bottom-up to every expression of every node. */
  transformAllExpressions(rule: (e: Expression) => Expression | undefined): LogicalPlan {
    return this.transformUp((plan) => plan.mapExpressions((e) => e.transformUp(rule)));
  }

  /** Spark's tree string; unresolved nodes start with `'`. */
  treeString(): string {
    this.#treeString ??= renderTree<LogicalPlan>(
      this,
      (n) => (n.resolved ? '' : "'") + n.simpleString(),
      (n) => n.children,
    );
    return this.#treeString;
  }

  override toString(): string {
    return this.treeString();
  }
}

/** A plan without children: a relation. */
export abstract class LeafNode extends LogicalPlan {
  get children(): readonly LogicalPlan[] {
    return NO_CHILDREN;
  }

  withNewChildren(): LogicalPlan {
    return this;
  }

  get expressions(): readonly Expression[] {
    return [];
  }

  withNewExpressions(): LogicalPlan {
    return this;
  }
}

/** A plan with one child. */
export abstract class UnaryNode extends LogicalPlan {
  #children: readonly LogicalPlan[] | undefined;

  abstract get child(): LogicalPlan;

  /** One array per node, not one per call: tree walks ask for it at every step. */
  get children(): readonly LogicalPlan[] {
    this.#children ??= Object.freeze([this.child]);
    return this.#children;
  }
}

const NO_CHILDREN: readonly LogicalPlan[] = Object.freeze([]);

/** `[a#0, b#1L]`, the way plans list expressions. */
export function listString(exprs: readonly Expression[]): string {
  return `[${exprs.map(String).join(', ')}]`;
}
