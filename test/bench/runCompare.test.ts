import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loopRunner } from '../../bench/baselines/loopRunner.js';
import { rxjsRunner } from '../../bench/baselines/rxjsRunner.js';
import { parseArgs } from '../../bench/harness/parseArgs.js';
import type { CompareCommand } from '../../bench/harness/parseArgs.js';
import { resolveParams } from '../../bench/harness/resolveParams.js';
import { runCompare } from '../../bench/harness/runCompare.js';
import { formatExplain, formatWorkloadList } from '../../bench/report/explainText.js';
import { WORKLOADS } from '../../bench/workloads/index.js';
import { yahoo } from '../../bench/workloads/yahoo.js';

describe('runCompare', () => {
  it('runs the named engines, reports engines without a runner as unsupported, and writes the JSON report', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'twinstream-compare-'));
    try {
      const jsonFile = path.join(directory, 'report.json');
      const command = parseArgs(['compare', '--workload', 'yahoo', '--engines', 'structured,loop,rxjs', '--events', '2000', '--seed', '5', '--json', jsonFile]) as CompareCommand;
      const out: string[] = [];
      const err: string[] = [];
      const report = await runCompare(command, {
        runners: { loop: loopRunner, rxjs: rxjsRunner },
        stdout: { isTTY: false, write: (text: string) => out.push(text) },
        stderr: { isTTY: false, write: (text: string) => err.push(text) },
        env: {},
      });
      expect(report.engines.map((m) => [m.engine, m.status])).toEqual([['structured', 'unsupported'], ['loop', 'ok'], ['rxjs', 'ok']]);
      expect(report.engines[0]?.error).toBe('no runner is registered for engine "structured" in this build of the bench');
      expect(report.workload).toMatchObject({ name: 'yahoo', seed: 5, events: 2000 });
      expect(out.join('')).toContain('structured unsupported: no runner is registered for engine "structured" in this build of the bench');
      expect(err).toEqual([]);
      const json = JSON.parse(await readFile(jsonFile, 'utf8'));
      expect(json.engines.map((e: { engine: string }) => e.engine)).toEqual(['structured', 'loop', 'rxjs']);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('resolveParams', () => {
  it('takes the record count from --duration x --rate and keeps the workload defaults otherwise', () => {
    const base = { batchIntervalMs: 1000, realTime: false };
    expect(resolveParams(yahoo, { ...base, durationMs: 10_000, ratePerSec: 2000 })).toMatchObject({ events: 20_000, ratePerSec: 2000, windowMs: 10_000 });
    expect(resolveParams(yahoo, { ...base, watermarkMs: 500, lateness: 'uniform:1s' })).toMatchObject({ events: 100_000, watermarkMs: 500, lateness: 'uniform:1s' });
    expect(resolveParams(yahoo, { ...base, durationMs: 1, ratePerSec: 1 }).events).toBe(1);
  });
});

describe('list and explain text', () => {
  it('lists every workload with its description', () => {
    const lines = formatWorkloadList(WORKLOADS).trimEnd().split('\n');
    expect(lines.map((line) => line.split(/\s{2,}/)[0])).toEqual(['wordcount', 'yahoo', 'late-sensors', 'sessions', 'ad-join', 'filter']);
    expect(lines[1]).toBe(`yahoo         ${yahoo.description}`);
  });

  it('explains a workload with its semantics and parameter defaults', () => {
    const text = formatExplain(yahoo);
    expect(text.split('\n').slice(0, 3)).toEqual([`yahoo: ${yahoo.description}`, '', yahoo.semantics]);
    expect(text).toContain('streams: ad-events; default seed 42');
    expect(text).toContain('  windowMs        10s           tumbling window size');
    expect(text).toContain('  campaigns       100           campaigns in the static table');
  });
});
