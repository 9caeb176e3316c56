/**
 * A suite step run in a Node process of its own, and the line protocol between the two: the child
 * prints progress lines as it goes and its result last, as `result <json>`. The suite runs its
 * heavy steps this way so that the heap of one (the yahoo step's input, a curve's state) is never
 * marked by the collections of the next. No Spark counterpart.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RESULT = 'result ';

/**
 * Runs the step module at `moduleUrl` with `options` (its JSON is the child's argument); `onLine`
 * gets every other line the child prints. Rejects, naming `stepName` and the child's stderr, when
 * the child exits without a result.
 */
export function runStepInChild<T>(moduleUrl: string, stepName: string, options: unknown, onLine: (line: string) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(moduleUrl), JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    let result: T | undefined;
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(RESULT)) result = JSON.parse(line.slice(RESULT.length)) as T;
        else onLine(line);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('close', (code) => {
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`the ${stepName} step's process exited with code ${code} and no result: ${errors.trim() || 'no output on stderr'}`));
    });
  });
}

/** True in the child: the module at `moduleUrl` is the process's entry point. */
export function isStepProcess(moduleUrl: string): boolean {
  return process.argv[1] === fileURLToPath(moduleUrl);
}

/** The child's side: the options its parent passed (the process's argument). */
export function stepOptions<O>(): O {
  return JSON.parse(process.argv[2] ?? '{}') as O;
}

/** Prints the child's result line, the last thing it prints. */
export function printStepResult(result: unknown): void {
  console.log(`${RESULT}${JSON.stringify(result)}`);
}
