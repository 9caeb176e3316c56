/**
 * The stateless filter workload: its exact answer (one row per kept record), and every engine
 * (loop, RxJS, DStream, Structured micro-batch, Structured continuous) getting every row right in
 * virtual time. Continuous mode now runs it; the other workloads stay unsupported there.
 */
import { describe, expect, it } from 'vitest';
import { loopRunner } from '../../../bench/baselines/loopRunner.js';
import { rxjsRunner } from '../../../bench/baselines/rxjsRunner.js';
import { continuousRunner } from '../../../bench/engines/continuousRunner.js';
import { DStreamRunner } from '../../../bench/engines/dstreamRunner.js';
import { StructuredRunner } from '../../../bench/engines/structuredRunner.js';
import { filter, filterRowOf } from '../../../bench/workloads/filter.js';
import type { FilterEvent } from '../../../bench/workloads/filter.js';
import { runVirtual } from './support.js';

const params = { ...filter.defaults, events: 3000, ratePerSec: 1000 };

describe('filter workload', () => {
  it('keeps the records below the threshold, one row each, keyed by id in its second of event time', () => {
    const events = filter.generate(params, 8) as FilterEvent[];
    const kept = events.filter((e) => e.value < 50);
    const answer = filter.oracle(events, params);
    expect(answer.rows).toHaveLength(kept.length);
    expect(kept.length).toBe(1535);
    const first = kept[0] as FilterEvent;
    expect(answer.byIdentity.get(`0|1000|${first.id}`)).toMatchObject({ ...filterRowOf(first.id, first.value, first.eventTimeMs), lastArrivalMs: first.arrivalTimeMs, lateInputs: 0 });
    expect(filterRowOf(2500, 7, 2500)).toEqual({ windowStartMs: 2000, windowEndMs: 3000, key: '2500', values: { count: 1, value: 7 } });
  });

  it.each([
    ['loop', loopRunner],
    ['rxjs', rxjsRunner],
    ['dstream', new DStreamRunner()],
    ['structured', new StructuredRunner()],
    ['continuous', continuousRunner],
  ])('%s gets every row right', async (_name, runner) => {
    const { measurement } = await runVirtual(runner, filter, params, 8, 100);
    expect(measurement.status).toBe('ok');
    expect(measurement.correctness?.rows).toMatchObject({ expected: 1535, correct: 1535, missing: 0, extra: 0 });
    expect(measurement.correctness?.counts).toMatchObject({ dropped: 0, duplicated: 0, misassigned: 0 });
  }, 30_000);

  it('is the workload continuous mode runs', () => {
    expect(continuousRunner.unsupportedReason(filter)).toBeUndefined();
  });
});
