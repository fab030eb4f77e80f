#!/usr/bin/env node
// Recall and precision of one family against a hand-labelled real-world sample. Not run in CI:
// the files come from public repositories (see materialize.mjs), never from this tree.
//
//   node test/realworld/measure.mjs <sample.json> <materialized dir> [bin] [--family agent] [--show]
//
// Each repository folder of the materialized dir is scanned once with the given bin (default
// bin/blast-radius.cjs, so an older build can be measured the same way). A file counts as flagged
// when a finding of the family at medium or above sits in it. File level: a risky file flagged is
// a true positive, a safe file flagged a false positive. Entry level: a labelled entry (not
// `debatable`) with a finding on its line is found; a finding on no labelled line is a false alarm.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readSample } from './sample.mjs';

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--') && !a.includes('=')));
const familyArg = args.find((a, i) => args[i - 1] === '--family');
const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--family');
const [samplePath, dir, bin = 'bin/blast-radius.cjs'] = positional;
if (!samplePath || !dir) {
  console.error('usage: node test/realworld/measure.mjs <sample.json> <materialized dir> [bin] [--family agent] [--show]');
  process.exit(2);
}
// One family (`agent`), or several (`agent,token`): a file's findings of any of them count.
const families = (familyArg ?? 'agent').split(',').map((f) => `${f}/`);
// Marker files (a layout's own files, such as .chezmoiroot) are materialized, not measured.
const labelled = readSample(samplePath).filter((s) => s.label !== 'marker');
// Files the materializer could not bring (no mirror, no network) are left out, and counted.
const sample = labelled.filter((s) => existsSync(resolve(dir, s.repo.replace('/', '__'), s.path)));
if (sample.length < labelled.length) console.log(`not materialized, left out: ${labelled.length - sample.length} of ${labelled.length} files`);
const RANK = { critical: 3, high: 2, medium: 1, low: 0 };

const findingsByRepo = new Map();
for (const repo of new Set(sample.map((s) => s.repo))) {
  const root = resolve(dir, repo.replace('/', '__'));
  let out;
  try {
    out = execFileSync('node', [bin, 'scan', root, '--format', 'json', '--fail-on', 'none', '--no-progress'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (e) {
    out = e.stdout ?? '{"findings":[]}';
  }
  const report = JSON.parse(out);
  findingsByRepo.set(repo, (report.findings ?? []).filter((f) => families.some((family) => f.ruleId.startsWith(family)) && RANK[f.severity] >= 1));
}

let tp = 0, fp = 0, fn = 0, tn = 0, entries = 0, entriesFound = 0, findings = 0, findingsOnEntries = 0;
const rows = [];
for (const s of sample) {
  const inFile = findingsByRepo.get(s.repo).filter((f) => f.location.path === s.path && f.location.root !== 'home');
  const flagged = inFile.length > 0;
  // A file in test code is expected to be reported low at most, whatever it holds: risky there
  // means "not flagged at medium or above".
  const risky = s.label === 'risky' && s.location !== 'test';
  if (risky && flagged) tp++;
  else if (risky) fn++;
  else if (flagged) fp++;
  else tn++;
  const labelled = s.entries.filter((e) => e.class !== 'debatable');
  const lines = new Set(inFile.map((f) => f.location.line));
  const allLines = new Set(s.entries.map((e) => e.line));
  entries += labelled.length;
  entriesFound += labelled.filter((e) => lines.has(e.line)).length;
  findings += inFile.length;
  findingsOnEntries += inFile.filter((f) => allLines.has(f.location.line)).length;
  if (risky !== flagged || flags.has('--show')) rows.push(`${risky ? (flagged ? 'TP' : 'FN') : flagged ? 'FP' : 'TN'} ${s.repo} ${s.path}: ${inFile.map((f) => `${f.ruleId}@${f.location.line}`).join(', ') || '-'}${risky ? ` | labelled ${labelled.map((e) => `${e.text}@${e.line}`).join(', ')}` : ''}`);
}
const pct = (a, b) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)} %`);
console.log(rows.join('\n'));
console.log(`files: ${sample.length} (${tp + fn} risky), TP ${tp}, FP ${fp}, FN ${fn}, TN ${tn}`);
console.log(`file recall ${pct(tp, tp + fn)}, file precision ${pct(tp, tp + fp)}`);
console.log(`entries: ${entriesFound}/${entries} labelled entries found (${pct(entriesFound, entries)}); ${findingsOnEntries}/${findings} findings on a labelled entry (${pct(findingsOnEntries, findings)})`);
