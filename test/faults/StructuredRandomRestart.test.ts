/**
 * A seeded random stop/start stress test of Structured Streaming, as Spark's StreamTest runs one
 * (createStressTest): a few hundred steps of AddData, CheckAnswer, StopStream and StartStream over
 * a replayable source (MemoryStream), plus crashes at a random micro-batch protocol step (the
 * crashAfter seam) followed by a restart. The sink must equal the expected rows exactly at every
 * check: stateless (value + 1, append) and stateful (count per value % 5, complete). The seed is
 * in the failure message.
 */
import { describe, expect, it } from 'vitest';
import { col, MemoryStream, SeededRandom, StructType, type DataFrame } from '../../src/index.js';
import {
  AddData,
  CheckAnswer,
  CRASH_AFTER_KEY,
  ExpectFailure,
  MICRO_BATCH_STEPS,
  StartStream,
  StopStream,
  testStream,
  type ExpectedRow,
  type StreamAction,
} from '../../src/testing.js';
import { newSession } from './support.js';

type Expected = (added: readonly number[]) => ExpectedRow[];

/** The script: `steps` random actions, then a final start and check. */
function randomScript(seed: number, steps: number, input: MemoryStream<number>, expected: Expected): { actions: StreamAction[]; crashes: number; restarts: number } {
  const random = new SeededRandom(seed);
  const added: number[] = [];
  const actions: StreamAction[] = [];
  let running = true;
  let crashes = 0;
  let restarts = 0;
  const start = () => {
    actions.push(StartStream({ conf: { [CRASH_AFTER_KEY]: '' } }));
    running = true;
    restarts++;
  };
  for (let step = 0; step < steps; step++) {
    const r = random.next();
    if (r < 0.4) {
      const data = Array.from({ length: 1 + random.nextInt(3) }, () => random.nextInt(100));
      added.push(...data);
      actions.push(AddData(input, ...data));
    } else if (r < 0.65) {
      if (running) actions.push(CheckAnswer(...expected(added)));
    } else if (r < 0.85) {
      if (running) {
        actions.push(StopStream);
        running = false;
      } else {
        start();
      }
    } else if (running) {
      // A crash right after a random protocol step of the next batch, then a restart.
      const step = MICRO_BATCH_STEPS[random.nextInt(MICRO_BATCH_STEPS.length)]!;
      const data = [random.nextInt(100)];
      added.push(...data);
      actions.push(StopStream, StartStream({ conf: { [CRASH_AFTER_KEY]: step } }), AddData(input, ...data), ExpectFailure({ causeErrorClass: 'SIMULATED_CRASH' }));
      crashes++;
      start();
    }
  }
  if (!running) start();
  actions.push(CheckAnswer(...expected(added)));
  return { actions, crashes, restarts };
}

async function stress(seed: number, build: (df: DataFrame) => DataFrame, outputMode: string, expected: Expected) {
  const { spark } = newSession();
  const input = new MemoryStream<number>(new StructType().add('value', 'int'));
  const script = randomScript(seed, 300, input, expected);
  try {
    await testStream(build(input.toDF(spark)), outputMode, script.actions);
  } catch (error) {
    throw new Error(`random restart stress failed with seed ${seed}: ${(error as Error).message}`, { cause: error });
  }
  return script;
}

describe('Structured: random stop/start and crashes over a replayable source', () => {
  it.each([[7], [8]])('seed %i, stateless append: the sink equals the expected rows at every check', { timeout: 120_000 }, async (seed) => {
    const { crashes, restarts } = await stress(seed, (df) => df.select(col('value').plus(1).alias('next')), 'append', (added) => added.map((v) => [v + 1]));
    expect(crashes).toBeGreaterThan(5);
    expect(restarts).toBeGreaterThan(20);
  });

  it.each([[9], [10]])('seed %i, stateful complete: the counts equal the expected counts at every check', { timeout: 120_000 }, async (seed) => {
    const counts = (added: readonly number[]) => {
      const byKey = new Map<number, number>();
      for (const v of added) byKey.set(v % 5, (byKey.get(v % 5) ?? 0) + 1);
      return [...byKey].map(([k, n]) => [k, n]);
    };
    const { crashes } = await stress(seed, (df) => df.groupBy(col('value').mod(5).alias('k')).count(), 'complete', counts);
    expect(crashes).toBeGreaterThan(5);
  });
});
