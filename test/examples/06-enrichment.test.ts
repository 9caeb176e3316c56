import { describe, expect, it } from 'vitest';
import { blockAfter, outputOf, readmeOutput } from './support.js';

const FOLDER = '06-enrichment';

describe('example 6, enrichment (the Yahoo campaign join)', () => {
  it('DStream: joins each batch with the table and prints its share of each window, which the sink adds up', async () => {
    const lines = await outputOf(FOLDER, 'dstream');
    expect(blockAfter(lines, 'Time: 5000 ms').slice(2)).toEqual(['(c1 0-10s,2)', '(c2 0-10s,1)']);
    expect(blockAfter(lines, 'Time: 15000 ms').slice(2)).toEqual(['(c1 10-20s,2)', '(c2 0-10s,1)']);
    expect(lines.slice(lines.indexOf('The counters after the last batch:'))).toEqual([
      'The counters after the last batch:',
      'c1 0-10s: 4',
      'c1 10-20s: 2',
      'c2 0-10s: 3',
      'c2 10-20s: 1',
    ]);
    expect(lines).toEqual(readmeOutput(FOLDER, 'dstream'));
  });

  it('Structured: joins with the static DataFrame and prints each window\'s running count, including the late view', async () => {
    const lines = await outputOf(FOLDER, 'structured');
    const rows = (batch: string) => blockAfter(lines, batch).filter((line) => line.startsWith('|{')).sort();
    expect(rows('Batch: 1')).toEqual([
      '|{1970-01-01 00:00:00, 1970-01-01 00:00:10}|c1         |4    |',
      '|{1970-01-01 00:00:00, 1970-01-01 00:00:10}|c2         |2    |',
    ]);
    expect(rows('Batch: 2')).toEqual([
      '|{1970-01-01 00:00:00, 1970-01-01 00:00:10}|c2         |3    |',
      '|{1970-01-01 00:00:10, 1970-01-01 00:00:20}|c1         |2    |',
    ]);
    expect(lines).toEqual(readmeOutput(FOLDER, 'structured'));
  });
});
