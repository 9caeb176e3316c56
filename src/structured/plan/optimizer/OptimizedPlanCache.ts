/**
 * Remembers the operator-optimization result of a plan over RDD-backed relations, so the next
 * plan that differs from it only in those relations (the next micro-batch of a streaming query)
 * gets the same result with its own relations put in. No Spark counterpart: Spark's
 * IncrementalExecution optimizes every micro-batch from scratch.
 *
 * ```
 * batch 7: Aggregate <- Filter <- LogicalRDD(rows of 7)   optimized once:  Aggregate <- Project <- Filter <- [slot 0]
 * batch 8: Aggregate <- Filter <- LogicalRDD(rows of 8)   =>               Aggregate <- Project <- Filter <- LogicalRDD(rows of 8)
 * ```
 * A plan matches an entry only when it has the same shape, node classes and the very same
 * expression objects at every node, the same objects as its other leaves, and LogicalRDDs of the
 * same class and output where the entry has slots. A micro-batch plan is rebuilt from the query's
 * own nodes and expressions, so it matches; another query, or one whose expressions are rebuilt
 * (a current_timestamp() literal per batch), does not, and is optimized as usual. Rules never
 * look into an RDD, so the relations' rows cannot change their result.
 */
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { LogicalRDD } from '../logical/LogicalRDD.js';
import { LeafNode, LogicalPlan } from '../logical/LogicalPlan.js';
import type { RuleTrace } from './Rule.js';

/** Where entry plans had a LogicalRDD: its position among the leaves and its class and output. */
class RelationSlot extends LeafNode {
  constructor(
    readonly slot: number,
    readonly relationClass: object,
    readonly outputAttrs: AttributeReference[],
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.outputAttrs;
  }

  simpleString(): string {
    return `RelationSlot ${this.slot}`;
  }
}

interface Entry {
  /** The optimizer's input with slots for its RDD relations. */
  readonly input: LogicalPlan;
  readonly optimized: LogicalPlan;
  readonly trace: readonly RuleTrace[];
}

/** Entries kept, most recently used first: a few running queries each hit their own. */
const MAX_ENTRIES = 16;

/** The leaf nodes of `plan`, pre-order. */
function leavesOf(plan: LogicalPlan): LogicalPlan[] {
  const leaves: LogicalPlan[] = [];
  plan.foreach((node) => {
    if (node.children.length === 0) leaves.push(node);
  });
  return leaves;
}

/**
 * True when `plan` is `template` rebuilt over other RDD relations: same classes, and every field
 * of every node the very same value, except child plans (compared the same way) and the
 * relations in the template's slots, which are collected into `leaves`.
 */
function matches(plan: LogicalPlan, template: LogicalPlan, leaves: LogicalPlan[]): boolean {
  if (plan === template) return true;
  if (template instanceof RelationSlot) {
    if (plan.constructor !== template.relationClass) return false;
    const output = plan.output;
    if (output.length !== template.outputAttrs.length || output.some((a, i) => a !== template.outputAttrs[i])) return false;
    if (leaves[template.slot] !== undefined && leaves[template.slot] !== plan) return false;
    leaves[template.slot] = plan;
    return true;
  }
  if (plan.constructor !== template.constructor || plan.children.length === 0) return false;
  const fields = plan as unknown as Record<string, unknown>;
  const templateFields = template as unknown as Record<string, unknown>;
  const keys = Object.keys(fields);
  if (keys.length !== Object.keys(templateFields).length) return false;
  return keys.every((key) => sameField(fields[key], templateFields[key], leaves));
}

function sameField(value: unknown, templateValue: unknown, leaves: LogicalPlan[]): boolean {
  if (value === templateValue) return true;
  if (value instanceof LogicalPlan) return templateValue instanceof LogicalPlan && matches(value, templateValue, leaves);
  // A list of child plans (a Union's).
  if (Array.isArray(value) && Array.isArray(templateValue) && value.length === templateValue.length) {
    return value.every((v, i) => sameField(v, templateValue[i], leaves));
  }
  return false;
}

/** Optimized plans by the plan they came from, for plans over RDD relations. */
export class OptimizedPlanCache {
  #entries: Entry[] = [];

  /** The cached optimization of `plan` with its own relations in it, or undefined. */
  lookup(plan: LogicalPlan): { readonly optimized: LogicalPlan; readonly trace: RuleTrace[] } | undefined {
    for (const [i, entry] of this.#entries.entries()) {
      const leaves: LogicalPlan[] = [];
      if (!matches(plan, entry.input, leaves)) continue;
      this.#entries.splice(i, 1);
      this.#entries.unshift(entry);
      const fill = (p: LogicalPlan): LogicalPlan => p.transformUp((node) => (node instanceof RelationSlot ? leaves[node.slot] : undefined));
      return { optimized: fill(entry.optimized), trace: entry.trace.map((t) => ({ ruleName: t.ruleName, before: fill(t.before), after: fill(t.after) })) };
    }
    return undefined;
  }

  /** Remembers that `input` optimizes to `optimized` (with `trace`), when the input reads RDD relations. */
  store(input: LogicalPlan, optimized: LogicalPlan, trace: readonly RuleTrace[]): void {
    const slots = new Map<LogicalPlan, RelationSlot>();
    for (const leaf of leavesOf(input)) {
      if (leaf instanceof LogicalRDD && !slots.has(leaf)) slots.set(leaf, new RelationSlot(slots.size, leaf.constructor, leaf.output));
    }
    if (slots.size === 0) return;
    const template = (p: LogicalPlan): LogicalPlan => p.transformUp((node) => slots.get(node));
    const entry: Entry = {
      input: template(input),
      optimized: template(optimized),
      trace: trace.map((t) => ({ ruleName: t.ruleName, before: template(t.before), after: template(t.after) })),
    };
    // A relation the rules made themselves would keep this batch's rows: such a result is not reused.
    const plans = [entry.optimized, ...entry.trace.flatMap((t) => [t.before, t.after])];
    if (plans.some((p) => p.exists((node) => node instanceof LogicalRDD))) return;
    // Slots are numbered by first appearance in the input's leaves, as lookup fills them.
    if (!leavesOf(entry.input).every((leaf) => !(leaf instanceof LogicalRDD))) return;
    this.#entries.unshift(entry);
    if (this.#entries.length > MAX_ENTRIES) this.#entries.length = MAX_ENTRIES;
  }
}
