/**
 * The global watermark from per-operator event-time statistics (Spark's WatermarkTracker and the
 * multiple-watermark cases of EventTimeWatermarkSuite). Event times are in seconds * 1000.
 */
import { describe, expect, it } from 'vitest';
import { EventTimeStats, parseWatermarkPolicy, WatermarkTracker } from '../../../../src/structured/streaming/runtime/WatermarkTracker.js';
import { caught } from '../support.js';

function statsOf(...eventTimesSec: number[]): EventTimeStats {
  const stats = new EventTimeStats();
  for (const s of eventTimesSec) stats.add(s * 1000);
  return stats;
}

describe('EventTimeStats', () => {
  it('tracks max, min, average and count, and merges partitions', () => {
    const a = statsOf(10, 20);
    expect(a).toMatchObject({ maxMs: 20_000, minMs: 10_000, avgMs: 15_000, count: 2 });
    const b = statsOf(40);
    a.merge(b);
    expect(a).toMatchObject({ maxMs: 40_000, minMs: 10_000, count: 3 });
    expect(a.avgMs).toBeCloseTo(70_000 / 3, 6);
    const empty = new EventTimeStats();
    empty.merge(new EventTimeStats());
    expect(empty.count).toBe(0);
    empty.merge(b);
    expect(empty).toMatchObject({ maxMs: 40_000, minMs: 40_000, avgMs: 40_000, count: 1 });
  });
});

describe('WatermarkTracker', () => {
  it('sets the watermark to max event time minus the delay, used from the next batch on', () => {
    const tracker = new WatermarkTracker('min', ['w']);
    expect(tracker.currentWatermarkMs).toBe(0);
    tracker.updateWatermark([{ operatorId: 'w', delayMs: 10_000, stats: statsOf(10, 12) }]);
    expect(tracker.currentWatermarkMs).toBe(2000);
    tracker.updateWatermark([{ operatorId: 'w', delayMs: 10_000, stats: statsOf(35) }]);
    expect(tracker.currentWatermarkMs).toBe(25_000);
  });

  it('never moves backwards, and a batch without data leaves it alone', () => {
    const tracker = new WatermarkTracker('min', ['w']);
    tracker.updateWatermark([{ operatorId: 'w', delayMs: 0, stats: statsOf(50) }]);
    tracker.updateWatermark([{ operatorId: 'w', delayMs: 0, stats: statsOf(20) }]);
    tracker.updateWatermark([{ operatorId: 'w', delayMs: 0, stats: new EventTimeStats() }]);
    expect(tracker.currentWatermarkMs).toBe(50_000);
  });

  it('with the min policy waits for the slowest input; with max follows the fastest', () => {
    const min = new WatermarkTracker('min', ['left', 'right']);
    min.updateWatermark([{ operatorId: 'left', delayMs: 5000, stats: statsOf(100) }]);
    expect(min.currentWatermarkMs).toBe(0); // right has seen nothing: it counts as 0
    min.updateWatermark([{ operatorId: 'right', delayMs: 0, stats: statsOf(30) }]);
    expect(min.currentWatermarkMs).toBe(30_000);
    const max = new WatermarkTracker('max', ['left', 'right']);
    max.updateWatermark([
      { operatorId: 'left', delayMs: 5000, stats: statsOf(100) },
      { operatorId: 'right', delayMs: 0, stats: statsOf(30) },
    ]);
    expect(max.currentWatermarkMs).toBe(95_000);
    expect(max.toState()).toEqual({ globalWatermarkMs: 95_000, operatorWatermarksMs: { left: 95_000, right: 30_000 } });
  });

  it('is restored from the offset log watermark or its own state', () => {
    const restarted = new WatermarkTracker('min', ['w']);
    restarted.setWatermark(25_000);
    restarted.updateWatermark([{ operatorId: 'w', delayMs: 10_000, stats: statsOf(20) }]);
    expect(restarted.currentWatermarkMs).toBe(25_000);
    const copy = WatermarkTracker.fromState('min', { globalWatermarkMs: 7000, operatorWatermarksMs: { w: 7000, v: null } });
    expect(copy.toState()).toEqual({ globalWatermarkMs: 7000, operatorWatermarksMs: { w: 7000, v: null } });
  });

  it('ignores updates when the plan has no watermark, and refuses unknown operators', () => {
    const none = new WatermarkTracker('min', []);
    none.updateWatermark([{ operatorId: 'x', delayMs: 0, stats: statsOf(10) }]);
    expect(none.currentWatermarkMs).toBe(0);
    const tracker = new WatermarkTracker('min', ['a', 'b']);
    expect(caught(() => tracker.updateWatermark([{ operatorId: 'c', delayMs: 0, stats: statsOf(1) }])).message).toBe(
      'Unknown watermark node ID: c, known IDs: [a,b]. The tracker must be built with the ids of every withWatermark operator of the plan it tracks.',
    );
  });

  it('parses spark.sql.streaming.multipleWatermarkPolicy', () => {
    expect(parseWatermarkPolicy(undefined)).toBe('min');
    expect(parseWatermarkPolicy('MAX')).toBe('max');
    expect(caught(() => parseWatermarkPolicy('avg')).message).toBe(
      'Could not recognize watermark policy \'avg\': spark.sql.streaming.multipleWatermarkPolicy accepts \'min\' (the default) or \'max\'.',
    );
  });
});
