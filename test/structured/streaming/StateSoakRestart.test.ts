/**
 * Restart equivalence for every stateful operator: the rows each step adds to the sink are the
 * same whether the query runs straight through or is stopped and restarted from its checkpoint
 * after any step (state reloaded from the state store's files, watermark from the offset log).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  col,
  count,
  type DataFrame,
  GroupStateTimeout,
  ManualClock,
  MemoryStream,
  type GroupState,
  session_window,
  SparkSession,
  type StreamingQuery,
  StructType,
  time_add,
  window,
} from '../../../src/index.js';

let spark: SparkSession | undefined;
const dirs: string[] = [];
afterEach(() => {
  spark?.stop();
  spark = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

type Event = { key: string; t: number };
type Steps = [left: Event[], right: Event[]][];

interface Case {
  readonly name: string;
  readonly mode: 'append' | 'update' | 'complete';
  readonly build: (left: DataFrame, right: DataFrame) => DataFrame;
}

const events = (input: MemoryStream<Event>, s: SparkSession) =>
  input.toDF(s).withColumn('eventTime', col('t').cast('timestamp')).withWatermark('eventTime', '10 seconds');

const cases: Case[] = [
  { name: 'windowed aggregation (append)', mode: 'append', build: (l) => l.groupBy(window('eventTime', '10 seconds'), 'key').agg(count('*')) },
  { name: 'windowed aggregation (update)', mode: 'update', build: (l) => l.groupBy(window('eventTime', '10 seconds', '5 seconds'), 'key').agg(count('*')) },
  { name: 'dropDuplicates with watermark', mode: 'append', build: (l) => l.dropDuplicates(['key', 'eventTime']) },
  { name: 'dropDuplicatesWithinWatermark', mode: 'append', build: (l) => l.dropDuplicatesWithinWatermark(['key']) },
  { name: 'session windows (append)', mode: 'append', build: (l) => l.groupBy(session_window('eventTime', '5 seconds'), 'key').agg(count('*')) },
  {
    name: 'stream-stream left outer join with a time range',
    mode: 'append',
    build: (l, r) => {
      const right = r.select(col('key').alias('rkey'), col('eventTime').alias('rtime'));
      return l.join(right, col('key').equalTo(col('rkey')).and(col('eventTime').geq(col('rtime'))).and(col('eventTime').leq(time_add('rtime', '5 seconds'))), 'left_outer')
        .select('key', 't', 'rtime');
    },
  },
  {
    name: 'flatMapGroupsWithState with event-time timeout',
    mode: 'update',
    build: (l) => l.groupByKey((row) => row['key'] as string).flatMapGroupsWithState('Update', GroupStateTimeout.EventTimeTimeout(),
      (key, rows, state: GroupState<number>) => {
        if (state.hasTimedOut) {
          const n = state.get();
          state.remove();
          return [{ key, n, closed: true }];
        }
        const n = (state.getOption() ?? 0) + rows.length;
        state.update(n);
        state.setTimeoutTimestamp(Math.max(...rows.map((r) => r['eventTime'] as number)) + 5000);
        return [{ key, n, closed: false }];
      }, 'key string, n long, closed boolean'),
  },
];

const steps: Steps = [
  [[{ key: 'a', t: 1 }, { key: 'b', t: 2 }, { key: 'a', t: 3 }], [{ key: 'a', t: 1 }]],
  [[{ key: 'a', t: 12 }, { key: 'b', t: 8 }], [{ key: 'b', t: 6 }]],
  [[{ key: 'a', t: 25 }, { key: 'a', t: 2 }], [{ key: 'a', t: 24 }]],
  [[{ key: 'b', t: 40 }, { key: 'a', t: 27 }], [{ key: 'b', t: 38 }]],
  [[{ key: 'a', t: 61 }], [{ key: 'a', t: 60 }]],
];

/** The rows each step adds to the sink (sorted JSON), restarting after step `restartAfter` when given. */
async function stepOutputs(c: Case, restartAfter?: number): Promise<string[][]> {
  spark?.stop();
  spark = SparkSession.builder().master('local[2]').config('spark.sql.shuffle.partitions', 3).clock(new ManualClock(0)).getOrCreate();
  const s = spark;
  const schema = new StructType().add('key', 'string').add('t', 'int');
  const left = new MemoryStream<Event>(schema);
  const right = new MemoryStream<Event>(schema);
  const df = c.build(events(left, s), events(right, s));
  const checkpoint = fs.mkdtempSync(path.join(os.tmpdir(), 'restart-'));
  dirs.push(checkpoint);
  const name = `restart_${c.name.replace(/\W+/g, '_')}`;
  const start = (): StreamingQuery => df.writeStream.format('memory').queryName(name).outputMode(c.mode).option('checkpointLocation', checkpoint).start();
  let query = start();
  const out: string[][] = [];
  let seen = 0;
  for (const [i, [l, r]] of steps.entries()) {
    left.addData(...l);
    right.addData(...r);
    await query.processAllAvailable();
    const rows = (await s.table(name).collect()).map((row) => JSON.stringify(row));
    out.push(c.mode === 'complete' ? rows.sort() : rows.slice(seen).sort());
    seen = rows.length;
    if (i === restartAfter) {
      await query.stop();
      query = start(); // a new memory sink: the table starts empty again
      seen = 0;
    }
  }
  await query.stop();
  return out;
}

describe('restart from the checkpoint gives the same answers as a run without restart', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const straight = await stepOutputs(c);
      expect(straight.flat().length).toBeGreaterThan(0);
      for (let restartAfter = 0; restartAfter < steps.length - 1; restartAfter++) {
        expect(await stepOutputs(c, restartAfter), `restart after step ${restartAfter + 1}`).toEqual(straight);
      }
    });
  }
});
