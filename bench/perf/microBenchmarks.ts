/**
 * The existing micro-benchmarks (bench/*.bench.ts) as children of `npm run bench`: each runs in its
 * own Node process (its heap and JIT state do not leak into the next one) and its printed table is
 * kept verbatim for BENCHMARKS.md. No Spark counterpart; Spark's `build/sbt bench` runs each
 * BenchmarkBase object the same way and writes its output file.
 */
import { spawn } from 'node:child_process';

/** One micro-benchmark file and its arguments at each size. */
export interface MicroBenchmark {
  readonly file: string;
  readonly title: string;
  readonly quickArgs: readonly string[];
  readonly fullArgs: readonly string[];
}

/** What one child printed and how long it took. */
export interface MicroResult {
  readonly file: string;
  readonly title: string;
  readonly args: readonly string[];
  readonly wallMs: number;
  readonly ok: boolean;
  readonly output: string;
}

/** The micro-benchmarks the suite runs, in order. */
export const MICRO_BENCHMARKS: readonly MicroBenchmark[] = [
  { file: 'bench/rdd.bench.ts', title: 'RDD core: reduceByKey word count', quickArgs: ['--words', '300000', '--iterations', '2'], fullArgs: ['--words', '1000000', '--iterations', '5'] },
  { file: 'bench/dstream.bench.ts', title: 'DStream: windowed word count (reduceByKeyAndWindow)', quickArgs: ['--batches', '8', '--lines', '2000', '--iterations', '1'], fullArgs: ['--batches', '20', '--lines', '2000', '--iterations', '3'] },
  { file: 'bench/structured.bench.ts', title: 'Structured batch: filter/project/aggregate, fused vs unfused', quickArgs: ['--rows', '300000', '--iterations', '2'], fullArgs: ['--rows', '1000000', '--iterations', '5'] },
  { file: 'bench/stateful.bench.ts', title: 'Structured streaming: event-time windowed count with a watermark', quickArgs: ['--events', '200000', '--batches', '10', '--iterations', '1'], fullArgs: ['--events', '1000000', '--batches', '20', '--iterations', '3'] },
];

/** Runs one micro-benchmark in a child `node --import tsx` process and captures its output. */
export function runMicroBenchmark(bench: MicroBenchmark, quick: boolean): Promise<MicroResult> {
  const args = quick ? bench.quickArgs : bench.fullArgs;
  // The wall time of a child process is a measurement of the bench itself, never engine code.
  const startMs = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', bench.file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ file: bench.file, title: bench.title, args, wallMs: performance.now() - startMs, ok: code === 0, output: output.trimEnd() }));
  });
}
