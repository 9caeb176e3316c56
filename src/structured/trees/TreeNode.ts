/**
 * The immutable tree both expressions and plans are made of, with the rewrites rules use.
 * Spark: sql/catalyst/.../trees/TreeNode.scala.
 *
 * A rewrite returns the same node object when nothing changed, so rules and the optimizer's
 * fixed-point loop can detect "no change" by identity instead of comparing trees.
 */

/** A node with children of its own kind. */
export abstract class TreeNode<T extends TreeNode<T>> {
  /** The direct children, in order. */
  abstract get children(): readonly T[];

  /** A copy of this node with other children (same count); `this` when they are the same objects. */
  abstract withNewChildren(children: readonly T[]): T;

  /** The node's name in tree strings: the class name. */
  get nodeName(): string {
    return this.constructor.name;
  }

  /** Applies `rule` to this node, then to the children of the result (pre-order). `undefined` keeps a node. */
  transformDown(rule: (node: T) => T | undefined): T {
    const self = this as unknown as T;
    const afterRule = rule(self) ?? self;
    return afterRule.mapChildren((child) => child.transformDown(rule));
  }

  /** Applies `rule` to the children first, then to this node (post-order). `undefined` keeps a node. */
  transformUp(rule: (node: T) => T | undefined): T {
    const withChildren = this.mapChildren((child) => child.transformUp(rule));
    return rule(withChildren) ?? withChildren;
  }

  /** This node with `f` applied to each child; `this` when no child changed. */
  mapChildren(f: (child: T) => T): T {
    const children = this.children;
    if (children.length === 0) return this as unknown as T;
    let changed = false;
    const next = children.map((child) => {
      const mapped = f(child);
      if (mapped !== child) changed = true;
      return mapped;
    });
    return changed ? this.withNewChildren(next) : (this as unknown as T);
  }

  /** Visits every node, pre-order. */
  foreach(f: (node: T) => void): void {
    f(this as unknown as T);
    for (const child of this.children) child.foreach(f);
  }

  /** The results of `pf` for every node where it returns a value, pre-order. */
  collect<U>(pf: (node: T) => U | undefined): U[] {
    const out: U[] = [];
    this.foreach((node) => {
      const value = pf(node);
      if (value !== undefined) out.push(value);
    });
    return out;
  }

  /** The first node (pre-order) satisfying `p`. */
  find(p: (node: T) => boolean): T | undefined {
    if (p(this as unknown as T)) return this as unknown as T;
    for (const child of this.children) {
      const found = child.find(p);
      if (found) return found;
    }
    return undefined;
  }

  /** True when some node in the tree satisfies `p`. */
  exists(p: (node: T) => boolean): boolean {
    return this.find(p) !== undefined;
  }
}

/**
 * Spark's tree rendering: one node a line, `+- ` before a last child and `:- ` before the others,
 * with `:  ` continuing a non-last branch.
 *
 * ```
 * Project [a#0]
 * +- Filter (a#0 > 1)
 *    +- LocalRelation [a#0]
 * ```
 */
export function renderTree<T>(root: T, line: (node: T) => string, children: (node: T) => readonly T[]): string {
  const out: string[] = [];
  const walk = (node: T, prefix: string, isLastFlags: boolean[]): void => {
    out.push(prefix + line(node));
    const kids = children(node);
    kids.forEach((child, i) => {
      const last = i === kids.length - 1;
      const indent = isLastFlags.map((l) => (l ? '   ' : ':  ')).join('');
      walk(child, indent + (last ? '+- ' : ':- '), [...isLastFlags, last]);
    });
  };
  walk(root, '', []);
  return out.join('\n') + '\n';
}
