/**
 * Modules a worker executor thread loads besides the RDD core, so that an engine built on the
 * core can ship its own builtin functions to tasks by name. Spark needs no such list: an executor
 * JVM has the whole application jar on its class path.
 *
 * The core imports nothing from the engines, so an engine registers its executor module itself,
 * when the engine's own code loads; every worker started afterwards imports it before its first task.
 */

const modules: string[] = [];

/**
 * Adds a module (a `file:` URL, usually the registering module's `import.meta.url`) to what
 * worker executors load. Registering the same URL twice adds it once.
 *
 * @example
 * registerExecutorModule(import.meta.url); // in the module that registers the engine's builtins
 */
export function registerExecutorModule(url: string | URL): void {
  const href = url.toString();
  if (!modules.includes(href)) modules.push(href);
}

/** The registered executor modules, in registration order. */
export function executorModules(): readonly string[] {
  return modules;
}
