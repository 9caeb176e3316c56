/**
 * Recovery time with large state: a workload builds state of `keys` keys in its first batch, its
 * process dies right after that batch is committed (Structured: the crash point after the commit
 * log write, with SIGKILL; DStream: SIGKILL once the next batch completed, so the state checkpoint
 * is on disk), new input arrives, and the restarted process is timed from spawn to its first
 * completed batch. The restarted run must then hold every key with the right count.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { PartitionedLog } from '../../src/index.js';
import { CRASH_ACTION_KEY, CRASH_AFTER_KEY } from '../../src/testing.js';
import type { DStreamChildArgs } from './dstreamChild.js';
import type { StructuredChildArgs } from './structuredChild.js';
import { WorkloadProcess } from './WorkloadProcess.js';

/** What a state recovery measurement found. */
export interface StateRecoveryResult {
  readonly engine: 'structured' | 'dstream';
  readonly keys: number;
  /** Records added while the process was down (keys k0.. again). */
  readonly newRecords: number;
  /** From spawning the restarted process to its first completed batch. */
  readonly recoveryMs: number;
  /** From the engine's start in the restarted process to its first completed batch. */
  readonly engineRecoveryMs: number;
  /** Keys in the state after the restarted run. */
  readonly keysAfter: number;
  /** The counts are exactly the input's (every key once, the new ones twice). */
  readonly isCorrect: boolean;
}

const TOPIC = 'events';

/** Appends records firstId.. with keys k0, k1, ..., k(count - 1). */
function appendKeys(logDir: string, firstId: number, count: number): void {
  const log = PartitionedLog.open(logDir);
  if (!log.topics().includes(TOPIC)) log.createTopic(TOPIC, 2);
  const parts: { key: string; value: string }[][] = [[], []];
  for (let i = 0; i < count; i++) parts[i % 2]!.push({ key: `k${i}`, value: String(firstId + i) });
  parts.forEach((records, p) => log.append(TOPIC, p, records));
  log.close();
}

async function untilExit(child: WorkloadProcess, timeoutMs: number, what: string): Promise<void> {
  const exit = await Promise.race([child.exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs).unref())]);
  if (!exit) throw new Error(`${what} did not end within ${timeoutMs} ms; events: ${JSON.stringify(child.events.slice(-3))}; stderr: ${child.stderr}`);
  if (exit.signal !== 'SIGKILL') throw new Error(`${what} should have died of SIGKILL, but ended with ${JSON.stringify(exit)}; stderr: ${child.stderr}`);
}

/**
 * Builds state of `keys` keys, kills the process, adds `newRecords` records and times the restart.
 * @throws Error when a child fails or a wait passes timeoutMs (children are always killed)
 */
export async function measureStateRecovery(engine: 'structured' | 'dstream', workDir: string, keys = 100_000, newRecords = 1000, timeoutMs = 300_000): Promise<StateRecoveryResult> {
  const logDir = path.join(workDir, 'input');
  appendKeys(logDir, 0, keys);
  const structuredArgs: StructuredChildArgs = {
    mode: 'state',
    logDir,
    topic: TOPIC,
    checkpointDir: path.join(workDir, 'checkpoint'),
    outputDir: path.join(workDir, 'output'),
    dbFile: path.join(workDir, 'state.db'),
    maxOffsetsPerTrigger: keys,
  };
  const dstreamArgs: DStreamChildArgs = {
    mode: 'state',
    writeAheadLog: false,
    logDir,
    topic: TOPIC,
    checkpointDir: path.join(workDir, 'checkpoint'),
    outputDir: path.join(workDir, 'output'),
    ackFile: path.join(workDir, 'acks.json'),
    batchDurationMs: 500,
    chunk: 0,
    intervalMs: 0,
    maxRatePerPartition: 0,
  };
  const script = engine === 'structured' ? 'bench/faults/structuredChild.ts' : 'bench/faults/dstreamChild.ts';
  const crashingArgs = engine === 'structured'
    ? { ...structuredArgs, conf: { [CRASH_AFTER_KEY]: 'commitLogWrite:0', [CRASH_ACTION_KEY]: 'kill' } }
    : { ...dstreamArgs, killAfterFirstDataBatch: true };
  const first = WorkloadProcess.spawn(script, crashingArgs);
  try {
    await untilExit(first, timeoutMs, `The ${engine} run building state of ${keys} keys`);
  } finally {
    await first.kill();
  }
  appendKeys(logDir, keys, newRecords);
  const second = WorkloadProcess.spawn(script, engine === 'structured' ? structuredArgs : dstreamArgs);
  let recoveryMs: number;
  let engineRecoveryMs: number;
  try {
    const batch = await second.waitFor((e) => e.event === 'batch', timeoutMs);
    recoveryMs = second.seenAtMs[second.events.indexOf(batch)]! - second.spawnedAtMs;
    engineRecoveryMs = batch.event === 'batch' ? batch.sinceEngineStartMs : Number.NaN;
    await second.waitFor((e) => e.event === 'done', timeoutMs);
  } finally {
    await second.kill();
  }
  const { keysAfter, isCorrect } = engine === 'structured' ? checkStructuredCounts(structuredArgs.dbFile, keys, newRecords) : checkDStreamCounts(dstreamArgs.outputDir, keys, newRecords);
  return { engine, keys, newRecords, recoveryMs, engineRecoveryMs, keysAfter, isCorrect };
}

/** Structured writes each updated count to SQLite: every key once, the `newRecords` first keys twice. */
function checkStructuredCounts(dbFile: string, keys: number, newRecords: number): { keysAfter: number; isCorrect: boolean } {
  const db = new Database(dbFile, { readonly: true });
  try {
    const { n, total, twos } = db.prepare('SELECT count(*) AS n, sum(count) AS total, sum(count = 2) AS twos FROM counts').get() as { n: number; total: number; twos: number };
    return { keysAfter: n, isCorrect: n === keys && total === keys + newRecords && twos === newRecords };
  } finally {
    db.close();
  }
}

/** DStream writes [keys, sum of counts, keys counted twice] of the state after each batch; the last must be exact. */
function checkDStreamCounts(outputDir: string, keys: number, newRecords: number): { keysAfter: number; isCorrect: boolean } {
  const files = fs.readdirSync(outputDir).filter((f) => /^\d+\.json$/.test(f)).sort((a, b) => Number.parseInt(a) - Number.parseInt(b));
  const [summary] = JSON.parse(fs.readFileSync(path.join(outputDir, files[files.length - 1]!), 'utf8')) as [number, number, number][];
  const [n, total, twos] = summary ?? [0, 0, 0];
  return { keysAfter: n, isCorrect: n === keys && total === keys + newRecords && twos === newRecords };
}
