/**
 * A user-defined streaming source for the tests, written as a user would against the public API:
 * format `test-counter` counts 0, 1, 2, ... up to the option `total`, `rowsPerBatch` values a
 * batch, planned as `numPartitions` ranges and read in the tasks. Each row says whether it was made
 * on a worker thread, so a test can tell where its partition was read. This module is loaded by
 * worker threads too (definePartitionReader's `module`), so it imports no test framework.
 */
import { isMainThread } from 'node:worker_threads';
import { definePartitionReader, longOffset, registerStreamSourceProvider, StructType } from '../../../../src/index.js';
import type { InputPartition, Offset, Row, Source, StreamSourceProvider } from '../../../../src/index.js';

/** Values [from, until) of partition `partition`. */
interface CounterPartition extends InputPartition {
  readonly partition: number;
  readonly from: number;
  readonly until: number;
}

/** The reader: `[value, value * 10, made on a worker]` rows. */
export const counterReader = definePartitionReader<CounterPartition>({
  name: 'test.counter',
  module: import.meta.url,
  createReader: (p) => {
    const rows: unknown[][] = [];
    for (let value = p.from; value < p.until; value++) rows.push([value, value * 10, p.partition, !isMainThread]);
    return rows;
  },
});

const schema = new StructType().add('value', 'long', false).add('tens', 'long', false).add('partition', 'int', false).add('onWorker', 'boolean', false);

/** The counter source: offsets are how many values exist so far (a LongOffset). */
class CounterSource implements Source {
  readonly schema = schema;

  constructor(
    readonly total: number,
    readonly rowsPerBatch: number,
    readonly numPartitions: number,
    readonly plansRowCounts: boolean,
  ) {}

  latestOffset(startOffset: Offset | undefined): Offset | undefined {
    const start = longOffset(startOffset, 0, this.toString());
    const end = Math.min(this.total, start + this.rowsPerBatch);
    return end === 0 ? undefined : end;
  }

  planInputPartitions(start: Offset | undefined, end: Offset): CounterPartition[] {
    const from = longOffset(start, 0, this.toString());
    const until = longOffset(end, 0, this.toString());
    return Array.from({ length: this.numPartitions }, (_, partition) => {
      const a = from + Math.floor(((until - from) * partition) / this.numPartitions);
      const b = from + Math.floor(((until - from) * (partition + 1)) / this.numPartitions);
      return this.plansRowCounts ? { partition, from: a, until: b, numRows: b - a } : { partition, from: a, until: b };
    });
  }

  createReaderFactory() {
    return counterReader;
  }

  getBatch(start: Offset | undefined, end: Offset): Row[][] {
    return this.planInputPartitions(start, end).map((p) => [...counterReader.createReader(p)].map(([value, tens, partition]) => ({ value, tens, partition, onWorker: false })));
  }

  commit(): void {}

  stop(): void {}

  toString(): string {
    return `CounterSource[total=${this.total}]`;
  }
}

/** The provider of format `test-counter`: options total, rowsPerBatch, numPartitions, plansRowCounts (default true). */
export const counterProvider: StreamSourceProvider = {
  shortName: 'test-counter',
  sourceSchema: () => schema,
  createSource: ({ options }) => new CounterSource(
    Number(options.get('total') ?? 10),
    Number(options.get('rowsperbatch') ?? 4),
    Number(options.get('numpartitions') ?? 2),
    String(options.get('plansrowcounts') ?? 'true') === 'true',
  ),
};

registerStreamSourceProvider(counterProvider);
