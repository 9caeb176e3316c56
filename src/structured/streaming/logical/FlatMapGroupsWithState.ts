/**
 * `groupByKey(k).[flatMap|map]GroupsWithState(...)`: calls a user function per key with the key's
 * new rows and its GroupState, and outputs what the function returns. Spark:
 * sql/catalyst/.../plans/logical/object.scala (FlatMapGroupsWithState) and
 * KeyValueGroupedDataset.scala.
 *
 * Rows reach the function as plain objects keyed by column name, as `collect()` returns them; the
 * function returns objects of the declared output schema.
 */
import type { Row } from '../../DataFrame.js';
import type { Expression } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { listString, type LogicalPlan, UnaryNode } from '../../plan/logical/LogicalPlan.js';
import type { GroupState } from '../GroupState.js';
import type { GroupStateTimeout } from '../GroupStateTimeout.js';
import type { OutputMode } from '../OutputMode.js';
import type { JsonValue } from '../sources/Offset.js';

/** The user function: key, the key's rows in this batch (empty on a timeout), its state; returns output rows. */
export type FlatMapGroupsWithStateFunction<K extends JsonValue = JsonValue, S = unknown> = (
  key: K,
  values: readonly Row[],
  state: GroupState<S>,
) => Iterable<Row>;

/** The logical operator; output is `outputAttrs`. */
export class FlatMapGroupsWithState extends UnaryNode {
  constructor(
    readonly func: FlatMapGroupsWithStateFunction,
    /** Computes a row's grouping key (a JSON value: the state store's key). */
    readonly keyFunc: (row: Row) => JsonValue,
    /** The child's columns the function sees (kept in `expressions` so pruning leaves them). */
    readonly dataAttributes: readonly AttributeReference[],
    readonly outputAttrs: AttributeReference[],
    /** The operation's own output mode (Spark's FlatMapGroupsWithState.outputMode). */
    readonly outputMode: OutputMode,
    readonly isMapGroupsWithState: boolean,
    readonly timeout: GroupStateTimeout,
    readonly child: LogicalPlan,
  ) {
    super();
  }

  get output(): AttributeReference[] {
    return this.outputAttrs;
  }

  get expressions(): readonly Expression[] {
    return this.dataAttributes;
  }

  withNewExpressions(e: readonly Expression[]): LogicalPlan {
    return this.#copy(e as AttributeReference[], this.child);
  }

  withNewChildren(c: readonly LogicalPlan[]): LogicalPlan {
    return c[0] === this.child ? this : this.#copy(this.dataAttributes, c[0]!);
  }

  #copy(dataAttributes: readonly AttributeReference[], child: LogicalPlan): FlatMapGroupsWithState {
    return new FlatMapGroupsWithState(this.func, this.keyFunc, dataAttributes, this.outputAttrs, this.outputMode,
      this.isMapGroupsWithState, this.timeout, child);
  }

  simpleString(): string {
    const name = this.isMapGroupsWithState ? 'MapGroupsWithState' : 'FlatMapGroupsWithState';
    return `${name} ${listString(this.outputAttrs)}, ${this.outputMode}, ${this.timeout}`;
  }
}
