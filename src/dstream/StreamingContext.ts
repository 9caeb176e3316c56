/**
 * The entry point of the DStream engine: creates input streams, starts and stops the batches,
 * and recovers from a checkpoint. Spark: streaming/.../StreamingContext.scala.
 *
 * Ingestion time only: a batch at time t holds what arrived in (t - batchDuration, t] on the
 * context's clock; a record's own timestamps play no part.
 *
 * @example
 * const ssc = new StreamingContext(sc, Seconds(1), { clock: new ManualClock() });
 * ssc.queueStream([sc.parallelize(['a', 'b'])]).map((w) => [w, 1] as [string, number]).reduceByKey((a, b) => a + b).print();
 * ssc.start();
 */
import { existsSync } from 'node:fs';
import type { Observable } from 'rxjs';
import type { SparkContext, SparkConf, RDD, PartitionedLog, Clock } from '../shared/index.js';
import { Checkpoint } from './Checkpoint.js';
import type { Duration } from './Duration.js';
import { DStreamGraph } from './DStreamGraph.js';
import { StreamingErrors } from './errors.js';
import { Time } from './Time.js';
import {
  DirectLogInputDStream,
  FileInputDStream,
  QueueInputDStream,
  ReceiverInputDStream,
  TransformedDStream,
  UnionDStream,
  type DirectLogStreamOptions,
  type DStream,
} from './dstream/internal.js';
import { ObservableReceiver } from './receiver/ObservableReceiver.js';
import type { Receiver } from './receiver/Receiver.js';
import { SocketReceiver } from './receiver/SocketReceiver.js';
import { JobScheduler } from './scheduler/JobScheduler.js';
import type { StreamingListener } from './scheduler/StreamingListener.js';

/** Spark's StreamingContextState. */
export type StreamingContextState = 'INITIALIZED' | 'ACTIVE' | 'STOPPED';

/** How to create a StreamingContext. */
export interface StreamingContextOptions {
  /** Processing time for batches, block intervals, rate limits and timeouts; defaults to sc.clock. */
  readonly clock?: Clock;
  /** Where print() writes; defaults to process.stdout. */
  readonly printSink?: (text: string) => void;
}

/** Options of stop(). */
export interface StopOptions {
  /** Also stop the SparkContext (default: spark.streaming.stopSparkContextByDefault, true). */
  readonly stopSparkContext?: boolean;
  /** Wait until all received data has been processed (the clock must keep moving). */
  readonly stopGracefully?: boolean;
}

/** Options of getOrCreate(). */
export interface GetOrCreateOptions {
  /** The SparkContext a recovered context runs on; without it one is created from the checkpoint's master and conf. */
  readonly sparkContext?: SparkContext;
  /** Creates the SparkContext of a recovered context from the checkpoint's settings. */
  readonly createSparkContext?: (settings: { master: string; appName: string; conf: Record<string, string> }) => SparkContext;
  readonly printSink?: (text: string) => void;
}

/**
 * Spark's StreamingContext: batches of `batchDuration` on a clock, over a SparkContext.
 * @throws IllegalArgumentError INVALID_BATCH_DURATION (constructor) for a non-positive batch duration
 */
export class StreamingContext {
  readonly graph: DStreamGraph;
  readonly clock: Clock;
  readonly scheduler: JobScheduler;
  readonly printSink: (text: string) => void;
  checkpointDir: string | undefined;
  checkpointDuration: Duration | undefined;
  /** Set when this context was recovered from a checkpoint. */
  readonly initialCheckpoint: Checkpoint | undefined;
  #state: StreamingContextState = 'INITIALIZED';
  #error: Error | undefined;
  readonly #terminationWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];

  /**
   * @throws IllegalArgumentError INVALID_BATCH_DURATION when batchDuration is not positive
   */
  constructor(
    readonly sparkContext: SparkContext,
    batchDuration: Duration,
    options: StreamingContextOptions & { readonly checkpoint?: Checkpoint } = {},
  ) {
    if (batchDuration.milliseconds <= 0) throw StreamingErrors.invalidBatchDuration(batchDuration);
    this.clock = options.clock ?? sparkContext.clock;
    this.printSink = options.printSink ?? ((text) => void process.stdout.write(text));
    this.graph = new DStreamGraph(batchDuration);
    this.scheduler = new JobScheduler(this);
    this.initialCheckpoint = options.checkpoint;
    if (options.checkpoint) {
      this.checkpoint(options.checkpoint.checkpointDir);
      this.checkpointDuration = options.checkpoint.checkpointDuration;
      options.checkpoint.restoreGraph(this);
    }
  }

  get sc(): SparkContext {
    return this.sparkContext;
  }

  get conf(): SparkConf {
    return this.sparkContext.conf;
  }

  getState(): StreamingContextState {
    return this.#state;
  }

  /** Fails with Spark's message when the graph may no longer change. */
  assertGraphEditable(operation: string): void {
    if (this.#state !== 'INITIALIZED') throw StreamingErrors.graphChangedWhile(this.#state, operation);
  }

  /** Keeps every batch's RDDs for at least `duration`. */
  remember(duration: Duration): void {
    this.graph.remember(duration);
  }

  /**
   * Enables checkpointing: the graph and pending batches every batch (metadata), and the RDDs of
   * stateful streams every checkpoint interval (data), under `directory`.
   */
  checkpoint(directory: string): void {
    this.checkpointDir = directory;
    this.sparkContext.setCheckpointDir(directory);
    this.checkpointDuration ??= this.graph.batchDuration;
  }

  get isCheckpointingEnabled(): boolean {
    return this.checkpointDir !== undefined;
  }

  // ---- inputs ------------------------------------------------------------------------------------

  /**
   * An input made of the RDDs pushed to `queue`: one per batch (oneAtATime) or all queued ones,
   * and `defaultRDD` (or an empty RDD) when the queue is empty. Not checkpointable.
   */
  queueStream<T>(queue: RDD<T>[], oneAtATime = true, defaultRDD?: RDD<T>): QueueInputDStream<T> {
    return new QueueInputDStream(this, queue, oneAtATime, defaultRDD);
  }

  /**
   * An input fed by a custom Receiver: what it stores is cut into blocks every
   * spark.streaming.blockInterval, and a batch's RDD has one partition per block.
   * Differs from Spark: the receiver runs on the driver thread, not on an executor core.
   */
  receiverStream<T>(receiver: Receiver<T>): ReceiverInputDStream<T> {
    return new ReceiverInputDStream(this, receiver);
  }

  /** Lines of text read from a TCP server, one record per line. */
  socketTextStream(hostname: string, port: number): ReceiverInputDStream<string> {
    return new ReceiverInputDStream(this, new SocketReceiver(hostname, port));
  }

  /** The values of an rxjs Observable, as they are emitted. Not checkpointable. */
  observableStream<T>(observable: Observable<T>): ReceiverInputDStream<T> {
    return new ReceiverInputDStream(this, new ObservableReceiver(observable));
  }

  /** The lines of files that appear in `directory` after start, each file in one batch only. */
  textFileStream(directory: string): FileInputDStream {
    return new FileInputDStream(this, directory);
  }

  /**
   * A receiver-less input over a partitioned log (Spark's Kafka direct stream): every batch reads
   * an offset range per partition; the ranges are on the batch RDD and in the checkpoint.
   */
  directLogStream<T>(log: PartitionedLog, topics: string[], options?: DirectLogStreamOptions): DirectLogInputDStream<T> {
    return new DirectLogInputDStream<T>(this, log, topics, options ?? {});
  }

  /** One stream from several with the same slide duration. */
  union<T>(streams: DStream<T>[]): DStream<T> {
    return new UnionDStream(streams);
  }

  /** A stream computed by `transformFunc` from the RDDs of several streams of the same batch. */
  transform<T>(streams: DStream<unknown>[], transformFunc: (rdds: RDD<unknown>[], time: Time) => RDD<T>): DStream<T> {
    return new TransformedDStream(streams, transformFunc);
  }

  addStreamingListener(listener: StreamingListener): void {
    this.scheduler.listenerBus.addListener(listener);
  }

  removeStreamingListener(listener: StreamingListener): void {
    this.scheduler.listenerBus.removeListener(listener);
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  /**
   * Validates the graph and starts the batches: the first batch is at the next multiple of the
   * batch duration on the clock (1000 with a ManualClock at 0 and Seconds(1)).
   * @throws IllegalStateError STREAMING_CONTEXT_STOPPED when the context was stopped;
   *   IllegalArgumentError for a graph that cannot run (no output, missing checkpoint directory, ...)
   */
  start(): void {
    if (this.#state === 'ACTIVE') return;
    if (this.#state === 'STOPPED') throw StreamingErrors.contextAlreadyStopped();
    try {
      this.graph.validate();
      if (this.isCheckpointingEnabled) Checkpoint.of(this, new Time(0)).serialize();
      this.#state = 'ACTIVE';
      this.scheduler.start();
      this.scheduler.listenerBus.post({ type: 'streamingStarted', timeMs: this.clock.getTimeMillis() });
    } catch (error) {
      this.#state = 'STOPPED';
      throw error;
    }
  }

  /**
   * Stops the batches (and by default the SparkContext). Gracefully, it first waits until all
   * received data is processed, which on a ManualClock needs the test to keep advancing time.
   */
  async stop(options: StopOptions = {}): Promise<void> {
    const stopSparkContext = options.stopSparkContext ?? this.conf.getBoolean('spark.streaming.stopSparkContextByDefault', true);
    if (this.#state === 'ACTIVE') {
      this.#state = 'STOPPED';
      await this.scheduler.stop(options.stopGracefully ?? false);
      for (const waiter of this.#terminationWaiters.splice(0)) waiter.resolve();
    }
    this.#state = 'STOPPED';
    if (stopSparkContext) await this.sparkContext.stop();
  }

  /** Resolves when the context stops; rejects with the first error of a batch. */
  awaitTermination(): Promise<void> {
    if (this.#error) return Promise.reject(this.#error);
    if (this.#state === 'STOPPED') return Promise.resolve();
    return new Promise((resolve, reject) => this.#terminationWaiters.push({ resolve, reject }));
  }

  /**
   * Like awaitTermination, but gives up after `timeoutMs` on the context's clock.
   * @returns true if the context stopped, false if the time ran out.
   */
  awaitTerminationOrTimeout(timeoutMs: number): Promise<boolean> {
    const deadline = this.clock.getTimeMillis() + timeoutMs;
    return Promise.race([this.awaitTermination().then(() => true), this.clock.waitTillTime(deadline).then(() => false)]);
  }

  /** The first error of a batch, if any (awaitTermination rejects with it). */
  get error(): Error | undefined {
    return this.#error;
  }

  /** Records an asynchronous failure so awaitTermination reports it; the batches go on, as in Spark. */
  notifyError(error: Error): void {
    this.#error ??= error;
    for (const waiter of this.#terminationWaiters.splice(0)) waiter.reject(error);
  }

  /**
   * Recovers the context saved in `checkpointDir`, or creates one with `createFn` when there is
   * no checkpoint. A recovered context keeps its state and re-runs the batches that had not
   * completed; `createFn` is not called then.
   */
  static getOrCreate(checkpointDir: string, createFn: () => StreamingContext, options: GetOrCreateOptions = {}): StreamingContext {
    const checkpoint = existsSync(checkpointDir) ? Checkpoint.read(checkpointDir) : undefined;
    if (!checkpoint) return createFn();
    const sc = options.sparkContext ?? (options.createSparkContext ?? Checkpoint.defaultSparkContext)(checkpoint.sparkSettings());
    return new StreamingContext(sc, checkpoint.batchDuration, { checkpoint, printSink: options.printSink });
  }
}
