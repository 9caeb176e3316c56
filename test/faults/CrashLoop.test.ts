/**
 * The crash loop in the test suite, small: each workload runs in a child process, is killed with
 * SIGKILL at 3 seeded random moments and restarted from its checkpoint, then runs to the end; its
 * sink is compared with a crash-free run. Where the kills land depends on real time, so the
 * assertions are the ones that hold wherever they land: Structured file sink, Structured
 * foreachBatch into SQLite keyed by batch id and the DStream direct log stream are exactly once;
 * the receiver with the write-ahead log loses nothing; the receiver without it never duplicates,
 * and whatever it loses is counted. (`twinstream scenario failures` runs K = 20 and prints the counts.)
 * Each child process takes a few seconds to start (tsx loads the engine), so this file takes ~1-2 min.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CrashLoopResult, type FaultVariant, runCrashLoop } from '../../bench/faults/crashLoop.js';

const KILLS = 3;
const RECORDS = 600;

async function crashLoop(variant: FaultVariant, seed: number): Promise<CrashLoopResult> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `twinstream-crashloop-${variant}-`));
  try {
    return await runCrashLoop({ variant, kills: KILLS, seed, records: RECORDS, workDir, maxKillDelayMs: 400, timeoutMs: 90_000 });
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

function expectKillsAndRecovery(result: CrashLoopResult): void {
  expect(result.killDelaysMs).toHaveLength(KILLS);
  expect(result.killDelaysMs.every((ms) => ms >= 0 && ms <= 400)).toBe(true);
  expect(result.killsWhileRunning).toBeLessThanOrEqual(KILLS);
  // A restart that found all the input processed has no first batch: recovery times are measured where there was one.
  expect(result.recoveryMs.length).toBeLessThanOrEqual(KILLS);
  expect(result.recoveryMs.every((ms) => ms > 0)).toBe(true);
}

describe(`crash loop, K = ${KILLS}`, { timeout: 240_000 }, () => {
  it.each(['structured-file', 'structured-foreachBatch', 'dstream-direct'] as const)('%s: every record exactly once, the sink equal to the crash-free run', async (variant) => {
    const result = await crashLoop(variant, 11);
    expect({ lost: result.lost, duplicated: result.duplicated, delivered: result.delivered, matchesCrashFree: result.matchesCrashFree }).toEqual({
      lost: 0,
      duplicated: 0,
      delivered: RECORDS,
      matchesCrashFree: true,
    });
    expectKillsAndRecovery(result);
  });

  it('dstream-receiver-wal: nothing lost; duplicates, if any, are counted', async () => {
    const result = await crashLoop('dstream-receiver-wal', 12);
    expect(result.lost).toBe(0);
    expect(result.delivered).toBe(RECORDS + result.duplicated);
    expect(result.matchesCrashFree).toBe(result.duplicated === 0);
    expectKillsAndRecovery(result);
  });

  it('dstream-receiver without the write-ahead log: no duplicates; what it loses is counted', async () => {
    const result = await crashLoop('dstream-receiver', 13);
    expect(result.duplicated).toBe(0);
    expect(result.delivered).toBe(RECORDS - result.lost);
    expect(result.matchesCrashFree).toBe(result.lost === 0);
    expectKillsAndRecovery(result);
  });
});
