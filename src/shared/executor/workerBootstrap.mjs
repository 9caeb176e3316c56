// Entry of a worker executor thread. Workers start plain Node, which cannot load .ts files, so
// this file registers tsx for the thread and then loads the TypeScript worker main.
import { tsImport } from 'tsx/esm/api';

await tsImport('./workerMain.ts', import.meta.url);
