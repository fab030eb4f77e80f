#!/usr/bin/env node
// The HCL parser (src/parsers/hcl-syntax.ts) against HashiCorp's parser compiled to WASM
// (@cdktf/hcl2json, a development dependency), file by file, on real Terraform.
//
//   node test/realworld/hcl/compare.mjs <outDir> [more dirs with .tf files …]
//
// Writes each repository of repos.json, at its commit, to <outDir>/<owner>+<name>/ from a local
// git mirror (/work/.mirror/<owner>+<name>/repo, or $REALWORLD_MIRROR_ROOT), then compares every
// .tf, .tfvars and .hcl file under <outDir> and the other dirs: the same JSON, or both refusing.
// Needs `npm run build` first. Not for CI: it reads third-party content.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

if (process.env.CI && !process.env.REALWORLD_ALLOW_CI) {
  console.error('refusing to run in CI (set REALWORLD_ALLOW_CI=1 to override)');
  process.exit(2);
}
const [outDir, ...more] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: node test/realworld/hcl/compare.mjs <outDir> [dirs …]');
  process.exit(2);
}
const here = import.meta.dirname;
const root = resolve(here, '../../..');
const mirrors = process.env.REALWORLD_MIRROR_ROOT || '/work/.mirror';
for (const { repo, commit } of JSON.parse(readFileSync(join(here, 'repos.json'), 'utf8'))) {
  const dest = join(outDir, repo.replace('/', '+'));
  if (existsSync(dest)) continue;
  const gitDir = join(mirrors, repo.replace('/', '+'), 'repo');
  if (!existsSync(gitDir)) {
    console.error(`missing mirror ${gitDir} (fetch ${repo} first)`);
    continue;
  }
  mkdirSync(dest, { recursive: true });
  const tar = execFileSync('git', ['--git-dir', gitDir, 'archive', commit], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', dest], { input: tar });
}

const files = [];
const stack = [outDir, ...more];
while (stack.length > 0) {
  const dir = stack.pop();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) stack.push(path);
    else if (/\.(?:tf|tfvars|hcl)$/.test(name)) files.push(path);
  }
}

const { hclToJson } = await import(join(root, 'build/src/parsers/hcl-syntax.js'));
const { parse } = await import('@cdktf/hcl2json');
const counts = { files: files.length, same: 0, bothRefuse: 0, different: 0, onlyOursRefuse: 0, onlyTheirsRefuse: 0 };
for (const path of files.sort()) {
  const text = readFileSync(path, 'utf8');
  let ours;
  let theirs;
  try {
    ours = JSON.stringify(hclToJson(text));
  } catch (e) {
    ours = `refused: ${e.message}`;
  }
  try {
    theirs = JSON.stringify(await parse('x.tf', text));
  } catch (e) {
    theirs = `refused: ${String(e).split(';')[0]}`;
  }
  const oursRefuse = ours.startsWith('refused');
  const theirsRefuse = theirs.startsWith('refused');
  if (oursRefuse && theirsRefuse) counts.bothRefuse++;
  else if (oursRefuse) counts.onlyOursRefuse++;
  else if (theirsRefuse) counts.onlyTheirsRefuse++;
  else if (ours === theirs) counts.same++;
  else counts.different++;
  if (ours !== theirs && !(oursRefuse && theirsRefuse)) console.log(`${path}\n  ours:   ${ours.slice(0, 300)}\n  theirs: ${theirs.slice(0, 300)}`);
}
console.log(counts);
