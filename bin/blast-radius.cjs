#!/usr/bin/env node
// Entry point: runs the bundled CLI, build/cli/main.cjs (`npm run build` writes it; `npm ci` runs
// the build through prepare). The bundle is compiled with the V8 code cache the build recorded
// beside it, which saves parsing and compiling most of a megabyte of JavaScript on every start.
// A cache from another build of the bundle, or one this Node's V8 rejects, is simply not used.
'use strict';

const { closeSync, fstatSync, openSync, readSync, writeFileSync } = require('node:fs');
const { builtinModules, createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

// File reads go through libuv's thread pool (4 threads by default); more of them keep both cores
// busy on large trees. It must be set before the first asynchronous file system call.
process.env.UV_THREADPOOL_SIZE ??= '16';

const bundle = join(__dirname, '..', 'build', 'cli', 'main.cjs');
const cacheFile = join(__dirname, '..', 'build', 'cli', 'main.cache');
const BUILD_ID = /^\/\/ blast-radius build ([0-9a-f]{16})\n/;
const ID_BYTES = 16;

/**
 * Reads a whole file into `into` when it fits (else a new buffer) and returns the bytes. Fresh
 * memory is slow to touch for the first time on small virtual machines: the bundle and its code
 * cache share one buffer, so the cache lands on pages the bundle already touched.
 */
function readWhole(path, into) {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = size <= into.length ? into : Buffer.allocUnsafeSlow(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buf, read, size - read, null);
      if (n === 0) break;
      read += n;
    }
    return buf.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** Compiles and runs the bundle; returns its exports and the compiled script. */
function load(useCache) {
  const scratch = Buffer.allocUnsafeSlow(1 << 20);
  let source;
  try {
    // The build makes the bundle pure ASCII, so latin1 is an exact and fast decoding.
    source = readWhole(bundle, scratch).latin1Slice();
  } catch {
    process.stderr.write(`blast-radius: ${bundle} is missing; run "npm run build" (npm ci runs it) first\n`);
    process.exit(2);
  }
  const id = BUILD_ID.exec(source)?.[1];
  let cachedData;
  if (useCache && id) {
    try {
      const cache = readWhole(cacheFile, scratch);
      if (cache.latin1Slice(0, ID_BYTES) === id) cachedData = cache.subarray(ID_BYTES);
    } catch {
      cachedData = undefined;
    }
  }
  // The build wrapped the module body as Node would (see scripts/build-cli.mjs).
  const script = new Script(source, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} };
  // Node's modules need no resolving; a require for the bundle's own folder is made only when it
  // loads something from there or from node_modules (ts-morph, Octokit), not on every start.
  let fromBundle;
  const bundleRequire = (id) => (id.startsWith('node:') || builtinModules.includes(id) ? require(id) : (fromBundle ??= createRequire(bundle))(id));
  script.runInThisContext().call(module.exports, module.exports, bundleRequire, module, bundle, dirname(bundle));
  return { cli: module.exports, script, id };
}

/**
 * Used by the build: runs one scan of `demo` so the functions a scan needs are compiled, then
 * writes the code cache, which then holds them too.
 */
async function writeCodeCache(demo) {
  const { cli, script, id } = load(false);
  if (!id) throw new Error(`${bundle} has no build id on its first line`);
  const sink = { write: () => true, isTTY: false };
  await cli.main(['scan', demo, '--format', 'json', '--fail-on', 'none'], { stdout: sink, stderr: sink, env: {}, cwd: dirname(demo) });
  writeFileSync(cacheFile, Buffer.concat([Buffer.from(id, 'latin1'), script.createCachedData()]));
}

if (require.main === module) {
  const { cli } = load(true);
  cli.main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    // Exit now rather than after V8's idle-time housekeeping, unless a stream still holds output.
    if (!cli.outputPending()) process.exit(code);
  });
} else {
  module.exports = { writeCodeCache };
}
