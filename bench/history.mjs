// `npm run bench:history`: builds a repository of 10,000 commits over 5,000 files with git
// fast-import (seeded, so every run builds the same one; a few tokens planted and later removed),
// then times `scan --history` with the built CLI and reports its wall time and peak memory
// against issue #20's target: under 30 s, bounded memory. HISTORY_COMMITS and HISTORY_FILES size it.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from './prng.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const commits = Number(process.env.HISTORY_COMMITS ?? 10000);
const files = Number(process.env.HISTORY_FILES ?? 5000);
const dir = join(repo, '.bench', `history-${commits}-${files}`);

/** A synthetic token of GitHub's classic shape, made for this benchmark. */
const token = (rand) => `ghp_${Array.from({ length: 36 }, () => 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'[Math.floor(rand() * 56)]).join('')}`;

function build() {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const rand = prng(20);
  const chunks = [];
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const path = (i) => `src/module${i % 50}/file${i}.${i % 7 === 0 ? 'env' : 'ts'}`;
  const body = (i, c) => (i % 7 === 0 ? `SERVICE_URL=https://svc${c}.example.test\nPORT=${3000 + (c % 100)}\n` : `export const value${i} = ${c};\nexport function f${i}() { return value${i} + ${c}; }\n`);
  for (let c = 0; c < commits; c++) {
    chunks.push(`commit refs/heads/main\nmark :${c + 1}\ncommitter Bench <bench@example.test> ${1700000000 + c * 60} +0000\n${data(`commit ${c}`)}`);
    if (c > 0) chunks.push(`from :${c}\n`);
    // The first commit writes every file; each later one changes three, and a few plant a token.
    const touched = c === 0 ? Array.from({ length: files }, (_, i) => i) : [0, 1, 2].map(() => Math.floor(rand() * files));
    for (const i of touched) chunks.push(`M 100644 inline ${path(i)}\n${data(body(i, c))}`);
    if (c % 1000 === 500) chunks.push(`M 100644 inline config/leaked-${c}.env\n${data(`GH_TOKEN=${token(rand)}\n`)}`);
    if (c % 1000 === 501) chunks.push(`D config/leaked-${c - 1}.env\n`);
  }
  execFileSync('git', ['-C', dir, 'fast-import', '--quiet'], { input: chunks.join(''), maxBuffer: 1 << 30 });
  execFileSync('git', ['-C', dir, 'checkout', '-q', 'main']);
}

if (!existsSync(join(dir, '.git'))) {
  const started = Date.now();
  build();
  console.log(`built ${commits} commits over ${files} files in ${((Date.now() - started) / 1000).toFixed(1)} s (${dir})`);
}
const runs = [];
for (let i = 0; i < 3; i++) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, join(repo, 'bin/blast-radius.cjs'), 'scan', dir, '--history', '--format', 'json', '--fail-on', 'none', '--no-progress'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const [wall, kb] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  const found = JSON.parse(r.stdout).findings.filter((f) => f.properties?.history).length;
  runs.push({ wall, mb: kb / 1024, found });
}
runs.sort((a, b) => a.wall - b.wall);
const median = runs[1];
console.log(`scan --history (median of 3): ${median.wall.toFixed(2)} s, peak ${median.mb.toFixed(0)} MB, ${median.found} tokens found in history`);
console.log(`target: under 30 s: ${median.wall < 30 ? 'met' : 'MISSED'}`);
