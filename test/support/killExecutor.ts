/**
 * Executor loss at a chosen moment: the executor that ran the first task to end from now on is
 * killed, as a crashed machine would be, while its stage is still running.
 */
import type { SparkContext } from '../../src/index.js';

/** Kills the executor of the first task that ends from now on; `killed()` says which one. */
export function killOnFirstTaskEnd(sc: SparkContext): { killed: () => string | undefined; stop: () => void } {
  let killed: string | undefined;
  const subscription = sc.listenerBus.addListener({
    onTaskEnd: (e) => {
      if (killed !== undefined) return;
      killed = e.taskInfo.executorId;
      sc.killExecutor(killed);
    },
  });
  return { killed: () => killed, stop: () => subscription.unsubscribe() };
}
