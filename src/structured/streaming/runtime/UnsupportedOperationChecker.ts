/**
 * The operations a streaming query may not contain, checked when it starts. Spark:
 * sql/catalyst/.../analysis/UnsupportedOperationChecker.scala (checkForStreaming and
 * checkStreamingQueryGlobalWatermarkLimit).
 *
 * Each problem keeps Spark's sentence (so it can be searched for) and adds how to fix it.
 * Differs from Spark: every problem is reported in one AnalysisException
 * (STREAMING_UNSUPPORTED_OPERATION), where Spark stops at the first.
 */
import { CurrentTimestamp } from '../../expressions/datetimeExpressions.js';
import type { Expression } from '../../expressions/Expression.js';
import { AttributeReference } from '../../expressions/NamedExpression.js';
import { Aggregate } from '../../plan/logical/Aggregate.js';
import { Deduplicate, Distinct } from '../../plan/logical/Distinct.js';
import { Join } from '../../plan/logical/Join.js';
import { GlobalLimit, LocalLimit } from '../../plan/logical/Limit.js';
import type { LogicalPlan } from '../../plan/logical/LogicalPlan.js';
import { Sort } from '../../plan/logical/Sort.js';
import { Union } from '../../plan/logical/Union.js';
import { Filter } from '../../plan/logical/Filter.js';
import { Project } from '../../plan/logical/Project.js';
import { DeduplicateWithinWatermark } from '../logical/DeduplicateWithinWatermark.js';
import { eventTimeColumns, hasWatermarkedOutput, sessionWindowAttribute } from '../logical/eventTimeColumns.js';
import { FlatMapGroupsWithState } from '../logical/FlatMapGroupsWithState.js';
import { UnsupportedOperationErrors } from '../logical/statefulErrors.js';
import { isWatermarkInJoinKeys, stateValueWatermark } from '../logical/StreamingJoinHelper.js';
import type { OutputMode } from '../OutputMode.js';
import { StreamingQueryErrors } from '../StreamingQueryErrors.js';
import { StreamingRelation, type StreamingSourceProvider } from './StreamingRelation.js';

/** One unsupported operation: Spark's sentence and how to fix the query. */
export interface UnsupportedOperation {
  readonly message: string;
  readonly fix: string;
}

const WITH_WATERMARK = "add withWatermark('<eventTime>', '<delay>') before the operation";

/** The streaming aggregations of a plan (a streaming Distinct counts as one, as Spark's optimizer turns it into one). */
function streamingAggregates(plan: LogicalPlan): LogicalPlan[] {
  return plan.collect((p) => ((p instanceof Aggregate || p instanceof Distinct) && p.isStreaming ? p : undefined));
}

function groupingOf(p: LogicalPlan): readonly Expression[] {
  return p instanceof Aggregate ? p.groupingExpressions : p.children[0]!.output;
}

/**
 * Every unsupported operation in `plan` for `outputMode`, in Spark's check order.
 * @param checkCorrectness spark.sql.streaming.statefulOperator.checkCorrectness.enabled (default true)
 */
export function unsupportedOperations(plan: LogicalPlan, outputMode: OutputMode, checkCorrectness = true): UnsupportedOperation[] {
  const problems: UnsupportedOperation[] = [];
  // A rule met at two nodes (GlobalLimit over LocalLimit) is one problem.
  const add = (message: string, fix: string) => {
    if (!problems.some((p) => p.message === message)) problems.push({ message, fix });
  };
  if (!plan.isStreaming) {
    add('Queries without streaming sources cannot be executed with writeStream.start()', 'read the input with spark.readStream, or run a batch query with collect() or write');
    return problems;
  }
  checkGroupsWithStateCounts(plan, outputMode, add);
  const aggregates = streamingAggregates(plan);
  checkOutputMode(aggregates, outputMode, add);
  const containsCompleteData = (sub: LogicalPlan) => !sub.isStreaming || (streamingAggregates(sub).length > 0 && outputMode === 'Complete');
  const visit = (sub: LogicalPlan): void => {
    for (const child of sub.children) visit(child);
    if (sub instanceof FlatMapGroupsWithState && sub.isStreaming) checkGroupsWithState(sub, aggregates.length > 0, outputMode, add);
    else if (sub instanceof Join) checkJoin(sub, outputMode, add);
    else if (sub instanceof DeduplicateWithinWatermark && sub.isStreaming && !hasWatermarkedOutput(sub.child)) {
      add('dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark', WITH_WATERMARK);
    } else if (sub instanceof Union && new Set(sub.children.map((c) => c.isStreaming)).size === 2) {
      add('Union between streaming and batch DataFrames/Datasets is not supported', 'union two streaming DataFrames, or join the batch one instead');
    } else if ((sub instanceof GlobalLimit || sub instanceof LocalLimit) && sub.children.every((c) => c.isStreaming) && outputMode === 'Update') {
      add('Limits are not supported on streaming DataFrames/Datasets in Update output mode', 'use Append or Complete output mode, or drop the limit');
    } else if (sub instanceof Sort && !containsCompleteData(sub)) {
      add('Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode',
        'sort after an aggregation in Complete output mode, or sort each batch in foreachBatch');
    }
  };
  visit(plan);
  if (checkCorrectness) checkGlobalWatermarkLimit(plan, outputMode, add);
  checkChainedEventTimeOperators(plan, add);
  return problems;
}

/**
 * Throws every unsupported operation of `plan` at once.
 * @throws AnalysisException STREAMING_UNSUPPORTED_OPERATION listing each problem with its fix
 */
export function checkForStreaming(plan: LogicalPlan, outputMode: OutputMode, checkCorrectness = true): void {
  const problems = unsupportedOperations(plan, outputMode, checkCorrectness);
  if (problems.length > 0) throw UnsupportedOperationErrors.unsupported(problems);
}

/**
 * The operations of `plan` continuous mode cannot run, by Spark's node names (Aggregate, Join, ...),
 * each once, in plan order: it runs only map-like operators (select, filter) over one source, and
 * no current_timestamp(), which a query that never ends in a batch could only fix at its start time
 * (named "current time").
 */
export function unsupportedForContinuous(plan: LogicalPlan): string[] {
  const names: string[] = [];
  plan.foreach((node) => {
    const supported = node instanceof Project || node instanceof Filter || node instanceof StreamingRelation;
    if (!supported && !names.includes(node.nodeName)) names.push(node.nodeName);
  });
  const relations = plan.collect((p) => (p instanceof StreamingRelation ? p : undefined));
  if (relations.length > 1 && !names.includes('Union')) names.push('multiple sources');
  if (plan.exists((p) => p.expressions.some((e) => e.exists((x) => x instanceof CurrentTimestamp)))) names.push('current time');
  return names;
}

/**
 * Refuses, when a continuous query starts, what continuous mode cannot run, in Spark's order: what
 * no streaming query may do (checkForStreaming, e.g. Complete mode without an aggregation), then
 * every unsupported operation of `plan`, then every source of `providers` without a continuous
 * reader (`continuousRead: false`: the file formats and rate-micro-batch).
 * @param plan the analyzed plan (before the optimizer fixes current_timestamp() to a literal)
 * @throws AnalysisException STREAMING_UNSUPPORTED_OPERATION, CONTINUOUS_UNSUPPORTED_OPERATION naming
 *   the operations, or CONTINUOUS_UNSUPPORTED_CONNECTOR naming the sources and the ones continuous mode reads
 */
export function checkForContinuous(plan: LogicalPlan, outputMode: OutputMode, providers: readonly StreamingSourceProvider[]): void {
  checkForStreaming(plan, outputMode);
  const operators = unsupportedForContinuous(plan);
  if (operators.length > 0) throw StreamingQueryErrors.continuousUnsupported(operators);
  const sources = [...new Set(providers.filter((p) => p.continuousRead === false).map((p) => p.sourceName))];
  if (sources.length > 0) throw StreamingQueryErrors.continuousUnsupportedSource(sources.join(', '));
}

type Add = (message: string, fix: string) => void;

function checkGroupsWithStateCounts(plan: LogicalPlan, outputMode: OutputMode, add: Add): void {
  const all = plan.collect((p) => (p instanceof FlatMapGroupsWithState && p.isStreaming ? p : undefined));
  const maps = all.filter((f) => f.isMapGroupsWithState);
  const flatMaps = all.filter((f) => !f.isMapGroupsWithState);
  if (maps.length >= 2) add('Multiple mapGroupsWithStates are not supported on a streaming DataFrames/Datasets', 'keep one mapGroupsWithState per query');
  if (maps.length > 0 && flatMaps.length > 0) {
    add('Mixing mapGroupsWithStates and flatMapGroupsWithStates are not supported on a streaming DataFrames/Datasets', 'use only flatMapGroupsWithState');
  }
  if (flatMaps.length >= 2 && (outputMode !== 'Append' || flatMaps.some((f) => f.outputMode !== 'Append'))) {
    add('Multiple flatMapGroupsWithStates are not supported when they are not all in append mode or the output mode is not append on a '
      + 'streaming DataFrames/Datasets', 'use Append mode for the query and every flatMapGroupsWithState');
  }
}

function checkOutputMode(aggregates: readonly LogicalPlan[], outputMode: OutputMode, add: Add): void {
  const first = aggregates[0];
  if (outputMode === 'Append' && first) {
    const { delays } = eventTimeColumns(first.children[0]!);
    if (!groupingOf(first).some((g) => g instanceof AttributeReference && delays.has(g.exprId))) {
      add('Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark',
        "group by a watermarked event-time column or window (withWatermark('eventTime', '10 seconds') then groupBy(window('eventTime', ...))), or use Update or Complete output mode");
    }
  } else if (outputMode === 'Update' && first instanceof Aggregate && sessionWindowAttribute(first)) {
    add('Update output mode not supported for session window on streaming DataFrames/DataSets', 'use Append or Complete output mode with session_window');
  } else if (outputMode === 'Complete' && !first) {
    add('Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets',
      'use Append (or Update) output mode, or aggregate the stream');
  }
}

function checkGroupsWithState(m: FlatMapGroupsWithState, hasAggregates: boolean, outputMode: OutputMode, add: Add): void {
  if (m.isMapGroupsWithState) {
    if (outputMode !== 'Update') {
      add(`mapGroupsWithState is not supported with ${outputMode} output mode on a streaming DataFrame/Dataset`, 'use Update output mode');
    }
  } else if (!hasAggregates) {
    if (m.outputMode === 'Update' && outputMode !== 'Update') {
      add(`flatMapGroupsWithState in update mode is not supported with ${outputMode} output mode on a streaming DataFrame/Dataset`,
        'make the query and the operation use the same output mode');
    } else if (m.outputMode === 'Append' && outputMode !== 'Append') {
      add(`flatMapGroupsWithState in append mode is not supported with ${outputMode} output mode on a streaming DataFrame/Dataset`,
        'make the query and the operation use the same output mode');
    }
  } else if (m.outputMode === 'Update') {
    add('flatMapGroupsWithState in update mode is not supported with aggregation on a streaming DataFrame/Dataset',
      'use flatMapGroupsWithState in Append mode before the aggregation');
  }
  if (m.timeout === 'EventTimeTimeout' && !hasWatermarkedOutput(m.child)) {
    add("Watermark must be specified in the query using '[Dataset/DataFrame].withWatermark()' for using event-time timeout in a "
      + '[map|flatMap]GroupsWithState. Event-time timeout not supported without watermark.', WITH_WATERMARK);
  }
}

function checkJoin(j: Join, outputMode: OutputMode, add: Add): void {
  const ls = j.left.isStreaming;
  const rs = j.right.isStreaming;
  if (ls && rs && outputMode !== 'Append') {
    add(`Join between two streaming DataFrames/Datasets is not supported in ${outputMode} output mode, only in Append output mode`,
      'use Append output mode');
  }
  const staticSide = 'join the stream with the static DataFrame the other way round, or make both sides streaming';
  switch (j.joinType) {
    case 'Inner':
    case 'Cross':
      return;
    case 'FullOuter':
      if (ls && !rs) add('FullOuter joins with streaming DataFrames/Datasets on the left and a static DataFrame/Dataset on the right is not supported', staticSide);
      else if (!ls && rs) add('FullOuter joins with streaming DataFrames/Datasets on the right and a static DataFrame/Dataset on the left is not supported', staticSide);
      else if (ls && rs) checkStreamStreamJoinWatermark(j, add);
      return;
    case 'LeftAnti':
      if (rs) add('LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported', 'put the static DataFrame on the right');
      return;
    case 'LeftOuter':
    case 'LeftSemi':
      if (!ls && rs) add(`${j.joinType} join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported`, staticSide);
      else if (ls && rs) checkStreamStreamJoinWatermark(j, add);
      return;
    case 'RightOuter':
      if (ls && !rs) add('RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on the right not supported', staticSide);
      else if (ls && rs) checkStreamStreamJoinWatermark(j, add);
      return;
  }
}

function checkStreamStreamJoinWatermark(j: Join, add: Add): void {
  const { delays } = eventTimeColumns(j);
  const keyed = isWatermarkInJoinKeys(j.condition, j.left, j.right, delays);
  const has = (find: LogicalPlan, other: LogicalPlan) => stateValueWatermark(find.output, other.output, j.condition, 1_000_000, delays) !== undefined;
  let validRange: boolean;
  if (j.joinType === 'LeftOuter' || j.joinType === 'LeftSemi') validRange = has(j.left, j.right);
  else if (j.joinType === 'RightOuter') validRange = has(j.right, j.left);
  else validRange = has(j.left, j.right) || has(j.right, j.left);
  if (!keyed && !validRange) {
    add(`Stream-stream ${j.joinType} join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys, `
      + 'or a watermark on the nullable side and an appropriate range condition',
    'watermark both sides and join on a watermarked column, or add a time-range condition such as leftTime <= rightTime + interval');
  }
}

/** Spark's isStatefulOperation. */
function isStatefulOperation(p: LogicalPlan): boolean {
  if (!p.isStreaming) return false;
  if (p instanceof Aggregate || p instanceof Distinct || p instanceof FlatMapGroupsWithState || p instanceof DeduplicateWithinWatermark) return true;
  if (p instanceof Join) return p.left.isStreaming && p.right.isStreaming;
  if (p instanceof Deduplicate) {
    const { delays } = eventTimeColumns(p.child);
    return p.keys.some((k) => delays.has(k.exprId));
  }
  return false;
}

/** Spark's ifCannotBeFollowedByStatefulOperation. */
function cannotBeFollowedByStatefulOperation(p: LogicalPlan, outputMode: OutputMode): boolean {
  if (!p.isStreaming) return false;
  if (p instanceof FlatMapGroupsWithState) return p.timeout === 'EventTimeTimeout';
  return (p instanceof Aggregate || p instanceof Distinct) && outputMode !== 'Append';
}

function checkGlobalWatermarkLimit(plan: LogicalPlan, outputMode: OutputMode, add: Add): void {
  const found = plan.exists((sub) => isStatefulOperation(sub)
    && sub.exists((p) => p !== sub && cannotBeFollowedByStatefulOperation(p, outputMode)));
  if (!found) return;
  add("Detected pattern of possible 'correctness' issue due to global watermark. The query contains stateful operation which can "
    + 'emit rows older than the current watermark plus allowed late record delay, which are "late rows" in downstream stateful '
    + 'operations and these rows can be discarded. Please refer the programming guide doc for more details. If you understand the '
    + 'possible risk of correctness issue and still need to run the query, you can disable this check by setting the config '
    + '`spark.sql.streaming.statefulOperator.checkCorrectness.enabled` to false.',
  'chain stateful operators only in Append output mode, or run the second one in foreachBatch');
}

/** A stateful operator that emits rows later than they arrived (closed windows, joined or null-padded rows, user output). */
function emitsDelayedRows(p: LogicalPlan): boolean {
  if (!p.isStreaming) return false;
  if (p instanceof Aggregate || p instanceof FlatMapGroupsWithState) return true;
  return p instanceof Join && p.left.isStreaming && p.right.isStreaming;
}

/** A stateful operator that drops or evicts by the watermark on its input's event-time column. */
function usesWatermark(p: LogicalPlan): boolean {
  if (!p.isStreaming) return false;
  const { delays } = eventTimeColumns(p.children[0] ?? p);
  if (p instanceof Aggregate) return p.groupingExpressions.some((g) => g instanceof AttributeReference && delays.has(g.exprId));
  if (p instanceof Deduplicate) return p.keys.some((k) => delays.has(k.exprId));
  if (p instanceof DeduplicateWithinWatermark) return true;
  if (p instanceof FlatMapGroupsWithState) return p.timeout === 'EventTimeTimeout';
  if (p instanceof Join && p.left.isStreaming && p.right.isStreaming) return eventTimeColumns(p).delays.size > 0;
  return false;
}

/**
 * Differs from Spark: Spark 3.5 propagates a watermark per operator through chains of stateful
 * operators (SPARK-42376); this engine has one global watermark, under which a downstream
 * operator would drop the rows an upstream one emits late. Refused rather than answered wrongly.
 */
function checkChainedEventTimeOperators(plan: LogicalPlan, add: Add): void {
  const found = plan.exists((sub) => usesWatermark(sub) && sub.children.some((c) => c.exists(emitsDelayedRows)));
  if (!found) return;
  add('Chaining an event-time stateful operator after a stateful operator that emits rows late (aggregation, stream-stream join, '
    + '[flat]MapGroupsWithState) is not supported by twinstream: it keeps one global watermark, not Spark 3.5\'s per-operator '
    + 'watermark propagation',
  'run the second stateful operation on the first query\'s output in another query, or in foreachBatch');
}
