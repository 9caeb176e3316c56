/**
 * The crash loop: run a workload in a child process over a durable input log with a checkpoint
 * directory, kill it with SIGKILL at K seeded random moments, restart it each time from the same
 * checkpoint, let the last run finish, and compare its sink with a run that never crashed.
 * The kill delays are real time (the child runs on the SystemClock), so where each kill lands
 * varies from run to run; the comparison does not depend on it: it counts every input record in
 * the sink (lost: none; duplicated: more than one) and compares the whole sink with the crash-free
 * run's. Spark has no such harness; its recovery argument is MicroBatchExecution's and the
 * streaming guide's "Fault-tolerance Semantics".
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { PartitionedLog, SeededRandom, SystemClock } from '../../src/index.js';
import type { DStreamChildArgs } from './dstreamChild.js';
import { readSinkOutput } from './sinkOutput.js';
import type { StructuredChildArgs } from './structuredChild.js';
import { WorkloadProcess } from './WorkloadProcess.js';

/** The engine and sink mode of a crash loop. */
export const FAULT_VARIANTS = ['structured-file', 'structured-foreachBatch', 'dstream-receiver', 'dstream-receiver-wal', 'dstream-direct'] as const;
/** One of FAULT_VARIANTS. */
export type FaultVariant = (typeof FAULT_VARIANTS)[number];

/** Options of runCrashLoop. */
export interface CrashLoopOptions {
  readonly variant: FaultVariant;
  /** How many times the child is killed (K). */
  readonly kills: number;
  readonly seed: number;
  /** Input records (ids 0..records-1, over 2 log partitions). */
  readonly records: number;
  /** A fresh directory for the input, checkpoints and sinks. */
  readonly workDir: string;
  /** Each kill comes a uniform random 0..maxKillDelayMs after the child reports it is running (the first: its first batch). */
  readonly maxKillDelayMs: number;
  /** Bound on any one wait for a child (start, finish). */
  readonly timeoutMs?: number;
}

/** What a crash loop found. */
export interface CrashLoopResult {
  readonly variant: FaultVariant;
  readonly kills: number;
  readonly seed: number;
  readonly records: number;
  /** Kill delays drawn from the seed, ms after the child was running. */
  readonly killDelaysMs: readonly number[];
  /** Kills that hit a child still working (the others found it finished). */
  readonly killsWhileRunning: number;
  /** Input records missing from the sink. */
  readonly lost: number;
  /** Extra copies of input records in the sink (a record twice counts 1). */
  readonly duplicated: number;
  /** Rows in the sink. */
  readonly delivered: number;
  /** The sink equals the crash-free run's (file and foreachBatch: batch by batch, byte for byte; DStream: as a multiset). */
  readonly matchesCrashFree: boolean;
  /** Per restart after a kill: from spawning the process to its first completed batch. */
  readonly recoveryMs: readonly number[];
  /** The same, from the engine's start in the child (without process start-up and module loading). */
  readonly engineRecoveryMs: readonly number[];
}

const TOPIC = 'events';

/** Writes the input log: record i is `{key: 'k' + (i % 1000), value: String(i)}`, alternating between 2 partitions. */
export function writeInputLog(dir: string, records: number, firstId = 0): void {
  const log = PartitionedLog.open(dir);
  if (!log.topics().includes(TOPIC)) log.createTopic(TOPIC, 2);
  const parts: { key: string; value: string }[][] = [[], []];
  for (let i = firstId; i < firstId + records; i++) parts[i % 2]!.push({ key: `k${i % 1000}`, value: String(i) });
  parts.forEach((batch, p) => log.append(TOPIC, p, batch));
  log.close();
}

/** The child script and its arguments for one variant, with all state under `dir`. */
export function childFor(variant: FaultVariant, logDir: string, dir: string): { script: string; args: StructuredChildArgs | DStreamChildArgs } {
  if (variant.startsWith('structured')) {
    const args: StructuredChildArgs = {
      mode: variant === 'structured-file' ? 'file' : 'foreachBatch',
      logDir,
      topic: TOPIC,
      checkpointDir: path.join(dir, 'checkpoint'),
      outputDir: path.join(dir, 'output'),
      dbFile: path.join(dir, 'sink.db'),
      maxOffsetsPerTrigger: 10,
      // Batches paced on the system clock, so the work outlasts the kills and each restart has batches left.
      triggerIntervalMs: 25,
    };
    return { script: 'bench/faults/structuredChild.ts', args };
  }
  const args: DStreamChildArgs = {
    mode: variant === 'dstream-direct' ? 'direct' : 'receiver',
    writeAheadLog: variant === 'dstream-receiver-wal',
    logDir,
    topic: TOPIC,
    checkpointDir: path.join(dir, 'checkpoint'),
    outputDir: path.join(dir, 'output'),
    ackFile: path.join(dir, 'receiver-acks.json'),
    batchDurationMs: 100,
    chunk: 10,
    intervalMs: 20,
    maxRatePerPartition: 50,
  };
  return { script: 'bench/faults/dstreamChild.ts', args };
}

/** Runs a child until it reports done (bounded by timeoutMs), killing it if it does not. */
async function runToCompletion(script: string, args: unknown, timeoutMs: number): Promise<WorkloadProcess> {
  const child = WorkloadProcess.spawn(script, args);
  try {
    await child.waitFor((e) => e.event === 'done', timeoutMs);
    const exit = await child.exited;
    if (exit.code !== 0) throw new Error(`The workload child ended with ${JSON.stringify(exit)} after reporting done; stderr: ${child.stderr}`);
    return child;
  } finally {
    await child.kill();
  }
}

/** Time from spawn to the first batch a child completed, by the parent's and the child's reckoning. */
function firstBatchTimes(child: WorkloadProcess): { recoveryMs: number; engineRecoveryMs: number } | undefined {
  const index = child.events.findIndex((e) => e.event === 'batch');
  const event = child.events[index];
  if (!event || event.event !== 'batch') return undefined;
  return { recoveryMs: child.seenAtMs[index]! - child.spawnedAtMs, engineRecoveryMs: event.sinceEngineStartMs };
}

/**
 * Runs the crash-free reference and the crash loop of one variant, and compares them.
 * @throws Error when a child fails on its own or a wait passes timeoutMs (children are always killed)
 */
export async function runCrashLoop(options: CrashLoopOptions): Promise<CrashLoopResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const logDir = path.join(options.workDir, 'input');
  writeInputLog(logDir, options.records);
  const reference = childFor(options.variant, logDir, path.join(options.workDir, 'reference'));
  await runToCompletion(reference.script, reference.args, timeoutMs);

  const crashed = childFor(options.variant, logDir, path.join(options.workDir, 'crashed'));
  const random = new SeededRandom(options.seed);
  const clock = new SystemClock();
  const killDelaysMs: number[] = [];
  const recoveryMs: number[] = [];
  const engineRecoveryMs: number[] = [];
  let killsWhileRunning = 0;
  let previousWasKilled = false;
  for (let k = 0; k < options.kills; k++) {
    const child = WorkloadProcess.spawn(crashed.script, crashed.args);
    try {
      // The first run is killed only once it completed a batch, so a checkpoint exists: a DStream
      // context that dies before its first checkpoint restarts from nothing and ignores its receiver
      // write-ahead log (as Spark does), which is a different story (test/faults/ReceiverStoreBlock.test.ts).
      await child.waitFor((e) => e.event === (k === 0 ? 'batch' : 'ready'), timeoutMs);
      const delayMs = random.nextInt(options.maxKillDelayMs + 1);
      killDelaysMs.push(delayMs);
      await Promise.race([clock.waitTillTime(clock.getTimeMillis() + delayMs), child.exited]);
      if (!child.hasExited) killsWhileRunning++;
    } finally {
      await child.kill();
    }
    if (previousWasKilled) {
      const times = firstBatchTimes(child);
      if (times) {
        recoveryMs.push(times.recoveryMs);
        engineRecoveryMs.push(times.engineRecoveryMs);
      }
    }
    previousWasKilled = true;
  }
  const last = await runToCompletion(crashed.script, crashed.args, timeoutMs);
  const times = firstBatchTimes(last);
  if (times && options.kills > 0) {
    recoveryMs.push(times.recoveryMs);
    engineRecoveryMs.push(times.engineRecoveryMs);
  }

  const expected = readSinkOutput(options.variant, reference.args);
  const actual = readSinkOutput(options.variant, crashed.args);
  const counts = new Map<string, number>();
  for (const value of actual.values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let lost = 0;
  let duplicated = 0;
  for (let id = 0; id < options.records; id++) {
    const n = counts.get(String(id)) ?? 0;
    if (n === 0) lost++;
    else duplicated += n - 1;
  }
  return {
    variant: options.variant,
    kills: options.kills,
    seed: options.seed,
    records: options.records,
    killDelaysMs,
    killsWhileRunning,
    lost,
    duplicated,
    delivered: actual.values.length,
    matchesCrashFree: isDeepStrictEqual(actual.comparable, expected.comparable),
    recoveryMs,
    engineRecoveryMs,
  };
}

/** Removes a crash loop's working directory. */
export function removeWorkDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
