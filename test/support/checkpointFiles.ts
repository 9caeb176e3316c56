/**
 * What a checkpoint directory holds, to show a refused restart changed nothing: every file (but
 * the run lock) with its content, and the files added or changed since such a snapshot.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every file of the checkpoint (but the run lock) with its content. */
export function snapshotFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === 'lock') continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), fs.readFileSync(file, 'latin1'));
  }
  return files;
}

/** The files added or changed since `before`, sorted. */
export function changedFiles(dir: string, before: Map<string, string>): string[] {
  return [...snapshotFiles(dir)].filter(([file, content]) => before.get(file) !== content).map(([file]) => file).sort();
}
