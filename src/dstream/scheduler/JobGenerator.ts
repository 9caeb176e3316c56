/**
 * Generates the jobs of every batch on the context's clock, and drives metadata checkpoints and
 * cleanup. Spark: streaming/.../scheduler/JobGenerator.scala.
 *
 * At each batch time t it allocates the received blocks to t, asks the DStream graph for the
 * RDDs of t (one job per output operation), queues them, and writes a checkpoint. When the
 * batch completes it forgets old RDDs and writes another checkpoint, without t among the pending.
 */
import { ManualClock, settle } from '../../shared/index.js';
import { Checkpoint, CheckpointWriter } from '../Checkpoint.js';
import { StreamingErrors } from '../errors.js';
import { releaseForgottenShuffles, rememberedRDDs } from '../releaseForgottenShuffles.js';
import { Time } from '../Time.js';
import { JobSet, type Job } from './Job.js';
import type { JobScheduler } from './JobScheduler.js';
import { RecurringTimer } from './RecurringTimer.js';

/** The batch clock of a StreamingContext. */
export class JobGenerator {
  readonly timer: RecurringTimer;
  #checkpointWriter: CheckpointWriter | undefined;
  #lastProcessedBatchMs: number | undefined;
  #isStarted = false;
  /** Set when the generator is stopped without waiting: like a crashed driver, it does nothing more. */
  #abandoned = false;

  constructor(readonly jobScheduler: JobScheduler) {
    const ssc = jobScheduler.ssc;
    this.timer = new RecurringTimer(ssc.clock, ssc.graph.batchDuration.milliseconds, (timeMs) => this.generateJobs(new Time(timeMs)), 'JobGenerator', (error) =>
      jobScheduler.reportError(error as Error),
    );
  }

  get #ssc() {
    return this.jobScheduler.ssc;
  }

  get shouldCheckpoint(): boolean {
    return this.#ssc.checkpointDir !== undefined && this.#ssc.checkpointDuration !== undefined;
  }

  start(): void {
    if (this.#isStarted) return;
    this.#isStarted = true;
    if (this.shouldCheckpoint) this.#checkpointWriter = new CheckpointWriter(this.#ssc.checkpointDir as string);
    if (this.#ssc.initialCheckpoint) this.#restart(this.#ssc.initialCheckpoint);
    else this.#startFirstTime();
  }

  /**
   * Stops the timer. With `processReceivedData`, first waits (on the clock) until every received
   * block has been put in a batch and that batch was generated.
   */
  async stop(processReceivedData: boolean): Promise<void> {
    if (!this.#isStarted) return;
    this.#isStarted = false;
    if (processReceivedData) {
      const tracker = this.jobScheduler.receiverTracker;
      while (tracker?.hasUnallocatedBlocks() && !this.timer.isStopped) {
        const next = this.timer.getStartTime();
        await this.#ssc.clock.waitTillTime(next);
        await settle();
      }
      await this.timer.stop(false);
    } else {
      this.#abandoned = true;
      await this.timer.stop(true);
    }
    this.#ssc.graph.stop();
  }

  /** Stops at once and for good, writing nothing more (a simulated crash). */
  async abandon(): Promise<void> {
    this.#abandoned = true;
    this.#isStarted = false;
    await this.timer.stop(true);
  }

  /** Spark's first start: zero time one batch before the first tick. */
  #startFirstTime(): void {
    const startTimeMs = this.timer.getStartTime();
    this.#ssc.graph.start(new Time(startTimeMs - this.#ssc.graph.batchDuration.milliseconds));
    this.timer.start(startTimeMs);
  }

  /**
   * Restart from a checkpoint: re-run the batches that were pending and those that fell in the
   * down time, from the checkpoint's time (included, so output is at-least-once) to the restart.
   */
  #restart(checkpoint: Checkpoint): void {
    const ssc = this.#ssc;
    const clock = ssc.clock;
    // As Spark: a manual clock restarts where the checkpoint was taken (plus an optional jump).
    if (clock instanceof ManualClock) {
      const jumpMs = ssc.conf.getInt('spark.streaming.manualClock.jump', 0);
      const target = checkpoint.checkpointTimeMs + jumpMs;
      if (clock.getTimeMillis() < target) clock.setTime(target);
    }
    const graph = ssc.graph;
    const batch = graph.batchDuration;
    const checkpointTime = new Time(checkpoint.checkpointTimeMs);
    const restartTime = new Time(this.timer.getRestartTime((graph.zeroTime as Time).milliseconds));
    const downTimes = checkpointTime.until(restartTime, batch).map((t) => t.milliseconds);
    const times = [...new Set([...checkpoint.pendingTimesMs, ...downTimes])].filter((ms) => ms < restartTime.milliseconds).sort((a, b) => a - b);
    graph.restart();
    for (const ms of times) {
      // Blocks recovered from the write-ahead log keep the batch they were allocated to; blocks
      // received but not yet allocated go to the first re-run batch, as Spark does.
      this.jobScheduler.receiverTracker?.allocateBlocksToBatch(new Time(ms));
      this.#submitBatch(new Time(ms));
    }
    this.timer.start(restartTime.milliseconds);
  }

  /** One tick: allocate blocks, generate the jobs, queue them, checkpoint. */
  async generateJobs(time: Time): Promise<void> {
    // Receivers run on this thread: let those whose records arrived by `time` store them first.
    if (this.jobScheduler.receiverTracker?.hasReceivers()) await settle();
    if (this.#abandoned) return;
    this.jobScheduler.receiverTracker?.allocateBlocksToBatch(time);
    this.#submitBatch(time);
    this.#doCheckpoint(time);
  }

  #submitBatch(time: Time): void {
    const scheduler = this.jobScheduler;
    let jobs: Job[] = [];
    try {
      jobs = this.#ssc.graph.generateJobs(time);
    } catch (error) {
      scheduler.reportError(StreamingErrors.generateJobsFailed(time, error));
    }
    scheduler.submitJobSet(new JobSet(time, jobs, scheduler.inputInfoTracker.getInfo(time), this.#ssc.clock.getTimeMillis()));
  }

  /** Called by the scheduler when every job of batch `time` finished. */
  onBatchCompletion(time: Time): void {
    const ssc = this.#ssc;
    const streams = ssc.graph.allStreams();
    const remembered = rememberedRDDs(streams);
    ssc.graph.clearMetadata(time);
    releaseForgottenShuffles(remembered, rememberedRDDs(streams), ssc.sparkContext.mapOutputTracker);
    const threshold = time.minus(ssc.graph.getMaxInputStreamRememberDuration());
    this.jobScheduler.receiverTracker?.cleanupOldBlocksAndBatches(threshold);
    this.jobScheduler.inputInfoTracker.cleanup(threshold);
    // Spark's ClearCheckpointData: old RDD checkpoints go once a checkpoint without them is on disk.
    if (this.shouldCheckpoint && this.#doCheckpoint(time)) ssc.graph.clearCheckpointData();
    this.#lastProcessedBatchMs = time.milliseconds;
  }

  /** The last batch that completed and was checkpointed. */
  get lastProcessedBatchMs(): number | undefined {
    return this.#lastProcessedBatchMs;
  }

  /** Writes a metadata checkpoint when `time` is on the checkpoint interval; true if one was written. */
  #doCheckpoint(time: Time): boolean {
    const ssc = this.#ssc;
    const writer = this.#checkpointWriter;
    if (!writer || this.#abandoned) return false;
    if (!time.since(ssc.graph.zeroTime as Time).isMultipleOf(ssc.checkpointDuration as never)) return false;
    ssc.graph.updateCheckpointData(time);
    writer.write(Checkpoint.of(ssc, time));
    return true;
  }
}
