/**
 * Sessionization as a Spark Streaming program: clicks grouped per user in each batch, then
 * mapWithState keeps the open session per user; a click past the session's end (by the click's own
 * timestamp) closes it, and a user idle for the gap in processing time times out. Sessions are
 * emitted when closed. A click that arrives after its session timed out, or out of order, lands
 * in the wrong session. Spark: the mapWithState example (StatefulNetworkWordCount) with
 * StateSpec.timeout.
 */
import { bind } from '../../../src/shared/index.js';
import { Milliseconds, StateSpec } from '../../../src/dstream/index.js';
import type { State } from '../../../src/dstream/index.js';
import type { ResultRow } from '../../oracle/ResultRow.js';
import type { ClickEvent, SessionsParams } from '../../workloads/sessions.js';
import type { DStreamPipeline } from './DStreamPipeline.js';

/** An open session: [startMs, endMs) by the clicks' event times, and its clicks. */
interface OpenSession {
  readonly startMs: number;
  readonly endMs: number;
  readonly count: number;
}

/**
 * The mapping function: self-contained (no outer names), since a checkpointed graph saves it as
 * source text. Returns the sessions this call closed, or undefined.
 */
function sessionize(_batchTimeMs: number, userId: string, clicks: ClickEvent[] | undefined, state: State<OpenSession>, env: { gapMs: number }): ResultRow[] | undefined {
  const rowOf = (session: OpenSession) => ({ windowStartMs: session.startMs, windowEndMs: session.endMs, key: userId, values: { count: session.count } });
  if (state.isTimingOut()) return [rowOf(state.get())];
  const closed: ResultRow[] = [];
  let session = state.getOption();
  const sorted = [...(clicks ?? [])].sort((a, b) => a.eventTimeMs - b.eventTimeMs);
  for (const click of sorted) {
    const t = click.eventTimeMs;
    if (session && t >= session.endMs) {
      closed.push(rowOf(session));
      session = undefined;
    }
    session = session
      ? { startMs: Math.min(session.startMs, t), endMs: Math.max(session.endMs, t + env.gapMs), count: session.count + 1 }
      : { startMs: t, endMs: t + env.gapMs, count: 1 };
  }
  if (session) state.update(session);
  return closed.length > 0 ? closed : undefined;
}

/** Spark's default: mapWithState checkpoints (and scans for timeouts) every 10 batches. */
const TIMEOUT_SCAN_BATCHES = 10;

/** The sessions workload on DStreams. */
export const sessionsDStream: DStreamPipeline<SessionsParams> = {
  summary: 'clicks.map((user, click)).groupByKey().mapWithState(session per user, timeout gap): sessions when closed or timed out',
  needsCheckpoint: true,
  check: () => undefined,
  build({ params, input }) {
    const spec = StateSpec.functionWithTime(bind(sessionize, { gapMs: params.gapMs })).timeout(Milliseconds(params.gapMs));
    const sessions = input<ClickEvent>()
      .map((click) => [click.userId, click] as [string, ClickEvent])
      .groupByKey()
      .mapWithState(spec);
    return { rows: sessions.flatMap((rows) => rows), states: sessions.stateSnapshots() };
  },
  finalBatchTimeMs(lastDataBatchMs, params, batchIntervalMs) {
    // A user last seen at batch b times out on the first timeout scan t with b < t - gap.
    const scanMs = TIMEOUT_SCAN_BATCHES * batchIntervalMs;
    return (Math.floor((lastDataBatchMs + params.gapMs) / scanMs) + 1) * scanMs;
  },
  heldMs: () => 0,
};
