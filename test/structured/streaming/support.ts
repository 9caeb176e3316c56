/**
 * Helpers for the streaming runtime tests: fresh temporary directories removed after each test,
 * and `caught` to inspect a thrown error.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach } from 'vitest';

const tempDirs: string[] = [];

afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory, deleted after the current test. */
export function tempDir(prefix = 'twinstream-streaming-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** The error `action` throws (sync or async); fails the test when it throws nothing. */
export function caught(action: () => unknown): Error & { errorClass?: string } {
  try {
    action();
  } catch (error) {
    return error as Error & { errorClass?: string };
  }
  throw new Error('expected an error');
}

/** The error `action` rejects with; fails the test when it resolves. */
export async function caughtAsync(action: () => Promise<unknown>): Promise<Error & { errorClass?: string }> {
  try {
    await action();
  } catch (error) {
    return error as Error & { errorClass?: string };
  }
  throw new Error('expected an error');
}

/** The file's content as UTF-8. */
export function readText(file: string): string {
  return fs.readFileSync(file, 'utf8');
}
