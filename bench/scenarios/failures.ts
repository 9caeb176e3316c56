/**
 * Scenario 8, failures (a crash in the middle of a run, recovery from checkpoints and write-ahead
 * logs, exactly-once output), belongs to the fault-tolerance work of issue 9. The name is
 * registered so `twinstream scenario failures` says so instead of "unknown scenario".
 */
import type { Scenario } from './Scenario.js';

const REASON =
  'The failures scenario is not in this build: it belongs to the fault-tolerance work (see issue 9), which adds driver and executor ' +
  'crashes in the middle of a run and compares recovery (DStream checkpoints and receiver write-ahead logs against the offset and commit ' +
  'logs and state store of Structured Streaming). Run one of the other scenarios meanwhile.';

export const failures: Scenario = {
  name: 'failures',
  title: 'crash and recovery (issue 9)',
  unavailableReason: REASON,
  run: () => Promise.reject(new Error(REASON)),
};
