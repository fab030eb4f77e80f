#!/usr/bin/env node
// Mutation comparison of the HCL parser against HashiCorp's (@cdktf/hcl2json): real .tf files
// from <dir> (for instance the folder compare.mjs wrote), each with one to three random edits
// (a token inserted, a range dropped, a slice repeated), parsed by both. Counts the same JSON,
// both refusing, one refusing, different JSON, and any exception that is not a syntax error.
//
//   node test/realworld/hcl/mutate.mjs <dir> [seconds=60] [seed=12345]
//
// Needs `npm run build` first. Not for CI.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [dir, seconds = '60', seedArg = '12345'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node test/realworld/hcl/mutate.mjs <dir> [seconds] [seed]');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '../../..');
const { hclToJson, HclSyntaxError } = await import(join(root, 'build/src/parsers/hcl-syntax.js'));
const { parse } = await import('@cdktf/hcl2json');
const files = execFileSync('find', [dir, '-type', 'f', '-name', '*.tf'], { maxBuffer: 1 << 28 }).toString().trim().split('\n').filter(Boolean);
let seed = Number(seedArg) >>> 0;
const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
const pick = (n) => Math.floor(rand() * n);
const TOKENS = ['{', '}', '[', ']', '(', ')', '"', '${', '%{', '\n', '=', ',', '.', '*', '...', '<<EOF\n', 'EOF\n', '?', ':', '#', '//', '/*', '*/', '\\', '~', '-', '!', 'for ', ' in ', 'if ', '=>', '0', '1.5e3', 'null', 'true'];
const counts = { same: 0, bothRefuse: 0, onlyOursRefuse: 0, onlyTheirsRefuse: 0, different: 0, exceptions: 0 };
const until = Date.now() + Number(seconds) * 1000;
while (Date.now() < until && files.length > 0) {
  let text = readFileSync(files[pick(files.length)], 'utf8');
  for (let k = 1 + pick(3); k > 0; k--) {
    const at = pick(text.length + 1);
    const r = rand();
    if (r < 0.5) text = text.slice(0, at) + TOKENS[pick(TOKENS.length)] + text.slice(at);
    else if (r < 0.8) text = text.slice(0, at) + text.slice(at + 1 + pick(8));
    else {
      const from = pick(text.length);
      text = text.slice(0, at) + text.slice(from, from + 20) + text.slice(at);
    }
  }
  let ours;
  try {
    ours = JSON.stringify(hclToJson(text));
  } catch (e) {
    if (!(e instanceof HclSyntaxError)) {
      counts.exceptions++;
      console.log(`exception: ${e.stack.split('\n').slice(0, 3).join(' | ')}`);
      continue;
    }
  }
  let theirs;
  try {
    theirs = JSON.stringify(await parse('x.tf', text));
  } catch {
    theirs = undefined;
  }
  if (ours === undefined && theirs === undefined) counts.bothRefuse++;
  else if (ours === undefined) counts.onlyOursRefuse++;
  else if (theirs === undefined) counts.onlyTheirsRefuse++;
  else if (ours === theirs) counts.same++;
  else counts.different++;
  if (ours !== theirs && (ours === undefined) === (theirs === undefined)) console.log(`different:\n${text.slice(0, 400)}`);
}
console.log(counts);
