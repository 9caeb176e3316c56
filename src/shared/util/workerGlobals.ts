/**
 * The global names a function may read and still run on a fresh worker thread. Spark has no such
 * list: on the JVM a class file carries its own references; here a shipped function is only its
 * source text, so every name it reads must exist in the worker's global scope.
 */

/**
 * Globals every worker thread has: the ECMAScript built-ins and the Node globals a computation
 * may reasonably use. Timers are left out on purpose: processing time goes through the Clock.
 */
export const WORKER_GLOBALS: ReadonlySet<string> = new Set([
  // Values and functions of the global object.
  'globalThis', 'undefined', 'NaN', 'Infinity',
  'parseInt', 'parseFloat', 'isNaN', 'isFinite',
  'encodeURI', 'encodeURIComponent', 'decodeURI', 'decodeURIComponent', 'escape', 'unescape',
  'structuredClone', 'queueMicrotask', 'atob', 'btoa',
  // Fundamental objects and collections.
  'Object', 'Function', 'Array', 'Number', 'String', 'Boolean', 'Symbol', 'BigInt',
  'Math', 'JSON', 'Date', 'RegExp', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef',
  'FinalizationRegistry', 'Promise', 'Reflect', 'Proxy', 'Intl', 'Atomics',
  // Errors.
  'Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError',
  'AggregateError',
  // Binary data.
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
  // Node and web platform globals present in worker_threads.
  'console', 'process', 'Buffer', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder',
  'AbortController', 'AbortSignal', 'crypto',
]);

/**
 * Helpers that TypeScript runners inject into compiled function bodies: tsx (esbuild with
 * keepNames) wraps nested named functions in `__name(fn, "f")`. reviveFunction defines them, so a
 * function compiled by tsx still revives on a worker.
 */
export const INJECTED_HELPERS: ReadonlySet<string> = new Set(['__name']);

/**
 * vitest (vite's SSR transform) rewrites `import { join } from 'node:path'` so that `join(x)`
 * becomes `(0, __vite_ssr_import_1__.join)(x)`; this pattern recognises the rewritten module
 * object so errors can name the imported binding instead.
 */
export const BUNDLER_IMPORT_NAME = /^__(vite_ssr_import|vi_import)_\d+__$/;
