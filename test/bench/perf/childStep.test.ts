/**
 * The suite's steps in a process of their own (bench/perf/childStep.ts): the parent gets each
 * progress line in order and the child's result, and a child that ends without one fails the step
 * with its stderr in the message.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStepInChild } from '../../../bench/perf/childStep.js';

const ECHO_STEP = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'echoStep.ts')).href;

describe('runStepInChild', () => {
  it('hands over the progress lines in order, then resolves with the result', async () => {
    const lines: string[] = [];
    const result = await runStepInChild<unknown>(ECHO_STEP, 'echo', { units: 3 }, (line) => lines.push(line));
    expect(lines).toEqual(['unit 0', 'unit 1', 'unit 2']);
    expect(result).toEqual({ echoed: { units: 3 } });
  }, 30_000);

  it('fails naming the step, the exit code and what the child said on stderr', async () => {
    const lines: string[] = [];
    const run = runStepInChild<unknown>(ECHO_STEP, 'echo', { units: 1, fail: 'no data for the curve' }, (line) => lines.push(line));
    await expect(run).rejects.toThrow(/^the echo step's process exited with code 1 and no result: .*Error: no data for the curve/s);
    expect(lines).toEqual(['unit 0']);
  }, 30_000);
});
