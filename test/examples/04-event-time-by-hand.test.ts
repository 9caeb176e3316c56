import { describe, expect, it } from 'vitest';
import { blockAfter, outputOf, readmeOutput } from './support.js';

const FOLDER = '04-event-time-by-hand';

describe('example 4, event time by hand', () => {
  it('DStream: keeps a count per event-time window as state, counts every late click, and never removes a window', async () => {
    const lines = await outputOf(FOLDER, 'dstream');
    expect(blockAfter(lines, 'Time: 15000 ms').slice(2)).toEqual(['(0-10s,4)', '(10-20s,1)']);
    expect(blockAfter(lines, 'Time: 30000 ms').slice(2)).toEqual(['(0-10s,5)', '(10-20s,3)', '(20-30s,1)']);
    expect(blockAfter(lines, 'Time: 45000 ms').slice(2)).toEqual(['(0-10s,5)', '(10-20s,3)', '(20-30s,1)', '(30-40s,1)']);
    expect(lines).toEqual(readmeOutput(FOLDER, 'dstream'));
  });

  it('Structured: the same counts except the click behind the watermark, with state that shrinks', async () => {
    const lines = await outputOf(FOLDER, 'structured');
    expect(lines.filter((line) => line.startsWith('> ')).map((line) => /(\d+) state rows/.exec(line)?.[1])).toEqual(['1', '1', '2', '2', '2', '2', '3', '2']);
    expect(lines).toContain('> batch 5 at 30 s: 2 rows in, watermark 18 s, 1 dropped as too late, 2 state rows');
    expect(blockAfter(lines, 'Batch: 5').filter((line) => line.startsWith('|{'))).toEqual(['|{1970-01-01 00:00:10, 1970-01-01 00:00:20}|3    |']);
    expect(lines).toEqual(readmeOutput(FOLDER, 'structured'));
  });
});
