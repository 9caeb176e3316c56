import { describe, expect, it } from 'vitest';
import { blockAfter, outputOf, readmeOutput } from './support.js';

const FOLDER = '07-stream-stream-join';

describe('example 7, stream-stream join', () => {
  it('DStream: a click joins only impressions that arrived in the 10 s before it, so two pairs are lost', async () => {
    const lines = await outputOf(FOLDER, 'dstream');
    expect(lines.filter((line) => line.includes('clicked'))).toEqual(['i1@1s clicked: k1@3s', 'i4@8s clicked: k4@15s', 'i5@20s clicked: k5@21s']);
    expect(blockAfter(lines, 'Time: 16000 ms').slice(2)).toEqual(['i4@8s clicked: k4@15s']);
    expect(lines).toEqual(readmeOutput(FOLDER, 'dstream'));
  });

  it('Structured: joins every pair within the event-time bound, whichever side arrives first, and drops state behind the watermark', async () => {
    const lines = await outputOf(FOLDER, 'structured');
    const rows = lines.filter((line) => /^\|\s+i\d/.test(line));
    expect(rows.map((row) => row.split('|').map((cell) => cell.trim()).filter((cell) => cell !== ''))).toEqual([
      ['i1', '1970-01-01 00:00:01', 'k1', '1970-01-01 00:00:03'],
      ['i3', '1970-01-01 00:00:05', 'k3', '1970-01-01 00:00:07'],
      ['i2', '1970-01-01 00:00:02', 'k2', '1970-01-01 00:00:04'],
      ['i4', '1970-01-01 00:00:08', 'k4', '1970-01-01 00:00:15'],
      ['i5', '1970-01-01 00:00:20', 'k5', '1970-01-01 00:00:21'],
    ]);
    expect(blockAfter(lines, 'Batch: 4').some((line) => line.includes('k3'))).toBe(true);
    expect(lines).toContain('> batch 8 at 22 s: 2 rows in, watermark 3 s, 0 dropped as too late, 10 state rows');
    expect(lines).toContain('> batch 9 at 24 s: 0 rows in, watermark 15 s, 0 dropped as too late, 5 state rows');
    expect(lines).toEqual(readmeOutput(FOLDER, 'structured'));
  });
});
