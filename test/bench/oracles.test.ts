import { describe, expect, it } from 'vitest';
import { adJoin } from '../../bench/workloads/ad-join.js';
import type { AdJoinEvent } from '../../bench/workloads/ad-join.js';
import { lateSensors } from '../../bench/workloads/late-sensors.js';
import type { SensorReading } from '../../bench/workloads/late-sensors.js';
import { sessions, sessionsOf } from '../../bench/workloads/sessions.js';
import type { ClickEvent } from '../../bench/workloads/sessions.js';
import { wordcount } from '../../bench/workloads/wordcount.js';
import type { WordcountEvent } from '../../bench/workloads/wordcount.js';
import { WORKLOADS } from '../../bench/workloads/index.js';
import { campaignTable, yahoo } from '../../bench/workloads/yahoo.js';
import type { YahooEvent } from '../../bench/workloads/yahoo.js';

/** The oracle's rows without the bookkeeping fields, for exact comparison. */
function plain(rows: readonly { windowStartMs: number; windowEndMs: number; key: string; values: object; lateInputs: number; lastArrivalMs: number }[]) {
  return rows.map(({ windowStartMs, windowEndMs, key, values, lateInputs, lastArrivalMs }) => ({ windowStartMs, windowEndMs, key, values, lateInputs, lastArrivalMs }));
}

describe('wordcount oracle', () => {
  it('counts words per tumbling event-time window, late lines included', () => {
    const lines: WordcountEvent[] = [
      { eventTimeMs: 100, arrivalTimeMs: 100, line: 'a b a' },
      { eventTimeMs: 1500, arrivalTimeMs: 1600, line: 'b' },
      // Arrives when the watermark is 1500: its window [0, 1000) has closed, so it is late.
      { eventTimeMs: 900, arrivalTimeMs: 2000, line: 'a' },
    ];
    const answer = wordcount.oracle(lines, { ...wordcount.defaults, windowMs: 1000, watermarkMs: 0 });
    expect(plain(answer.rows)).toEqual([
      { windowStartMs: 0, windowEndMs: 1000, key: 'a', values: { count: 3 }, lateInputs: 1, lastArrivalMs: 2000 },
      { windowStartMs: 0, windowEndMs: 1000, key: 'b', values: { count: 1 }, lateInputs: 0, lastArrivalMs: 100 },
      { windowStartMs: 1000, windowEndMs: 2000, key: 'b', values: { count: 1 }, lateInputs: 0, lastArrivalMs: 1600 },
    ]);
  });

  it('does not call a line late while the watermark delay covers it', () => {
    const lines: WordcountEvent[] = [
      { eventTimeMs: 1500, arrivalTimeMs: 1500, line: 'b' },
      { eventTimeMs: 900, arrivalTimeMs: 1600, line: 'a' },
    ];
    const answer = wordcount.oracle(lines, { ...wordcount.defaults, windowMs: 1000, watermarkMs: 600 });
    expect(answer.rows.map((row) => row.lateInputs)).toEqual([0, 0]);
  });
});

describe('yahoo oracle', () => {
  it('keeps views, joins ads to campaigns and counts per campaign per window', () => {
    const params = { ...yahoo.defaults, campaigns: 2, adsPerCampaign: 2, windowMs: 10_000, watermarkMs: 0 };
    const { adIds, campaignIds } = campaignTable(params);
    const [ad0, ad1, ad2] = adIds as [string, string, string];
    const [campaign0, campaign1] = campaignIds as [string, string];
    const event = (timeMs: number, adId: string, eventType: YahooEvent['event_type']): YahooEvent => ({
      eventTimeMs: timeMs, arrivalTimeMs: timeMs, user_id: 'u', page_id: 'p', ad_id: adId, ad_type: 'banner',
      event_type: eventType, event_time: timeMs, ip_address: '1.2.3.4',
    });
    const events = [
      event(1000, ad0, 'view'), event(2000, ad1, 'view'), event(3000, ad2, 'view'), event(4000, ad2, 'click'),
      event(5000, ad0, 'purchase'), event(12_000, ad2, 'view'), event(13_000, 'unknown-ad', 'view'),
    ];
    expect(yahoo.oracle(events, params).rows.map((row) => [row.windowStartMs, row.key, row.values])).toEqual(
      [
        [0, campaign0, { count: 2 }],
        [0, campaign1, { count: 1 }],
        [10_000, campaign1, { count: 1 }],
      ].sort((a, b) => (a[0] as number) - (b[0] as number) || String(a[1]).localeCompare(String(b[1]))),
    );
  });

  it('builds the same campaign table for the same sizes, ten ads per campaign by default', () => {
    const table = campaignTable(yahoo.defaults);
    expect(table.campaignIds).toHaveLength(100);
    expect(table.adIds).toHaveLength(1000);
    expect(campaignTable(yahoo.defaults).adIds).toEqual(table.adIds);
    expect(table.campaignOfAd.get(table.adIds[15] as string)).toBe(table.campaignIds[1]);
  });
});

describe('late-sensors oracle', () => {
  it('computes avg, max and count per sensor per window', () => {
    const reading = (eventTimeMs: number, arrivalTimeMs: number, sensorId: string, temperature: number): SensorReading => ({ eventTimeMs, arrivalTimeMs, sensorId, temperature });
    const readings = [
      reading(100, 100, 'sensor-00', 20),
      reading(200, 250, 'sensor-01', 10),
      reading(4000, 4000, 'sensor-00', 24),
      reading(6000, 6000, 'sensor-00', 30),
      // The watermark is 6000 - 1000 = 5000 when this arrives: window [0, 5000) has closed.
      reading(3000, 7000, 'sensor-00', 22),
    ];
    const answer = lateSensors.oracle(readings, { ...lateSensors.defaults, windowMs: 5000, watermarkMs: 1000 });
    expect(plain(answer.rows)).toEqual([
      { windowStartMs: 0, windowEndMs: 5000, key: 'sensor-00', values: { avg: 22, max: 24, count: 3 }, lateInputs: 1, lastArrivalMs: 7000 },
      { windowStartMs: 0, windowEndMs: 5000, key: 'sensor-01', values: { avg: 10, max: 10, count: 1 }, lateInputs: 0, lastArrivalMs: 250 },
      { windowStartMs: 5000, windowEndMs: 10_000, key: 'sensor-00', values: { avg: 30, max: 30, count: 1 }, lateInputs: 0, lastArrivalMs: 6000 },
    ]);
  });
});

describe('sessions oracle', () => {
  it('splits a user\'s clicks where the gap is reached; a click exactly at the session end starts a new one', () => {
    expect(sessionsOf([0, 3000, 8000, 12_999, 30_000], 5000)).toEqual([
      { startMs: 0, endMs: 8000, count: 2 },
      { startMs: 8000, endMs: 17_999, count: 2 },
      { startMs: 30_000, endMs: 35_000, count: 1 },
    ]);
  });

  it('sessionizes per user by event time, whatever the arrival order', () => {
    const click = (eventTimeMs: number, arrivalTimeMs: number, userId: string): ClickEvent => ({ eventTimeMs, arrivalTimeMs, userId, page: '/' });
    const clicks = [click(0, 0, 'user-a'), click(1000, 1000, 'user-b'), click(9000, 9000, 'user-a'), click(3000, 9500, 'user-a')];
    const answer = sessions.oracle(clicks, { ...sessions.defaults, gapMs: 5000, watermarkMs: 2000 });
    expect(plain(answer.rows)).toEqual([
      // The click at 3000 arrives when the watermark is 9000 - 2000 = 7000: behind it, so late.
      { windowStartMs: 0, windowEndMs: 8000, key: 'user-a', values: { count: 2 }, lateInputs: 1, lastArrivalMs: 9500 },
      { windowStartMs: 1000, windowEndMs: 6000, key: 'user-b', values: { count: 1 }, lateInputs: 0, lastArrivalMs: 1000 },
      { windowStartMs: 9000, windowEndMs: 14_000, key: 'user-a', values: { count: 1 }, lateInputs: 0, lastArrivalMs: 9000 },
    ]);
  });
});

describe('ad-join oracle', () => {
  it('joins a click to its impression only within the bound, both ends included', () => {
    const impression = (id: string, timeMs: number): AdJoinEvent => ({ stream: 'impressions', impressionId: id, adId: 'ad-1', eventTimeMs: timeMs, arrivalTimeMs: timeMs });
    const click = (id: string, timeMs: number, arrivalTimeMs = timeMs): AdJoinEvent => ({ stream: 'clicks', clickId: `c-${id}`, impressionId: id, eventTimeMs: timeMs, arrivalTimeMs });
    const events = [
      impression('i1', 1000), impression('i2', 2000), impression('i3', 3000), impression('i4', 4000),
      click('i1', 5000), click('i2', 12_000), click('i3', 13_001), click('i5', 14_000),
      // Arrives before its impression would have: still joins by event time.
      click('i4', 4000, 4000),
    ];
    const answer = adJoin.oracle(events, { ...adJoin.defaults, boundMs: 10_000 });
    expect(answer.rows.map((row) => [row.key, row.windowStartMs, row.windowEndMs, row.values])).toEqual([
      ['i1', 1000, 5000, { count: 1 }],
      ['i2', 2000, 12_000, { count: 1 }],
      ['i4', 4000, 4000, { count: 1 }],
    ]);
  });
});

describe('workload generators', () => {
  const small = { events: 300, ratePerSec: 100 };
  for (const workload of WORKLOADS) {
    it(`${workload.name}: the same seed gives the same records, in arrival order`, () => {
      const params = { ...workload.defaults, ...small };
      const first = workload.generate(params, 7);
      expect(first).toHaveLength(300);
      expect(workload.generate(params, 7)).toEqual(first);
      expect(workload.generate(params, 8)).not.toEqual(first);
      for (let i = 1; i < first.length; i++) expect(first[i].arrivalTimeMs).toBeGreaterThanOrEqual(first[i - 1].arrivalTimeMs);
      for (const event of first) expect(event.arrivalTimeMs).toBeGreaterThanOrEqual(event.eventTimeMs);
    });
  }

  it('gives every record its event time as arrival time when lateness is none', () => {
    const lines = wordcount.generate({ ...wordcount.defaults, events: 50, lateness: 'none' }, 1);
    expect(lines.every((line) => line.arrivalTimeMs === line.eventTimeMs)).toBe(true);
    expect(lines.slice(0, 3).map((line) => line.eventTimeMs)).toEqual([0, 1, 2]);
  });

  it('delays the configured share of late-sensors readings past the watermark', () => {
    const params = { ...lateSensors.defaults, events: 4000, lateness: 'none,late=10%' };
    const readings = lateSensors.generate(params, 3);
    const late = readings.filter((r) => r.arrivalTimeMs - r.eventTimeMs >= params.watermarkMs + 2 * params.windowMs);
    expect(late.length / readings.length).toBeGreaterThan(0.08);
    expect(late.length / readings.length).toBeLessThan(0.12);
    expect(readings.filter((r) => r.arrivalTimeMs !== r.eventTimeMs)).toHaveLength(late.length);
  });
});
