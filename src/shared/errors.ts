/**
 * The error hierarchy users catch, with Spark's names. Spark: common/utils/.../SparkThrowable.scala.
 *
 * Every error carries a stable `errorClass` (a code tests and users can switch on) and a message
 * that says what went wrong, why, and how to fix it, with the actual values.
 */

/** The root of every error twinstream raises on purpose. */
export class TwinstreamError extends Error {
  constructor(
    readonly errorClass: string,
    message: string,
    options?: ErrorOptions & { readonly retryable?: boolean },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.retryable = options?.retryable ?? false;
  }

  /** Whether running the same work again may succeed (a task failure) or never will (a bad plan). */
  readonly retryable: boolean;
}

/** A query or plan that cannot run as written: unknown column, unsupported operation. */
export class AnalysisException extends TwinstreamError {}

/** A job, stage or task failure on the RDD core. */
export class SparkException extends TwinstreamError {}

/** A streaming query that died; `cause` holds what killed it. */
export class StreamingQueryException extends TwinstreamError {}

/** A wrong configuration value or argument. */
export class IllegalArgumentError extends TwinstreamError {}

/** An operation called in a state that does not allow it (a stopped context started again). */
export class IllegalStateError extends TwinstreamError {}
