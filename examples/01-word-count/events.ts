/**
 * The input of the word-count example, identical for both engines: the lines that arrive during
 * each second of processing time. Nothing arrives in the third second.
 */
export const LINES_BY_SECOND: readonly (readonly string[])[] = [
  ['to be or not to be'], // arrives in (0 s, 1 s]
  ['to do is to be'], //     (1 s, 2 s]
  [], //                     (2 s, 3 s]
  ['do be do'], //           (3 s, 4 s]
];
