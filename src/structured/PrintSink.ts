/**
 * Where show/printSchema/explain write. Spark prints to the console; taking a sink instead lets
 * tests and the harness capture the exact text.
 */

/** A line sink. The default writes to process.stdout. */
export type PrintSink = (text: string) => void;

/** Writes `text` and a newline to stdout, as Scala's println. */
export const stdoutSink: PrintSink = (text) => {
  process.stdout.write(`${text}\n`);
};
