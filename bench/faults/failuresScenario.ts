/**
 * Scenario `failures`: what a driver crash costs each engine. Every workload runs in a child
 * process that is killed with SIGKILL at K = 20 seeded random moments and restarted from its
 * checkpoint; the sink is then compared with a crash-free run (records lost, records duplicated),
 * and the restart is timed (process start to first completed batch). A second table times a
 * restart with state of 100,000 keys. Spark: the streaming guide's "Fault-tolerance Semantics"
 * (receivers with and without the write-ahead log, the direct Kafka stream) and Structured
 * Streaming's "Recovering from Failures with Checkpointing".
 *
 * Unlike the other scenarios this one runs on the system clock in real child processes: the kill
 * moments are real time, so recovery times and the receiver's losses vary between runs; the
 * exactly-once rows do not.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Scenario, ScenarioResult, ScenarioTable } from '../scenarios/Scenario.js';
import { type CrashLoopResult, FAULT_VARIANTS, type FaultVariant, runCrashLoop } from './crashLoop.js';
import { measureStateRecovery, type StateRecoveryResult } from './stateRecovery.js';

/** Options of the failures scenario (the CLI uses the defaults). */
export interface FailuresScenarioOptions {
  readonly kills?: number;
  readonly seed?: number;
  readonly records?: number;
  readonly maxKillDelayMs?: number;
  /** The crash-loop variants to run (default: all of FAULT_VARIANTS). */
  readonly variants?: readonly FaultVariant[];
  /** Keys of state for the recovery measurement; 0 skips it. */
  readonly stateKeys?: number;
  /** Where to report progress (one line per finished part). */
  readonly log?: (line: string) => void;
}

const LABELS: Record<FaultVariant, string> = {
  'structured-file': 'structured file sink',
  'structured-foreachBatch': 'structured foreachBatch+SQLite',
  'dstream-receiver': 'dstream receiver',
  'dstream-receiver-wal': 'dstream receiver+WAL',
  'dstream-direct': 'dstream direct',
};

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function crashLoopTable(results: readonly CrashLoopResult[], kills: number): ScenarioTable {
  const cells = (f: (r: CrashLoopResult) => string | number | null) => results.map(f);
  return {
    title: `crash loop: ${kills} SIGKILLs at random moments, restart from the checkpoint each time`,
    columns: results.map((r) => LABELS[r.variant]),
    rows: [
      { label: 'input records', cells: cells((r) => r.records) },
      { label: 'kills that hit a running process', cells: cells((r) => r.killsWhileRunning) },
      { label: 'records lost', cells: cells((r) => r.lost) },
      { label: 'records duplicated', cells: cells((r) => r.duplicated) },
      { label: 'rows in the sink', cells: cells((r) => r.delivered) },
      { label: 'sink equals the crash-free run', cells: cells((r) => (r.matchesCrashFree ? 'yes' : 'no')) },
      { label: 'recovery ms, median (restart to first batch)', cells: cells((r) => median(r.recoveryMs)) },
      { label: 'recovery ms, max', cells: cells((r) => (r.recoveryMs.length ? Math.max(...r.recoveryMs) : null)) },
      { label: 'of which engine ms, median', cells: cells((r) => median(r.engineRecoveryMs)) },
    ],
  };
}

function stateTable(results: readonly StateRecoveryResult[], keys: number): ScenarioTable {
  return {
    title: `recovery with state of ${keys.toLocaleString('en-US')} keys`,
    columns: results.map((r) => r.engine),
    rows: [
      { label: 'restart to first new batch, ms', cells: results.map((r) => r.recoveryMs) },
      { label: 'of which engine start to first batch, ms', cells: results.map((r) => r.engineRecoveryMs) },
      { label: 'keys in the state afterwards', cells: results.map((r) => r.keysAfter) },
      { label: 'every count exact', cells: results.map((r) => (r.isCorrect ? 'yes' : 'no')) },
    ],
  };
}

/** Runs the crash loop of every variant and the state recovery of both engines. */
export async function runFailuresScenario(options: FailuresScenarioOptions = {}): Promise<ScenarioResult> {
  const kills = options.kills ?? 20;
  const seed = options.seed ?? 20;
  const records = options.records ?? 2000;
  const stateKeys = options.stateKeys ?? 100_000;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'twinstream-failures-'));
  try {
    const loops: CrashLoopResult[] = [];
    for (const variant of options.variants ?? FAULT_VARIANTS) {
      const workDir = path.join(root, variant);
      fs.mkdirSync(workDir);
      loops.push(await runCrashLoop({ variant, kills, seed, records, workDir, maxKillDelayMs: options.maxKillDelayMs ?? 300 }));
      options.log?.(`crash loop ${variant}: done`);
    }
    const states: StateRecoveryResult[] = [];
    if (stateKeys > 0) {
      for (const engine of ['dstream', 'structured'] as const) {
        const workDir = path.join(root, `state-${engine}`);
        fs.mkdirSync(workDir);
        states.push(await measureStateRecovery(engine, workDir, stateKeys));
        options.log?.(`state recovery ${engine}: done`);
      }
    }
    const tables = [crashLoopTable(loops, kills), ...(states.length > 0 ? [stateTable(states, stateKeys)] : [])];
    return {
      name: 'failures',
      title: 'driver crashes: what each engine loses, repeats, and how long it takes to come back',
      summary: [
        `Each workload runs in a child process killed with SIGKILL ${kills} times at seeded random moments (seed ${seed}), restarted from its checkpoint each time.`,
        'Structured Streaming replays the offset log and its sinks skip batches they hold: exactly once. The DStream direct stream keeps its offsets in the checkpoint: with an output keyed by batch time, exactly once too.',
        'A DStream receiver acknowledges what it stored: without the write-ahead log, what was stored but not processed dies with the driver.',
      ],
      reports: [],
      tables,
      figures: { kills, seed, records, crashLoop: Object.fromEntries(loops.map((r) => [r.variant, r])), ...(states.length > 0 ? { stateRecovery: Object.fromEntries(states.map((r) => [r.engine, r])) } : {}) },
      notes: [
        'the kill moments are real time: the receiver loss and the recovery times vary from run to run; lost/duplicated of the exactly-once columns do not.',
        'recovery includes starting Node and loading the engine through tsx (a few seconds here); the engine row is the engine alone.',
        'the receiver writes to its write-ahead log and then acknowledges: a kill between the two makes the source send those records again (counted as duplicates).',
        'the first kill of each loop comes after the first completed batch: a DStream context killed before its first checkpoint restarts from nothing and ignores its receiver write-ahead log (as Spark does), so what its receiver had acknowledged is lost even with the WAL.',
        'DStream outputs are written once per batch time (a re-run batch does not write again), as Spark\'s guide advises for exactly-once output.',
      ],
      missing: [],
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The `failures` scenario for `twinstream scenario failures`: K = 20, 2000 records, state of 100k keys. */
export const failures: Scenario = {
  name: 'failures',
  title: 'driver crashes: what each engine loses, repeats, and how long it takes to come back',
  run: () => runFailuresScenario({ log: (line) => process.stderr.write(`${line}\n`) }),
};
