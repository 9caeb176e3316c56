/**
 * The max-rate report: every trial keeps what it measured, the two rate charts hold exactly the
 * trials' points (one line per engine), and the HTML page of `--find-max-rate --html` has the
 * summary, both charts as SVG and every trial. Built from a fixed set of trials (no real time).
 */
import { describe, expect, it } from 'vitest';
import { judgeTrial } from '../../bench/engines/maxRate/judgeTrial.js';
import { renderMaxRateHtml } from '../../bench/report/maxRateHtml.js';
import { latencyVsRateChart, ratePoints, rateCharts, throughputVsRateChart } from '../../bench/report/rateCharts.js';
import { measured, REPORT, trial } from './maxRateFixture.js';

describe('trials keep what they measured', () => {
  it('judgeTrial passes the figures on with the verdict', () => {
    const m = measured(1800, 40, 90);
    expect(judgeTrial({ ratePerSec: 2000, status: 'ok', maxBatchMs: 50, batchIntervalMs: 100, endLagMs: 150, allowedEndLagMs: 900, measured: m })).toEqual({
      ratePerSec: 2000, isSustained: true, reason: 'kept up (longest batch 50 ms, ended 150 ms after the last arrival)', measured: m,
    });
    expect(judgeTrial({ ratePerSec: 2000, status: 'ok', maxBatchMs: 150, batchIntervalMs: 100, endLagMs: 150, allowedEndLagMs: 900, measured: m }).measured).toBe(m);
  });
});

describe('rate charts', () => {
  it('have one point per measured trial, by engine, offered rate, achieved rate and p99 from the schedule', () => {
    // The 40k/s trial's feed was 120 ms late: its p99 from delivery is 900 ms, from the schedule 1020 ms.
    expect(ratePoints(REPORT.engines)).toEqual([
      { engine: 'structured', offered: 10_000, achieved: 9000, p99Ms: 110, trial: 'sustained' },
      { engine: 'structured', offered: 20_000, achieved: 18_000, p99Ms: 118, trial: 'sustained' },
      { engine: 'structured', offered: 40_000, achieved: 25_000, p99Ms: 1020, trial: 'behind' },
      { engine: 'continuous', offered: 10_000, achieved: 9900, p99Ms: 0.2, trial: 'sustained' },
      { engine: 'continuous', offered: 40_000, achieved: 39_000, p99Ms: 0.5, trial: 'sustained' },
    ]);
  });

  it('draw throughput against the offered rate with the diagonal, colour by engine', () => {
    const chart = throughputVsRateChart(REPORT.engines);
    const layers = (chart?.spec as any).layer;
    expect(layers[0].data.values).toEqual([{ offered: 10_000, achieved: 10_000 }, { offered: 40_000, achieved: 40_000 }]);
    expect(layers[1].data.values).toHaveLength(5);
    expect(layers[1].encoding.color.scale.domain).toEqual(['structured', 'continuous', 'dstream']);
    expect(layers[1].encoding.x).toMatchObject({ field: 'offered', scale: { type: 'log' } });
  });

  it('draw p99 latency from the schedule against the offered rate, leaving out trials with no latency', () => {
    const engines = [{ engine: 'loop', batchIntervalMs: 100, result: { maxSustainedRatePerSec: 1000, firstFailingRatePerSec: null, trials: [trial(1000, true, measured(990, null, null)), trial(500, true)] } }];
    expect(latencyVsRateChart(engines)).toBeNull();
    const chart = latencyVsRateChart(REPORT.engines);
    expect((chart?.spec as any).data.values.map((p: { p99Ms: number }) => p.p99Ms)).toEqual([110, 118, 1020, 0.2, 0.5]);
    expect(rateCharts(REPORT.engines).map((c) => c.id)).toEqual(['throughput-vs-rate', 'latency-vs-rate']);
    expect(rateCharts([])).toEqual([]);
  });
});

describe('max-rate HTML page', () => {
  it('has the summary, both charts as SVG and a row per trial', async () => {
    const html = await renderMaxRateHtml(REPORT);
    expect(html).toContain('<h1>Highest sustainable rate on filter</h1>');
    expect(html.match(/<figure class="chart" id="chart-[a-z-]+"><h2>[^<]+<\/h2><svg/g)?.map((f) => f.match(/id="([^"]+)"/)?.[1])).toEqual(['chart-throughput-vs-rate', 'chart-latency-vs-rate']);
    expect(html).toContain('<tr><td>structured</td><td>20.0k/s</td><td>40.0k/s</td><td>3</td></tr>');
    expect(html).toContain('<tr><td>continuous</td><td>40.0k/s</td><td>-</td><td>2</td></tr>');
    expect(html).toContain('unsupported: no query for workload &quot;filter&quot;');
    expect(html).toContain('<tr><td>structured</td><td>40.0k/s</td><td>25.0k/s</td><td>300 ms</td><td>900 ms</td><td>1020 ms</td><td>120 ms</td><td>500/500</td><td>behind</td><td style="text-align: left">behind</td></tr>');
    expect(html.match(/<tr><td>(structured|continuous)<\/td><td>[^<]+<\/td><td>[^<]+<\/td><td>[^<]+<\/td><td>[^<]+<\/td><td>[^<]+<\/td><td>[^<]+<\/td><td>\d+\/\d+<\/td>/g)).toHaveLength(5);
  });
});
