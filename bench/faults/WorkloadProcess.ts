/**
 * One run of a fault workload in a child process (`node --import tsx <script> <args as JSON>`),
 * so a SIGKILL at a random moment kills the engine and not the test. The parent sees the child's
 * events as they arrive, can wait for one with a bounded timeout, and kills it with SIGKILL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildEvent } from './childProtocol.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** How a child ended. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running (or finished) workload child. */
export class WorkloadProcess {
  readonly events: ChildEvent[] = [];
  /** When the parent spawned it, in the parent's performance.now() milliseconds. */
  readonly spawnedAtMs = performance.now();
  /** Per event, when the parent saw it (same time base as spawnedAtMs). */
  readonly seenAtMs: number[] = [];
  readonly exited: Promise<ChildExit>;
  #stderr = '';
  #stdoutRest = '';
  #waiters: (() => void)[] = [];
  #exit: ChildExit | undefined;
  readonly #child: ChildProcess;

  private constructor(script: string, args: unknown) {
    this.#child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, script), JSON.stringify(args)], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.#onStdout(chunk));
    this.#child.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (this.#stderr += chunk));
    this.exited = new Promise((resolve) => {
      this.#child.on('exit', (code, signal) => {
        this.#exit = { code, signal };
        this.#wake();
        resolve(this.#exit);
      });
    });
  }

  /** Spawns `script` (a path from the repository root) with `args`. */
  static spawn(script: string, args: unknown): WorkloadProcess {
    return new WorkloadProcess(script, args);
  }

  /** What the child wrote to stderr so far. */
  get stderr(): string {
    return this.#stderr;
  }

  get hasExited(): boolean {
    return this.#exit !== undefined;
  }

  /**
   * Resolves with the first event matching `predicate` (seen before or after this call).
   * @throws Error when the child exits without it or `timeoutMs` passes (naming the events seen and stderr)
   */
  async waitFor(predicate: (event: ChildEvent) => boolean, timeoutMs: number): Promise<ChildEvent> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      if (this.#exit) throw new Error(`The workload child exited (${JSON.stringify(this.#exit)}) before the awaited event; events: ${JSON.stringify(this.events)}; stderr: ${this.#stderr}`);
      const leftMs = deadline - performance.now();
      if (leftMs <= 0) throw new Error(`The workload child gave no awaited event within ${timeoutMs} ms; events: ${JSON.stringify(this.events)}; stderr: ${this.#stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, leftMs);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Kills the child with SIGKILL (if it still runs) and waits until it is gone. */
  async kill(): Promise<ChildExit> {
    if (!this.#exit) this.#child.kill('SIGKILL');
    return this.exited;
  }

  #onStdout(chunk: string): void {
    const lines = (this.#stdoutRest + chunk).split('\n');
    this.#stdoutRest = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      this.events.push(JSON.parse(line) as ChildEvent);
      this.seenAtMs.push(performance.now());
    }
    this.#wake();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
