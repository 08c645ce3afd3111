#!/usr/bin/env node
// The roc command: TypeScript runs without a build step, so modules' TS endpoints load as they are.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../modules/cli/roc.ts');
process.exitCode = await main(process.argv.slice(2));
