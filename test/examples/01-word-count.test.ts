import { describe, expect, it } from 'vitest';
import { blockAfter, outputOf, readmeOutput } from './support.js';

const FOLDER = '01-word-count';

describe('example 1, word count', () => {
  it('DStream: counts each batch alone, then keeps totals that print every batch, even an empty one', async () => {
    const lines = await outputOf(FOLDER, 'dstream');
    const perBatch = lines.slice(0, lines.indexOf('updateStateByKey: running totals'));
    const totals = lines.slice(lines.indexOf('updateStateByKey: running totals'));
    expect(blockAfter(perBatch, 'Time: 2000 ms')).toEqual(['Time: 2000 ms', '-'.repeat(43), '(be,1)', '(do,1)', '(is,1)', '(to,2)']);
    expect(blockAfter(perBatch, 'Time: 3000 ms')).toEqual(['Time: 3000 ms', '-'.repeat(43)]);
    expect(blockAfter(totals, 'Time: 3000 ms').slice(2)).toEqual(['(be,3)', '(do,1)', '(is,1)', '(not,1)', '(or,1)', '(to,4)']);
    expect(blockAfter(totals, 'Time: 4000 ms').slice(2)).toEqual(['(be,4)', '(do,3)', '(is,1)', '(not,1)', '(or,1)', '(to,4)']);
    expect(lines).toEqual(readmeOutput(FOLDER, 'dstream'));
  });

  it('Structured: counts a batch alone only through foreachBatch; complete mode prints the totals, and a second without data runs no batch', async () => {
    const lines = await outputOf(FOLDER, 'structured');
    const perBatch = lines.slice(0, lines.indexOf('complete mode: running totals'));
    const totals = lines.slice(lines.indexOf('complete mode: running totals'));
    expect(perBatch.filter((line) => line.startsWith('Batch:'))).toEqual(['Batch: 0', 'Batch: 1', 'Batch: 2']);
    expect(totals.filter((line) => line.startsWith('Batch:'))).toEqual(['Batch: 0', 'Batch: 1', 'Batch: 2']);
    expect(blockAfter(totals, 'Batch: 2').slice(2)).toEqual([
      '+----+-----+',
      '|word|count|',
      '+----+-----+',
      '|  be|    4|',
      '|  do|    3|',
      '|  is|    1|',
      '| not|    1|',
      '|  or|    1|',
      '|  to|    4|',
      '+----+-----+',
    ]);
    expect(lines).toEqual(readmeOutput(FOLDER, 'structured'));
  });
});
