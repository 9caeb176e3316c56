/**
 * Runs an example half and reads its README's output block, for the example tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runHalf } from '../../examples/run.js';
import { readOutputBlock, type Half } from '../../examples/shared/readmeOutput.js';

/** What one half of the example in `folder` prints. */
export function outputOf(folder: string, half: Half): Promise<string[]> {
  return runHalf(folder, half);
}

/** The output block of `half` in the example's README (empty when missing, so the comparison fails visibly). */
export function readmeOutput(folder: string, half: Half): string[] {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'examples', folder, 'README.md'), 'utf8');
  return readOutputBlock(readme, half) ?? [];
}

/**
 * The lines of the block that starts at the first line equal to `title` and ends before the next
 * blank line: one printed batch (a DStream `Time:` banner, a console sink table).
 */
export function blockAfter(lines: readonly string[], title: string, occurrence = 1): string[] {
  let start = -1;
  for (let seen = 0; seen < occurrence; seen++) {
    start = lines.indexOf(title, start + 1);
    if (start < 0) throw new Error(`"${title}" is printed ${seen} time(s), not ${occurrence}; output:\n${lines.join('\n')}`);
  }
  const end = lines.indexOf('', start);
  return lines.slice(start, end < 0 ? undefined : end);
}
