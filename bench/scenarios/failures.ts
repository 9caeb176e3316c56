/**
 * Scenario 8, failures: crashes in the middle of a run, recovery from checkpoints and write-ahead
 * logs, exactly-once output (issue 9). It lives with the fault workloads in bench/faults/.
 */
export { failures } from '../faults/failuresScenario.js';
