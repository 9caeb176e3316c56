/**
 * The error the bench CLI raises for a wrong command line; the CLI prints its message and exits 2.
 * No Spark counterpart (spark-submit's SparkSubmitArguments prints usage and exits 1).
 */
import { IllegalArgumentError } from '../../src/shared/errors.js';

/** A command line the bench cannot run: unknown names, malformed values, missing flags. */
export class UsageError extends IllegalArgumentError {
  /** The process exit code the CLI uses for usage errors, as getopt-style tools do. */
  readonly exitCode = 2;

  constructor(message: string) {
    super('BENCH_USAGE', message);
  }
}
