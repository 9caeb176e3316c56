/**
 * The micro-batch engine: each trigger asks the sources for their latest offsets, logs the batch
 * in the offset log, reads (start, end] from each source, runs the incremental plan as jobs on
 * the RDD core, hands the result to the sink and logs the commit. Spark: sql/core/.../execution/
 * streaming/MicroBatchExecution.scala.
 *
 * Processing time: batch timestamps and trigger times come from the session's Clock. With the
 * default trigger an idle query waits for new data (a source's signal, processAllAvailable, or
 * spark.streaming.pollingDelay on the clock), never for a wall-clock timer.
 */
import { IllegalStateError } from '../../../shared/errors.js';
import { GeneratedStageCache } from '../../plan/physical/GeneratedStageCache.js';
import type { OffsetSeqMetadata } from '../checkpointing/OffsetSeqLog.js';
import { type Offset, offsetEquals } from '../sources/Offset.js';
import { MULTIPLE_WATERMARK_POLICY_KEY, parseWatermarkPolicy, WatermarkTracker } from './WatermarkTracker.js';
import { EventTimeStats } from './WatermarkTracker.js';
import { IncrementalExecution, replaceSources } from './IncrementalExecution.js';
import { recoverStartOffsets } from './OffsetRecovery.js';
import type { SourceTriggerInfo } from './ProgressReporter.js';
import { statefulPlanning, type StatefulOperatorContext } from './StatefulOperatorContext.js';
import { SOURCE_NAMES_KEY, StreamExecution, type StreamExecutionOptions } from './StreamExecution.js';
import { type TriggerExecutor, triggerExecutorFor } from './TriggerExecutor.js';
import { readSourceBatch } from './SourceBatchReader.js';
import { writeBatchToSink } from './SinkBatchWriter.js';
import { subscribeDataAvailable } from './dataAvailable.js';
import { CrashPoints } from './CrashPoints.js';
import { enableSpareTempFiles, flushSpareRequests, releaseSpareTempFiles, settleSpareRequests } from '../checkpointing/SpareTempFiles.js';
import { formatProgressTimestamp } from '../StreamingQueryProgress.js';

const SHUFFLE_PARTITIONS = 'spark.sql.shuffle.partitions';

/** Runs a streaming query as a sequence of micro-batches. */
export class MicroBatchExecution extends StreamExecution {
  #committed: (Offset | undefined)[] = [];
  #available: (Offset | undefined)[] = [];
  #isCurrentBatchConstructed = false;
  #batchMetadata: OffsetSeqMetadata | undefined;
  #numStatePartitions = 1;
  #watermarkTracker: WatermarkTracker | undefined;
  readonly #hooks = statefulPlanning();
  #isWaiting = false;
  #wake: (() => void) | undefined;
  #pollWait: { targetMs: number; done: Promise<number> } | undefined;
  /** processAllAvailable requests: each bumps the number; a no-data check records the number it saw. */
  #requestNumber = 0;
  #noDataCheckNumber = 0;
  #availableNowEnds: (Offset | undefined)[] | undefined;
  #executor: TriggerExecutor | undefined;
  /** The batch this run last ran and the watermark it ran with: the next batch's late-events watermark, without reading its offset file back. */
  #lastRunBatch: { readonly batchId: number; readonly watermarkMs: number } | undefined;
  /** The test seam after each protocol step (CrashPoints.ts); validated when the query is built. */
  readonly #crashPoint = CrashPoints.forQuery((key) => this.session.conf.get(key));
  /** The fused stages this query generated, reused batch to batch; cleared when the run ends, so they do not keep its data. */
  readonly generatedStages = new GeneratedStageCache();

  /** @throws AnalysisException from the stateful layer's start-time plan check (Spark's UnsupportedOperationChecker) */
  constructor(options: StreamExecutionOptions) {
    super(options);
    this.#hooks?.checkStreamingPlan?.(options.plan, options.outputMode);
  }

  get isWaitingForTrigger(): boolean {
    return this.isActive && this.#isWaiting;
  }

  get nextWakeTimeMs(): number | undefined {
    if (!this.isWaitingForTrigger) return undefined;
    if (this.trigger.kind !== 'ProcessingTime') return undefined;
    if (this.trigger.intervalMs === 0) return this.#pollWait?.targetMs;
    const startMs = this.progressReporter.triggerStartMs;
    return Math.floor(startMs / this.trigger.intervalMs) * this.trigger.intervalMs + this.trigger.intervalMs;
  }

  /** The end offsets of the last committed batch, per source. */
  get committedOffsets(): readonly (Offset | undefined)[] {
    return this.#committed;
  }

  /** The watermark the next batch uses (0 without one). */
  get currentWatermarkMs(): number {
    return this.#watermarkTracker?.currentWatermarkMs ?? 0;
  }

  protected async runActivatedStream(): Promise<void> {
    this.#recover();
    const unsubscribes = this.sources.map((s) => subscribeDataAvailable(s, () => this.wakeUp()));
    // The directories this run writes at every batch get their temp files made ahead (SpareTempFiles.ts).
    enableSpareTempFiles(this.checkpointRoot);
    try {
      if (this.trigger.kind === 'AvailableNow') await this.#prepareAvailableNow();
      this.#executor = triggerExecutorFor(this.trigger, this.clock);
      if (this.isStopRequested) return;
      await this.#executor.execute(() => this.#runTrigger());
    } finally {
      for (const unsubscribe of unsubscribes) unsubscribe?.();
      this.generatedStages.clear();
      releaseSpareTempFiles(this.checkpointRoot);
    }
  }

  #recover(): void {
    const position = recoverStartOffsets(this.offsetLog, this.commitLog, this.sources.length);
    this.currentBatchId = position.batchId;
    this.#isCurrentBatchConstructed = position.isBatchConstructed;
    this.#committed = [...position.committedOffsets];
    this.#available = [...position.availableOffsets];
    this.#batchMetadata = position.isBatchConstructed ? position.metadata : undefined;
    const storedPartitions = position.metadata?.conf[SHUFFLE_PARTITIONS];
    this.#numStatePartitions = Number(storedPartitions ?? this.session.conf.getPositiveInt(SHUFFLE_PARTITIONS));
    const policy = parseWatermarkPolicy(position.metadata?.conf[MULTIPLE_WATERMARK_POLICY_KEY] ?? this.session.conf.get(MULTIPLE_WATERMARK_POLICY_KEY));
    const watermarkIds = this.#hooks?.watermarkOperatorIds?.(this.options.plan) ?? [];
    if (watermarkIds.length > 0) {
      this.#watermarkTracker = new WatermarkTracker(policy, watermarkIds);
      this.#watermarkTracker.setWatermark(position.watermarkMs);
    }
    // A committed last batch: the sources may drop what it read (Spark commits them on restart too).
    if (position.isBatchConstructed) return;
    this.sources.forEach((source, i) => {
      const committed = this.#committed[i];
      if (committed !== undefined) source.commit(committed);
    });
  }

  /** AvailableNow: sources that cannot limit themselves get their end fixed here (Spark's AvailableNowSourceWrapper). */
  async #prepareAvailableNow(): Promise<void> {
    const ends: (Offset | undefined)[] = [];
    for (const [i, source] of this.sources.entries()) {
      if (source.prepareForTriggerAvailableNow) {
        source.prepareForTriggerAvailableNow();
        ends.push(undefined);
      } else {
        ends.push((await source.latestOffset(this.#committed[i])) ?? this.#committed[i]);
      }
    }
    this.#availableNowEnds = ends;
  }

  /** One trigger; resolves false to end the query. */
  async #runTrigger(): Promise<boolean> {
    if (this.isStopRequested) return false;
    this.#isWaiting = false;
    this.triggerCount += 1;
    const reporter = this.progressReporter;
    reporter.startTrigger();
    const checkNumber = this.#requestNumber;
    this.status = { message: 'Getting offsets from sources', isDataAvailable: false, isTriggerActive: true };
    let latestOffsets: (Offset | undefined)[] = this.#available;
    if (!this.#isCurrentBatchConstructed) {
      latestOffsets = await reporter.timed('latestOffset', () => this.#latestOffsets());
      this.#isCurrentBatchConstructed = await this.#constructNextBatch(latestOffsets);
    }
    if (this.#isCurrentBatchConstructed) {
      this.status = { message: 'Processing new data', isDataAvailable: true, isTriggerActive: true };
      // Temp files for the writes to come are made while the batch runs, and none after it ends.
      flushSpareRequests();
      await this.#runBatch(latestOffsets);
      settleSpareRequests();
      this.currentBatchId += 1;
      this.#isCurrentBatchConstructed = false;
    } else {
      this.#noDataCheckNumber = checkNumber;
      reporter.finishIdleTrigger();
      this.options.postEvent({ type: 'QueryIdle', id: this.id, runId: this.runId, timestamp: formatProgressTimestamp(reporter.triggerStartMs) });
      this.status = { message: 'Waiting for data to arrive', isDataAvailable: false, isTriggerActive: false };
      if (this.trigger.kind === 'AvailableNow' || this.trigger.kind === 'Once') return false;
      if (this.trigger.kind === 'ProcessingTime' && this.trigger.intervalMs === 0) await this.#idleWait();
    }
    if (this.status.isTriggerActive) this.status = { message: 'Waiting for next trigger', isDataAvailable: this.status.isDataAvailable, isTriggerActive: false };
    this.#isWaiting = true;
    this.notifyChange();
    return !this.isStopRequested;
  }

  async #latestOffsets(): Promise<(Offset | undefined)[]> {
    const latest: (Offset | undefined)[] = [];
    for (const [i, source] of this.sources.entries()) {
      const fixedEnd = this.#availableNowEnds?.[i];
      latest.push(fixedEnd ?? (await source.latestOffset(this.#committed[i])) ?? this.#committed[i]);
    }
    return latest;
  }

  /** Writes the offset log entry of the next batch when there is new data (or a no-data batch is due). */
  async #constructNextBatch(latestOffsets: readonly (Offset | undefined)[]): Promise<boolean> {
    const hasNewData = latestOffsets.some((o, i) => o !== undefined && !offsetEquals(o, this.#committed[i]));
    const needsNoDataBatch = !hasNewData && this.#needsNoDataBatch();
    if (!hasNewData && !needsNoDataBatch) return false;
    this.#available = [...latestOffsets];
    this.#batchMetadata = {
      batchWatermarkMs: this.currentWatermarkMs,
      batchTimestampMs: this.clock.getTimeMillis(),
      conf: {
        [SHUFFLE_PARTITIONS]: String(this.#numStatePartitions),
        [MULTIPLE_WATERMARK_POLICY_KEY]: this.#watermarkTracker?.policy ?? parseWatermarkPolicy(this.session.conf.get(MULTIPLE_WATERMARK_POLICY_KEY)),
        [SOURCE_NAMES_KEY]: this.relations.map((r) => r.provider.sourceName).join(','),
      },
    };
    const metadata = this.#batchMetadata;
    await this.progressReporter.timed('walCommit', () => {
      if (!this.offsetLog.add(this.currentBatchId, { offsets: this.#available, metadata })) {
        throw new IllegalStateError(
          'CONCURRENT_QUERY',
          `Concurrent update to the log. Multiple streaming jobs detected for ${this.currentBatchId}: offsets/${this.currentBatchId} `
            + `already exists in ${this.checkpointRoot}. Run one query per checkpoint.`,
        );
      }
      const retain = Number(this.session.conf.get('spark.sql.streaming.minBatchesToRetain', '100'));
      if (this.currentBatchId - retain >= 0) {
        this.offsetLog.purge(this.currentBatchId - retain);
        this.commitLog.purge(this.currentBatchId - retain);
      }
    });
    this.#crashPoint('offsetLogWrite', this.currentBatchId);
    return true;
  }

  /** The watermark batch `batchId - 1` ran with (0 before the first batch), from memory when this run ran it. */
  #previousBatchWatermarkMs(batchId: number): number {
    if (batchId === 0) return 0;
    if (this.#lastRunBatch?.batchId === batchId - 1) return this.#lastRunBatch.watermarkMs;
    return this.offsetLog.get(batchId - 1)?.metadata.batchWatermarkMs ?? 0;
  }

  #needsNoDataBatch(): boolean {
    const executed = this.lastExecution?.executedPlan;
    if (!executed || !this.#hooks?.shouldRunNoDataBatch) return false;
    if (this.session.conf.get('spark.sql.streaming.noDataMicroBatches.enabled', 'true') === 'false') return false;
    return this.#hooks.shouldRunNoDataBatch(executed, this.currentWatermarkMs);
  }

  async #runBatch(latestOffsets: readonly (Offset | undefined)[]): Promise<void> {
    const reporter = this.progressReporter;
    const sc = this.session.sparkContext;
    const batchId = this.currentBatchId;
    const metadata = this.#batchMetadata!;
    const batches = await reporter.timed('getBatch', () =>
      Promise.all(this.sources.map((source, i) => {
        const start = this.#committed[i];
        const end = this.#available[i];
        if (end === undefined || offsetEquals(start, end)) return { rdd: sc.emptyRDD<unknown[]>(), numRows: 0 };
        return readSourceBatch(source, start, end, sc);
      })),
    );
    this.#crashPoint('batchRead', batchId);
    const execution = await reporter.timed('queryPlanning', () => {
      const context: StatefulOperatorContext = {
        stateDir: this.stateDir,
        batchId,
        runId: this.runId,
        eventTimeWatermarkMs: metadata.batchWatermarkMs,
        // Spark 3.5 (SPARK-42376): late rows are judged by the previous batch's watermark, state
        // is evicted by this batch's, so a row arriving with a pending no-data batch is not lost.
        eventTimeWatermarkForLateEventsMs: this.#previousBatchWatermarkMs(batchId),
        batchTimestampMs: metadata.batchTimestampMs,
        outputMode: this.outputMode,
        numStatePartitions: this.#numStatePartitions,
        conf: (key) => this.session.conf.get(key),
      };
      const plan = replaceSources(this.options.plan, this.relations, batches.map((b) => b.rdd));
      const incremental = new IncrementalExecution(this.session, plan, context, this.#hooks, this.generatedStages);
      void incremental.executedPlan;
      return incremental;
    });
    this.lastExecution = execution;
    this.#lastRunBatch = { batchId, watermarkMs: metadata.batchWatermarkMs };
    const numOutputRows = await reporter.timed('addBatch', () => writeBatchToSink(this.sink, batchId, execution, () => this.#crashPoint('stateCommit', batchId)));
    this.#crashPoint('sinkWrite', batchId);
    const executedPlan = execution.executedPlan;
    const observations = this.#hooks?.watermarkObservations?.(executedPlan) ?? [];
    const eventTimeStats = mergeStats(observations.map((o) => o.stats));
    this.#watermarkTracker?.updateWatermark(observations);
    await reporter.timed('commitOffsets', () => {
      this.commitLog.add(batchId, { nextBatchWatermarkMs: this.currentWatermarkMs });
      this.sources.forEach((source, i) => {
        const end = this.#available[i];
        if (end !== undefined && !offsetEquals(end, this.#committed[i])) source.commit(end);
      });
    });
    this.#crashPoint('commitLogWrite', batchId);
    const sourceInfos: SourceTriggerInfo[] = this.sources.map((source, i) => ({
      description: source.toString(),
      startOffset: this.#committed[i],
      endOffset: this.#available[i],
      latestOffset: latestOffsets[i],
      numInputRows: batches[i]!.numRows,
      metrics: source.metrics?.(),
    }));
    this.#committed = [...this.#available];
    const progress = reporter.finishTrigger({
      batchId,
      sources: sourceInfos,
      sink: { description: this.sink.toString(), numOutputRows },
      stateOperators: this.#hooks?.stateOperatorMetrics?.(executedPlan) ?? [],
      eventTimeStats,
      watermarkMs: this.#watermarkTracker ? metadata.batchWatermarkMs : undefined,
    });
    this.options.postEvent({ type: 'QueryProgress', progress });
  }

  /** The default trigger with nothing to do: wait for a source's signal, a request, stop, or the polling delay. */
  async #idleWait(): Promise<void> {
    if (this.isStopRequested) return;
    const nowMs = this.clock.getTimeMillis();
    if (!this.#pollWait || this.#pollWait.targetMs <= nowMs) {
      const targetMs = nowMs + Number(this.session.conf.get('spark.streaming.pollingDelay', '10'));
      this.#pollWait = { targetMs, done: this.clock.waitTillTime(targetMs) };
    }
    this.#isWaiting = true;
    const woken = new Promise<void>((resolve) => (this.#wake = resolve));
    this.notifyChange();
    await Promise.race([this.#pollWait.done, woken]);
    this.#wake = undefined;
  }

  protected wakeUp(): void {
    this.#wake?.();
    if (this.isStopRequested) this.#executor?.stop();
  }

  /** Whether a trigger now would run a batch; asks the sources without logging anything. */
  async #hasNewData(): Promise<boolean> {
    if (this.#isCurrentBatchConstructed || this.#needsNoDataBatch()) return true;
    if (this.#availableNowEnds) return false;
    for (const [i, source] of this.sources.entries()) {
      const latest = await source.latestOffset(this.#committed[i]);
      if (latest !== undefined && !offsetEquals(latest, this.#committed[i])) return true;
    }
    return false;
  }

  async processAllAvailable(): Promise<void> {
    const requestNumber = ++this.#requestNumber;
    this.wakeUp();
    for (;;) {
      if (this.exception) throw this.exception;
      if (!this.isActive) return;
      if (this.#noDataCheckNumber >= requestNumber) return;
      if (this.#isWaiting) {
        const change = this.nextChange();
        if (!(await this.#hasNewData()) && this.#isWaiting) return;
        // New data while idle: the loop may have gone idle before it arrived, so wake it again.
        this.wakeUp();
        await change;
        continue;
      }
      await this.nextChange();
    }
  }
}

function mergeStats(all: readonly EventTimeStats[]): EventTimeStats | undefined {
  if (all.length === 0) return undefined;
  const merged = new EventTimeStats();
  for (const stats of all) merged.merge(stats);
  return merged;
}
