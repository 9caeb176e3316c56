/**
 * The HTML page of `compare --find-max-rate --html FILE`: per engine the highest sustained rate,
 * every trial (offered rate, achieved throughput, p50/p99 latency from delivery, p99 from the
 * scheduled arrival, the feed's p99 lateness, verdict and why), and the
 * throughput-vs-rate and latency-vs-rate charts drawn to SVG when the page is built, so it opens
 * offline with no script. No Spark counterpart.
 */
import { writeFile } from 'node:fs/promises';
import type { MaxRateReport } from '../engines/maxRate/runFindMaxRate.js';
import { MIN_ACHIEVED_FRACTION } from '../engines/maxRate/judgeTrial.js';
import { trialSlackMs } from '../engines/maxRate/rateTrial.js';
import { escapeHtml, REPORT_STYLE } from './htmlReport.js';
import { formatMs, formatRate } from './metricRows.js';
import { rateCharts } from './rateCharts.js';
import { renderSvg } from './renderSvg.js';

const orDash = (value: number | null, format: (v: number) => string): string => (value === null ? '-' : format(value));

function summaryHtml(report: MaxRateReport): string {
  const rows = report.engines.map((e) => {
    if ('unsupported' in e) return `<tr><td>${escapeHtml(e.engine)}</td><td class="status" colspan="3">unsupported: ${escapeHtml(e.unsupported)}</td></tr>`;
    const { result } = e;
    return `<tr><td>${escapeHtml(e.engine)}</td><td>${orDash(result.maxSustainedRatePerSec, formatRate)}</td><td>${orDash(result.firstFailingRatePerSec, formatRate)}</td><td>${result.trials.length}</td></tr>`;
  });
  return `<table id="summary"><tr><th>engine</th><th>highest sustained rate</th><th>first rate behind</th><th>trials</th></tr>${rows.join('')}</table>`;
}

function trialsHtml(report: MaxRateReport): string {
  const rows = report.engines.flatMap((e) =>
    'result' in e
      ? e.result.trials.map((t) => {
        const m = t.measured;
        const cells = [
          escapeHtml(e.engine),
          formatRate(t.ratePerSec),
          m ? formatRate(m.achievedPerSec) : '-',
          m ? orDash(m.p50Ms, formatMs) : '-',
          m ? orDash(m.p99Ms, formatMs) : '-',
          m ? orDash(m.fromScheduleP99Ms, formatMs) : '-',
          m ? orDash(m.feedLatenessP99Ms, formatMs) : '-',
          m ? `${m.rowsRight}/${m.rowsExpected}` : '-',
          t.isSustained ? 'sustained' : 'behind',
          escapeHtml(t.reason),
        ];
        // The reason is text: left-aligned, unlike the figures.
        return `<tr>${cells.map((c, i) => (i === cells.length - 1 ? `<td style="text-align: left">${c}</td>` : `<td>${c}</td>`)).join('')}</tr>`;
      })
      : [],
  );
  return `<table id="trials"><tr><th>engine</th><th>offered</th><th>achieved</th><th>p50</th><th>p99</th><th>p99 from schedule</th><th>feed late p99</th><th>rows right</th><th>verdict</th><th style="text-align: left">why</th></tr>${rows.join('')}</table>`;
}

/** The whole page as HTML text; the charts are rendered here, once. */
export async function renderMaxRateHtml(report: MaxRateReport): Promise<string> {
  const figures: string[] = [];
  for (const chart of rateCharts(report.engines)) {
    const svg = await renderSvg(chart.spec);
    figures.push(`<figure class="chart" id="chart-${chart.id}"><h2>${escapeHtml(chart.title)}</h2>${svg}<figcaption>${escapeHtml(chart.caption)}</figcaption></figure>`);
  }
  const engines = report.engines.map((e) => e.engine).join(', ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>twinstream: highest sustainable rate on ${escapeHtml(report.workload)} (${escapeHtml(engines)})</title>
<style>${REPORT_STYLE}</style></head>
<body>
<h1>Highest sustainable rate on ${escapeHtml(report.workload)}</h1>
<p class="meta">Real time, ${report.stepDurationMs / 1000} s per trial, batch interval ${report.batchIntervalMs} ms. A trial is sustained when every batch after the first fits the interval, the last row is out no later than the model needs after the last arrival (+ ${trialSlackMs(report.stepDurationMs)} ms), the engine got through at least ${Math.round(MIN_ACHIEVED_FRACTION * 100)}% of the offered rate, and the feed delivered p99 less than one interval late. Latency is counted from each record's delivery and, including how late the feed delivered it, from its scheduled arrival. Each engine's search starts after an unrecorded warm-up run.</p>
${summaryHtml(report)}
${figures.join('\n')}
<h2>Trials</h2>
${trialsHtml(report)}
</body></html>
`;
}

/** Writes the max-rate page to `file`. */
export async function writeMaxRateHtml(file: string, report: MaxRateReport): Promise<void> {
  await writeFile(file, await renderMaxRateHtml(report), 'utf8');
}
