/**
 * Each example's README shows the example's real output, in blocks marked
 * `<!-- output: dstream -->` and `<!-- output: structured -->` followed by a ```text fence. The
 * tests compare these blocks with a fresh run; `npm run example -- <name> --readme` rewrites them.
 */

/** Which half of an example printed the lines. */
export type Half = 'dstream' | 'structured';

const FENCE = '```';

function blockPattern(half: Half): RegExp {
  return new RegExp(`(<!-- output: ${half} -->\\n${FENCE}text\\n)([\\s\\S]*?)(${FENCE})`);
}

/** The lines of the output block of `half` in a README, or undefined when it has none. */
export function readOutputBlock(readme: string, half: Half): string[] | undefined {
  const match = blockPattern(half).exec(readme);
  if (!match) return undefined;
  const lines = match[2]!.split('\n');
  lines.pop(); // the newline before the closing fence
  return lines;
}

/**
 * The README with the output block of `half` replaced by `lines`.
 * @throws Error when the README has no marked block for `half`
 */
export function writeOutputBlock(readme: string, half: Half, lines: readonly string[]): string {
  const pattern = blockPattern(half);
  if (!pattern.test(readme)) throw new Error(`The README has no "<!-- output: ${half} -->" block followed by a ${FENCE}text fence; add one where the output belongs.`);
  return readme.replace(pattern, (_all, open: string, _old: string, close: string) => `${open}${lines.map((l) => `${l}\n`).join('')}${close}`);
}
