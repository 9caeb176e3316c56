/**
 * The crash points with a real SIGKILL: a Structured stateful query (a running count per key,
 * foreachBatch into SQLite keyed by batch id) runs in a child process with
 * spark.sql.streaming.testing.crashAction = kill, and dies right after each step of the
 * micro-batch protocol in turn, one step per run (offset log write of batch 1, batch read of 3,
 * state commit of 5, sink write of 7, commit log write of 9); every restart resumes from the same
 * checkpoint. The final table equals a crash-free run's exactly.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { writeInputLog } from '../../bench/faults/crashLoop.js';
import type { StructuredChildArgs } from '../../bench/faults/structuredChild.js';
import { WorkloadProcess } from '../../bench/faults/WorkloadProcess.js';
import { CRASH_ACTION_KEY, CRASH_AFTER_KEY, MICRO_BATCH_STEPS } from '../../src/testing.js';

const TIMEOUT_MS = 90_000;

function argsFor(dir: string, logDir: string, crashAfter?: string): StructuredChildArgs {
  return {
    mode: 'state',
    logDir,
    topic: 'events',
    checkpointDir: path.join(dir, 'checkpoint'),
    outputDir: path.join(dir, 'output'),
    dbFile: path.join(dir, 'sink.db'),
    maxOffsetsPerTrigger: 10,
    ...(crashAfter ? { conf: { [CRASH_AFTER_KEY]: crashAfter, [CRASH_ACTION_KEY]: 'kill' } } : {}),
  };
}

async function run(args: StructuredChildArgs): Promise<{ signal: NodeJS.Signals | null; code: number | null; batches: number[] }> {
  const child = WorkloadProcess.spawn('bench/faults/structuredChild.ts', args);
  try {
    // Ends by itself: killed at its crash point, or done.
    await child.waitFor((e) => e.event === 'done', TIMEOUT_MS).catch(() => undefined);
    if (!child.hasExited && !child.events.some((e) => e.event === 'done')) throw new Error(`the child neither crashed nor finished in ${TIMEOUT_MS} ms; stderr: ${child.stderr}`);
    const exit = await child.exited;
    const batches = child.events.flatMap((e) => (e.event === 'batch' ? [e.batch] : []));
    return { signal: exit.signal, code: exit.code, batches };
  } finally {
    await child.kill();
  }
}

function table(dbFile: string): { counts: [string, number][]; batches: number[] } {
  const db = new Database(dbFile, { readonly: true });
  try {
    return {
      counts: db.prepare('SELECT key, count FROM counts ORDER BY key').raw().all() as [string, number][],
      batches: (db.prepare('SELECT batch_id FROM batches ORDER BY batch_id').raw().all() as [number][]).map(([id]) => id),
    };
  } finally {
    db.close();
  }
}

describe('crash points with SIGKILL in a child process', () => {
  it('dies after each protocol step in turn and resumes each time; the final state and sink equal a crash-free run', { timeout: 240_000 }, async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'twinstream-crashpoints-'));
    try {
      const logDir = path.join(root, 'input');
      // 300 records, keys k0..k299: a batch applied twice would show as a count of 2.
      writeInputLog(logDir, 300);
      const reference = await run(argsFor(path.join(root, 'reference'), logDir));
      expect(reference.code).toBe(0);
      const crashed = path.join(root, 'crashed');
      const runs = [];
      for (const [i, step] of MICRO_BATCH_STEPS.entries()) runs.push({ step, batch: 2 * i + 1, ...(await run(argsFor(crashed, logDir, `${step}:${2 * i + 1}`))) });
      const last = await run(argsFor(crashed, logDir));
      expect(last.code).toBe(0);
      expect(runs.map((r) => r.signal)).toEqual(['SIGKILL', 'SIGKILL', 'SIGKILL', 'SIGKILL', 'SIGKILL']);
      // Each run reported the batches that finished before its crash (progress comes after the commit log write).
      expect(runs.map((r) => r.batches.at(-1))).toEqual([0, 2, 4, 6, 8]);
      // The restart after a kill before the commit log write re-runs that batch; after it, starts at the next.
      expect([runs[1]!.batches[0], runs[2]!.batches[0], runs[3]!.batches[0], runs[4]!.batches[0], last.batches[0]]).toEqual([1, 3, 5, 7, 10]);
      const expected = table(argsFor(path.join(root, 'reference'), logDir).dbFile);
      expect(expected.batches).toEqual(Array.from({ length: 30 }, (_, i) => i));
      expect(expected.counts).toHaveLength(300);
      expect(table(argsFor(crashed, logDir).dbFile)).toEqual(expected);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
