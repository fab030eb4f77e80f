#!/usr/bin/env node
// Entry point: runs the compiled CLI (npm run build writes build/; `npm ci` runs it via prepare).
import { main } from '../build/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
