#!/usr/bin/env node
// Entry point: runs the bundled CLI, build/cli/main.cjs (`npm run build` writes it; `npm ci` runs
// the build through prepare), and loads its chunks (the YAML library, picomatch, Octokit) when it
// first asks for them. Each bundle is compiled with the V8 code cache the build recorded beside
// it, which saves parsing and compiling it on every start. A cache from another build of the
// bundle, or one this Node's V8 rejects, is simply not used.
'use strict';

const { closeSync, fstatSync, openSync, readSync, writeFileSync, writeSync } = require('node:fs');
const { builtinModules, createRequire } = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

// File reads go through libuv's thread pool (4 threads by default); more of them keep both cores
// busy on large trees. It must be set before the first asynchronous file system call.
process.env.UV_THREADPOOL_SIZE ??= '16';

const dir = join(__dirname, '..', 'build', 'cli');
const BUILD_ID = /^\/\/ blast-radius build ([0-9a-f]{16})\n/;
const ID_BYTES = 16;
const CHUNK = /^\.\/([a-z-]+)\.cjs$/;

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

/** Bundles compiled so far, by name; the build records their code caches from these. */
const loaded = new Map();
let scratch;
let useCaches = true;

/** Compiles and runs build/cli/NAME.cjs (with its code cache when it matches) and returns its exports. */
function load(name) {
  const bundle = join(dir, `${name}.cjs`);
  scratch ??= Buffer.allocUnsafeSlow(1 << 19);
  let source;
  try {
    // The build makes each bundle pure ASCII, so latin1 is an exact and fast decoding.
    source = readWhole(bundle, scratch).latin1Slice();
  } catch {
    process.stderr.write(`blast-radius: ${bundle} is missing; run "npm run build" (npm ci runs it) first\n`);
    process.exit(2);
  }
  const id = BUILD_ID.exec(source)?.[1];
  let cachedData;
  if (useCaches && id) {
    try {
      const cache = readWhole(join(dir, `${name}.cache`), scratch);
      if (cache.latin1Slice(0, ID_BYTES) === id) cachedData = cache.subarray(ID_BYTES);
    } catch {
      cachedData = undefined;
    }
  }
  // The build wrapped the module body as Node would (see scripts/build-cli.mjs).
  const script = new Script(source, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, bundleRequire, module, bundle, dir);
  loaded.set(name, { script, id, exports: module.exports });
  return module.exports;
}

// Node's modules need no resolving and the chunks are loaded above; a require for the bundles'
// folder is made only when one loads something from node_modules (ts-morph, fast-glob).
let fromBundle;
function bundleRequire(id) {
  if (id.startsWith('node:') || builtinModules.includes(id)) return require(id);
  const chunk = CHUNK.exec(id)?.[1];
  if (chunk) return loaded.has(chunk) ? loaded.get(chunk).exports : load(chunk);
  return (fromBundle ??= createRequire(join(dir, 'main.cjs')))(id);
}

/**
 * Used by the build: runs the CLI over `tiny`, writes main.cache, then over `demo`, and writes the
 * cache of every chunk that scan loaded. A cache holds the functions compiled when it is made, so
 * main's holds what every scan needs and the chunks' what a scan that uses them needs.
 */
async function writeCodeCaches(tiny, demo) {
  useCaches = false;
  const cli = load('main');
  // The scans write to this process's own standard output, as a real run does (the build reads
  // it from a pipe), so the functions that write it are in the cache too.
  const scan = (path) => cli.main(['scan', path, '--format', 'json', '--fail-on', 'none']);
  const write = (name) => {
    const { script, id } = loaded.get(name);
    if (!id) throw new Error(`build/cli/${name}.cjs has no build id on its first line`);
    writeFileSync(join(dir, `${name}.cache`), Buffer.concat([Buffer.from(id, 'latin1'), script.createCachedData()]));
  };
  await scan(tiny);
  write('main');
  // The guard's cache holds what judging an ordinary command needs.
  const guard = load('guard');
  const silent = { write: () => true };
  await guard.runGuard([], { stdout: silent, stderr: silent, env: {}, cwd: tiny, readStdin: async () => JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'npm test && git status' }, cwd: tiny }) });
  write('guard');
  await scan(demo);
  for (const name of loaded.keys()) if (name !== 'main' && name !== 'guard') write(name);
}

if (require.main === module) {
  // Exit 0 or 1 only after a complete report: a crash, an unhandled rejection, or a dependency
  // that calls process.exit ends with 2.
  let finished = false;
  const die = (e) => {
    try {
      writeSync(2, `blast-radius: internal error: ${String((e && e.message) || e).split('\n')[0]}\n`);
    } catch {
      // Standard error is gone too; the exit code still tells.
    }
    process.exit(2);
  };
  process.on('uncaughtException', die);
  process.on('unhandledRejection', die);
  process.on('exit', () => {
    if (finished) return;
    process.exitCode = 2;
    try {
      writeSync(2, 'blast-radius: stopped before the report was complete\n');
    } catch {
      // As above.
    }
  });
  // The guard runs before every tool call of an agent: it loads its own small bundle.
  const guard = process.argv[2] === 'guard';
  const cli = load(guard ? 'guard' : 'main');
  (guard ? cli.guardMain(process.argv.slice(3)) : cli.main(process.argv.slice(2))).then((code) => {
    finished = true;
    process.exitCode = code;
    // Exit now rather than after V8's idle-time housekeeping, unless a stream still holds output.
    if (!cli.outputPending()) process.exit(code);
  });
} else {
  module.exports = { writeCodeCaches };
}
