import { describe, expect, it } from 'vitest';
import { loopRunner } from '../../bench/baselines/loopRunner.js';
import { rxjsRunner } from '../../bench/baselines/rxjsRunner.js';
import { compareEngines } from '../../bench/harness/compareEngines.js';
import type { BenchReport } from '../../bench/report/BenchReport.js';
import { formatJsonReport } from '../../bench/report/jsonReport.js';
import { formatTerminalReport, terminalColorLevel } from '../../bench/report/terminalReport.js';
import { lateSensors } from '../../bench/workloads/late-sensors.js';

const machine = { node: 'v20.0.0', platform: 'linux', arch: 'x64', cpuModel: 'Test CPU', cores: 2, totalMemoryBytes: 1024 };

async function smallReport(): Promise<BenchReport> {
  let tick = 0;
  const { report } = await compareEngines({
    workload: lateSensors,
    params: { ...lateSensors.defaults, events: 12_000, lateness: 'exponential:200ms,late=3%' },
    seed: 9,
    runners: [loopRunner, rxjsRunner],
    mode: 'virtual',
    batchIntervalMs: 1000,
    // Each run reads the wall clock twice: 1 ms per run, so throughput is exact.
    now: () => tick++,
    createdAt: '2026-01-02T03:04:05.000Z',
    machine,
  });
  return report;
}

describe('JSON report', () => {
  it('holds the run, the machine and every engine figure', async () => {
    const report = await smallReport();
    const json = JSON.parse(formatJsonReport(report));
    expect(Object.keys(json)).toEqual(['schemaVersion', 'createdAt', 'machine', 'workload', 'run', 'oracle', 'arrivals', 'engines']);
    expect(json.schemaVersion).toBe(1);
    expect(json.createdAt).toBe('2026-01-02T03:04:05.000Z');
    expect(json.machine).toEqual(machine);
    expect(json.workload).toEqual({
      name: 'late-sensors',
      description: lateSensors.description,
      params: { events: 12_000, ratePerSec: 1000, lateness: 'exponential:200ms,late=3%', watermarkMs: 1000, sensors: 20, windowMs: 5000 },
      seed: 9,
      events: 12_000,
      streams: ['readings'],
    });
    expect(json.run).toEqual({ mode: 'virtual', batchIntervalMs: 1000, watermarkMs: 1000 });
    expect(json.oracle).toMatchObject({ rows: 60, windows: 3 });
    expect(json.arrivals.totalEvents).toBe(12_000);
    expect(json.arrivals.sample.length).toBeLessThanOrEqual(2500);
    expect(json.engines.map((e: { engine: string }) => e.engine)).toEqual(['loop', 'rxjs']);
    for (const engine of json.engines) {
      expect(Object.keys(engine)).toEqual([
        'engine', 'description', 'status', 'latency', 'latencyCurve', 'throughput', 'correctness', 'stateSize',
        'peakStateEntries', 'engineDroppedRecords', 'processingEndMs', 'engineStats', 'notes',
      ]);
      expect(Object.keys(engine.latency)).toEqual(['count', 'minMs', 'meanMs', 'p50Ms', 'p95Ms', 'p99Ms', 'maxMs']);
      expect(engine.latencyCurve).toHaveLength(101);
      expect(engine.throughput).toMatchObject({ events: 12_000, wallMs: 1, eventsPerSec: 12_000_000 });
      expect(Object.keys(engine.correctness)).toEqual(['rows', 'windows', 'counts', 'late', 'perWindow']);
      expect(engine.correctness.late.dropped).toBe(engine.engineDroppedRecords);
    }
  });

  it('writes non-finite numbers as null', () => {
    const text = formatJsonReport({ engines: [{ latency: { minMs: Infinity, meanMs: NaN } }] } as unknown as BenchReport);
    expect(JSON.parse(text)).toEqual({ engines: [{ latency: { minMs: null, meanMs: null } }] });
  });
});

describe('terminal report', () => {
  it('prints one column per engine with the run and machine above, plain without colour', async () => {
    const report = await smallReport();
    const lines = formatTerminalReport(report, 0).split('\n');
    expect(lines[0]).toBe('late-sensors: 12000 records, seed 9, batch interval 1s, watermark 1s (structural latency, virtual time)');
    expect(lines[1]).toBe('params: events=12000 ratePerSec=1000 lateness=exponential:200ms,late=3% watermarkMs=1000 sensors=20 windowMs=5000');
    expect(lines[3]).toBe('machine: Node v20.0.0, Test CPU, 2 cores');
    expect(lines[5]).toMatch(/^ +loop +rxjs$/);
    expect(lines.find((line) => line.startsWith('latency p99'))).toMatch(/^latency p99 +0 ms +0 ms {2}$/);
    expect(lines.join('\n')).not.toContain('\u001b[');
  });

  it('marks the winner of a row, in green when colour is on', async () => {
    const report = await smallReport();
    const [loop, rxjs] = report.engines as [BenchReport['engines'][number], BenchReport['engines'][number]];
    const slower = { ...report, engines: [loop, { ...rxjs, throughput: { ...rxjs.throughput, eventsPerSec: 1000 } }] };
    const plain = formatTerminalReport(slower, 0).split('\n').find((line) => line.startsWith('throughput'));
    expect(plain).toMatch(/^throughput +12\.00M\/s \* +1\.0k\/s {2}$/);
    const coloured = formatTerminalReport(slower, 1);
    expect(coloured).toContain('\u001b[32m\u001b[1m12.00M/s *\u001b[22m\u001b[39m');
  });

  it('shows latency from the schedule and the feed\'s lateness only when a real-time run measured them', async () => {
    const report = await smallReport();
    const labels = (r: BenchReport) => formatTerminalReport(r, 0).split('\n').map((line) => line.split(/ {2,}/)[0]);
    expect(labels(report)).not.toContain('latency p99 from schedule');
    expect(labels(report)).not.toContain('feed late p99');
    const summary = (p99Ms: number) => ({ count: 10, minMs: 0, meanMs: 1, p50Ms: 1, p95Ms: 2, p99Ms, maxMs: p99Ms });
    const [loop, rxjs] = report.engines as [BenchReport['engines'][number], BenchReport['engines'][number]];
    const real = { ...report, engines: [{ ...loop, latencyFromSchedule: summary(12.5), feedLateness: summary(12.5) }, { ...rxjs, latencyFromSchedule: summary(3), feedLateness: summary(3) }] };
    const lines = formatTerminalReport(real, 0).split('\n');
    expect(lines.find((line) => line.startsWith('latency p99 from schedule'))).toMatch(/^latency p99 from schedule +12\.5 ms +3\.0 ms \*$/);
    expect(lines.find((line) => line.startsWith('feed late p99'))).toMatch(/^feed late p99 +12\.5 ms +3\.0 ms {2}$/);
  });

  it('uses colour only on a terminal without NO_COLOR', () => {
    expect(terminalColorLevel({ isTTY: false }, {})).toBe(0);
    expect(terminalColorLevel({ isTTY: true }, {})).toBe(1);
    expect(terminalColorLevel({ isTTY: true }, { NO_COLOR: '' })).toBe(0);
    expect(terminalColorLevel({}, {})).toBe(0);
  });
});
