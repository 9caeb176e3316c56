/**
 * Runs a streaming DataFrame against a script of actions, on the session's ManualClock, and fails
 * with the script, the expected and actual rows, the sink and the last progress. Spark:
 * sql/core/src/test/.../streaming/StreamTest.scala (testStream).
 *
 * Processing time: the script owns the clock. Waiting is done on the query's own state (a batch
 * finished, the loop is blocked on the clock), never on a timer.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { settle } from '../../../shared/index.js';
import { ManualClock } from '../../../shared/util/Clock.js';
import type { DataFrame, Row } from '../../DataFrame.js';
import { OutputMode } from '../OutputMode.js';
import { MemorySink } from '../sinks/MemorySink.js';
import type { StreamingQuery } from '../StreamingQuery.js';
import { Trigger } from '../Trigger.js';
import { describeAction, type ExpectedRow, type StreamAction } from './StreamAction.js';

/** Options of testStream. */
export interface TestStreamOptions {
  /** Start the query before the first action (default true, as Spark's testStream does). */
  readonly startImmediately?: boolean;
  /** The trigger of the first start (default Trigger.Default()). */
  readonly trigger?: Trigger;
}

/** Thrown when a script step fails; the message is the whole report. */
export class StreamTestFailure extends Error {}

/** How many event-loop turns a wait may take before the script reports it as stuck. */
const MAX_TURNS = 20_000;

/**
 * Runs `actions` against `df` written to a memory sink in `outputMode`.
 * @throws StreamTestFailure with Spark StreamTest's report when a step fails
 *
 * @example
 * await testStream(input.toDF(spark).select(col('value').plus(1)), 'Append', [
 *   AddData(input, 1, 2), CheckAnswer([2], [3]), StopStream, AddData(input, 3), StartStream(), CheckNewAnswer([4]),
 * ]);
 */
export async function testStream(df: DataFrame, outputMode: OutputMode | string, actions: readonly StreamAction[], options: TestStreamOptions = {}): Promise<void> {
  const driver = new StreamTestDriver(df, OutputMode.fromString(outputMode));
  const script: StreamAction[] = options.startImmediately === false ? [...actions] : [{ kind: 'StartStream', options: { trigger: options.trigger ?? Trigger.Default() } }, ...actions];
  try {
    for (const [index, action] of script.entries()) {
      try {
        await driver.run(action);
      } catch (error) {
        throw new StreamTestFailure(driver.report(script, index, error as Error), { cause: error });
      }
    }
  } finally {
    await driver.close();
  }
}

class StreamTestDriver {
  readonly sink: MemorySink;
  readonly checkpointDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinstream-streamtest-'));
  query: StreamingQuery | undefined;
  #lastCheckedBatchId = -1;

  constructor(
    readonly df: DataFrame,
    readonly outputMode: OutputMode,
  ) {
    this.sink = new MemorySink({ schema: df.schema, outputMode });
  }

  get clock() {
    return this.df.sparkSession.sparkContext.clock;
  }

  async run(action: StreamAction): Promise<void> {
    switch (action.kind) {
      case 'AddData':
        action.source.addData(...action.data);
        return;
      case 'CheckAnswer':
        return this.#check(action.rows, action.scope);
      case 'AdvanceManualClock':
        return this.#advance(action.ms);
      case 'StopStream':
        await this.query?.stop();
        return;
      case 'StartStream':
        return this.#start(action.options);
      case 'ExpectFailure':
        return this.#expectFailure(action.expected);
      case 'AssertOnQuery':
        if (!(await action.check(this.#running()))) throw new Error(`Assert on query failed: ${action.message}`);
        return;
      case 'Execute':
        await action.run(this.#running());
        return;
    }
  }

  #running(): StreamingQuery {
    if (!this.query) throw new Error('no query was started: add StartStream() first');
    return this.query;
  }

  #start(options: { trigger?: Trigger; checkpointLocation?: string; conf?: Readonly<Record<string, string>> }): void {
    if (this.query?.isActive) throw new Error('the query is already running: StopStream before StartStream');
    for (const [key, value] of Object.entries(options.conf ?? {})) this.df.sparkSession.conf.set(key, value);
    this.query = this.df.writeStream
      .sink(this.sink)
      .outputMode(this.outputMode)
      .trigger(options.trigger ?? Trigger.Default())
      .option('checkpointLocation', options.checkpointLocation ?? this.checkpointDir)
      .start();
  }

  async #check(expected: readonly ExpectedRow[], scope: 'all' | 'new' | 'lastBatch'): Promise<void> {
    const query = this.query;
    if (query?.isActive) {
      const trigger = query.execution.trigger;
      if (trigger.kind === 'ProcessingTime' && trigger.intervalMs > 0 && this.clock instanceof ManualClock) {
        await this.waitUntil(() => query.execution.isWaitingForTrigger || !query.isActive, 'the query to finish its batch');
      } else {
        await query.processAllAvailable();
      }
    }
    if (query?.exception()) throw query.exception();
    const actual = scope === 'all' ? this.sink.allData : scope === 'new' ? this.sink.dataSinceBatch(this.#lastCheckedBatchId) : this.sink.latestBatchData();
    this.#lastCheckedBatchId = this.sink.latestBatchId ?? -1;
    const fields = this.df.schema.fieldNames;
    const norm = (rows: readonly (ExpectedRow | Row)[]) => rows.map((r) => JSON.stringify(Array.isArray(r) ? r : fields.map((f) => (r as Row)[f] ?? null))).sort();
    const want = norm(expected);
    const got = norm(actual);
    if (want.join('\n') !== got.join('\n')) {
      throw new Error(`Results do not match.\n== Expected (${want.length} rows) ==\n${want.join('\n')}\n== Actual (${got.length} rows) ==\n${got.join('\n')}`);
    }
  }

  async #advance(ms: number): Promise<void> {
    const clock = this.clock;
    if (!(clock instanceof ManualClock)) throw new Error('AdvanceManualClock needs a session built with a ManualClock');
    const query = this.#running();
    const execution = query.execution;
    await this.waitUntil(() => !query.isActive || (execution.isWaitingForTrigger && clock.isWaiting()), 'the query to block on the clock');
    const wakeMs = execution.nextWakeTimeMs;
    const countBefore = execution.triggerCount;
    clock.advance(ms);
    if (wakeMs === undefined || clock.getTimeMillis() < wakeMs) return;
    await this.waitUntil(
      () => !query.isActive || (execution.triggerCount > countBefore && execution.isWaitingForTrigger && (execution.nextWakeTimeMs ?? Infinity) > clock.getTimeMillis()),
      'the triggers that became due to run',
    );
  }

  async #expectFailure(expected: { causeErrorClass?: string; messageContains?: string; causeName?: string }): Promise<void> {
    const query = this.#running();
    // Wakes an idle query so it reads the data that makes it fail; its error is checked below.
    await query.processAllAvailable().catch(() => undefined);
    await query.execution.terminated;
    const error = query.exception();
    if (!error) throw new Error('the query ended without an exception, but a failure was expected');
    const cause = error.cause as (Error & { errorClass?: string }) | undefined;
    if (expected.causeErrorClass !== undefined && cause?.errorClass !== expected.causeErrorClass) {
      throw new Error(`expected a cause with errorClass ${expected.causeErrorClass}, got ${cause?.errorClass}: ${error.message}`);
    }
    if (expected.causeName !== undefined && cause?.name !== expected.causeName) {
      throw new Error(`expected a cause named ${expected.causeName}, got ${cause?.name}: ${error.message}`);
    }
    if (expected.messageContains !== undefined && !error.message.includes(expected.messageContains)) {
      throw new Error(`expected the exception to contain "${expected.messageContains}", got: ${error.message}`);
    }
  }

  /** Waits, one event-loop turn or query change at a time, until `condition` holds. */
  async waitUntil(condition: () => boolean, what: string): Promise<void> {
    for (let turn = 0; turn < MAX_TURNS; turn++) {
      if (condition()) return;
      const change = this.query?.execution.nextChange();
      await Promise.race(change ? [change, settle()] : [settle()]);
    }
    throw new Error(`timed out waiting for ${what} (the query may be waiting for AdvanceManualClock or data)`);
  }

  report(script: readonly StreamAction[], failedIndex: number, error: Error): string {
    const steps = script.map((a, i) => `${i === failedIndex ? '=> ' : '   '}${describeAction(a)}`).join('\n');
    const query = this.query;
    const sinkRows = this.sink.allData.map((r) => JSON.stringify(r)).join('\n');
    return [
      `Error testing streaming query: ${error.message}`,
      `== Progress ==\n${steps}`,
      `== Stream ==\nOutput Mode: ${this.outputMode}\nState: ${query ? (query.isActive ? 'active' : 'terminated') : 'not started'}`
        + `\nWatermark: ${query?.microBatchExecution?.currentWatermarkMs ?? 0}\nException: ${query?.exception()?.message ?? 'none'}`,
      `== Sink ==\n${sinkRows}`,
      `== Last progress ==\n${query?.lastProgress?.prettyJson ?? 'none'}`,
    ].join('\n\n');
  }

  async close(): Promise<void> {
    if (this.query?.isActive) await this.query.stop();
    fs.rmSync(this.checkpointDir, { recursive: true, force: true });
  }
}
