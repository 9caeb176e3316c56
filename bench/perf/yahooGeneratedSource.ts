/**
 * A user-defined Structured Streaming source, format `yahoo-generated`: the yahoo workload's events
 * generated inside the tasks from a seed, one batch per trigger, so no event crosses from the
 * driver to a worker thread (issue 8, target 4). The driver plans each batch as a few numbers per
 * partition; the reader makes the partition's events as internal rows. Spark: a DataSource V2
 * MicroBatchStream (planInputPartitions on the driver, a PartitionReader per task), registered as
 * Spark's DataSourceRegister short names are.
 *
 * Partition p of batch b holds the same events as the DStream bench's generated input
 * (yahooDStream.ts, yahooBatchPartition): the same index range and the same mulberry32 draws in
 * the same order, so both engines' answers are checked against one exact answer
 * (generatedYahoo). The rows are made directly in the query's column order; the user, page and
 * ip columns are made too, as the DStream generator makes them, so both do the same work.
 */
import { definePartitionReader, longOffset, registerStreamSourceProvider, StructType } from '../../src/index.js';
import type { InputPartition, Offset, Row, Source, StreamSourceRequest } from '../../src/index.js';
import { campaignTable } from '../workloads/yahoo.js';

/** Everything a task needs to make partition `partition` of batch `batch`. */
interface YahooInputPartition extends InputPartition {
  readonly batch: number;
  readonly partition: number;
  readonly partitions: number;
  readonly events: number;
  readonly perBatch: number;
  readonly seed: number;
  readonly users: number;
  readonly pages: number;
  readonly campaigns: number;
  readonly adsPerCampaign: number;
  readonly numRows: number;
}

/** The event index range [first, until) of a partition, as yahooBatchPartition cuts it. */
function rangeOf(p: Pick<YahooInputPartition, 'batch' | 'partition' | 'partitions' | 'events' | 'perBatch'>): [number, number] {
  const batchStart = p.batch * p.perBatch;
  const first = Math.min(p.events, batchStart + Math.floor((p.partition * p.perBatch) / p.partitions));
  const until = Math.min(p.events, batchStart + Math.floor(((p.partition + 1) * p.perBatch) / p.partitions));
  return [first, until];
}

/** The id pools of a worker, built once per sizes (the DStream bench broadcasts the same arrays). */
const poolsBySizes = new Map<string, { users: string[]; pages: string[]; adIds: readonly string[] }>();

function poolsOf(p: YahooInputPartition): { users: string[]; pages: string[]; adIds: readonly string[] } {
  const key = `${p.users}/${p.pages}/${p.campaigns}/${p.adsPerCampaign}`;
  let pools = poolsBySizes.get(key);
  if (pools === undefined) {
    pools = {
      users: Array.from({ length: p.users }, (_, i) => `user-${i}`),
      pages: Array.from({ length: p.pages }, (_, i) => `page-${i}`),
      adIds: campaignTable(p).adIds,
    };
    poolsBySizes.set(key, pools);
  }
  return pools;
}

const AD_TYPES = ['banner', 'modal', 'sponsored-search', 'mail', 'mobile'];
const EVENT_TYPES = ['view', 'click', 'purchase'];

/** The rows of one partition: `[ad_id, event_type, event_time, user_id, page_id, ad_type, ip_address]`. */
function readYahooPartition(p: YahooInputPartition): unknown[][] {
  const [first, until] = rangeOf(p);
  let state = (Math.imul(p.seed, 0x9e3779b1) + first) | 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const { users, pages, adIds } = poolsOf(p);
  const ratePerMs = p.perBatch / 1000;
  const rows = new Array<unknown[]>(until - first);
  for (let index = first; index < until; index++) {
    const eventTimeMs = Math.floor(index / ratePerMs);
    // Drawn in yahooBatchPartition's order: user, page, ad, ad type, event type, four ip bytes.
    const userId = users[Math.floor(next() * users.length)];
    const pageId = pages[Math.floor(next() * pages.length)];
    const adId = adIds[Math.floor(next() * adIds.length)];
    const adType = AD_TYPES[Math.floor(next() * AD_TYPES.length)];
    const eventType = EVENT_TYPES[Math.floor(next() * 3)];
    const ip = `${Math.floor(next() * 256)}.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}`;
    rows[index - first] = [adId, eventType, eventTimeMs, userId, pageId, adType, ip];
  }
  return rows;
}

/** The reader, registered on the driver and, through this module, on every worker thread. */
export const yahooPartitionReader = definePartitionReader<YahooInputPartition>({
  name: 'bench.yahooGenerated',
  module: import.meta.url,
  createReader: readYahooPartition,
});

/** The columns: the query's three first, then the rest of the event. */
export const yahooGeneratedSchema = new StructType()
  .add('ad_id', 'string').add('event_type', 'string').add('event_time', 'timestamp')
  .add('user_id', 'string').add('page_id', 'string').add('ad_type', 'string').add('ip_address', 'string');

/** The sizes a run is generated from (the options of format `yahoo-generated`). */
type Sizes = Omit<YahooInputPartition, 'batch' | 'partition' | 'numRows'>;

/** Offsets count the batches read so far (a LongOffset); each trigger reads one more batch, as the prepared run adds one. */
class YahooGeneratedSource implements Source {
  readonly schema = yahooGeneratedSchema;
  readonly #batches: number;

  constructor(readonly sizes: Sizes) {
    this.#batches = Math.ceil(sizes.events / sizes.perBatch);
  }

  latestOffset(startOffset: Offset | undefined): Offset | undefined {
    const end = Math.min(this.#batches, longOffset(startOffset, 0, this.toString()) + 1);
    return end === 0 ? undefined : end;
  }

  planInputPartitions(start: Offset | undefined, end: Offset): YahooInputPartition[] {
    const out: YahooInputPartition[] = [];
    for (let batch = longOffset(start, 0, this.toString()); batch < longOffset(end, 0, this.toString()); batch++) {
      for (let partition = 0; partition < this.sizes.partitions; partition++) {
        const [first, until] = rangeOf({ ...this.sizes, batch, partition });
        out.push({ ...this.sizes, batch, partition, numRows: until - first });
      }
    }
    return out;
  }

  createReaderFactory() {
    return yahooPartitionReader;
  }

  getBatch(start: Offset | undefined, end: Offset): Row[][] {
    const names = this.schema.fieldNames;
    return this.planInputPartitions(start, end).map((p) => readYahooPartition(p).map((row) => Object.fromEntries(names.map((n, i) => [n, row[i]]))));
  }

  commit(): void {}

  stop(): void {}

  toString(): string {
    return `YahooGenerated[seed=${this.sizes.seed}, events=${this.sizes.events}, partitions=${this.sizes.partitions}]`;
  }
}

function sizesOf(request: StreamSourceRequest): Sizes {
  const number = (key: string): number => {
    const value = Number(request.options.get(key.toLowerCase()));
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`format yahoo-generated needs option ${key} as a whole number, got ${String(request.options.get(key.toLowerCase()))}`);
    return value;
  };
  return {
    partitions: number('partitions'), events: number('events'), perBatch: number('perBatch'), seed: number('seed'),
    users: number('users'), pages: number('pages'), campaigns: number('campaigns'), adsPerCampaign: number('adsPerCampaign'),
  };
}

registerStreamSourceProvider({
  shortName: 'yahoo-generated',
  sourceSchema: (request) => {
    sizesOf(request);
    return yahooGeneratedSchema;
  },
  createSource: (request) => new YahooGeneratedSource(sizesOf(request)),
});
