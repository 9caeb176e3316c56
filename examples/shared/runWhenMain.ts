/**
 * Lets every example file run on its own (`npx tsx examples/01-word-count/dstream.ts`) as well
 * as through `npm run example`, which imports it.
 */
import { pathToFileURL } from 'node:url';
import { SystemClock } from 'twinstream';
import type { Clock } from 'twinstream';
import type { Print } from './print.js';

/** What `npm run example` hands an example besides `print`. */
export interface ExampleOptions {
  /** The wall clock, for an example that also measures real time (the tests pass none). */
  readonly wallClock?: Clock;
}

/** An example half's entry point. */
export type ExampleRun = (print: Print, options?: ExampleOptions) => Promise<void>;

/**
 * Calls `run(console.log, { wallClock })` when the module at `moduleUrl` is the program node was
 * started with.
 */
export function runWhenMain(moduleUrl: string, run: ExampleRun): void {
  const entry = process.argv[1];
  if (entry === undefined || pathToFileURL(entry).href !== moduleUrl) return;
  run((line) => console.log(line), { wallClock: new SystemClock() }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
