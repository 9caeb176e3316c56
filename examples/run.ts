/**
 * Runs one example: `npm run example -- <name> [dstream|structured] [--readme]`.
 *
 * The name is the example's folder with or without its number (`word-count`, `01-word-count`),
 * or the number alone (`1`);
 * an unknown name lists the valid ones and exits with status 2. Both halves run, the DStream one
 * first, unless one is named. Examples that measure real time get the wall clock, except with
 * `--readme`, which writes the (then repeatable) output into the example's README.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SystemClock } from 'twinstream';
import type { Print } from './shared/print.js';
import type { ExampleOptions, ExampleRun } from './shared/runWhenMain.js';
import { writeOutputBlock, type Half } from './shared/readmeOutput.js';

const EXAMPLES_DIR = dirname(fileURLToPath(import.meta.url));
const HALVES: readonly Half[] = ['dstream', 'structured'];
const TITLES: Record<Half, string> = { dstream: 'DStream API', structured: 'Structured API' };

/** The example folders, in reading order (their number prefix). */
export function exampleFolders(): string[] {
  return readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d\d-/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/** The folder an example name means, or undefined. */
export function resolveExample(name: string): string | undefined {
  const number = /^\d{1,2}$/.test(name) ? `${name.padStart(2, '0')}-` : undefined;
  return exampleFolders().find((folder) => folder === name || folder.replace(/^\d\d-/, '') === name || (number !== undefined && folder.startsWith(number)));
}

/** Runs one half of an example and returns what it printed. */
export async function runHalf(folder: string, half: Half, print: Print = () => {}, options: ExampleOptions = {}): Promise<string[]> {
  const module = (await import(pathToFileURL(join(EXAMPLES_DIR, folder, `${half}.ts`)).href)) as { run: ExampleRun };
  const lines: string[] = [];
  await module.run((line) => {
    lines.push(line);
    print(line);
  }, options);
  return lines;
}

async function main(args: readonly string[]): Promise<number> {
  const writeReadme = args.includes('--readme');
  const [name, only] = args.filter((arg) => arg !== '--readme');
  const folder = name === undefined ? undefined : resolveExample(name);
  if (folder === undefined) {
    const names = exampleFolders().map((f) => f.replace(/^\d\d-/, ''));
    console.error(`${name === undefined ? 'No example named' : `Unknown example "${name}"`}. Run one of:\n${names.map((n) => `  npm run example -- ${n}`).join('\n')}`);
    return 2;
  }
  if (only !== undefined && !HALVES.includes(only as Half)) {
    console.error(`Unknown half "${only}": use dstream or structured, or name none to run both.`);
    return 2;
  }
  const halves = only === undefined ? HALVES : [only as Half];
  let readme = writeReadme ? readFileSync(join(EXAMPLES_DIR, folder, 'README.md'), 'utf8') : '';
  for (const half of halves) {
    console.log(`=== ${folder}: ${TITLES[half]} (examples/${folder}/${half}.ts)`);
    // Real-time measurements differ on every run, so the README gets the output without them.
    const lines = await runHalf(folder, half, (line) => console.log(line), writeReadme ? {} : { wallClock: new SystemClock() });
    if (writeReadme) readme = writeOutputBlock(readme, half, lines);
    console.log('');
  }
  if (writeReadme) writeFileSync(join(EXAMPLES_DIR, folder, 'README.md'), readme);
  return 0;
}

if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
  process.exitCode = await main(process.argv.slice(2));
}
