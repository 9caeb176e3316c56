/**
 * A full collection before a real-time run's clock starts, so the run's scavenges walk only what
 * the run itself holds. V8's scavenger (Node 20, V8 11.3) visits the header of every
 * old-generation page on the main thread in each scavenge, about 1 ms per 200 MB of old
 * generation on this machine, whether the pages hold live objects or the dead ones of an earlier
 * trial that no mark-compact has swept yet. A max-rate search runs a dozen trials in one process
 * before its half-rate runs; their leftovers made each scavenge of a continuous run at 600k
 * records/s last 1.2-4.5 ms more, and a continuous query's p99 latency is that pause. No Spark
 * counterpart (Spark's executors are separate JVMs).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let fullCollection: (() => void) | undefined;

/**
 * Runs a full, synchronous garbage collection. The process needs no --expose-gc: the flag is set
 * at run time and `gc` read from a new context, where V8 then installs it.
 *
 * @example
 * // driveRunner, once the exact answer is indexed and just before the run's clock starts:
 * if (options.mode === 'real') settleHeap();
 */
export function settleHeap(): void {
  if (!fullCollection) {
    setFlagsFromString('--expose-gc');
    fullCollection = runInNewContext('gc') as () => void;
  }
  fullCollection();
}
