import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleFolders, resolveExample } from '../../examples/run.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FOLDERS = [
  '01-word-count',
  '02-windowed-counts',
  '03-late-data',
  '04-event-time-by-hand',
  '05-sessionization',
  '06-enrichment',
  '07-stream-stream-join',
  '08-exactly-once-recovery',
  '09-continuous-mode',
];

describe('npm run example', () => {
  it('knows the nine examples in reading order, each with both halves, shared input and a README', () => {
    expect(exampleFolders()).toEqual(FOLDERS);
    for (const folder of FOLDERS) {
      for (const file of ['dstream.ts', 'structured.ts', 'events.ts', 'README.md']) expect(existsSync(join(ROOT, 'examples', folder, file)), `${folder}/${file}`).toBe(true);
    }
  });

  it('takes an example name with or without its number, or the number alone', () => {
    expect(resolveExample('late-data')).toBe('03-late-data');
    expect(resolveExample('03-late-data')).toBe('03-late-data');
    expect(resolveExample('3')).toBe('03-late-data');
    expect(resolveExample('03')).toBe('03-late-data');
    expect(resolveExample('late')).toBeUndefined();
  });

  it('lists the valid names and exits with status 2 for an unknown one', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'examples', 'run.ts'), 'word-cout'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status).toBe(2);
    // toContain: Node may add its own warnings to stderr on a loaded machine.
    expect(result.stderr).toContain(`Unknown example "word-cout". Run one of:\n${FOLDERS.map((f) => `  npm run example -- ${f.slice(3)}`).join('\n')}\n`);
  });

  it('is linked from the top-level README, in reading order', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Examples, in reading order'));
    const links = [...section.matchAll(/\]\(examples\/([^/]+)\/README\.md\)/g)].map((m) => m[1]);
    expect(links).toEqual(FOLDERS);
  });
});
