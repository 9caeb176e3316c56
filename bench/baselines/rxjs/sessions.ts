/**
 * Sessionization as an RxJS pipeline: group clicks by user; each user's group merges its clicks
 * with the watermark stream and folds them into open sessions, emitting a session once the
 * watermark passes its end.
 */
import { filter, groupBy, map, merge, mergeMap, scan } from 'rxjs';
import type { ClickEvent, SessionsParams } from '../../workloads/sessions.js';
import { rxjsPipeline } from './rxjsPipeline.js';

interface Session {
  readonly startMs: number;
  readonly endMs: number;
  readonly count: number;
}

interface UserSessions {
  readonly open: readonly Session[];
  /** Sessions the last step closed, to emit. */
  readonly closed: readonly Session[];
}

type SessionInput = { readonly clickMs: number } | { readonly watermarkMs: number };

function addClick(open: readonly Session[], clickMs: number, gapMs: number): Session[] {
  let merged: Session = { startMs: clickMs, endMs: clickMs + gapMs, count: 1 };
  const kept: Session[] = [];
  for (const session of open) {
    if (session.startMs < merged.endMs && merged.startMs < session.endMs) {
      merged = { startMs: Math.min(merged.startMs, session.startMs), endMs: Math.max(merged.endMs, session.endMs), count: merged.count + session.count };
    } else {
      kept.push(session);
    }
  }
  return [...kept, merged];
}

/** The RxJS pipeline of the sessions workload. */
export const sessionsRxjs = rxjsPipeline<ClickEvent, SessionsParams>((input$, tools, context) => {
  const { gapMs } = context.params;
  const step = (user: UserSessions, input: SessionInput): UserSessions => {
    if ('clickMs' in input) {
      const open = addClick(user.open, input.clickMs, gapMs);
      tools.state.size += open.length - user.open.length;
      return { open, closed: [] };
    }
    const closed = user.open.filter((session) => session.endMs <= input.watermarkMs);
    if (closed.length === 0) return user.closed.length === 0 ? user : { open: user.open, closed: [] };
    tools.state.size -= closed.length;
    return { open: user.open.filter((session) => session.endMs > input.watermarkMs), closed };
  };
  return input$.pipe(
    filter((click) => {
      if (click.eventTimeMs >= tools.watermark.currentMs) return true;
      context.onDropped();
      return false;
    }),
    groupBy((click) => click.userId),
    mergeMap((user) =>
      merge(
        user.pipe(map((click): SessionInput => ({ clickMs: click.eventTimeMs }))),
        tools.watermark$.pipe(map((watermarkMs): SessionInput => ({ watermarkMs }))),
      ).pipe(
        scan(step, { open: [], closed: [] }),
        mergeMap((sessions) => sessions.closed),
        map((session) => ({ windowStartMs: session.startMs, windowEndMs: session.endMs, key: user.key, values: { count: session.count } })),
      ),
    ),
  );
});
