/**
 * Lets every example file run on its own (`npx tsx examples/01-word-count/dstream.ts`) as well
 * as through `npm run example`, which imports it.
 */
import { pathToFileURL } from 'node:url';
import type { Print } from './print.js';

/** Calls `run(console.log)` when the module at `moduleUrl` is the program node was started with. */
export function runWhenMain(moduleUrl: string, run: (print: Print) => Promise<void>): void {
  const entry = process.argv[1];
  if (entry === undefined || pathToFileURL(entry).href !== moduleUrl) return;
  run((line) => console.log(line)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
