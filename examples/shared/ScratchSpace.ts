/**
 * Temporary directories for checkpoints, logs and file sinks, removed when the example ends, so
 * running an example leaves nothing behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Hands out fresh directories and removes them all at once. */
export class ScratchSpace {
  readonly #dirs: string[] = [];

  /** A new empty directory whose name starts with `purpose`. */
  dir(purpose: string): string {
    const dir = mkdtempSync(join(tmpdir(), `twinstream-example-${purpose}-`));
    this.#dirs.push(dir);
    return dir;
  }

  /** Deletes every directory handed out. */
  remove(): void {
    for (const dir of this.#dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}
