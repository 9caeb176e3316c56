/**
 * The life of one run of a streaming query, shared by the micro-batch and continuous engines:
 * identity, checkpoint, start, stop, termination, errors, status and listener events. Spark:
 * sql/core/.../execution/streaming/StreamExecution.scala.
 *
 * The run is an async loop on the session's Clock; nothing here reads the wall clock. Whoever
 * waits on the query (awaitTermination, processAllAvailable, the testStream driver) is woken by
 * `notifyChange`, called whenever the loop's state moves.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { StreamingQueryException } from '../../../shared/errors.js';
import { parseMasterURL } from '../../../shared/index.js';
import { QueryErrors } from '../../errors.js';
import type { LogicalPlan } from '../../plan/logical/LogicalPlan.js';
import type { SparkSession } from '../../SparkSession.js';
import { CheckpointLock } from '../checkpointing/CheckpointLock.js';
import { CommitLog } from '../checkpointing/CommitLog.js';
import { unloadStateStores } from '../operators/OperatorState.js';
import { OffsetSeqLog } from '../checkpointing/OffsetSeqLog.js';
import { StreamMetadataFile } from '../checkpointing/StreamMetadata.js';
import type { OutputMode } from '../OutputMode.js';
import { StreamingQueryErrors } from '../StreamingQueryErrors.js';
import type { StreamingQueryListenerEvent } from '../StreamingQueryListener.js';
import { formatProgressTimestamp } from '../StreamingQueryProgress.js';
import type { Trigger } from '../Trigger.js';
import { ProgressReporter } from './ProgressReporter.js';
import type { IncrementalExecution } from './IncrementalExecution.js';
import type { ForeachWriter } from '../sinks/ForeachWriter.js';
import type { Sink } from '../sinks/Sink.js';
import type { Source } from '../sources/Source.js';
import { statefulPlanning } from './StatefulOperatorContext.js';
import { StreamingRelation } from './StreamingRelation.js';

/** Spark's StreamingQueryStatus. */
export interface StreamingQueryStatus {
  readonly message: string;
  readonly isDataAvailable: boolean;
  readonly isTriggerActive: boolean;
}

/** Everything a run needs; built by DataStreamWriter (or testStream) and StreamingQueryManager. */
export interface StreamExecutionOptions {
  readonly session: SparkSession;
  readonly name: string | null;
  /** The analyzed streaming plan (StreamingRelation leaves). */
  readonly plan: LogicalPlan;
  readonly sink: Sink;
  /** The writer behind a foreach sink: continuous mode hands it each row as it arrives. */
  readonly foreachWriter?: ForeachWriter | undefined;
  readonly trigger: Trigger;
  readonly outputMode: OutputMode;
  /** The checkpoint directory; undefined for a temporary one deleted when the query stops normally. */
  readonly checkpointLocation: string | undefined;
  /** Events for the session's listeners. */
  readonly postEvent: (event: StreamingQueryListenerEvent) => void;
}

type RunState = 'INITIALIZING' | 'ACTIVE' | 'TERMINATED';

/** The base of MicroBatchExecution and ContinuousExecution. */
export abstract class StreamExecution {
  readonly id: string;
  readonly runId = randomUUID();
  readonly name: string | null;
  readonly session: SparkSession;
  readonly checkpointRoot: string;
  readonly relations: readonly StreamingRelation[];
  readonly offsetLog: OffsetSeqLog;
  readonly commitLog: CommitLog;
  readonly progressReporter: ProgressReporter;
  /** The live sources, in plan order; created at start. */
  sources: Source[] = [];
  /** The last batch's plans (explain shows them). */
  lastExecution: IncrementalExecution | undefined;
  /** The batch (or epoch) being run; Spark's currentBatchId. */
  currentBatchId = -1;
  protected status: StreamingQueryStatus = { message: 'Initializing sources', isDataAvailable: false, isTriggerActive: false };
  #state: RunState = 'INITIALIZING';
  #exception: StreamingQueryException | undefined;
  #lock: CheckpointLock | undefined;
  readonly #isTempCheckpoint: boolean;
  #waiters: (() => void)[] = [];
  #terminated!: Promise<void>;
  #isStopRequested = false;

  constructor(readonly options: StreamExecutionOptions) {
    this.session = options.session;
    this.name = options.name;
    this.#isTempCheckpoint = options.checkpointLocation === undefined;
    this.checkpointRoot = path.resolve(options.checkpointLocation ?? fs.mkdtempSync(path.join(os.tmpdir(), 'twinstream-checkpoint-')));
    // Reading the metadata file refuses a damaged one before anything is written.
    this.id = StreamMetadataFile.readOrCreate(this.checkpointRoot).id;
    this.offsetLog = new OffsetSeqLog(this.checkpointRoot);
    this.commitLog = new CommitLog(this.checkpointRoot);
    this.relations = options.plan.collect((p) => (p instanceof StreamingRelation ? p : undefined));
    this.progressReporter = new ProgressReporter({ id: this.id, runId: this.runId, name: this.name }, this.clock,
      Number(this.session.conf.get('spark.sql.streaming.numRecentProgressUpdates', '100')));
  }

  get clock() {
    return this.session.sparkContext.clock;
  }

  get sink(): Sink {
    return this.options.sink;
  }

  get trigger(): Trigger {
    return this.options.trigger;
  }

  get outputMode(): OutputMode {
    return this.options.outputMode;
  }

  /** Spark's prettyIdString: `name [id = ..., runId = ...]`. */
  get prettyIdString(): string {
    return `${this.name === null ? '' : `${this.name} `}[id = ${this.id}, runId = ${this.runId}]`;
  }

  get isActive(): boolean {
    return this.#state !== 'TERMINATED';
  }

  get isStopRequested(): boolean {
    return this.#isStopRequested;
  }

  get exception(): StreamingQueryException | undefined {
    return this.#exception;
  }

  get currentStatus(): StreamingQueryStatus {
    return this.status;
  }

  /**
   * Takes the checkpoint, makes the sources and starts the loop in the background.
   * @throws IllegalStateError CONCURRENT_QUERY, CHECKPOINT_FILE_DAMAGED; AnalysisException CHECKPOINT_OF_ANOTHER_QUERY;
   *   IllegalArgumentError UNSUPPORTED_MASTER_FOR_DATAFRAMES on a local-workers master for a plan with operators
   *   that run on the driver only (listed by the stateful layer), before anything is read or written
   */
  start(): void {
    const master = this.session.sparkContext.master;
    if (parseMasterURL(master).kind === 'worker') {
      const operators = statefulPlanning()?.operatorsNotOnWorkers?.(this.options.plan) ?? [];
      if (operators.length > 0) throw QueryErrors.operatorsNotOnWorkers(master, operators);
    }
    this.#lock = CheckpointLock.acquire(this.checkpointRoot, this.runId);
    try {
      this.validateCheckpoint();
      this.options.postEvent({ type: 'QueryStarted', id: this.id, runId: this.runId, name: this.name, timestamp: this.#now() });
    } catch (error) {
      this.#lock.release();
      throw error;
    }
    this.#terminated = this.#run();
  }

  /** Checks the checkpoint belongs to this query before anything runs (overridden by engines that need more). */
  protected validateCheckpoint(): void {
    const latest = this.offsetLog.getLatest();
    this.commitLog.getLatest();
    if (!latest) return;
    const stored = (latest.metadata.metadata.conf[SOURCE_NAMES_KEY] ?? '').split(',').filter((s) => s.length > 0);
    const requested = this.relations.map((r) => r.provider.sourceName);
    const sameNames = stored.length === 0 || stored.join(',') === requested.join(',');
    if (latest.metadata.offsets.length !== requested.length || !sameNames) {
      throw StreamingQueryErrors.sourcesChanged(this.checkpointRoot, stored.length > 0 ? stored : latest.metadata.offsets.map(() => '?'), requested);
    }
  }

  /** The loop of the engine; returns when the query ends normally, throws when a batch fails. */
  protected abstract runActivatedStream(): Promise<void>;

  /** Wakes an idle wait of the loop (new data, processAllAvailable, stop). */
  protected abstract wakeUp(): void;

  async #run(): Promise<void> {
    this.#state = 'ACTIVE';
    try {
      for (const [i, relation] of this.relations.entries()) {
        this.sources.push(await relation.provider.createSource(path.join(this.checkpointRoot, 'sources', String(i))));
      }
      await this.runActivatedStream();
    } catch (error) {
      const cause = error instanceof Error ? error : new Error(String(error));
      this.#exception = StreamingQueryErrors.queryTerminated(this.prettyIdString, this.currentBatchId, cause);
    } finally {
      await this.#cleanUp();
    }
  }

  /** Where the query's stateful operators keep their stores (`<checkpoint>/state`). */
  get stateDir(): string {
    return `${this.checkpointRoot}/state`;
  }

  async #cleanUp(): Promise<void> {
    for (const source of this.sources) {
      try {
        await source.stop();
      } catch {
        // A source that fails to stop must not hide the query's own outcome.
      }
    }
    // A stopped query's loaded state versions would otherwise stay in this thread's heap (and a
    // background snapshot could still be writing into its checkpoint); a restart reloads them from
    // the files, as Spark's executors do once the coordinator reports the store inactive.
    unloadStateStores(this.stateDir);
    this.#lock?.release();
    this.#state = 'TERMINATED';
    this.status = { message: 'Stopped', isDataAvailable: false, isTriggerActive: false };
    const cause = this.#exception?.cause as (Error & { errorClass?: string }) | undefined;
    this.options.postEvent({
      type: 'QueryTerminated',
      id: this.id,
      runId: this.runId,
      exception: this.#exception ? this.#exception.message : null,
      errorClassOnException: cause?.errorClass ?? null,
    });
    if (this.#isTempCheckpoint && !this.#exception) fs.rmSync(this.checkpointRoot, { recursive: true, force: true });
    this.notifyChange();
  }

  /** Asks the loop to end after the running batch and waits until it has. */
  async stop(): Promise<void> {
    this.#isStopRequested = true;
    this.wakeUp();
    this.notifyChange();
    await this.#terminated;
  }

  /** Resolves when the run ends (never rejects; see `exception`). */
  get terminated(): Promise<void> {
    return this.#terminated;
  }

  /** Wakes everyone waiting on the run's state. */
  protected notifyChange(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves at the next state change. */
  nextChange(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Waits until every datum the sources have now is in the sink (or the query ended). */
  abstract processAllAvailable(): Promise<void>;

  /** True while the loop is blocked waiting for its next trigger time on the clock. */
  abstract get isWaitingForTrigger(): boolean;

  /** When the blocked loop wakes by itself on the clock (its next trigger or poll), or undefined. */
  abstract get nextWakeTimeMs(): number | undefined;

  /** How many triggers (or epochs) have started: a driver waits for it to move after advancing the clock. */
  triggerCount = 0;

  #now(): string {
    return formatProgressTimestamp(this.clock.getTimeMillis());
  }
}

/**
 * The offset-log conf key listing the query's source names, so a restart from another query's
 * checkpoint is refused. Differs from Spark: Spark only compares the number of sources.
 */
export const SOURCE_NAMES_KEY = 'twinstream.sourceNames';
