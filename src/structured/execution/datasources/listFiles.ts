/**
 * The data files under a path. Spark: execution/datasources/InMemoryFileIndex.scala (files whose
 * name starts with `_` or `.` are metadata, not data) and MetadataLogFileIndex.scala (a directory a
 * streaming file sink wrote is read through its `_spark_metadata` log: only committed files).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QueryErrors } from '../../errors.js';
import { FileStreamSink } from '../../streaming/sinks/FileStreamSink.js';

/**
 * The data files at `path` (the file itself, or the visible files of a directory, sorted).
 * @throws AnalysisException PATH_NOT_FOUND when the path does not exist.
 */
export function listFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw QueryErrors.pathNotFound(path);
  }
  if (!stat.isDirectory()) return [path];
  // A file sink's part files are visible before their batch commits; readers must not see them.
  if (existsSync(join(path, '_spark_metadata'))) return FileStreamSink.committedFiles(path).map((url) => fileURLToPath(url)).sort();
  return readdirSync(path)
    .filter((name) => !name.startsWith('_') && !name.startsWith('.'))
    .sort()
    .map((name) => join(path, name))
    .filter((file) => statSync(file).isFile());
}

/** Every line of every data file at `paths`, for schema inference on the driver. */
export function readAllLines(paths: readonly string[]): string[] {
  const lines: string[] = [];
  for (const path of paths) {
    for (const file of listFiles(path)) {
      const text = readFileSync(file, 'utf8');
      const fileLines = text.split(/\r?\n/);
      if (fileLines.at(-1) === '') fileLines.pop();
      lines.push(...fileLines);
    }
  }
  return lines;
}
