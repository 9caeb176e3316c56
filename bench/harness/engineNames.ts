/**
 * The engine names the bench CLI accepts, in report column order. The lead's CLI maps each to an
 * EngineRunner (the DStream and Structured adapters live with their engines).
 */

/** Every engine the bench can compare. */
export const ENGINE_NAMES = ['dstream', 'structured', 'continuous', 'rxjs', 'loop'] as const;

/** One engine name. */
export type EngineName = (typeof ENGINE_NAMES)[number];
