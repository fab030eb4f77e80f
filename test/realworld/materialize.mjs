#!/usr/bin/env node
// Materialize the real-world agent-config sample (test/realworld/agents/sample.json)
// onto disk, so the scanner can be run over it by hand.
//
//   node test/realworld/materialize.mjs <sample.json> <outDir>
//
// For every entry, writes <outDir>/<owner>__<name>/<path>, taking the bytes from the
// first source that has them:
//   0. $REALWORLD_CACHE/<owner>__<name>/<path>   (a local copy with the same layout)
//   a. a local git mirror /work/.mirror/<owner>+<name>/ (the dir itself or a *.git
//      subdir): git --git-dir <dir> show <commit>:<path>
//   b. https://raw.githubusercontent.com/<owner>/<name>/<commit>/<path>
// An entry's `with` paths (files it needs beside it) are written too, at the same commit.
// Prints one line per file (ok/missing) and exits 1 if any file is missing.
//
// Not for CI: it reaches the network and third-party content. It refuses to run when
// CI is set unless REALWORLD_ALLOW_CI=1. No dependencies.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { readSample } from './sample.mjs';

const MIRROR_ROOT = process.env.REALWORLD_MIRROR_ROOT || '/work/.mirror';

function usage(msg) {
  if (msg) console.error(msg);
  console.error('usage: node test/realworld/materialize.mjs <sample.json> <outDir>');
  process.exit(2);
}

function safeRelPath(p) {
  if (typeof p !== 'string' || p === '' || p.startsWith('/') || p.includes('\\')) return false;
  return !p.split('/').some((seg) => seg === '' || seg === '.' || seg === '..');
}

function inside(root, target) {
  const r = resolve(root) + sep;
  return resolve(target).startsWith(r);
}

function fromCache(owner, name, path) {
  const root = process.env.REALWORLD_CACHE;
  if (!root) return null;
  const base = join(root, `${owner}__${name}`);
  const file = join(base, path);
  if (!inside(base, file) || !existsSync(file) || !statSync(file).isFile()) return null;
  return { bytes: readFileSync(file), source: 'cache' };
}

function gitDirs(owner, name) {
  const dir = join(MIRROR_ROOT, `${owner}+${name}`);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const dirs = [dir];
  for (const entry of readdirSync(dir)) {
    const sub = join(dir, entry);
    // Snapshots fetched by the tool library sit in a `repo/` folder; clones in `*.git`.
    if ((entry.endsWith('.git') || entry === 'repo') && statSync(sub).isDirectory()) dirs.push(sub);
  }
  return dirs.filter((d) => existsSync(join(d, 'HEAD')));
}

function fromMirror(owner, name, commit, path) {
  for (const gitDir of gitDirs(owner, name)) {
    try {
      const bytes = execFileSync('git', ['--git-dir', gitDir, 'show', `${commit}:${path}`], {
        stdio: ['ignore', 'pipe', 'ignore'],
        maxBuffer: 64 * 1024 * 1024,
      });
      return { bytes, source: 'mirror' };
    } catch {
      // try the next candidate
    }
  }
  return null;
}

async function fromRaw(owner, name, commit, path) {
  const url = `https://raw.githubusercontent.com/${owner}/${name}/${commit}/${path
    .split('/')
    .map(encodeURIComponent)
    .join('/')}`;
  try {
    const res = await globalThis.fetch(url, { redirect: 'follow' });
    if (!res.ok) return null;
    return { bytes: Buffer.from(await res.arrayBuffer()), source: 'raw' };
  } catch {
    return null;
  }
}

async function main() {
  if (process.env.CI && process.env.REALWORLD_ALLOW_CI !== '1') {
    console.error('materialize.mjs: refusing to run in CI (set REALWORLD_ALLOW_CI=1 to override)');
    process.exit(2);
  }
  const [samplePath, outDir] = process.argv.slice(2);
  if (!samplePath || !outDir) usage();
  // An entry's `with` lists the files it needs beside it (the compose file an overlay extends, the
  // kustomization naming it): materialized at the same commit, not measured.
  const sample = readSample(samplePath).flatMap((item) => [item, ...(Array.isArray(item?.with) ? item.with.map((path) => ({ repo: item.repo, path, commit: item.commit })) : [])]);

  let missing = 0;
  for (const item of sample) {
    const { repo, path, commit } = item ?? {};
    const parts = typeof repo === 'string' ? repo.split('/') : [];
    const label = `${repo}:${path}`;
    if (parts.length !== 2 || !parts.every(safeRelPath) || !safeRelPath(path) || !/^[0-9a-f]{40}$/i.test(commit ?? '')) {
      console.log(`missing ${label} (invalid entry)`);
      missing++;
      continue;
    }
    const [owner, name] = parts;
    const got =
      fromCache(owner, name, path) ?? fromMirror(owner, name, commit, path) ?? (await fromRaw(owner, name, commit, path));
    if (!got) {
      console.log(`missing ${label}@${commit.slice(0, 12)}`);
      missing++;
      continue;
    }
    const base = join(outDir, `${owner}__${name}`);
    const dest = join(base, path);
    if (!inside(base, dest)) {
      console.log(`missing ${label} (path escapes outDir)`);
      missing++;
      continue;
    }
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, got.bytes);
    console.log(`ok      ${label} (${got.source})`);
  }
  console.log(`${sample.length - missing}/${sample.length} materialized into ${outDir}`);
  process.exit(missing ? 1 : 0);
}

main();
