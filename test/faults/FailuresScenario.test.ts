/**
 * `twinstream scenario failures`, small: two of the five variants (CrashLoop.test.ts runs all
 * five), one kill each, and state of 2000 keys. Its tables have one column per engine and mode
 * with loss, duplicates and recovery times, its JSON has the same figures, and the exactly-once
 * column says 0 lost and 0 duplicated.
 */
import { describe, expect, it } from 'vitest';
import { runFailuresScenario } from '../../bench/faults/failuresScenario.js';
import { formatScenario } from '../../bench/scenarios/formatScenario.js';
import { scenarioJson } from '../../bench/scenarios/runScenario.js';

describe('scenario failures', () => {
  it('prints loss, duplicates and recovery time per engine and mode, and writes them as JSON', { timeout: 300_000 }, async () => {
    const result = await runFailuresScenario({ kills: 1, records: 300, stateKeys: 2000, maxKillDelayMs: 200, variants: ['structured-foreachBatch', 'dstream-receiver-wal'] });
    const [loop, state] = result.tables;
    expect(loop!.columns).toEqual(['structured foreachBatch+SQLite', 'dstream receiver+WAL']);
    expect(loop!.rows.map((r) => r.label)).toEqual([
      'input records',
      'kills that hit a running process',
      'records lost',
      'records duplicated',
      'rows in the sink',
      'sink equals the crash-free run',
      'recovery ms, median (restart to first batch)',
      'recovery ms, max',
      'of which engine ms, median',
    ]);
    const row = (label: string) => loop!.rows.find((r) => r.label === label)!.cells;
    expect(row('input records')).toEqual([300, 300]);
    expect(row('records lost')).toEqual([0, 0]);
    expect(row('records duplicated')).toEqual([0, expect.any(Number)]);
    expect(row('sink equals the crash-free run')[0]).toBe('yes');
    // A restart that found all the input processed has no first batch to time (null then).
    expect(row('recovery ms, median (restart to first batch)').every((ms) => ms === null || (typeof ms === 'number' && ms > 0))).toBe(true);
    expect(state!.columns).toEqual(['dstream', 'structured']);
    expect(state!.rows.find((r) => r.label === 'keys in the state afterwards')!.cells).toEqual([2000, 2000]);
    expect(state!.rows.find((r) => r.label === 'every count exact')!.cells).toEqual(['yes', 'yes']);
    expect(state!.rows.find((r) => r.label === 'restart to first new batch, ms')!.cells.every((ms) => typeof ms === 'number' && ms > 0)).toBe(true);

    const text = formatScenario(result);
    expect(text).toContain('scenario failures: driver crashes');
    expect(text).toContain('records lost');
    const json = JSON.parse(scenarioJson(result)) as { scenario: string; figures: { kills: number; crashLoop: Record<string, { lost: number; duplicated: number }> } };
    expect(json.scenario).toBe('failures');
    expect(json.figures.kills).toBe(1);
    expect(json.figures.crashLoop['dstream-receiver-wal']).toMatchObject({ lost: 0 });
    expect(json.figures.crashLoop['structured-foreachBatch']).toMatchObject({ lost: 0, duplicated: 0 });
  });
});
