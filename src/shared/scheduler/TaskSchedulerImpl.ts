/**
 * Assigns tasks to executor slots, retries failed tasks up to spark.task.maxFailures, and turns
 * executor loss into resubmission. Spark: core/.../scheduler/TaskSchedulerImpl.scala.
 */
import type { Executor } from '../executor/Executor.js';
import type { Clock } from '../util/Clock.js';
import type { DAGScheduler, TaskScheduler } from './DAGScheduler.js';
import type { ListenerBus, TaskEndReason, TaskInfo } from './ListenerBus.js';
import type { TaskOutcome, TaskSet } from './Task.js';
import { TaskSetManager } from './TaskSetManager.js';
import { emptyTaskMetrics } from './TaskMetrics.js';
import { SparkException } from '../errors.js';

/** Spark's rendering of an error in a task failure: `Name: message`. */
function describeError(error: Error): string {
  return `${error.name}: ${error.message}`;
}

/** The task scheduler SparkContext uses: slots per executor, retries, executor loss. */
export class TaskSchedulerImpl implements TaskScheduler {
  dagScheduler: DAGScheduler | undefined;
  readonly #executors = new Map<string, Executor>();
  readonly #busySlots = new Map<string, number>();
  #managers: TaskSetManager[] = [];
  #nextTaskId = 0;

  constructor(
    private readonly maxFailures: number,
    private readonly listenerBus: ListenerBus,
    private readonly clock: Clock,
  ) {}

  addExecutor(executor: Executor): void {
    this.#executors.set(executor.id, executor);
    this.#busySlots.set(executor.id, 0);
    this.listenerBus.post({ type: 'executorAdded', executorId: executor.id });
    this.#revive();
  }

  get executors(): Executor[] {
    return [...this.#executors.values()];
  }

  submitTasks(taskSet: TaskSet): void {
    this.#managers.push(new TaskSetManager(taskSet, this.maxFailures));
    this.#revive();
  }

  cancelTaskSet(stageId: number, stageAttempt: number): void {
    for (const m of this.#managers) {
      if (m.taskSet.stageId === stageId && m.taskSet.stageAttempt === stageAttempt) m.isZombie = true;
    }
    this.#managers = this.#managers.filter((m) => !m.isFinished);
  }

  /** The executor is gone: its running tasks are lost (and retried), its outputs must be recomputed. */
  executorLost(executorId: string, reason: string): void {
    const executor = this.#executors.get(executorId);
    if (!executor) return;
    this.#executors.delete(executorId);
    this.#busySlots.delete(executorId);
    executor.kill();
    this.listenerBus.post({ type: 'executorRemoved', executorId, reason });
    this.dagScheduler?.executorLost(executorId);
    this.#revive();
  }

  /** Fills every free slot with a pending task, oldest task set first. */
  #revive(): void {
    const isAlive = (id: string) => this.#executors.get(id)?.isAlive ?? false;
    for (const executor of this.#executors.values()) {
      while ((this.#busySlots.get(executor.id) ?? 0) < executor.slots) {
        const next = this.#nextFor(executor.id, isAlive);
        if (!next) break;
        this.#launch(executor, next.manager, next.index);
      }
    }
  }

  #nextFor(executorId: string, isAlive: (id: string) => boolean): { manager: TaskSetManager; index: number } | undefined {
    for (const manager of this.#managers) {
      const index = manager.nextTaskFor(executorId, isAlive);
      if (index !== undefined) return { manager, index };
    }
    return undefined;
  }

  #launch(executor: Executor, manager: TaskSetManager, index: number): void {
    const task = manager.task(index);
    const taskInfo: TaskInfo = { taskId: this.#nextTaskId++, index: task.partition, attemptNumber: manager.attempts[index]++, executorId: executor.id, launchTimeMs: this.clock.getTimeMillis() };
    manager.runningCount++;
    this.#busySlots.set(executor.id, (this.#busySlots.get(executor.id) ?? 0) + 1);
    this.listenerBus.post({ type: 'taskStart', stageId: task.stageId, stageAttemptNumber: task.stageAttempt, taskInfo });
    executor.launch({ task, taskId: taskInfo.taskId, attemptNumber: taskInfo.attemptNumber }).then(
      (outcome) => this.#taskEnded(executor, manager, index, taskInfo, outcome),
      (error: Error) => this.#taskEnded(executor, manager, index, taskInfo, { status: 'failed', error, metrics: emptyTaskMetrics() }),
    );
  }

  #taskEnded(executor: Executor, manager: TaskSetManager, index: number, taskInfo: TaskInfo, outcome: TaskOutcome): void {
    manager.runningCount--;
    if (this.#busySlots.has(executor.id)) this.#busySlots.set(executor.id, (this.#busySlots.get(executor.id) ?? 1) - 1);
    const task = manager.task(index);
    const finishTimeMs = this.clock.getTimeMillis();
    this.listenerBus.post({
      type: 'taskEnd',
      stageId: task.stageId,
      stageAttemptNumber: task.stageAttempt,
      taskType: task.kind === 'result' ? 'ResultTask' : 'ShuffleMapTask',
      taskInfo,
      reason: endReason(outcome),
      metrics: outcome.metrics,
      finishTimeMs,
      durationMs: finishTimeMs - taskInfo.launchTimeMs,
    });
    switch (outcome.status) {
      case 'success':
        manager.succeeded[index] = true;
        this.dagScheduler?.taskEnded(task, executor.id, outcome);
        break;
      case 'fetchFailed':
        manager.isZombie = true;
        this.dagScheduler?.taskEnded(task, executor.id, outcome);
        break;
      case 'executorLost':
        // Not the task's fault: Spark does not count it towards maxFailures either.
        manager.requeue(index);
        break;
      case 'failed':
        if (manager.isZombie) break;
        if (outcome.error instanceof SparkException && outcome.error.errorClass === 'TASK_NOT_SERIALIZABLE') {
          // Spark aborts at once: a task that cannot be serialised never will be.
          manager.isZombie = true;
          const cause = (outcome.error.cause as Error | undefined) ?? outcome.error;
          const reason = `Failed to serialize task ${taskInfo.taskId}, not attempting to retry it. Exception during serialization: ${describeError(cause)}`;
          this.dagScheduler?.taskSetFailed(manager.taskSet, reason, outcome.error);
          break;
        }
        manager.failures[index]++;
        if (manager.failures[index] >= this.maxFailures) {
          manager.isZombie = true;
          const { stageId, stageAttempt } = manager.taskSet;
          const reason =
            `Task ${task.partition} in stage ${stageId}.${stageAttempt} failed ${this.maxFailures} times, most recent failure: ` +
            `Lost task ${task.partition}.${taskInfo.attemptNumber} in stage ${stageId}.${stageAttempt} (TID ${taskInfo.taskId}) ` +
            `(executor ${executor.id}): ${describeError(outcome.error)}`;
          this.dagScheduler?.taskSetFailed(manager.taskSet, reason, outcome.error);
        } else {
          manager.requeue(index);
        }
        break;
    }
    this.#managers = this.#managers.filter((m) => !m.isFinished);
    this.#revive();
  }
}

function endReason(outcome: TaskOutcome): TaskEndReason {
  switch (outcome.status) {
    case 'success':
      return { kind: 'success' };
    case 'failed':
      return { kind: 'exception', description: describeError(outcome.error) };
    case 'fetchFailed':
      return { kind: 'fetchFailed', shuffleId: outcome.shuffleId, description: outcome.message };
    case 'executorLost':
      return { kind: 'executorLost', executorId: outcome.executorId };
  }
}
