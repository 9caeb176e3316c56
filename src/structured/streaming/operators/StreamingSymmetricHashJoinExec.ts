/**
 * A join of two streams: each side buffers its rows in state, and each new row is joined with the
 * other side's buffered rows. Spark: sql/core/.../streaming/StreamingSymmetricHashJoinExec.scala
 * and StreamingSymmetricHashJoinHelper.scala.
 *
 * Per partition and batch: left input rows join the right state (rows of earlier batches), then
 * join the left state; right input rows join the left state, which now holds this batch's left
 * rows too, so every pair is produced exactly once. Rows are buffered unless already below their
 * side's state watermark.
 *
 * Event time: input rows older than the late-events watermark on their side's event-time column
 * are dropped (and counted). State leaves when the eviction watermark passes a watermarked join
 * key, or, through a time-range condition, the state value watermark of the row's own event time
 * (StreamingJoinHelper). An outer join emits a buffered row that never matched, padded with
 * nulls, at the moment it leaves the state.
 * Each side's state schema is checked on restart (JoinSideState.checkStateSchema).
 */
import type { RDD } from '../../../shared/index.js';
import { HashPartitioner } from '../../../shared/index.js';
import { toExternalRow } from '../../execution/rowConversion.js';
import { compilePredicate } from '../../expressions/codegen/compileExpressions.js';
import type { Expression, InternalRow } from '../../expressions/Expression.js';
import { type AttributeReference, bindReferences } from '../../expressions/NamedExpression.js';
import { type JoinType, keepsUnmatchedLeft, keepsUnmatchedRight } from '../../plan/logical/JoinType.js';
import { listString } from '../../plan/logical/LogicalPlan.js';
import type { ShuffleExchangeExec } from '../../plan/physical/ShuffleExchangeExec.js';
import { type ExecutionContext, SparkPlan } from '../../plan/physical/SparkPlan.js';
import { ArrayType } from '../../types/ArrayType.js';
import { StructType } from '../../types/StructType.js';
import { JoinSideState } from './JoinSideState.js';
import type { OperatorState, StatefulExec } from './OperatorState.js';
import { isOlderThanWatermark } from './watermarkPredicates.js';

/** What the planner works out about one side. */
export interface JoinSideSpec {
  readonly keys: readonly Expression[];
  /** Conjuncts that read only this side (Spark's leftSideOnly / rightSideOnly). */
  readonly preJoinFilter: Expression | undefined;
  /** This side's watermarked column, if any. */
  readonly eventTime: AttributeReference | undefined;
  /** The state value watermark for this side from the join condition, given the eviction watermark. */
  readonly stateValueWatermark: (evictionWatermarkMs: number) => number | undefined;
}

type Tagged = [number, [0 | 1, InternalRow]];

/** The stream-stream join operator. */
export class StreamingSymmetricHashJoinExec extends SparkPlan implements StatefulExec {
  constructor(
    readonly joinType: JoinType,
    readonly leftSpec: JoinSideSpec,
    readonly rightSpec: JoinSideSpec,
    /** Conjuncts that read both sides, evaluated on joined rows. */
    readonly postJoinFilter: Expression | undefined,
    /** Which join key carries the watermark, or -1 (then state leaves by value watermark, if any). */
    readonly watermarkKeyIndex: number,
    readonly outputAttrs: AttributeReference[],
    readonly left: ShuffleExchangeExec,
    readonly right: ShuffleExchangeExec,
    readonly operatorState: OperatorState,
  ) {
    super();
  }

  get children(): readonly SparkPlan[] {
    return [this.left, this.right];
  }

  get output(): AttributeReference[] {
    return this.outputAttrs;
  }

  withNewChildren(c: readonly SparkPlan[]): SparkPlan {
    if (c[0] === this.left && c[1] === this.right) return this;
    return new StreamingSymmetricHashJoinExec(this.joinType, this.leftSpec, this.rightSpec, this.postJoinFilter, this.watermarkKeyIndex,
      this.outputAttrs, c[0] as ShuffleExchangeExec, c[1] as ShuffleExchangeExec, this.operatorState);
  }

  shouldRunAnotherBatch(newWatermarkMs: number): boolean {
    return newWatermarkMs > this.operatorState.evictionWatermarkMs;
  }

  protected doExecute(ctx: ExecutionContext): RDD<InternalRow> {
    const state = this.operatorState;
    JoinSideState.checkStateSchema(state, 'left', this.leftSpec.keys, this.left.output);
    JoinSideState.checkStateSchema(state, 'right', this.rightSpec.keys, this.right.output);
    const tag = (side: 0 | 1) => ([p, row]: [number, InternalRow]): Tagged => [p, [side, row]];
    const both = ctx.sparkContext.union([this.left.mapSide(ctx).map(tag(0)), this.right.mapSide(ctx).map(tag(1))]);
    const process = this.#partitionProcessor(ctx);
    return both.partitionBy(new HashPartitioner(this.left.numPartitions)).mapPartitions((pairs, task) => process(pairs as Iterable<Tagged>, task.partitionId));
  }

  #partitionProcessor(ctx: ExecutionContext): (pairs: Iterable<Tagged>, partitionId: number) => InternalRow[] {
    const leftOut = this.left.output;
    const rightOut = this.right.output;
    const width = leftOut.length + rightOut.length;
    const side = (spec: JoinSideSpec, out: readonly AttributeReference[]) => ({
      spec,
      keys: spec.keys.map((k) => bindReferences(k, out)),
      pre: spec.preJoinFilter ? compilePredicate(bindReferences(spec.preJoinFilter, out), ctx.compileExpressions, out.length) : undefined,
      time: spec.eventTime ? out.findIndex((a) => a.exprId === spec.eventTime!.exprId) : -1,
      complex: spec.keys.map((k) => k.dataType instanceof StructType || k.dataType instanceof ArrayType),
      nulls: new Array<null>(out.length).fill(null),
    });
    const L = side(this.leftSpec, leftOut);
    const R = side(this.rightSpec, rightOut);
    const post = this.postJoinFilter
      ? compilePredicate(bindReferences(this.postJoinFilter, [...leftOut, ...rightOut]), ctx.compileExpressions, width)
      : undefined;
    const { joinType, operatorState: state, watermarkKeyIndex: wk } = this;
    const clock = ctx.sparkContext.clock;
    return (pairs, partitionId) => {
      const lefts: InternalRow[] = [];
      const rights: InternalRow[] = [];
      for (const [, [s, row]] of pairs) (s === 0 ? lefts : rights).push(row);
      const lateMs = state.lateEventsWatermarkMs;
      const evictionMs = state.evictionWatermarkMs;
      const expiry = (S: typeof L) => {
        const valueWm = wk < 0 && S.time >= 0 ? S.spec.stateValueWatermark(evictionMs) : undefined;
        return {
          key: wk >= 0 ? (key: readonly unknown[]) => isOlderThanWatermark(key[wk], evictionMs) : undefined,
          row: valueWm === undefined ? undefined : (row: InternalRow) => isOlderThanWatermark(row[S.time], valueWm),
        };
      };
      const leftState = new JoinSideState(state.openStore(partitionId, 'left'), L.complex);
      const rightState = new JoinSideState(state.openStore(partitionId, 'right'), R.complex);
      const out: InternalRow[] = [];
      const joinSide = (rows: InternalRow[], S: typeof L, mine: JoinSideState, other: JoinSideState, isLeft: boolean) => {
        const exp = expiry(S);
        for (const row of rows) {
          if (S.time >= 0 && isOlderThanWatermark(row[S.time], lateMs)) {
            state.countDropped();
            if (state.lateData) state.reportLate(toExternalRow(row, isLeft ? leftOut : rightOut), row[S.time] as number, lateMs);
            continue;
          }
          if (S.pre && !S.pre(row)) {
            if (isLeft ? keepsUnmatchedLeft(joinType) : keepsUnmatchedRight(joinType)) out.push(isLeft ? [...row, ...R.nulls] : [...L.nulls, ...row]);
            continue;
          }
          const key = S.keys.map((k) => k.eval(row));
          let matched = false;
          if (!key.some((v) => v === null)) {
            other.rows(key).forEach(([otherRow], i) => {
              const joined = isLeft ? [...row, ...otherRow] : [...otherRow, ...row];
              if (post && !post(joined)) return;
              matched = true;
              other.markMatched(key, i);
              out.push(joined);
            });
          }
          if (!(exp.key?.(key) ?? false) && !(exp.row?.(row) ?? false)) mine.append(key, row, matched);
        }
      };
      // As Spark: both sides' input is updates (with the write-back of changed keys below), removeOld removals.
      state.timed(clock, 'allUpdatesTimeMs', () => {
        joinSide(lefts, L, leftState, rightState, true);
        joinSide(rights, R, rightState, leftState, false);
      });
      const le = expiry(L);
      const re = expiry(R);
      const [removedLeft, removedRight] = state.timed(clock, 'allRemovalsTimeMs', () => [leftState.removeOld(le.key, le.row), rightState.removeOld(re.key, re.row)] as const);
      if (keepsUnmatchedLeft(joinType)) for (const [row, m] of removedLeft) if (!m) out.push([...row, ...R.nulls]);
      if (keepsUnmatchedRight(joinType)) for (const [row, m] of removedRight) if (!m) out.push([...L.nulls, ...row]);
      for (const [s, store] of [[leftState, leftState.store], [rightState, rightState.store]] as const) {
        state.timed(clock, 'allUpdatesTimeMs', () => s.flush());
        state.commit(clock, store, { numRowsTotal: 0, numRowsUpdated: s.numRowsAdded, numRowsRemoved: s.numRowsRemoved });
        state.metrics.numRowsTotal += s.totalRows();
      }
      state.countInstance();
      return out;
    };
  }

  simpleString(): string {
    return `StreamingSymmetricHashJoin ${listString(this.leftSpec.keys)}, ${listString(this.rightSpec.keys)}, ${this.joinType}, `
      + `operatorId=${this.operatorState.operatorId}`;
  }
}
