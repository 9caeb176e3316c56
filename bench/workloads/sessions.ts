/**
 * Sessionization of a clickstream: a user's clicks belong to one session while each follows the
 * previous one by less than the gap. Spark: the StructuredSessionization example and the
 * `session_window` function (SessionWindowingSuite).
 */
import { parseLateness, scheduleArrivals } from '../harness/lateness.js';
import { BenchRandom } from '../harness/random.js';
import { compareWithOracle } from '../oracle/compareWithOracle.js';
import { OracleTable } from '../oracle/OracleTable.js';
import { watermarksAtArrival } from '../oracle/watermarks.js';
import type { BaseParams, BenchEvent, Workload } from './Workload.js';

/** Parameters of the sessions workload. */
export interface SessionsParams extends BaseParams {
  readonly users: number;
  /** A session ends when a user is idle this long. */
  readonly gapMs: number;
  /** Mean clicks per session (geometric). */
  readonly meanClicksPerSession: number;
}

/** One click. */
export interface ClickEvent extends BenchEvent {
  /** `user-000`, `user-001`, ... */
  readonly userId: string;
  readonly page: string;
}

interface UserState {
  nextClickMs: number;
  clicksLeftInSession: number;
}

/**
 * Splits one user's clicks, sorted by event time, into sessions [first, last + gap). A click joins
 * the open session when it is earlier than the session's end: the windows [t, t + gap) of two
 * clicks merge exactly when they overlap.
 */
export function sessionsOf(eventTimesMs: readonly number[], gapMs: number): { startMs: number; endMs: number; count: number }[] {
  const sessions: { startMs: number; endMs: number; count: number }[] = [];
  for (const eventTimeMs of eventTimesMs) {
    const open = sessions[sessions.length - 1];
    if (open && eventTimeMs < open.endMs) {
      open.endMs = Math.max(open.endMs, eventTimeMs + gapMs);
      open.count += 1;
    } else {
      sessions.push({ startMs: eventTimeMs, endMs: eventTimeMs + gapMs, count: 1 });
    }
  }
  return sessions;
}

/** One row per session: interval [first click, last click + gap), key user id, `{ count }` clicks. */
export const sessions: Workload<SessionsParams, ClickEvent> = {
  name: 'sessions',
  description: 'clickstream sessionization: clicks per user session, a session ends after a gap of inactivity',
  semantics:
    'Per user, clicks sorted by event time form sessions: a click joins the open session when its event time is ' +
    'before the session end (last click + gapMs), else it starts a new one. A row is ([first click, last click + gapMs), ' +
    'user, count). A click is late when its event time was behind the watermark when it arrived: no session it could ' +
    'join is still open then.',
  defaultSeed: 42,
  defaults: { events: 20_000, ratePerSec: 500, lateness: 'none', watermarkMs: 2000, users: 1000, gapMs: 5000, meanClicksPerSession: 8 },
  paramDocs: {
    events: 'number of clicks',
    ratePerSec: 'clicks per second of event time, all users together (approximate; at most users x clicks per session / gap)',
    lateness: 'arrival delay spec (see --lateness)',
    watermarkMs: 'watermark delay behind the largest event time seen',
    users: 'number of users',
    gapMs: 'inactivity gap that ends a session',
    meanClicksPerSession: 'mean clicks per session',
  },
  streams: ['clicks'],

  generate(params, seed) {
    const random = new BenchRandom(seed);
    // Within a session a user clicks every (users / rate) on average, but never a gap apart.
    // Between sessions a user idles at least the gap, and longer when that is what it takes for
    // all users together to click at ratePerSec: a cycle of k clicks should last k * users / rate.
    const meanSpacingMs = Math.min((params.users * 1000) / params.ratePerSec, params.gapMs / 4);
    const cycleMs = (params.meanClicksPerSession * params.users * 1000) / params.ratePerSec;
    const meanExtraIdleMs = Math.max(0, cycleMs - (params.meanClicksPerSession - 1) * meanSpacingMs - params.gapMs);
    const newSession = (): number => 1 + Math.floor(random.exponential(params.meanClicksPerSession - 1));
    const users: UserState[] = Array.from({ length: params.users }, () => ({
      nextClickMs: Math.floor(random.next() * params.gapMs),
      clicksLeftInSession: newSession(),
    }));
    const events: ClickEvent[] = [];
    while (events.length < params.events) {
      let user = 0;
      for (let u = 1; u < users.length; u++) if ((users[u] as UserState).nextClickMs < (users[user] as UserState).nextClickMs) user = u;
      const state = users[user] as UserState;
      events.push({ eventTimeMs: state.nextClickMs, arrivalTimeMs: state.nextClickMs, userId: `user-${String(user).padStart(3, '0')}`, page: `/page/${random.int(40)}` });
      state.clicksLeftInSession -= 1;
      if (state.clicksLeftInSession > 0) {
        state.nextClickMs += 1 + Math.floor(Math.min(random.exponential(meanSpacingMs), 0.9 * params.gapMs));
      } else {
        // One millisecond past the gap at least: a click exactly at a session's end joins it in
        // Spark (MergingSessionsIterator merges when start <= end) but not in this oracle.
        state.nextClickMs += params.gapMs + 1 + Math.floor(random.exponential(meanExtraIdleMs));
        state.clicksLeftInSession = newSession();
      }
    }
    return scheduleArrivals(events, parseLateness(params.lateness), random, { watermarkMs: params.watermarkMs, windowMs: params.gapMs });
  },

  oracle(events, params) {
    const watermarks = watermarksAtArrival(events, params.watermarkMs);
    const byUser = new Map<string, { event: ClickEvent; isLate: boolean }[]>();
    events.forEach((event, index) => {
      const isLate = event.eventTimeMs < (watermarks[index] as number);
      const clicks = byUser.get(event.userId) ?? [];
      clicks.push({ event, isLate });
      byUser.set(event.userId, clicks);
    });
    const table = new OracleTable(() => ({ count: 0 }), (counter) => ({ count: counter.count }));
    for (const [userId, clicks] of byUser) {
      clicks.sort((a, b) => a.event.eventTimeMs - b.event.eventTimeMs);
      const spans = sessionsOf(clicks.map((c) => c.event.eventTimeMs), params.gapMs);
      let next = 0;
      for (const span of spans) {
        for (let i = 0; i < span.count; i++, next++) {
          const click = clicks[next] as { event: ClickEvent; isLate: boolean };
          table.add(span.startMs, span.endMs, userId, click.event, click.isLate).count += 1;
        }
      }
    }
    return table.answer();
  },

  compare(oracle, emitted) {
    return compareWithOracle(oracle, emitted);
  },
};
