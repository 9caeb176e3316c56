/**
 * Test seams: a second entry point, like rxjs/testing. ManualClock is in the main API too,
 * since users drive engines in virtual time; these are for white-box tests.
 */
export * from './shared/testing.js';
export * from './structured/testing.js';
export * from './dstream/testing.js';
