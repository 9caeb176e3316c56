/**
 * Where the examples print: every example half takes a `print(line)` function, so
 * `npm run example` writes to the terminal and a test collects the lines.
 */

/** Receives the example's output one line at a time (without the newline). */
export type Print = (line: string) => void;

/**
 * The engines print whole blocks of text (a DStream print() banner, a console sink table);
 * this splits them into lines for `print`.
 */
export function linesTo(print: Print): (text: string) => void {
  return (text) => {
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    for (const line of lines) print(line);
  };
}

/** The console sink's output stream (`writeStream.consoleOutput`), writing to `print`. */
export function consoleTo(print: Print): { write(text: string): void } {
  return { write: linesTo(print) };
}
