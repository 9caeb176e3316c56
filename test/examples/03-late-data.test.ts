import { describe, expect, it } from 'vitest';
import { blockAfter, outputOf, readmeOutput } from './support.js';

const FOLDER = '03-late-data';

describe('example 3, late data', () => {
  it('DStream: counts a late click in the window of its arrival, so one event-time window comes out in pieces', async () => {
    const lines = await outputOf(FOLDER, 'dstream');
    expect(blockAfter(lines, 'Time: 10000 ms').slice(2)).toEqual(['(0-10s,3)']);
    expect(blockAfter(lines, 'Time: 20000 ms').slice(2)).toEqual(['(0-10s,1)', '(10-20s,2)']);
    expect(blockAfter(lines, 'Time: 30000 ms').slice(2)).toEqual(['(0-10s,1)', '(10-20s,1)', '(20-30s,1)']);
    expect(blockAfter(lines, 'Time: 40000 ms').slice(2)).toEqual(['(30-40s,1)']);
    expect(lines).toEqual(readmeOutput(FOLDER, 'dstream'));
  });

  it('Structured: counts by event time, drops the click whose window the watermark passed, in append and update mode', async () => {
    const lines = await outputOf(FOLDER, 'structured');
    const update = lines.indexOf('update mode: every window whose count changed, at each batch');
    const append = lines.slice(0, update);
    expect(append.filter((line) => line.startsWith('|{'))).toEqual([
      '|{1970-01-01 00:00:00, 1970-01-01 00:00:10}|4     |',
      '|{1970-01-01 00:00:10, 1970-01-01 00:00:20}|3     |',
    ]);
    expect(blockAfter(append, 'Batch: 4').filter((line) => line.startsWith('|{'))).toEqual(['|{1970-01-01 00:00:00, 1970-01-01 00:00:10}|4     |']);
    expect(append).toContain('> batch 5 at 30 s: 2 rows in, watermark 18 s, 1 dropped as too late, 2 state rows');
    expect(append).toContain('> batch 7 at 40 s: 0 rows in, watermark 26 s, 0 dropped as too late, 2 state rows');
    expect(lines.slice(update).filter((line) => line.startsWith('|{'))).toEqual([
      '|{1970-01-01 00:00:00, 1970-01-01 00:00:10}|2     |',
      '|{1970-01-01 00:00:00, 1970-01-01 00:00:10}|3     |',
      '|{1970-01-01 00:00:10, 1970-01-01 00:00:20}|1     |',
      '|{1970-01-01 00:00:00, 1970-01-01 00:00:10}|4     |',
      '|{1970-01-01 00:00:10, 1970-01-01 00:00:20}|2     |',
      '|{1970-01-01 00:00:20, 1970-01-01 00:00:30}|1     |',
      '|{1970-01-01 00:00:10, 1970-01-01 00:00:20}|3     |',
      '|{1970-01-01 00:00:30, 1970-01-01 00:00:40}|1     |',
    ]);
    expect(lines).toEqual(readmeOutput(FOLDER, 'structured'));
  });
});
