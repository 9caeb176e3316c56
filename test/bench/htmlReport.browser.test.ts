import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopRunner } from '../../bench/baselines/loopRunner.js';
import { rxjsRunner } from '../../bench/baselines/rxjsRunner.js';
import { compareEngines } from '../../bench/harness/compareEngines.js';
import { writeHtmlReport } from '../../bench/report/htmlReport.js';
import { writeMaxRateHtml } from '../../bench/report/maxRateHtml.js';
import { lateSensors } from '../../bench/workloads/late-sensors.js';
import { REPORT } from './maxRateFixture.js';

const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let directory = '';
let file = '';
let maxRateFile = '';

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'twinstream-html-'));
  file = path.join(directory, 'report.html');
  const { report } = await compareEngines({
    workload: lateSensors,
    params: { ...lateSensors.defaults, events: 12_000, lateness: 'exponential:200ms,late=3%' },
    seed: 4,
    runners: [loopRunner, rxjsRunner],
    mode: 'virtual',
    batchIntervalMs: 1000,
  });
  await writeHtmlReport(file, report);
  maxRateFile = path.join(directory, 'max-rate.html');
  await writeMaxRateHtml(maxRateFile, REPORT);
}, 60_000);

afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('HTML report in a browser', () => {
  it('renders every chart with data marks and a page that is not blank', async () => {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      await page.goto(`file://${file}`);
      const charts = await page.$$eval('figure.chart', (figures) =>
        figures.map((figure) => ({
          id: figure.id,
          hasSvg: figure.querySelector('svg') !== null,
          marks: figure.querySelectorAll('svg g.role-mark > *').length,
        })),
      );
      expect(charts.map((chart) => chart.id)).toEqual(['chart-latency', 'chart-throughput', 'chart-arrivals', 'chart-correctness', 'chart-state']);
      for (const chart of charts) {
        expect(chart.hasSvg).toBe(true);
        expect(chart.marks, `${chart.id} has no marks`).toBeGreaterThan(0);
      }
      expect(await page.$$eval('#summary tr', (rows) => rows.length)).toBe(17);

      const screenshot = await page.screenshot({ fullPage: true });
      const inked = await page.evaluate(async (dataUrl) => {
        // The callback runs in the page; the test's TypeScript has no DOM library, hence `any`.
        const page = globalThis as any;
        const image = new page.Image();
        image.src = dataUrl;
        await image.decode();
        const canvas = page.document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext('2d');
        context.drawImage(image, 0, 0);
        const { data } = context.getImageData(0, 0, image.width, image.height);
        let notWhite = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) notWhite += 1;
        return notWhite / (data.length / 4);
      }, `data:image/png;base64,${screenshot.toString('base64')}`);
      expect(inked).toBeGreaterThan(0.01);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('renders the max-rate page: both rate charts with a line per engine and a point per trial', async () => {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      await page.goto(`file://${maxRateFile}`);
      const charts = await page.$$eval('figure.chart', (figures) =>
        figures.map((figure) => ({
          id: figure.id,
          lines: figure.querySelectorAll('svg g.mark-line.role-mark path').length,
          points: figure.querySelectorAll('svg g.mark-symbol.role-mark path').length,
        })),
      );
      // Throughput: the dashed diagonal plus one line per engine searched (structured, continuous); five trials.
      expect(charts).toEqual([
        { id: 'chart-throughput-vs-rate', lines: 3, points: 5 },
        { id: 'chart-latency-vs-rate', lines: 2, points: 5 },
      ]);
      expect(await page.$$eval('#trials tr', (rows) => rows.length)).toBe(6);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
