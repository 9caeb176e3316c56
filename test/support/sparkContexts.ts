/**
 * Runs RDD-core suites on both kinds of executor: inline (`local[2]`, tasks on the test's thread)
 * and worker threads (`local-workers[2]`, functions shipped as source text). A suite written once
 * with `describe.each(MASTERS)` must give the same exact answers on both.
 */
import { afterAll, beforeAll } from 'vitest';
import { SparkContext, type SparkContextOptions } from '../../src/index.js';

/** The two masters every core behaviour is checked on. */
export const MASTERS = ['local[2]', 'local-workers[2]'] as const;

/**
 * One SparkContext for a whole describe block (worker threads take ~0.1 s each to start), stopped
 * after it. Use for tests that do not change the context (no faults, no killed executors).
 */
export function useSparkContext(master: string, options: Omit<SparkContextOptions, 'master'> = {}): () => SparkContext {
  let sc: SparkContext | undefined;
  beforeAll(() => {
    sc = new SparkContext({ master, ...options });
  });
  afterAll(async () => {
    await sc?.stop();
  });
  return () => {
    if (!sc) throw new Error('useSparkContext: the context is created in beforeAll; call the getter inside a test');
    return sc;
  };
}

/** A fresh SparkContext for one test, stopped however the test ends. */
export async function withSparkContext<R>(master: string, body: (sc: SparkContext) => Promise<R>, options: Omit<SparkContextOptions, 'master'> = {}): Promise<R> {
  const sc = new SparkContext({ master, ...options });
  try {
    return await body(sc);
  } finally {
    await sc.stop();
  }
}

/** Sorts a copy with a total order on numbers, strings and tuples of them, so results compare as sets. */
export function sorted<T>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => {
    const x = JSON.stringify(a);
    const y = JSON.stringify(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
