/**
 * The messages between the driver and a worker executor. Only plain data crosses: descriptors,
 * shipped functions, shuffle buckets and results.
 */
import type { TaskOutcome } from '../scheduler/Task.js';

/** A task, as the worker receives it. */
export interface TaskMessage {
  readonly type: 'task';
  readonly taskId: number;
  readonly stageId: number;
  readonly stageAttempt: number;
  readonly partition: number;
  readonly attemptNumber: number;
  readonly rdd: unknown;
  readonly body: unknown;
  /** Buckets this task reads, keyed `shuffleId:reduceId`: the driver fetched them before sending the task. */
  readonly shuffleBlocks: Record<string, unknown[]>;
  /** Cached blocks the task may read that another executor holds. */
  readonly remoteBlocks: Record<string, unknown[]>;
  readonly injectedFailure?: string;
}

/** An error as plain data: the fields the driver's messages and handlers read, and its cause. */
export interface ShippedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** A TwinstreamError's stable code, when the error has one. */
  readonly errorClass?: string;
  readonly cause?: ShippedError;
}

/** `error` as plain data, its cause chain included (at most `depth` levels). */
export function shipError(error: Error, depth = 4): ShippedError {
  const { errorClass } = error as { errorClass?: unknown };
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    ...(typeof errorClass === 'string' ? { errorClass } : {}),
    ...(error.cause instanceof Error && depth > 0 ? { cause: shipError(error.cause, depth - 1) } : {}),
  };
}

/** Messages the driver posts to a worker executor. */
export type DriverToWorker =
  | TaskMessage
  | { readonly type: 'removeRdd'; readonly rddId: number }
  /** Drop the worker's copy of a broadcast (unpersist, destroy, or the ContextCleaner). */
  | { readonly type: 'removeBroadcast'; readonly broadcastId: number }
  /** Answer with the ids of the broadcasts the worker holds (a test seam). */
  | { readonly type: 'describeBroadcasts'; readonly requestId: number }
  | { readonly type: 'putBlock'; readonly blockId: string; readonly items: unknown[]; readonly level: string };

/** Messages a worker executor posts back: readiness, task outcomes, blocks to replicate, held broadcasts. */
export type WorkerToDriver =
  | { readonly type: 'ready' }
  | { readonly type: 'broadcasts'; readonly requestId: number; readonly broadcastIds: number[] }
  | { readonly type: 'outcome'; readonly taskId: number; readonly outcome: Omit<TaskOutcome, 'error'> & { readonly error?: ShippedError } }
  | { readonly type: 'replicate'; readonly blockId: string; readonly items: unknown[]; readonly level: string };
