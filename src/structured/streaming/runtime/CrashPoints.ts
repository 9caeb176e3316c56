/**
 * A documented test seam: named points after each step of the micro-batch protocol where a test
 * can stop the driver, to check that a restart from the checkpoint resumes exactly. Spark has no
 * such seam (its tests kill the query from a StreamManualClock or a failing sink); the points
 * here are the ones its recovery design argues about (MicroBatchExecution.populateStartOffsets).
 *
 * Two ways in, both test-only:
 * - `spark.sql.streaming.testing.crashAfter = <step>[:<batchId>]` crashes the query right after
 *   that step (of that batch, or of every batch): it throws SIMULATED_CRASH, which stops the
 *   query before it writes anything else, or, with
 *   `spark.sql.streaming.testing.crashAction = kill`, kills the whole process with SIGKILL (for a
 *   child process run by a crash-loop driver).
 * - `CrashPoints.install(hook)` calls `hook(step, batchId)` after every step of every query in
 *   this process; a hook that throws crashes the query the same way.
 */
import { IllegalArgumentError, IllegalStateError } from '../../../shared/errors.js';

/** The steps of one micro-batch, in protocol order. */
export const MICRO_BATCH_STEPS = ['offsetLogWrite', 'batchRead', 'stateCommit', 'sinkWrite', 'commitLogWrite'] as const;

/**
 * One step of the micro-batch protocol: the offset log entry is written; the sources' rows are
 * read; the plan ran (stateful operators committed their state); the sink holds the batch; the
 * commit log entry is written.
 */
export type MicroBatchStep = (typeof MICRO_BATCH_STEPS)[number];

/** Called after every step of every micro-batch in this process. */
export type CrashPointHook = (step: MicroBatchStep, batchId: number) => void;

/** The conf key naming the step (and optionally the batch) after which the query crashes. */
export const CRASH_AFTER_KEY = 'spark.sql.streaming.testing.crashAfter';
/** `throw` (default: the query dies with SIMULATED_CRASH) or `kill` (SIGKILL of this process). */
export const CRASH_ACTION_KEY = 'spark.sql.streaming.testing.crashAction';

const hooks = new Set<CrashPointHook>();

/** The seam itself; MicroBatchExecution calls `forQuery` once and the result after each step. */
export const CrashPoints = {
  /** Calls `hook` after every step of every micro-batch; returns the function that removes it. */
  install(hook: CrashPointHook): () => void {
    hooks.add(hook);
    return () => void hooks.delete(hook);
  },

  /**
   * The crash check of one query, from its conf; checked when the query starts, before any data is read.
   * @throws IllegalArgumentError INVALID_CRASH_POINT for an unknown step, batch id or action
   */
  forQuery(conf: (key: string) => string | undefined): (step: MicroBatchStep, batchId: number) => void {
    const target = parseCrashAfter(conf(CRASH_AFTER_KEY));
    const action = conf(CRASH_ACTION_KEY) ?? 'throw';
    if (action !== 'throw' && action !== 'kill') {
      throw new IllegalArgumentError('INVALID_CRASH_POINT', `${CRASH_ACTION_KEY} is "${action}"; use "throw" or "kill".`);
    }
    return (step, batchId) => {
      for (const hook of hooks) hook(step, batchId);
      if (!target || target.step !== step || (target.batchId !== undefined && target.batchId !== batchId)) return;
      if (action === 'kill') process.kill(process.pid, 'SIGKILL');
      throw new IllegalStateError(
        'SIMULATED_CRASH',
        `Simulated driver crash after step ${step} of batch ${batchId} (${CRASH_AFTER_KEY} = ${conf(CRASH_AFTER_KEY)}). `
          + `Restart the query from its checkpoint; unset ${CRASH_AFTER_KEY} outside tests.`,
      );
    };
  },
};

function parseCrashAfter(value: string | undefined): { step: MicroBatchStep; batchId: number | undefined } | undefined {
  if (value === undefined || value === '') return undefined;
  const [step, batch, ...rest] = value.split(':');
  const batchId = batch === undefined ? undefined : Number(batch);
  if (!MICRO_BATCH_STEPS.includes(step as MicroBatchStep) || rest.length > 0 || (batchId !== undefined && !(Number.isInteger(batchId) && batchId >= 0))) {
    throw new IllegalArgumentError(
      'INVALID_CRASH_POINT',
      `${CRASH_AFTER_KEY} is "${value}"; use <step> or <step>:<batchId> with a step among ${MICRO_BATCH_STEPS.join(', ')} `
        + 'and a batch id >= 0, e.g. "sinkWrite:2".',
    );
  }
  return { step: step as MicroBatchStep, batchId };
}
