/**
 * Configuration as string key-value pairs with typed getters. Spark: core/.../SparkConf.scala.
 */
import { IllegalArgumentError } from './errors.js';

/** String settings with typed readers; unknown keys are kept, as Spark keeps them. */
export class SparkConf {
  readonly #settings = new Map<string, string>();

  constructor(settings: Record<string, string | number | boolean> = {}) {
    for (const [key, value] of Object.entries(settings)) this.set(key, value);
  }

  set(key: string, value: string | number | boolean): this {
    this.#settings.set(key, String(value));
    return this;
  }

  setIfMissing(key: string, value: string | number | boolean): this {
    if (!this.#settings.has(key)) this.set(key, value);
    return this;
  }

  get(key: string, defaultValue?: string): string | undefined {
    return this.#settings.get(key) ?? defaultValue;
  }

  contains(key: string): boolean {
    return this.#settings.has(key);
  }

  getInt(key: string, defaultValue: number): number {
    const raw = this.#settings.get(key);
    if (raw === undefined) return defaultValue;
    const value = Number(raw);
    if (!Number.isInteger(value)) {
      throw new IllegalArgumentError('INVALID_CONF_VALUE', `${key} should be an integer, but was "${raw}". Set it to a whole number, e.g. ${defaultValue}.`);
    }
    return value;
  }

  getBoolean(key: string, defaultValue: boolean): boolean {
    const raw = this.#settings.get(key);
    if (raw === undefined) return defaultValue;
    if (raw !== 'true' && raw !== 'false') {
      throw new IllegalArgumentError('INVALID_CONF_VALUE', `${key} should be boolean, but was "${raw}". Set it to true or false.`);
    }
    return raw === 'true';
  }

  getAll(): [string, string][] {
    return [...this.#settings];
  }
}
