/**
 * The file a worker executor thread starts from. No Spark counterpart: a JVM executor loads
 * compiled classes; a worker thread here must load TypeScript.
 *
 * Loading workerMain.ts through tsx in every thread costs ~0.3-0.5 s per worker (each of its ~40
 * modules goes through tsx's loader hooks); one esbuild bundle of it, built once per process,
 * starts in ~50 ms. esbuild is the compiler tsx itself runs on. If it cannot be loaded, workers
 * fall back to a tsx bootstrap.
 *
 * The executor modules engines registered (executorModules.ts) are loaded before workerMain.ts,
 * which tells the driver it is ready once it has loaded, so a task never meets a missing builtin.
 */
import { createHash } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';
import { executorModules } from './executorModules.js';

interface EsbuildApi {
  buildSync(options: Record<string, unknown>): { outputFiles?: { text: string }[] };
}

/** Entries built so far, by the executor modules they load (a module registered later needs a new one). */
const entries = new Map<string, URL>();

/** The worker entry: a cached bundle of the executor modules and workerMain.ts, or a tsx bootstrap when bundling fails. */
export function workerEntry(): URL {
  const modules = executorModules();
  const key = modules.join('\n');
  let entry = entries.get(key);
  if (!entry) {
    entry = bundledEntry(modules) ?? bootstrapEntry(modules);
    entries.set(key, entry);
  }
  return entry;
}

function bundledEntry(modules: readonly string[]): URL | undefined {
  try {
    const esbuild = createRequire(import.meta.url)('esbuild') as EsbuildApi;
    const main = fileURLToPath(new URL('./workerMain.ts', import.meta.url));
    const result = esbuild.buildSync({
      stdin: { contents: importsOf([...modules.map((m) => fileURLToPath(m)), main]), resolveDir: dirname(main), sourcefile: 'workerEntry.ts', loader: 'ts' },
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
    return text ? pathToFileURL(writeOnce('worker', text)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Without esbuild: the checked-in bootstrap when no engine registered a module; otherwise a
 * generated one that loads the modules and workerMain.ts through one tsImport call, so they share
 * module instances (the builtin registry among them).
 */
function bootstrapEntry(modules: readonly string[]): URL {
  const bootstrap = new URL('./workerBootstrap.mjs', import.meta.url);
  if (modules.length === 0) return bootstrap;
  const main = new URL('./workerMain.ts', import.meta.url).href;
  const entry = writeOnce('worker-modules', importsOf([...modules, main]));
  const tsxApi = pathToFileURL(tsxEsmApi(bootstrap)).href;
  const boot = `import { tsImport } from ${JSON.stringify(tsxApi)};\nawait tsImport(${JSON.stringify(pathToFileURL(entry).href)}, import.meta.url);\n`;
  return pathToFileURL(writeOnce('worker-boot', boot));
}

/** tsx's ESM api entry: require.resolve finds its CommonJS twin, which cannot register the hooks in a worker. */
function tsxEsmApi(from: URL): string {
  const commonJs = createRequire(from).resolve('tsx/esm/api');
  const esm = join(dirname(commonJs), 'index.mjs');
  return existsSync(esm) ? esm : commonJs;
}

function importsOf(specifiers: readonly string[]): string {
  return specifiers.map((s) => `import ${JSON.stringify(s)};\n`).join('');
}

/** Writes `text` to a temp file named by its content, once; returns its path. */
function writeOnce(kind: string, text: string): string {
  // Named by content: every process with the same sources shares one file, never a stale one.
  const file = join(tmpdir(), `twinstream-${kind}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    // Written aside and renamed, so a process starting workers at the same moment never reads
    // half a file: rename is atomic, and both processes write the same bytes.
    const partial = `${file}.${process.pid}.${threadId}.tmp`;
    writeFileSync(partial, text);
    renameSync(partial, file);
  }
  return file;
}
