import { describe, expect, it } from 'vitest';
import { blockAfter, outputOf, readmeOutput } from './support.js';

const FOLDER = '05-sessionization';

describe('example 5, sessionization', () => {
  it('DStream: ends a session 5 s after the last arrival, so the late click opens a second session', async () => {
    const lines = await outputOf(FOLDER, 'dstream');
    expect(lines.filter((line) => line.startsWith('session'))).toEqual([
      'session of u2 ended: 1 click(s), happened from 3 s to 3 s',
      'session of u1 ended: 3 click(s), happened from 1 s to 4 s',
      'session of u2 ended: 1 click(s), happened from 6 s to 6 s',
      'session of u1 ended: 2 click(s), happened from 12 s to 13 s',
    ]);
    expect(blockAfter(lines, 'Time: 10000 ms').slice(2)).toEqual(['session of u2 ended: 1 click(s), happened from 3 s to 3 s']);
    expect(blockAfter(lines, 'Time: 18000 ms').slice(2)).toEqual(['session of u2 ended: 1 click(s), happened from 6 s to 6 s']);
    expect(lines).toEqual(readmeOutput(FOLDER, 'dstream'));
  });

  it('Structured: merges the late click into its event-time session and prints each session once the watermark passes it', async () => {
    const lines = await outputOf(FOLDER, 'structured');
    expect(blockAfter(lines, 'Batch: 6').filter((line) => line.startsWith('|{')).sort()).toEqual([
      '|{1970-01-01 00:00:01, 1970-01-01 00:00:09}|u1  |3     |',
      '|{1970-01-01 00:00:03, 1970-01-01 00:00:11}|u2  |2     |',
    ]);
    expect(blockAfter(lines, 'Batch: 8').filter((line) => line.startsWith('|{'))).toEqual(['|{1970-01-01 00:00:12, 1970-01-01 00:00:18}|u1  |2     |']);
    expect(lines.filter((line) => line.startsWith('|{'))).toHaveLength(3);
    expect(lines).toContain('> batch 6 at 16 s: 0 rows in, watermark 11 s, 0 dropped as too late, 1 state rows');
    expect(lines).toEqual(readmeOutput(FOLDER, 'structured'));
  });
});
