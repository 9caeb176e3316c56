/**
 * Turns `groupBy(window(...))` and `groupBy(session_window(...))` into a grouping on a real column:
 * the window column is computed below the aggregate, then grouped on. Spark:
 * sql/catalyst/.../analysis/ResolveTimeWindows.scala (TimeWindowing, SessionWindowing).
 *
 * ```
 * groupBy(window(eventTime, '10 seconds'), key)      Aggregate [window#9, key#1]
 *                                            =>      +- Generate window(eventTime#2, ...), [window#9]
 *                                                       +- child
 * groupBy(session_window(eventTime, '5 seconds'))    Aggregate [session_window#9]
 *                                            =>      +- Filter (session_window#9.end > session_window#9.start)
 *                                                       +- Project [*, session_window(...) AS session_window#9]
 * ```
 * A sliding window gives a row several windows (several Generate rows); a session window gives
 * each row its own session, which the aggregation then merges per key.
 */
import { Alias } from '../../expressions/Alias.js';
import { GetStructField } from '../../expressions/complexTypes.js';
import type { Expression } from '../../expressions/Expression.js';
import { GreaterThan } from '../../expressions/predicates.js';
import { SessionWindow } from '../../expressions/SessionWindow.js';
import { TimeWindow } from '../../expressions/TimeWindow.js';
import { Filter } from '../../plan/logical/Filter.js';
import type { LogicalPlan } from '../../plan/logical/LogicalPlan.js';
import { Project } from '../../plan/logical/Project.js';
import type { SparkSession } from '../../SparkSession.js';
import { installBatchStatefulStrategies } from '../operators/batchStatefulStrategies.js';
import { WindowErrors } from './statefulErrors.js';

/** The rewritten child and grouping expressions. */
export interface WindowedGrouping {
  readonly plan: LogicalPlan;
  readonly grouping: Expression[];
}

const isWindow = (e: Expression): e is TimeWindow | SessionWindow => e instanceof TimeWindow || e instanceof SessionWindow;

/**
 * `grouping` with its window expression replaced by a column computed over `child`; unchanged
 * when there is no window expression.
 * @throws AnalysisException MULTIPLE_WINDOW_EXPRESSIONS for two window expressions
 */
export function resolveTimeWindows(session: SparkSession, child: LogicalPlan, grouping: readonly Expression[]): WindowedGrouping {
  const analyzer = session.analyzer;
  const windows = grouping.flatMap((g) => g.collect((e) => (isWindow(e) ? e : undefined)));
  if (windows.length === 0) return { plan: child, grouping: [...grouping] };
  if (windows.some((w) => w.toString() !== windows[0]!.toString())) throw WindowErrors.multipleWindows();
  const window = windows[0]!;
  const aliased = grouping.find((g): g is Alias => g instanceof Alias && g.child === window);
  const name = aliased?.name ?? (window instanceof TimeWindow ? 'window' : 'session_window');
  let plan = analyzer.execute(new Project([...child.output, new Alias(window, name)], child));
  const attr = plan.output.at(-1)!;
  if (window instanceof SessionWindow) {
    installBatchStatefulStrategies(session);
    // Spark drops rows whose session is empty: a null time, or a null or non-positive gap.
    const nonEmpty = new GreaterThan(new GetStructField(attr, 'end'), new GetStructField(attr, 'start'));
    plan = analyzer.execute(new Filter(nonEmpty, plan));
  }
  const replaced = grouping.map((g) => (g === aliased ? attr : g.transformUp((e) => (e === window ? attr : undefined))));
  return { plan, grouping: replaced as Expression[] };
}

