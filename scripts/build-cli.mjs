// Bundles the CLI (src/cli/main.ts) into build/cli/: main.cjs, the part every run needs, and
// chunks loaded on first use, each with a V8 code cache recorded beside it (NAME.cache).
// bin/blast-radius.cjs compiles each bundle with its cache, so start-up skips parsing and compiling
// them. Fresh memory is slow to touch on small virtual machines, so what a small scan never uses
// is left out of main.cjs:
// - the YAML library, picomatch and msgpack (Fly.io tokens) are chunks of their own (yaml.cjs,
//   picomatch.cjs, msgpack.cjs): main.cjs imports a facade of the names it uses, which loads the
//   chunk the first time one is called;
// - Octokit, which only the GitHub commands need, is a chunk too (octokit.cjs);
// - ts-morph, fast-glob and re2js stay in node_modules, loaded on first use.
// The read-ahead thread of large scans gets its own small bundle, read-worker.cjs.
// The caches are recorded by running the built CLI: main.cache after a scan of a tiny repository
// (what every scan needs, and little else), the chunks' after a scan of fixtures/demo.
// Run by `npm run build`, after tsc has type-checked the source.

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { nodeBundle } from './esbuild-node.mjs';
import { writeTinyRepo } from './tiny-repo.mjs';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'build', 'cli');

/** Libraries bundled apart and loaded on first use, with the names the sources import from them. */
const LAZY_LIBRARIES = {
  yaml: { chunk: 'yaml', entry: "export * from 'yaml';", names: ['isMap', 'isScalar', 'isSeq', 'LineCounter', 'parseAllDocuments', 'parse'] },
  picomatch: { chunk: 'picomatch', entry: "export { default } from 'picomatch';", names: ['default'] },
  '@msgpack/msgpack': { chunk: 'msgpack', entry: "export { decode } from '@msgpack/msgpack';", names: ['decode'] },
};
const OCTOKIT = { chunk: 'octokit', entry: "export * from '@octokit/rest';" };

/**
 * The module main.cjs sees in place of a lazy library: one function per imported name, which
 * loads the chunk on its first call and then forwards (with `new` for a class). A name the
 * sources import but the list above lacks fails the build ("No matching export").
 */
function facade({ chunk, names }) {
  const forward = (name) => `function ${name === 'default' ? '' : name}(...args) { const f = load()[${JSON.stringify(name)}]; return new.target ? new f(...args) : f(...args); }`;
  return [
    `let library;`,
    `const load = () => (library ??= require('./${chunk}.cjs'));`,
    ...names.map((name) => (name === 'default' ? `export default ${forward(name)}` : `export ${forward(name)}`)),
  ].join('\n');
}

const lazyLibraries = {
  name: 'lazy-libraries',
  setup(b) {
    const filter = new RegExp(`^(${Object.keys(LAZY_LIBRARIES).join('|')}|@octokit/rest)$`);
    b.onResolve({ filter }, ({ path }) => (path === '@octokit/rest' ? { path: `./${OCTOKIT.chunk}.cjs`, external: true } : { path, namespace: 'lazy-library' }));
    b.onResolve({ filter: /^\.\/[a-z-]+\.cjs$/, namespace: 'lazy-library' }, ({ path }) => ({ path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-library' }, ({ path }) => ({ contents: facade(LAZY_LIBRARIES[path]), loader: 'js' }));
  },
};

/**
 * jsonc-parser declares no `sideEffects`, so esbuild would keep its formatter, which builds about
 * 100 kB of indentation strings when loaded, though the scanner never formats. It has none.
 */
const jsoncWithoutSideEffects = {
  name: 'jsonc-without-side-effects',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async ({ path, importer, resolveDir, kind, pluginData }) => {
      if (pluginData === 'resolving' || (path !== 'jsonc-parser' && !importer.includes('/node_modules/jsonc-parser/'))) return undefined;
      const resolved = await b.resolve(path, { importer, resolveDir, kind, pluginData: 'resolving' });
      return resolved.errors.length > 0 ? undefined : { path: resolved.path, sideEffects: false };
    });
  },
};

/** Builds one bundle in memory; its text, fully minified and checked to be ASCII (the loader reads it as latin1). */
async function bundle(name, options) {
  const result = await build({ ...nodeBundle, absWorkingDir: root, write: false, outfile: join(out, `${name}.cjs`), minify: true, ...options });
  const text = result.outputFiles[0].text;
  const nonAscii = [...text].findIndex((c) => c.charCodeAt(0) > 0x7f);
  if (nonAscii !== -1) throw new Error(`build/cli/${name}.cjs must be ASCII; found ${JSON.stringify(text.slice(nonAscii - 40, nonAscii + 10))}`);
  return text;
}

/**
 * Writes a bundle for the loader: the first line names the build (the loader uses a code cache
 * only when it names the same one), and the module body comes already wrapped the way Node wraps
 * CommonJS, so the loader compiles the file as it is read instead of copying it first.
 */
function writeBundle(name, text) {
  const id = createHash('sha256').update(text).digest('hex').slice(0, 16);
  writeFileSync(join(out, `${name}.cjs`), `// blast-radius build ${id}\n${Module.wrap(text)}`);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeBundle(
  'main',
  await bundle('main', {
    entryPoints: ['src/cli/main.ts'],
    external: ['ts-morph', 'fast-glob', 're2js'],
    plugins: [lazyLibraries, jsoncWithoutSideEffects],
    // import() of a package becomes require(): the bundle then never starts Node's ESM loader.
    supported: { 'dynamic-import': false },
  }),
);
// `blast-radius guard` runs before every tool call of an agent: its own bundle holds the command
// model and little else (the YAML chunk loads only for a project with a .blast-radius.yml).
writeBundle(
  'guard',
  await bundle('guard', {
    entryPoints: ['src/cli/guard.ts'],
    external: ['re2js'],
    plugins: [lazyLibraries, jsoncWithoutSideEffects],
    supported: { 'dynamic-import': false },
  }),
);
for (const { chunk, entry } of [...Object.values(LAZY_LIBRARIES), OCTOKIT]) {
  writeBundle(chunk, await bundle(chunk, { stdin: { contents: entry, resolveDir: root } }));
}
await build({ ...nodeBundle, absWorkingDir: root, entryPoints: ['src/engine/read-worker.ts'], outfile: join(out, 'read-worker.cjs') });

const tiny = mkdtempSync(join(tmpdir(), 'blast-radius-tiny-'));
try {
  writeTinyRepo(tiny);
  const bin = JSON.stringify(join(root, 'bin/blast-radius.cjs'));
  // The scans' reports go to a pipe, as in a real run, and are dropped.
  execFileSync(process.execPath, ['-e', `require(${bin}).writeCodeCaches(${JSON.stringify(tiny)}, ${JSON.stringify(join(root, 'fixtures/demo'))})`], { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
} finally {
  rmSync(tiny, { recursive: true, force: true });
}
