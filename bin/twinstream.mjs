#!/usr/bin/env node
// The installed `twinstream` command: runs the TypeScript CLI through tsx, so no build step is needed.
import { tsImport } from 'tsx/esm/api';

await tsImport('../bench/cli.ts', import.meta.url);
