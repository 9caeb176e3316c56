/**
 * Tracks one task set: which tasks are pending, running, done, and how often each failed.
 * Spark: core/.../scheduler/TaskSetManager.scala (without speculation or delay scheduling).
 */
import type { Task, TaskSet } from './Task.js';

/** Scheduling state of one task set. */
export class TaskSetManager {
  readonly pending: number[];
  readonly failures: number[];
  readonly attempts: number[];
  readonly succeeded: boolean[];
  runningCount = 0;
  /** A zombie launches nothing more: its stage attempt was superseded or aborted. */
  isZombie = false;

  constructor(
    readonly taskSet: TaskSet,
    readonly maxFailures: number,
  ) {
    const n = taskSet.tasks.length;
    this.pending = Array.from({ length: n }, (_, i) => i);
    this.failures = new Array(n).fill(0);
    this.attempts = new Array(n).fill(0);
    this.succeeded = new Array(n).fill(false);
  }

  /** The next pending task index this executor may run: one preferring it, else one with no live preference. */
  nextTaskFor(executorId: string, isAlive: (executorId: string) => boolean): number | undefined {
    if (this.isZombie) return undefined;
    const tasks = this.taskSet.tasks;
    const local = this.pending.findIndex((i) => tasks[i].preferredLocations.includes(executorId));
    const pick = local >= 0 ? local : this.pending.findIndex((i) => !tasks[i].preferredLocations.some(isAlive));
    if (pick < 0) return undefined;
    return this.pending.splice(pick, 1)[0];
  }

  task(index: number): Task {
    return this.taskSet.tasks[index];
  }

  get isFinished(): boolean {
    return this.isZombie ? this.runningCount === 0 : this.succeeded.every(Boolean);
  }

  /** Puts a task back at the front, so a retry runs before tasks that never started. */
  requeue(index: number): void {
    if (!this.succeeded[index]) this.pending.unshift(index);
  }
}
