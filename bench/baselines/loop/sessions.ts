/**
 * Sessionization as a hand-written loop: per user (numeric id) a short list of open sessions;
 * a click merges every session its window [t, t + gap) overlaps; a session is emitted once the
 * watermark passes its end, and the end of the input closes the rest. Spark analogue:
 * MergingSessionsIterator with a watermark in append mode.
 */
import type { ClickEvent, SessionsParams } from '../../workloads/sessions.js';
import type { BaselineContext, BaselinePipeline } from '../Baseline.js';
import { EventTimeWatermark } from '../EventTimeWatermark.js';

interface OpenSession {
  startMs: number;
  endMs: number;
  count: number;
}

/** The loop pipeline of the sessions workload. */
export function sessionsLoop(context: BaselineContext<SessionsParams>): BaselinePipeline<ClickEvent> {
  const { gapMs } = context.params;
  const watermark = new EventTimeWatermark(context.watermarkMs);
  const userIds = new Map<string, number>();
  const users: string[] = [];
  const open: OpenSession[][] = [];
  let openCount = 0;
  let nextCloseMs = Infinity;

  const addClick = (user: number, eventTimeMs: number): void => {
    const sessions = open[user] as OpenSession[];
    const merged: OpenSession = { startMs: eventTimeMs, endMs: eventTimeMs + gapMs, count: 1 };
    const kept: OpenSession[] = [];
    for (const session of sessions) {
      if (session.startMs < merged.endMs && merged.startMs < session.endMs) {
        merged.startMs = Math.min(merged.startMs, session.startMs);
        merged.endMs = Math.max(merged.endMs, session.endMs);
        merged.count += session.count;
        openCount -= 1;
      } else {
        kept.push(session);
      }
    }
    kept.push(merged);
    openCount += 1;
    open[user] = kept;
    if (merged.endMs < nextCloseMs) nextCloseMs = merged.endMs;
  };

  const closeUpTo = (watermarkMs: number): void => {
    nextCloseMs = Infinity;
    open.forEach((sessions, user) => {
      const kept: OpenSession[] = [];
      for (const session of sessions) {
        if (session.endMs <= watermarkMs) {
          openCount -= 1;
          context.emit({ windowStartMs: session.startMs, windowEndMs: session.endMs, key: users[user] as string, values: { count: session.count } });
        } else {
          kept.push(session);
          if (session.endMs < nextCloseMs) nextCloseMs = session.endMs;
        }
      }
      open[user] = kept;
    });
  };

  return {
    onEvents(events) {
      for (const event of events) {
        if (event.eventTimeMs < watermark.currentMs) {
          context.onDropped();
          continue;
        }
        let user = userIds.get(event.userId);
        if (user === undefined) {
          user = users.length;
          userIds.set(event.userId, user);
          users.push(event.userId);
          open.push([]);
        }
        addClick(user, event.eventTimeMs);
        if (watermark.observe(event.eventTimeMs) && watermark.currentMs >= nextCloseMs) closeUpTo(watermark.currentMs);
      }
    },
    onEnd() {
      watermark.close();
      closeUpTo(watermark.currentMs);
    },
    stateSize: () => openCount,
  };
}
