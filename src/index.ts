/**
 * twinstream's public API: the RDD core, the DStream engine and the Structured engine.
 *
 * Each area's index lists its exports one by one (that list is the API review); this file only
 * joins the three, so an area can add a name without touching the others.
 */
export * from './shared/index.js';
export * from './structured/index.js';
export * from './dstream/index.js';
