/**
 * updateStateByKey (Spark's BasicOperationsSuite state cases) and mapWithState (MapWithStateSuite),
 * with exact per-batch outputs and state snapshots, including timeouts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashPartitioner, ManualClock, Milliseconds, Seconds, SparkContext, StateSpec, StreamingContext, type DStream, type State } from '../../src/index.js';
import { TestInputDStream, runBatches, tempDir } from '../../src/testing.js';

const sorted = <T>(batches: T[][]) => batches.map((b) => [...b].sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1)));
const ones = (s: DStream<string>) => s.map((x) => [x, 1] as [string, number]);
const sum = (values: number[], state: number | undefined) => values.reduce((a, b) => a + b, 0) + (state ?? 0);
const input = [[], ['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b'], ['a'], []];

/** Runs a mapWithState spec and splits each batch into mapped records and the state snapshot. */
async function runMapWithState<S, E>(sc: SparkContext, batches: string[][], spec: StateSpec<string, number, S, E>, numBatches = batches.length) {
  const output = await runBatches({
    sc,
    input: batches,
    numBatches,
    operation: (s: DStream<string>) => {
      const mapped = ones(s).mapWithState(spec);
      return mapped.map((m) => ['m', m] as [string, unknown]).union(mapped.stateSnapshots().map((kv) => ['s', kv] as [string, unknown]));
    },
  });
  return {
    mapped: sorted(output.map((b) => b.filter(([tag]) => tag === 'm').map(([, v]) => v as E))),
    states: sorted(output.map((b) => b.filter(([tag]) => tag === 's').map(([, v]) => v as [string, S]))),
  };
}

describe.each(['local[2]', 'local-workers[2]'])('state operations on %s', (master) => {
  let sc: SparkContext;
  beforeAll(() => {
    sc = new SparkContext({ master, appName: 'StateSuites' });
  });
  afterAll(async () => {
    await sc.stop();
  });

  it('BasicOperationsSuite: updateStateByKey - simple with initial value RDD', async () => {
    const initialRDD = sc.parallelize([['a', 1], ['c', 2]] as [string, number][]);
    const output = await runBatches({
      sc,
      input: [['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b'], ['a'], []],
      operation: (s: DStream<string>) => ones(s).updateStateByKey(sum, { partitions: new HashPartitioner(2), initialRDD }),
    });
    expect(sorted(output)).toEqual(sorted([
      [['a', 2], ['c', 2]], [['a', 3], ['b', 1], ['c', 2]], [['a', 4], ['b', 2], ['c', 3]], [['a', 5], ['b', 3], ['c', 3]], [['a', 6], ['b', 3], ['c', 3]], [['a', 6], ['b', 3], ['c', 3]],
    ]));
  });

  it('BasicOperationsSuite: updateStateByKey - testing time stamps as input', async () => {
    const initialRDD = sc.parallelize([['a', 0], ['c', 0]] as [string, number][]);
    const output = await runBatches({
      sc,
      input: [['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b'], ['a'], []],
      operation: (s: DStream<string>) =>
        ones(s).updateStateByKey(
          (batchTimeMs: number, _key: string, values: number[], state: number | undefined) => (values.length > 0 ? batchTimeMs + (state ?? 0) : state ?? 0),
          { withKeyAndTime: true, partitions: new HashPartitioner(2), rememberPartitioner: false, initialRDD },
        ),
    });
    // a -> 1000, 3000, 6000, 10000, 15000, 15000; b -> -, 2000, 5000, 9000, 9000, 9000; c -> 0, 0, 3000, ...
    expect(sorted(output)).toEqual(sorted([
      [['a', 1000], ['c', 0]], [['a', 3000], ['b', 2000], ['c', 0]], [['a', 6000], ['b', 5000], ['c', 3000]], [['a', 10000], ['b', 9000], ['c', 3000]], [['a', 15000], ['b', 9000], ['c', 3000]], [['a', 15000], ['b', 9000], ['c', 3000]],
    ]));
  });

  it('BasicOperationsSuite: updateStateByKey - object lifecycle (a key seen twice without values is removed)', async () => {
    type Obj = { counter: number; expireCounter: number };
    const update = (values: number[], state: Obj | undefined): Obj | undefined => {
      const total = values.reduce((a, b) => a + b, 0);
      const next = total === 0 ? { counter: state?.counter ?? 0, expireCounter: (state?.expireCounter ?? 0) + 1 } : { counter: (state?.counter ?? 0) + total, expireCounter: 0 };
      return next.expireCounter === 2 ? undefined : next;
    };
    const output = await runBatches({
      sc,
      input: [['a', 'b'], null, ['a', 'c', 'a'], ['c'], null, null],
      operation: (s: DStream<string>) => ones(s).updateStateByKey(update).mapValues((o) => o.counter),
    });
    expect(sorted(output)).toEqual(sorted([[['a', 1], ['b', 1]], [['a', 1], ['b', 1]], [['a', 3], ['c', 1]], [['a', 3], ['c', 2]], [['c', 2]], []]));
  });

  it('MapWithStateSuite: mapWithState - basic operations with simple API', async () => {
    const spec = StateSpec.function((_key: string, value: number | undefined, state: State<number>) => {
      const total = (value ?? 0) + (state.getOption() ?? 0);
      state.update(total);
      return total;
    });
    const { mapped, states } = await runMapWithState(sc, input, spec);
    expect(mapped).toEqual(sorted([[], [1], [2, 1], [3, 2, 1], [4, 3], [5], []]));
    expect(states).toEqual(sorted([[], [['a', 1]], [['a', 2], ['b', 1]], [['a', 3], ['b', 2], ['c', 1]], [['a', 4], ['b', 3], ['c', 1]], [['a', 5], ['b', 3], ['c', 1]], [['a', 5], ['b', 3], ['c', 1]]]));
  });

  it('MapWithStateSuite: mapWithState - basic operations with advanced API', async () => {
    const spec = StateSpec.functionWithTime((_t: number, key: string, value: number | undefined, state: State<number>) => {
      state.update((value ?? 0) + (state.getOption() ?? 0));
      return key + key;
    });
    const { mapped } = await runMapWithState(sc, input, spec);
    expect(mapped).toEqual(sorted([[], ['aa'], ['aa', 'bb'], ['aa', 'bb', 'cc'], ['aa', 'bb'], ['aa'], []]));
  });

  it('MapWithStateSuite: mapWithState - states as mapped data', async () => {
    const spec = StateSpec.functionWithTime((_t: number, key: string, value: number | undefined, state: State<number>) => {
      const total = (value ?? 0) + (state.getOption() ?? 0);
      state.update(total);
      return [key, total] as [string, number];
    });
    const { mapped } = await runMapWithState(sc, input, spec);
    expect(mapped).toEqual(sorted([[], [['a', 1]], [['a', 2], ['b', 1]], [['a', 3], ['b', 2], ['c', 1]], [['a', 4], ['b', 3]], [['a', 5]], []]));
  });

  it('MapWithStateSuite: mapWithState - initial states, with nothing returned as from mapping function', async () => {
    const spec = StateSpec.functionWithTime((_t: number, _key: string, value: number | undefined, state: State<number>) => {
      state.update((value ?? 0) + (state.getOption() ?? 0));
      return undefined;
    }).initialState(sc.parallelize([['a', 5], ['b', 10], ['c', -20], ['d', 0]] as [string, number][]));
    const { mapped, states } = await runMapWithState(sc, input, spec);
    expect(mapped).toEqual(input.map(() => []));
    expect(states).toEqual(sorted([
      [['a', 5], ['b', 10], ['c', -20], ['d', 0]], [['a', 6], ['b', 10], ['c', -20], ['d', 0]], [['a', 7], ['b', 11], ['c', -20], ['d', 0]], [['a', 8], ['b', 12], ['c', -19], ['d', 0]],
      [['a', 9], ['b', 13], ['c', -19], ['d', 0]], [['a', 10], ['b', 13], ['c', -19], ['d', 0]], [['a', 10], ['b', 13], ['c', -19], ['d', 0]],
    ]));
  });

  it('MapWithStateSuite: mapWithState - state removing', async () => {
    const spec = StateSpec.functionWithTime((_t: number, key: string, value: number | undefined, state: State<number>) => {
      if (state.exists()) {
        state.remove();
        return key;
      }
      state.update(value as number);
      return undefined;
    }).numPartitions(1);
    const batches = [[], ['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b'], ['a'], []];
    const { mapped, states } = await runMapWithState(sc, batches, spec);
    expect(mapped).toEqual(sorted([[], [], ['a'], ['b'], ['a', 'c'], ['b'], ['a'], []]));
    expect(states).toEqual(sorted([[], [['a', 1]], [['b', 1]], [['a', 1], ['c', 1]], [['b', 1]], [['a', 1]], [], []]));
  });

  describe('MapWithStateSuite: mapWithState - state timing out', () => {
    const batches = [['a', 'b', 'c'], ['a', 'b'], ['a'], [], [], ['a'], ...Array.from({ length: 20 }, () => ['a'])];
    const timingOut = (_t: number, key: string, value: number | undefined, state: State<number>) => {
      if (value !== undefined) state.update(1);
      return state.isTimingOut() ? key : undefined;
    };

    it('finds idle keys on checkpointed batches only: with the default interval (10 batches) b and c time out at batch 10', async () => {
      const { mapped, states } = await runMapWithState(sc, batches, StateSpec.functionWithTime(timingOut).timeout(Seconds(3)), 20);
      expect(mapped).toEqual(Array.from({ length: 20 }, (_, i) => (i === 9 ? ['b', 'c'] : [])));
      expect(states.slice(2, 9).every((s) => s.length === 3)).toBe(true);
      expect(states[9]).toEqual([['a', 1]]);
      expect(states[19]).toEqual([['a', 1]]);
    });

    it('with a checkpoint every batch, times out c at 5000 and b at 6000 (idle more than 3 s), and never a', async () => {
      const spec = StateSpec.functionWithTime(timingOut).timeout(Seconds(3));
      const output = await runBatches({
        sc,
        input: batches,
        numBatches: 10,
        operation: (s: DStream<string>) => {
          const mapped = ones(s).mapWithState(spec);
          mapped.checkpoint(Seconds(1));
          return mapped;
        },
      });
      expect(output).toEqual([[], [], [], [], ['c'], ['b'], [], [], [], []]);
    });
  });

  it('MapWithStateSuite: state - get, exists, update, remove: misuse fails with Spark\'s messages', async () => {
    const spec = StateSpec.function((key: string, _value: number | undefined, state: State<number>) => {
      const errors: string[] = [];
      const attempt = (f: () => void) => {
        try {
          f();
        } catch (e) {
          errors.push((e as Error).message);
        }
      };
      attempt(() => state.get());
      state.update(1);
      const afterUpdate = [state.exists(), state.get(), state.isUpdated()];
      state.remove();
      attempt(() => state.update(2));
      attempt(() => state.remove());
      return [key, afterUpdate, state.isRemoved(), state.getOption(), errors];
    });
    const { mapped } = await runMapWithState(sc, [['a']], spec);
    expect(mapped).toEqual([[['a', [true, 1, true], true, undefined, ['State is not set', 'Cannot update the state after it has been removed', 'Cannot remove the state that has already been removed']]]]);
  });
});

describe('MapWithStateSuite: mapWithState - checkpoint durations', () => {
  it.each([
    [100, undefined, 1000],
    [1000, undefined, 10_000],
    [10_000, undefined, 100_000],
    [100, 2000, 2000],
    [1000, 2000, 2000],
    [10_000, 20_000, 20_000],
  ])('batch %i ms, explicit interval %s -> state checkpointed every %i ms', async (batchMs, explicitMs, expectedMs) => {
    const clock = new ManualClock(0);
    const sc = new SparkContext({ master: 'local', clock });
    const ssc = new StreamingContext(sc, Milliseconds(batchMs));
    try {
      const mapped = new TestInputDStream<number>(ssc, [], 2).map((x) => [x, 1] as [number, number]).mapWithState(StateSpec.function((_k: number, v: number | undefined) => v));
      if (explicitMs !== undefined) mapped.checkpoint(Milliseconds(explicitMs));
      mapped.print();
      ssc.checkpoint(tempDir());
      ssc.start();
      expect(mapped.checkpointDuration).toBeUndefined();
      expect(mapped.internalStream.checkpointDuration?.milliseconds).toBe(expectedMs);
    } finally {
      await ssc.stop();
    }
  });
});
