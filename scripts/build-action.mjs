// Bundles the GitHub Action (src/action/main.ts) into dist/, which is committed: a JavaScript
// action runs from the repository as it is, with no install step. `node scripts/build-action.mjs
// DIR` builds into DIR instead; the test suite does that and compares with dist/ so the committed
// bundle never goes stale.

import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { nodeBundle } from './esbuild-node.mjs';

const root = resolve(import.meta.dirname, '..');
const out = resolve(process.argv[2] ?? join(root, 'dist'));

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  absWorkingDir: root,
  entryPoints: ['src/action/main.ts'],
  outfile: join(out, 'action', 'index.cjs'),
  ...nodeBundle,
  legalComments: 'eof',
});
// The read-ahead thread of large scans (src/engine/read-ahead.ts looks for it beside the bundle).
await build({ ...nodeBundle, absWorkingDir: root, entryPoints: ['src/engine/read-worker.ts'], outfile: join(out, 'action', 'read-worker.cjs') });
