/**
 * The session's SQL configuration, readable and settable at runtime (`spark.conf`).
 * Spark: sql/core/.../RuntimeConfig.scala over internal/SQLConf.scala.
 */
import { QueryErrors } from './errors.js';

/** The SQL settings this engine reads, with Spark's defaults. */
export const SQL_CONF_DEFAULTS: Readonly<Record<string, string>> = {
  /** Partitions of every aggregation and join shuffle. */
  'spark.sql.shuffle.partitions': '200',
  /** Fuse narrow operators into one generated function per stage. */
  'spark.sql.codegen.wholeStage': 'true',
  /** FALLBACK/CODEGEN_ONLY compile single expressions to JS; NO_CODEGEN interprets them. */
  'spark.sql.codegen.factoryMode': 'FALLBACK',
  /** Whether column names are case sensitive. */
  'spark.sql.caseSensitive': 'false',
};

/** String settings with typed accessors for the ones the engine reads. */
export class RuntimeConfig {
  readonly #values = new Map<string, string>();

  constructor(initial: Readonly<Record<string, string>> = {}) {
    for (const [k, v] of Object.entries(initial)) this.#values.set(k, v);
  }

  /** The value set for `key`, else `defaultValue`, else the SQL default, else undefined. */
  get(key: string, defaultValue?: string): string | undefined {
    return this.#values.get(key) ?? defaultValue ?? SQL_CONF_DEFAULTS[key];
  }

  set(key: string, value: string | number | boolean): void {
    this.#values.set(key, String(value));
  }

  unset(key: string): void {
    this.#values.delete(key);
  }

  /** Every explicitly set value. */
  getAll(): Record<string, string> {
    return Object.fromEntries(this.#values);
  }

  /**
   * A setting as a positive integer.
   * @throws IllegalArgumentError INVALID_CONF_VALUE when it is not one.
   */
  getPositiveInt(key: string): number {
    const raw = this.get(key) ?? '';
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw QueryErrors.invalidConf(key, raw, 'a positive integer');
    return n;
  }

  /**
   * A setting as a boolean.
   * @throws IllegalArgumentError INVALID_CONF_VALUE when it is neither true nor false.
   */
  getBoolean(key: string): boolean {
    const raw = (this.get(key) ?? '').toLowerCase();
    if (raw !== 'true' && raw !== 'false') throw QueryErrors.invalidConf(key, raw, 'true or false');
    return raw === 'true';
  }
}
