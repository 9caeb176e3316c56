/**
 * The body of a worker executor thread: rebuilds each task's RDDs from their descriptors, runs
 * the task with the same runTask the driver uses, and posts the outcome back.
 * Spark: core/.../executor/CoarseGrainedExecutorBackend.scala.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Broadcast } from '../Broadcast.js';
import { BlockManager } from '../storage/BlockManager.js';
import { StorageLevel } from '../storage/StorageLevel.js';
import { FetchFailedError } from '../shuffle/MapOutputTracker.js';
import { TaskContext, type ExecutorEnv } from '../scheduler/TaskContext.js';
import { emptyTaskMetrics } from '../scheduler/TaskMetrics.js';
import type { RDDContext } from '../rdd/RDDContext.js';
import type { RDDDescriptor } from '../rdd/RDDDescriptor.js';
import { HashPartitioner } from '../partitioner/HashPartitioner.js';
import { RangePartitioner } from '../partitioner/RangePartitioner.js';
import type { PartitionerDescriptor } from '../partitioner/Partitioner.js';
// Loading these registers the builtin functions tasks may name (checkpoint and text writers).
import '../rdd/internal.js';
import { fromShippable } from './shippable.js';
import { reviveRDD } from './reviveRDD.js';
import { runTask, type TaskBody } from './runTask.js';
import { type DriverToWorker, shipError, type TaskMessage, type WorkerToDriver } from './WorkerProtocol.js';

const port = parentPort;
if (!port) throw new Error('workerMain.ts must run in a worker thread');
const { executorId, localDir } = workerData as { executorId: string; localDir: string };
const post = (message: WorkerToDriver) => port.postMessage(message);
const broadcasts = new Map<number, Broadcast<unknown>>();
const blockManager = new BlockManager(executorId, localDir, (blockId, items, level) => post({ type: 'replicate', blockId, items, level: level.name }));

/** The worker never creates RDDs or runs jobs; it only computes partitions. */
const workerContext: RDDContext = {
  newRddId: () => -1,
  defaultParallelism: 1,
  checkpointDir: undefined,
  runJob: () => Promise.reject(new Error('a task cannot start a job from inside a worker executor')),
  union: () => {
    throw new Error('a task cannot create RDDs inside a worker executor');
  },
  registerPersistent: () => undefined,
  unpersistRDD: () => undefined,
};

function revivePartitioner(desc: PartitionerDescriptor) {
  return desc.kind === 'hash' ? new HashPartitioner(desc.numPartitions) : new RangePartitioner(desc.numPartitions, desc.ascending, desc.bounds);
}

function run(message: TaskMessage): void {
  const env: ExecutorEnv = {
    executorId,
    blockManager,
    fetchShuffleBlock(shuffleId, reduceId) {
      const block = message.shuffleBlocks[`${shuffleId}:${reduceId}`];
      if (!block) throw new FetchFailedError(shuffleId, -1, reduceId, undefined);
      return block;
    },
    fetchRemoteBlock: (blockId) => message.remoteBlocks[blockId],
  };
  const metrics = emptyTaskMetrics();
  const context = new TaskContext(message.stageId, message.stageAttempt, message.partition, message.attemptNumber, message.taskId, env, metrics);
  let outcome;
  try {
    const rdd = reviveRDD(fromShippable(message.rdd, broadcasts) as RDDDescriptor, workerContext);
    const body = fromShippable(message.body, broadcasts) as TaskBody & { partitionerDesc?: PartitionerDescriptor };
    const taskBody: TaskBody = body.kind === 'shuffleMap' ? { ...body, partitioner: revivePartitioner(body.partitionerDesc as PartitionerDescriptor) } : body;
    outcome = runTask(rdd, message.partition, taskBody, context, message.injectedFailure);
  } catch (error) {
    outcome = { status: 'failed' as const, error: error as Error, metrics };
  }
  if (outcome.status !== 'failed') {
    try {
      post({ type: 'outcome', taskId: message.taskId, outcome });
      return;
    } catch (error) {
      // A result or shuffle record postMessage cannot copy (a function, a symbol): fail the task
      // with a message saying so, rather than crash the thread and lose the executor.
      outcome = { status: 'failed' as const, error: resultNotSerializable(message, error as Error), metrics };
    }
  }
  post({ type: 'outcome', taskId: message.taskId, outcome: { ...outcome, error: shipError(outcome.error) } });
}

function resultNotSerializable(task: TaskMessage, cause: Error): Error {
  const error = new Error(
    `Task result not serializable: the output of partition ${task.partition} in stage ${task.stageId} cannot be copied from the worker thread ` +
      `to the driver (${cause.name}: ${cause.message}). Return plain data (numbers, strings, arrays, plain objects, Maps, Sets), not functions or symbols.`,
  );
  error.name = 'TaskResultNotSerializableError';
  return error;
}

port.on('message', (message: DriverToWorker) => {
  switch (message.type) {
    case 'task':
      run(message);
      break;
    case 'removeRdd':
      blockManager.removeRdd(message.rddId);
      break;
    case 'putBlock':
      blockManager.put(message.blockId, message.items, StorageLevel.fromString(message.level), true);
      break;
    case 'removeBroadcast':
      // Tasks run to completion on receipt, so no task of this thread still reads the map entry;
      // a later task that needs the broadcast carries its value again.
      broadcasts.delete(message.broadcastId);
      break;
    case 'describeBroadcasts':
      post({ type: 'broadcasts', requestId: message.requestId, broadcastIds: [...broadcasts.keys()].sort((a, b) => a - b) });
      break;
  }
});
post({ type: 'ready' });
