#!/usr/bin/env node
// Entry point: runs the bundled CLI (npm run build writes build/cli/; `npm ci` runs it via prepare).
// File reads go through libuv's thread pool (4 threads by default); more of them keep both cores
// busy on large trees. It must be set before the first file system call.
process.env.UV_THREADPOOL_SIZE ??= '16';
const { main } = await import('../build/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
