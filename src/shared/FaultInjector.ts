/**
 * Makes chosen task attempts fail, for tests and the harness's fault scenarios.
 * Spark's tests do the same with a failing closure keyed on TaskContext.attemptNumber.
 */
import type { TaskAttempt } from './executor/Executor.js';

/** Which task attempts to fail: every field given must match. */
export interface TaskFailureRule {
  readonly stageId?: number;
  readonly partition?: number;
  /** Attempts numbered below this fail (1 = only the first attempt; Infinity = every attempt). */
  readonly failAttemptsBelow?: number;
  /** Only tasks whose stage computes this RDD. */
  readonly rddId?: number;
  readonly message?: string;
}

/** The rules in force; consulted by every executor before it runs a task. */
export class FaultInjector {
  #rules: TaskFailureRule[] = [];

  /** Fails the matching task attempts with `message` (default "Injected failure"). */
  failTask(rule: TaskFailureRule): void {
    this.#rules.push(rule);
  }

  clear(): void {
    this.#rules = [];
  }

  /** The failure message for this attempt, or undefined when it should run normally. */
  failureFor({ task, attemptNumber }: TaskAttempt): string | undefined {
    const rule = this.#rules.find(
      (r) =>
        (r.stageId === undefined || r.stageId === task.stageId) &&
        (r.partition === undefined || r.partition === task.partition) &&
        (r.rddId === undefined || r.rddId === task.rdd.id) &&
        attemptNumber < (r.failAttemptsBelow ?? 1),
    );
    return rule ? (rule.message ?? `Injected failure in stage ${task.stageId}, partition ${task.partition}, attempt ${attemptNumber}`) : undefined;
  }
}
