/**
 * The HTML report (`--html FILE`): one self-contained page with the run, the side-by-side table
 * and the charts, drawn to SVG when the page is built, so it opens offline with no script.
 * No Spark counterpart.
 */
import { writeFile } from 'node:fs/promises';
import { formatDurationMs } from '../harness/durations.js';
import type { BenchReport } from './BenchReport.js';
import { reportCharts } from './charts.js';
import { rowsShown, winnersOf } from './metricRows.js';
import { renderSvg } from './renderSvg.js';
import { reportHeading } from './terminalReport.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The page style, shared by the max-rate page. */
export const REPORT_STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #222; margin: 2rem auto; max-width: 1000px; padding: 0 1rem; }
h1 { font-size: 1.4rem; margin-bottom: .2rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
p.meta { color: #555; margin: .1rem 0; }
table { border-collapse: collapse; margin-top: 1rem; }
th, td { padding: .25rem .8rem; border-bottom: 1px solid #ddd; text-align: right; }
th:first-child, td:first-child { text-align: left; }
td.winner { font-weight: 700; color: #1a7f37; }
td.status { color: #b35900; }
figure { margin: 1.5rem 0; } figcaption { color: #555; max-width: 700px; }
ul.notes { color: #555; }
`;

function tableHtml(report: BenchReport): string {
  const head = `<tr><th></th>${report.engines.map((m) => `<th>${escapeHtml(m.engine)}</th>`).join('')}</tr>`;
  const rows = rowsShown(report.engines).map((row) => {
    const winners = winnersOf(row, report.engines);
    const cells = report.engines.map((m, i) => {
      if (m.status !== 'ok') return `<td class="status">${m.status}</td>`;
      const value = row.value(m);
      const text = value === null || !Number.isFinite(value) ? '-' : row.format(value);
      return winners.has(i) ? `<td class="winner">${escapeHtml(text)} *</td>` : `<td>${escapeHtml(text)}</td>`;
    });
    return `<tr><td>${escapeHtml(row.label)}</td>${cells.join('')}</tr>`;
  });
  return `<table id="summary">${head}${rows.join('')}</table><p class="meta">* best in its row</p>`;
}

function notesHtml(report: BenchReport): string {
  const notes = report.engines.flatMap((m) => [
    ...(m.status !== 'ok' ? [`${m.engine} ${m.status}: ${m.error ?? ''}`] : []),
    ...m.notes.map((note) => `${m.engine}: ${note}`),
    `${m.engine}: ${m.description}`,
  ]);
  return `<ul class="notes">${notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`;
}

/** The whole page as HTML text; the charts are rendered here, once. */
export async function renderHtmlReport(report: BenchReport): Promise<string> {
  const figures: string[] = [];
  for (const chart of reportCharts(report)) {
    const svg = await renderSvg(chart.spec);
    figures.push(`<figure class="chart" id="chart-${chart.id}"><h2>${escapeHtml(chart.title)}</h2>${svg}<figcaption>${escapeHtml(chart.caption)}</figcaption></figure>`);
  }
  const [title, ...meta] = reportHeading(report);
  const { run, workload } = report;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>twinstream: ${escapeHtml(workload.name)} (${escapeHtml(report.engines.map((m) => m.engine).join(', '))})</title>
<style>${REPORT_STYLE}</style></head>
<body>
<h1>${escapeHtml(title ?? '')}</h1>
${meta.map((line) => `<p class="meta">${escapeHtml(line)}</p>`).join('\n')}
<p class="meta">${escapeHtml(workload.description)}; ${run.mode} time, batch interval ${formatDurationMs(run.batchIntervalMs)}; made ${escapeHtml(report.createdAt)}</p>
${tableHtml(report)}
${notesHtml(report)}
${figures.join('\n')}
</body></html>
`;
}

/** Writes the HTML report to `file`. */
export async function writeHtmlReport(file: string, report: BenchReport): Promise<void> {
  await writeFile(file, await renderHtmlReport(report), 'utf8');
}
