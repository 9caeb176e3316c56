/**
 * Builds the snapshot file of one state store version from its files alone (the newest snapshot
 * below it plus the deltas after it), for the maintenance thread. Spark: the snapshot half of
 * HDFSBackedStateStoreProvider.doMaintenance, which a background thread runs on the loaded map;
 * here a worker thread rebuilds the version from the files, so the query's thread does no work for it.
 *
 * This function is shipped to the maintenance thread as source text: it must not refer to
 * anything outside itself (no imports; `fs` comes in as an argument).
 *
 * The text of each key is taken from the file line as it is: every state file writes keys in
 * their canonical form (encodeStateKey), so the snapshot keeps them byte for byte, in the order a
 * load would give them (a put keeps a key's place, a remove drops it, a put after that appends).
 * Any line it cannot split exactly fails the job: a snapshot is optional and the deltas stay.
 *
 * The maintenance thread keeps the rows of the last snapshot it wrote for each store (`cache`):
 * the next job of that store starts from them instead of reading the whole snapshot file back,
 * when that file is still the one it wrote (same inode, time and size; a snapshot rewritten or
 * deleted since is read from the file, or the job starts from an older one).
 */

/** What to build: the files of one version, oldest first, and where to write the result. */
export interface SnapshotJob {
  /** The version the snapshot is of (its `<version>.snapshot`). */
  readonly version: number;
  /** The newest snapshot file below `version`, or undefined to start from the empty state. */
  readonly baseSnapshotFile: string | undefined;
  /** The delta files after the base up to `version`, in version order. */
  readonly deltaFiles: readonly string[];
  /** A hidden file in the store's directory that receives the snapshot; the provider renames it into place. */
  readonly tempFile: string;
}

/** The outcome: the rows written and a stamp of each delta read (so the provider can see a delta rewritten since), or why not. */
export type SnapshotJobResult =
  | { readonly ok: true; readonly rows: number; readonly deltaStamps: readonly string[] }
  | { readonly ok: false; readonly message: string };

/**
 * The rows of the last snapshot written per store, by its snapshot file's stamp; kept by the
 * maintenance thread. Each row maps a key's text to its whole snapshot line (`[key,value]`), so a
 * snapshot is the lines joined: no text is built per row that did not change.
 */
export type SnapshotCache = Map<string, { readonly stamp: string; readonly rows: Map<string, string> }>;

/** The file system calls the job makes. */
export interface SnapshotJobFs {
  readFileSync(file: string, encoding: 'utf8'): string;
  writeFileSync(file: string, text: string, options: { flag: string }): void;
  statSync(file: string): { ino: number; mtimeMs: number; size: number };
}

/**
 * Reads the job's files and writes the snapshot of its version to `job.tempFile`.
 * `isCancelled` is asked before writing: a provider that closed or replaced the version wants nothing.
 */
export function snapshotFromFiles(job: SnapshotJob, fs: SnapshotJobFs, isCancelled: () => boolean, cache?: SnapshotCache): SnapshotJobResult {
  const store = job.tempFile.slice(0, job.tempFile.lastIndexOf('/'));
  const stampOf = (file: string): string => {
    const stat = fs.statSync(file);
    return `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
  };
  const cached = cache?.get(store);
  cache?.delete(store);
  try {
    let rows = new Map<string, string>();
    const recordLines = (file: string): string[] => {
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      const end = lines.length > 1 ? (JSON.parse(lines[lines.length - 1]!) as { end?: unknown }).end : undefined;
      if (lines[0] !== 'v1' || end !== lines.length - 2) throw new Error(`the state file ${file} is damaged`);
      return lines.slice(1, -1);
    };
    // `prefix` + key + `,` + value + `]`: the value is re-encoded to find where the key ends.
    const keyOf = (line: string, prefix: string, value: unknown): string => {
      const valueText = JSON.stringify(value);
      const keyEnd = line.length - valueText.length - 2;
      if (!line.startsWith(prefix) || keyEnd <= prefix.length || line.slice(keyEnd) !== `,${valueText}]`) {
        throw new Error(`cannot split a state file line into key and value: ${line.slice(0, 80)}`);
      }
      return line.slice(prefix.length, keyEnd);
    };
    if (job.baseSnapshotFile !== undefined && cached !== undefined && cached.stamp === stampOf(job.baseSnapshotFile)) {
      rows = cached.rows;
    } else if (job.baseSnapshotFile !== undefined) {
      for (const line of recordLines(job.baseSnapshotFile)) rows.set(keyOf(line, '[', (JSON.parse(line) as unknown[])[1]), line);
    }
    const deltaStamps: string[] = [];
    for (const file of job.deltaFiles) {
      deltaStamps.push(stampOf(file));
      for (const line of recordLines(file)) {
        const record = JSON.parse(line) as unknown[];
        if (record[0] === 'put' && record.length === 3) {
          // `["put",key,value]` is `[key,value]` after its first seven characters; joined into a
          // flat string now, so the next snapshots copy it as it is.
          rows.set(keyOf(line, '["put",', record[2]), ['[', line.slice('["put",'.length)].join(''));
        } else if (record[0] === 'remove' && record.length === 2 && line.startsWith('["remove",')) {
          rows.delete(line.slice('["remove",'.length, -1));
        } else {
          throw new Error(`the state file ${file} has a line that is neither a put nor a remove`);
        }
      }
    }
    const parts = ['v1'];
    for (const line of rows.values()) parts.push(line);
    parts.push(`{"end":${rows.size}}`);
    if (isCancelled()) return { ok: false, message: 'cancelled' };
    fs.writeFileSync(job.tempFile, parts.join('\n'), { flag: 'wx' });
    // Renamed into place, the file keeps this stamp; the next job checks it before reusing the rows.
    cache?.set(store, { stamp: stampOf(job.tempFile), rows });
    return { ok: true, rows: rows.size, deltaStamps };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
