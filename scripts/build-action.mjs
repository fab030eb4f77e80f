// Bundles the GitHub Action (src/action/main.ts) into dist/, which is committed: a JavaScript
// action runs from the repository as it is, with no install step. `node scripts/build-action.mjs
// DIR` builds into DIR instead; the test suite does that and compares with dist/ so the committed
// bundle never goes stale. HashiCorp's HCL parser reads its WASM from `<bundle dir>/../main.wasm.gz`,
// so the WASM is copied next to the bundle's folder.

import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { nodeBundle } from './esbuild-node.mjs';

const root = resolve(import.meta.dirname, '..');
const out = resolve(process.argv[2] ?? join(root, 'dist'));
const require = createRequire(import.meta.url);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  absWorkingDir: root,
  entryPoints: ['src/action/main.ts'],
  outfile: join(out, 'action', 'index.cjs'),
  ...nodeBundle,
  legalComments: 'eof',
  // Node has globalThis.performance, so the WASM bridge's fallback require is never reached.
  external: ['performance'],
});
// The read-ahead thread of large scans (src/engine/read-ahead.ts looks for it beside the bundle).
await build({ ...nodeBundle, absWorkingDir: root, entryPoints: ['src/engine/read-worker.ts'], outfile: join(out, 'action', 'read-worker.cjs') });
copyFileSync(join(dirname(require.resolve('@cdktf/hcl2json/package.json')), 'main.wasm.gz'), join(out, 'main.wasm.gz'));
