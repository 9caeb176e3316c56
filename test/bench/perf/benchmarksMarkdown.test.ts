import { describe, expect, it } from 'vitest';
import { GENERATED_END, GENERATED_START, spliceBenchmarks } from '../../../bench/perf/benchmarksMarkdown.js';
import { withRatios } from '../../../bench/perf/PerfTask.js';

const row = (engine: string, recordsPerSec: number, recordsPerCpuSec: number, error?: string) => ({
  name: `yahoo / ${engine} / -`, workload: 'yahoo', engine, master: '-', records: 100, iterations: 3, meanMs: 1, p50Ms: 1, p99Ms: 1,
  recordsPerSec, meanCpuMs: 1, recordsPerCpuSec, ...(error === undefined ? {} : { error }),
});

describe('BENCHMARKS.md generation', () => {
  it('replaces only the generated part and keeps the hand-written analysis around it', () => {
    const existing = `# title\n\nintro\n\n${GENERATED_START}\nold tables\n${GENERATED_END}\n\n## Analysis (hand-written)\n\nkept text\n`;
    const generated = `${GENERATED_START}\nnew tables\n${GENERATED_END}`;
    expect(spliceBenchmarks(existing, generated)).toBe(`# title\n\nintro\n\n${GENERATED_START}\nnew tables\n${GENERATED_END}\n\n## Analysis (hand-written)\n\nkept text\n`);
  });

  it('starts a new file with the generated part followed by an analysis section', () => {
    const out = spliceBenchmarks(undefined, `${GENERATED_START}\nT\n${GENERATED_END}`);
    expect(out.indexOf(GENERATED_START)).toBeLessThan(out.indexOf('## Analysis (hand-written)'));
  });

  it('computes each row\'s ratios to the loop and RxJS of its workload, in wall and CPU time', () => {
    const [loop, rxjs, engine, failed] = withRatios([row('loop', 1000, 2000), row('rxjs', 500, 1000), row('structured', 250, 400), row('dstream', NaN, NaN, 'boom')]);
    expect([loop!.ratioToLoop, rxjs!.ratioToLoop, engine!.ratioToLoop, engine!.ratioToRxjs]).toEqual([1, 0.5, 0.25, 0.5]);
    expect([engine!.cpuRatioToLoop, engine!.cpuRatioToRxjs]).toEqual([0.2, 0.4]);
    expect([failed!.ratioToLoop, failed!.cpuRatioToRxjs]).toEqual([null, null]);
  });
});
