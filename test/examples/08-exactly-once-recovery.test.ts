import { describe, expect, it } from 'vitest';
import { outputOf, readmeOutput } from './support.js';

const FOLDER = '08-exactly-once-recovery';

describe('example 8, exactly-once recovery', () => {
  it('DStream: after a driver crash the recovered context re-runs the last checkpointed batch, and the append-only sink holds it twice', async () => {
    const lines = await outputOf(FOLDER, 'dstream');
    const restart = lines.indexOf('Restarted from the checkpoint:');
    expect(lines.slice(restart).filter((line) => line.startsWith('Time:'))).toEqual(['Time: 3000 ms', 'Time: 4000 ms']);
    expect(lines.slice(lines.indexOf('What orders.txt holds:') + 1)).toEqual([
      'o1 (batch 1000 ms)',
      'o2 (batch 1000 ms)',
      'o3 (batch 2000 ms)',
      'o4 (batch 3000 ms)',
      'o5 (batch 3000 ms)',
      'o4 (batch 3000 ms)',
      'o5 (batch 3000 ms)',
      'o6 (batch 4000 ms)',
    ]);
    expect(lines).toEqual(readmeOutput(FOLDER, 'dstream'));
  });

  it('Structured: re-runs the uncommitted batch with the same offsets, and the file sink holds every order once', async () => {
    const lines = await outputOf(FOLDER, 'structured');
    expect(lines).toContain('The query died: Simulated driver crash after step sinkWrite of batch 3 (spark.sql.streaming.testing.crashAfter = sinkWrite:3).');
    expect(lines).toContain('In the checkpoint, offsets: 0 1 2 3; commits: 0 1 2');
    expect(lines.slice(lines.indexOf('Restarted from the checkpoint:'))).toContain('> batch 3 at 3 s: 2 rows in');
    expect(lines.slice(lines.indexOf('What the output directory holds (its committed files, in batch order):') + 1)).toEqual([
      '{"value":"o1","offset":0}',
      '{"value":"o2","offset":1}',
      '{"value":"o3","offset":2}',
      '{"value":"o4","offset":3}',
      '{"value":"o5","offset":4}',
      '{"value":"o6","offset":5}',
    ]);
    expect(lines).toEqual(readmeOutput(FOLDER, 'structured'));
  });
});
