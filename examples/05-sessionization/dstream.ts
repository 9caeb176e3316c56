/**
 * Sessionization with DStreams: mapWithState keeps an open session per user and a timeout ends
 * it after 5 s without clicks. The timeout runs on processing time: a session ends when no click
 * has *arrived* for 5 s, whenever the clicks happened.
 *
 * Run: npm run example -- sessionization
 */
import { ManualClock, Milliseconds, PartitionedLog, SparkContext, StateSpec, StreamingContext } from 'twinstream';
import type { State } from 'twinstream';
import { advanceBatches } from 'twinstream/testing';
import { linesTo, type Print } from '../shared/print.js';
import { runWhenMain } from '../shared/runWhenMain.js';
import { ScratchSpace } from '../shared/ScratchSpace.js';
import { BATCH_MS, CLICKS_PER_BATCH, SESSION_GAP_MS, type Click } from './events.js';

/** An open session: its clicks so far and the event times of the first and last. */
interface Session {
  readonly clicks: number;
  readonly firstMs: number;
  readonly lastMs: number;
}

export async function run(print: Print): Promise<void> {
  const scratch = new ScratchSpace();
  const clock = new ManualClock();
  const sc = new SparkContext({ master: 'local[2]', appName: 'sessionization', clock });
  const ssc = new StreamingContext(sc, Milliseconds(BATCH_MS), { printSink: linesTo(print) });
  ssc.checkpoint(scratch.dir('checkpoint'));
  const log = PartitionedLog.open(scratch.dir('log'));
  log.createTopic('clicks', 1);
  const clicks = ssc.directLogStream<Click>(log, ['clicks'], { startingOffsets: 'earliest' });

  // Called for every click with the user's session so far, and once more, with no click, when
  // the session times out. It returns a line only for a session that ended (undefined: nothing).
  // Checkpointed streams save their functions as source text, so this one is self-contained.
  const trackSession = (_batchTimeMs: number, user: string, eventTimeMs: number | undefined, state: State<Session>): string | undefined => {
    if (state.isTimingOut()) {
      const { clicks, firstMs, lastMs } = state.get();
      return `session of ${user} ended: ${clicks} click(s), happened from ${firstMs / 1000} s to ${lastMs / 1000} s`;
    }
    const clickMs = eventTimeMs as number;
    const session = state.getOption() ?? { clicks: 0, firstMs: clickMs, lastMs: clickMs };
    state.update({ clicks: session.clicks + 1, firstMs: Math.min(session.firstMs, clickMs), lastMs: Math.max(session.lastMs, clickMs) });
    return undefined;
  };

  const endedSessions = clicks
    .map((click) => [click.user, click.eventTimeMs] as [string, number])
    .mapWithState(StateSpec.functionWithTime(trackSession).timeout(Milliseconds(SESSION_GAP_MS)));
  // Spark looks for timed-out keys only in batches that checkpoint the state, by default every
  // 10 batches (a session would end up to 20 s late); checkpointing every batch checks every batch.
  endedSessions.checkpoint(Milliseconds(BATCH_MS));
  endedSessions.print();

  ssc.start();
  try {
    for (const arrivals of CLICKS_PER_BATCH) {
      log.append('clicks', 0, arrivals);
      await advanceBatches(ssc, 1);
    }
  } finally {
    await ssc.stop();
    scratch.remove();
  }
}

runWhenMain(import.meta.url, run);
