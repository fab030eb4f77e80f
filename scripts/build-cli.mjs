// Bundles the CLI (src/cli/main.ts) into one CommonJS file, build/cli/main.cjs, and records a V8
// code cache for it (build/cli/main.cache) by running the bundled CLI once over fixtures/demo.
// bin/blast-radius.cjs compiles the bundle with that cache, so start-up skips parsing and
// compiling most of it. ts-morph, HCL's WASM and fast-glob stay in node_modules, loaded on first
// use; Octokit, which only the GitHub commands need, is bundled on its own into octokit.cjs. The
// read-ahead thread of large scans gets its own small bundle, read-worker.cjs.
// Run by `npm run build`, after tsc has type-checked the source.

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { nodeBundle } from './esbuild-node.mjs';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'build', 'cli');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await build({
  ...nodeBundle,
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  write: false,
  outfile: join(out, 'main.cjs'),
  external: ['ts-morph', '@cdktf/hcl2json', 'fast-glob'],
  plugins: [{ name: 'octokit-beside', setup: (b) => b.onResolve({ filter: /^@octokit\/rest$/ }, () => ({ path: './octokit.cjs', external: true })) }],
  // import() of a package becomes require(): the bundle then never starts Node's ESM loader.
  supported: { 'dynamic-import': false },
  // Drops comments, so the file is pure ASCII (escapes for the rest), which the loader reads as latin1.
  minifyWhitespace: true,
});
await build({ ...nodeBundle, absWorkingDir: root, entryPoints: ['src/engine/read-worker.ts'], outfile: join(out, 'read-worker.cjs') });
await build({ ...nodeBundle, absWorkingDir: root, stdin: { contents: "export * from '@octokit/rest';", resolveDir: root }, outfile: join(out, 'octokit.cjs') });
const text = result.outputFiles[0].text;
const nonAscii = [...text].findIndex((c) => c.charCodeAt(0) > 0x7f);
if (nonAscii !== -1) throw new Error(`build/cli/main.cjs must be ASCII; found ${JSON.stringify(text.slice(nonAscii - 40, nonAscii + 10))}`);
// The first line names this build; the loader uses a code cache only when it names the same one.
// The module body comes already wrapped the way Node wraps CommonJS, so the loader compiles the
// file as it is read instead of concatenating (and copying) half a megabyte first.
const id = createHash('sha256').update(text).digest('hex').slice(0, 16);
writeFileSync(join(out, 'main.cjs'), `// blast-radius build ${id}\n${Module.wrap(text)}`);
execFileSync(process.execPath, ['-e', `require(${JSON.stringify(join(root, 'bin/blast-radius.cjs'))}).writeCodeCache(${JSON.stringify(join(root, 'fixtures/demo'))})`], { stdio: 'inherit' });
