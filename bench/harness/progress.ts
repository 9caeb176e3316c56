/**
 * A one-line progress bar on stderr for long runs, redrawn in place; silent when stderr is not a
 * terminal, so logs and CI output stay clean. No Spark counterpart (spark-shell's ConsoleProgressBar
 * is the idea).
 */

/** The part of a stream the bar needs; process.stderr fits. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/** A bar for one task. */
export interface ProgressBar {
  /** Sets how much is done; redraws only when the shown percentage changes. */
  update(done: number): void;
  /** Draws 100% and ends the line. */
  finish(): void;
}

const silent: ProgressBar = { update() {}, finish() {} };

/**
 * A progress bar labelled `label` over `total` units, drawn on `stream` (stderr by default) when
 * it is a terminal.
 *
 * @example
 * const bar = createProgress('yahoo on loop', events.length);
 * bar.update(5000); // "yahoo on loop [##########----------]  50% 5000/10000"
 */
export function createProgress(label: string, total: number, stream: ProgressStream = process.stderr): ProgressBar {
  if (!stream.isTTY) return silent;
  const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 30));
  let shownPercent = -1;
  let isFinished = false;
  const draw = (done: number): void => {
    const fraction = total <= 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(fraction * width);
    const percent = String(Math.floor(fraction * 100)).padStart(3);
    stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}% ${done}/${total}`);
  };
  return {
    update(done) {
      const percent = total <= 0 ? 100 : Math.floor((Math.min(done, total) / total) * 100);
      if (isFinished || percent === shownPercent) return;
      shownPercent = percent;
      draw(done);
    },
    finish() {
      if (isFinished) return;
      isFinished = true;
      draw(total);
      stream.write('\n');
    },
  };
}
