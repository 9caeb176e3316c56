/**
 * An executor module that throws while a worker thread loads it: the worker-start-failure test
 * registers it to see what the context does when every worker dies before its first task.
 */
throw new Error('broken executor module: thrown at import');
