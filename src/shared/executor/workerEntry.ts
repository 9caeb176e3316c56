/**
 * The file a worker executor thread starts from. No Spark counterpart: a JVM executor loads
 * compiled classes; a worker thread here must load TypeScript.
 *
 * Loading workerMain.ts through tsx in every thread costs ~0.3-0.5 s per worker (each of its ~40
 * modules goes through tsx's loader hooks); one esbuild bundle of it, built once per process,
 * starts in ~50 ms. esbuild is the compiler tsx itself runs on. If it cannot be loaded, workers
 * fall back to the tsx bootstrap.
 */
import { createHash } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';

interface EsbuildApi {
  buildSync(options: Record<string, unknown>): { outputFiles?: { text: string }[] };
}

let entry: URL | undefined;

/** The worker entry: a cached bundle of workerMain.ts, or the tsx bootstrap when bundling fails. */
export function workerEntry(): URL {
  entry ??= bundledEntry() ?? new URL('./workerBootstrap.mjs', import.meta.url);
  return entry;
}

function bundledEntry(): URL | undefined {
  try {
    const esbuild = createRequire(import.meta.url)('esbuild') as EsbuildApi;
    const result = esbuild.buildSync({
      entryPoints: [fileURLToPath(new URL('./workerMain.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Class and function names show in messages and toString, as they do on the driver.
      keepNames: true,
      write: false,
      logLevel: 'silent',
    });
    const text = result.outputFiles?.[0]?.text;
    if (!text) return undefined;
    // Named by content: every process with the same sources shares one file, never a stale one.
    const file = join(tmpdir(), `twinstream-worker-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`);
    if (!existsSync(file)) {
      // Written aside and renamed, so a process starting workers at the same moment never reads
      // half a file: rename is atomic, and both processes write the same bytes.
      const partial = `${file}.${process.pid}.${threadId}.tmp`;
      writeFileSync(partial, text);
      renameSync(partial, file);
    }
    return pathToFileURL(file);
  } catch {
    return undefined;
  }
}
