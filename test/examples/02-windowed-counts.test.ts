import { describe, expect, it } from 'vitest';
import { blockAfter, outputOf, readmeOutput } from './support.js';

const FOLDER = '02-windowed-counts';

describe('example 2, windowed counts', () => {
  it('DStream: prints the window of arrival (t - 4 s, t] every 2 s, and keeps a key whose count fell to zero', async () => {
    const lines = await outputOf(FOLDER, 'dstream');
    expect(lines.filter((line) => line.startsWith('Time:'))).toEqual(['Time: 2000 ms', 'Time: 4000 ms', 'Time: 6000 ms', 'Time: 8000 ms', 'Time: 10000 ms', 'Time: 12000 ms']);
    expect(blockAfter(lines, 'Time: 6000 ms').slice(2)).toEqual(['(cart,3)', '(home,4)']);
    expect(blockAfter(lines, 'Time: 12000 ms').slice(2)).toEqual(['(cart,0)', '(home,2)']);
    expect(lines).toEqual(readmeOutput(FOLDER, 'dstream'));
  });

  it('Structured: prints each event-time window once, after the watermark passes its end; the last windows stay open', async () => {
    const lines = await outputOf(FOLDER, 'structured');
    const rows = lines.filter((line) => line.startsWith('|{'));
    expect(rows).toEqual([
      '|{1970-01-01 00:00:00, 1970-01-01 00:00:04}|cart|1    |',
      '|{1970-01-01 00:00:00, 1970-01-01 00:00:04}|home|3    |',
      '|{1970-01-01 00:00:02, 1970-01-01 00:00:06}|cart|3    |',
      '|{1970-01-01 00:00:02, 1970-01-01 00:00:06}|home|4    |',
      '|{1970-01-01 00:00:04, 1970-01-01 00:00:08}|cart|3    |',
      '|{1970-01-01 00:00:04, 1970-01-01 00:00:08}|home|2    |',
    ]);
    expect(lines).toContain('> batch 6 at 9 s: 1 row in, watermark 6.2 s, 0 dropped as too late, 5 state rows');
    expect(lines).toEqual(readmeOutput(FOLDER, 'structured'));
  });
});
