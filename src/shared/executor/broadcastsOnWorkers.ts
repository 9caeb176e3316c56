/**
 * Test seam: what each worker executor of a context holds of the broadcasts, and how many
 * broadcast values the driver sent it. Spark's tests ask the BlockManagerMaster for broadcast
 * blocks (BroadcastSuite); here the worker thread is asked directly.
 */
import { executorsOf, type SparkContext } from '../SparkContext.js';
import { WorkerExecutor } from './WorkerExecutor.js';

/** One worker executor's broadcasts. */
export interface WorkerBroadcasts {
  /** Ids of the broadcasts whose copy the worker thread holds, ascending. */
  readonly held: number[];
  /** Broadcast values tasks carried to the worker so far (a value re-sent after removal counts again). */
  readonly valuesSent: number;
}

/**
 * The broadcasts of every live worker executor of `sc`, by executor id; empty on inline masters,
 * whose tasks read the driver's Broadcast objects. The answer reflects every message posted before the call.
 */
export async function broadcastsOnWorkers(sc: SparkContext): Promise<Map<string, WorkerBroadcasts>> {
  const workers = executorsOf(sc).filter((e): e is WorkerExecutor => e instanceof WorkerExecutor);
  const held = await Promise.all(workers.map((w) => w.heldBroadcasts()));
  return new Map(workers.map((w, i) => [w.id, { held: held[i], valuesSent: w.broadcastValuesSent }]));
}
