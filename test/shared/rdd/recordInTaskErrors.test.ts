/**
 * A user function of an element-wise operation (map, flatMap, filter, keyBy, mapValues,
 * flatMapValues) that throws fails the task with the record it was processing in the message:
 * `... (while processing record: <record>)`, long records cut at 200 characters. The error keeps
 * its class, and its cause is the error the function threw (worker threads ship the cause too).
 */
import { describe, expect, it } from 'vitest';
import { SparkException, type RDD, type SparkContext } from '../../../src/index.js';
import { MASTERS, useSparkContext } from '../../support/sparkContexts.js';

/** The message of the task failure that aborted the job, after "(executor ...): ". */
async function taskFailure(rdd: RDD<unknown>): Promise<{ description: string; error: Error }> {
  const error = (await rdd.collect().then(() => undefined, (e: unknown) => e)) as SparkException;
  expect(error).toBeInstanceOf(SparkException);
  expect(error.errorClass).toBe('JOB_ABORTED');
  return { description: error.message.replace(/^.*?\(executor [^)]*\): /, ''), error: error.cause as Error };
}

// Functions ship to worker threads as source text, so each throws by itself (no shared helper).
const CASES: [string, (sc: SparkContext) => RDD<unknown>, string][] = [
  ['map', (sc) => sc.parallelize<unknown>([1, 2, 'three'], 1).map((x) => (x as number).toFixed()), '"three"'],
  ['flatMap', (sc) => sc.parallelize([[1], null], 1).flatMap((x) => x as number[]), 'null'],
  ['filter', (sc) => sc.parallelize<{ id: number; tags?: string[] | null }>([{ id: 1 }, { id: 2, tags: null }], 1).filter((x) => x.tags === undefined || (x.tags as string[]).length > 0), '{"id":2,"tags":null}'],
  ['keyBy', (sc) => sc.parallelize([[1, 2], 3], 1).keyBy((x) => (x as number[]).at(0)), '3'],
  ['mapValues', (sc) => sc.parallelize([['a', 1], ['b', 'x']] as [string, unknown][], 1).mapValues((v) => (v as number).toFixed()), '["b","x"]'],
  ['flatMapValues', (sc) => sc.parallelize([['a', [1]], ['b', 7]] as [string, unknown][], 1).flatMapValues((v) => v as number[]), '["b",7]'],
];

describe.each(MASTERS)('the record in a task failure on %s', (master) => {
  const sc = useSparkContext(master, { conf: { 'spark.task.maxFailures': '1' } });

  it.each(CASES)('%s names the record its function failed on', async (_op, build, record) => {
    const { description } = await taskFailure(build(sc()));
    expect(description).toMatch(new RegExp(`^TypeError: .* \\(while processing record: ${record.replace(/[[\]{}()]/g, '\\$&')}\\)$`));
  });

  it('keeps the error class, and the original error as cause', async () => {
    const { description, error } = await taskFailure(sc().parallelize(['1', 'x'], 1).map((s) => JSON.parse(s) as number));
    expect(description).toBe(`SyntaxError: Unexpected token 'x', "x" is not valid JSON (while processing record: "x")`);
    expect(error).toBeInstanceOf(SyntaxError);
    expect(error.name).toBe('SyntaxError');
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect((error.cause as Error).message).toBe(`Unexpected token 'x', "x" is not valid JSON`);
  });

  it('cuts a record longer than 200 characters and says so', async () => {
    const long = 'y'.repeat(500);
    const { description } = await taskFailure(sc().parallelize([long], 1).map((s) => JSON.parse(s) as unknown));
    expect(description).toBe(`SyntaxError: Unexpected token 'y', "${'y'.repeat(10)}"... is not valid JSON (while processing record: "${'y'.repeat(199)}... (truncated to 200 of 502 characters))`);
  });

  it('names the record of the operation that failed, not of an operation after it', async () => {
    const rdd = sc()
      .parallelize(['a', 'b'], 1)
      .map((s) => (s === 'b' ? JSON.parse(s) as string : s.toUpperCase()))
      .map((s) => `${s}!`);
    expect((await taskFailure(rdd)).description).toBe(`SyntaxError: Unexpected token 'b', "b" is not valid JSON (while processing record: "b")`);
  });
});
