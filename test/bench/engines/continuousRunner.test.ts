/**
 * Continuous processing runs stateless queries only; every bench workload but the filter
 * aggregates, watermarks or joins, so each of those is reported unsupported with Spark's sentence
 * for the first operator (children first, as Spark's checkForContinuous visits the plan).
 */
import { describe, expect, it } from 'vitest';
import { continuousRunner, firstContinuousUnsupported } from '../../../bench/engines/continuousRunner.js';
import { WORKLOADS } from '../../../bench/workloads/index.js';

describe('continuous runner', () => {
  it('reports every stateful workload unsupported with the operator continuous mode cannot run, and runs the filter', () => {
    const reasons = Object.fromEntries(WORKLOADS.map((w) => [w.name, continuousRunner.unsupportedReason(w)?.split(' (')[0] ?? 'runs']));
    expect(reasons).toEqual({
      wordcount: 'Continuous processing does not support Generate operations.',
      yahoo: 'Continuous processing does not support LocalRelation operations.',
      'late-sensors': 'Continuous processing does not support EventTimeWatermark operations.',
      sessions: 'Continuous processing does not support EventTimeWatermark operations.',
      'ad-join': 'Continuous processing does not support EventTimeWatermark operations.',
      filter: 'runs',
    });
  });

  it('lets projections and filters over a streaming source through', () => {
    const leaf = { nodeName: 'StreamingRelation', children: [] };
    expect(firstContinuousUnsupported({ nodeName: 'Project', children: [{ nodeName: 'Filter', children: [leaf] }] })).toBeUndefined();
    expect(firstContinuousUnsupported({ nodeName: 'Aggregate', children: [{ nodeName: 'Filter', children: [leaf] }] })).toBe('Aggregate');
  });
});
