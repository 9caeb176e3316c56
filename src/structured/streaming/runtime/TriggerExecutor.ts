/**
 * Runs a query's batches on the schedule its trigger asks for. Spark:
 * sql/core/.../execution/streaming/TriggerExecutor.scala (ProcessingTimeExecutor,
 * SingleBatchExecutor, MultiBatchExecutor).
 *
 * Processing time: batch times come from the query's Clock. With ManualClock the times are exact.
 */
import type { Clock } from '../../../shared/util/Clock.js';
import type { Trigger } from '../Trigger.js';
import { TriggerErrors } from '../streamingErrors.js';

/** Runs one batch (or decides there is nothing to run); resolves false to end the execution. */
export type BatchRunner = () => boolean | Promise<boolean>;

/** A batch that took longer than the trigger interval (Spark logs "Current batch is falling behind"). */
export interface FallingBehind {
  readonly batchStartMs: number;
  readonly elapsedMs: number;
  readonly intervalMs: number;
}

/** Runs batches until the runner returns false or stop() is called. */
export interface TriggerExecutor {
  execute(runBatch: BatchRunner): Promise<void>;
  /** Ends the execution after the running batch; wakes a wait for the next batch time. */
  stop(): void;
}

/** Options for ProcessingTimeExecutor. */
export interface ProcessingTimeExecutorOptions {
  /** Called for each batch that overran the interval, besides being recorded in `fallingBehind`. */
  readonly onFallingBehind?: (event: FallingBehind) => void;
}

/**
 * A batch at every multiple of the interval: the first at once, then each at the first multiple
 * of intervalMs after its predecessor's start. A batch that overruns is followed immediately by
 * the next, which keeps the grid (start 0, interval 100, batch 100 ends at 350: next at 350, then 400).
 *
 * With intervalMs 0 batches run back to back; the runner must then wait (on the clock) itself when
 * there is no data, as Spark's MicroBatchExecution sleeps spark.streaming.pollingDelay.
 *
 * @example
 * const executor = new ProcessingTimeExecutor(1000, clock);
 * await executor.execute(async () => { await runBatch(); return isActive; });
 */
export class ProcessingTimeExecutor implements TriggerExecutor {
  /** Every batch that overran the interval, oldest first. */
  readonly fallingBehind: FallingBehind[] = [];
  #isStopped = false;
  #wake: (() => void) | undefined;

  /** @throws IllegalArgumentError INVALID_TRIGGER_INTERVAL for a negative interval */
  constructor(
    readonly intervalMs: number,
    private readonly clock: Clock,
    private readonly options: ProcessingTimeExecutorOptions = {},
  ) {
    if (!(intervalMs >= 0)) throw TriggerErrors.negativeInterval(intervalMs);
  }

  /**
   * The first batch time strictly after `nowMs` on the interval grid: a batch interval includes
   * its start, so nextBatchTime(nextBatchTime(0)) = 200 for a 100 ms interval, not 100.
   */
  nextBatchTime(nowMs: number): number {
    if (this.intervalMs === 0) return nowMs;
    return Math.floor(nowMs / this.intervalMs) * this.intervalMs + this.intervalMs;
  }

  async execute(runBatch: BatchRunner): Promise<void> {
    while (!this.#isStopped) {
      const batchStartMs = this.clock.getTimeMillis();
      const nextBatchMs = this.nextBatchTime(batchStartMs);
      const isTerminated = !(await runBatch());
      if (this.intervalMs > 0) {
        const elapsedMs = this.clock.getTimeMillis() - batchStartMs;
        if (elapsedMs > this.intervalMs) this.#notifyFallingBehind({ batchStartMs, elapsedMs, intervalMs: this.intervalMs });
        if (isTerminated || this.#isStopped) return;
        await this.#waitTill(nextBatchMs);
      } else if (isTerminated) {
        return;
      }
    }
  }

  stop(): void {
    this.#isStopped = true;
    this.#wake?.();
  }

  #notifyFallingBehind(event: FallingBehind): void {
    this.fallingBehind.push(event);
    this.options.onFallingBehind?.(event);
  }

  async #waitTill(targetMs: number): Promise<void> {
    const stopped = new Promise<void>((resolve) => (this.#wake = resolve));
    await Promise.race([this.clock.waitTillTime(targetMs), stopped]);
    this.#wake = undefined;
  }
}

/** One batch, then done (Trigger.Once). */
export class SingleBatchExecutor implements TriggerExecutor {
  #isStopped = false;

  async execute(runBatch: BatchRunner): Promise<void> {
    if (!this.#isStopped) await runBatch();
  }

  stop(): void {
    this.#isStopped = true;
  }
}

/** Batches back to back until the runner says there is nothing left (Trigger.AvailableNow). */
export class MultiBatchExecutor implements TriggerExecutor {
  #isStopped = false;

  async execute(runBatch: BatchRunner): Promise<void> {
    while (!this.#isStopped && (await runBatch()));
  }

  stop(): void {
    this.#isStopped = true;
  }
}

/**
 * The executor of a micro-batch trigger, as Spark's MicroBatchExecution picks it.
 * Continuous triggers have no micro-batch executor: the caller runs ContinuousExecution instead.
 */
export function triggerExecutorFor(trigger: Trigger, clock: Clock, options?: ProcessingTimeExecutorOptions): TriggerExecutor {
  switch (trigger.kind) {
    case 'ProcessingTime':
      return new ProcessingTimeExecutor(trigger.intervalMs, clock, options);
    case 'Once':
      return new SingleBatchExecutor();
    case 'AvailableNow':
      return new MultiBatchExecutor();
    case 'Continuous':
      // The continuous engine checkpoints every intervalMs on the same grid.
      return new ProcessingTimeExecutor(trigger.intervalMs, clock, options);
  }
}
