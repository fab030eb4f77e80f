// `npm run bench`: builds a reproducible tree (seeded generator: source files, configs, lock
// files, minified bundles and a few planted findings) in .bench/, times a full scan with the
// built CLI, and runs ripgrep with the catalog's literal prefixes over the same tree as the floor.
// Start-up is timed first, on a tiny repository (five files, scripts/tiny-repo.mjs) and on
// fixtures/demo, taking turns with Node starting with nothing to do. The last lines compare the figures
// with issue 8's targets: within 5x of rg, under 300 MB peak, a tiny repository under 150 ms.
// BENCH_FILES (default 50000) and BENCH_MB (default 500) size the tree, BENCH_RUNS (default 3)
// sets how many timed runs each figure is the median of; the page cache is warmed first.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from './prng.mjs';
import { writeTinyRepo } from '../scripts/tiny-repo.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = Number(process.env.BENCH_FILES ?? 50000);
const targetMb = Number(process.env.BENCH_MB ?? 500);
const tree = join(repo, '.bench', `tree-${files}-${targetMb}`);

const WORDS = 'const let return async await function import export from default interface type value config token service database backup volume deploy request response handler error result items index data user account project'.split(' ');

function sourceFile(rand, bytes) {
  const lines = [];
  let size = 0;
  while (size < bytes) {
    const n = 3 + Math.floor(rand() * 9);
    const line = `${'  '.repeat(Math.floor(rand() * 3))}${Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ')};`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

function generate() {
  if (existsSync(join(tree, '.done'))) return;
  rmSync(tree, { recursive: true, force: true });
  const rand = prng(42);
  const perFile = Math.floor((targetMb * 1024 * 1024) / files);
  const kinds = [
    ['src', 'ts'], ['src', 'js'], ['lib', 'py'], ['pkg', 'go'], ['config', 'yaml'], ['config', 'json'], ['config', 'toml'], ['infra', 'tf'],
  ];
  for (let i = 0; i < files; i++) {
    const [dir, ext] = kinds[i % kinds.length];
    const path = join(tree, `pkg${i % 97}`, dir, `m${Math.floor(i / 97)}`, `file${i}.${ext}`);
    mkdirSync(dirname(path), { recursive: true });
    const big = i % 5000 === 4999;
    writeFileSync(path, big ? sourceFile(rand, perFile * 20).replace(/\n/g, ' ') : sourceFile(rand, Math.max(200, Math.floor(perFile * (0.5 + rand())))));
    if (i % 1000 === 0) writeFileSync(join(dirname(path), 'package-lock.json'), sourceFile(rand, 20000));
    if (i % 2500 === 0) writeFileSync(join(dirname(path), 'bundle.min.js'), sourceFile(rand, 200000).replace(/\n/g, ''));
  }
  mkdirSync(join(tree, '.claude'), { recursive: true });
  writeFileSync(join(tree, '.claude/settings.json'), '{"permissions":{"defaultMode":"bypassPermissions","allow":["Bash(*)"]}}\n');
  writeFileSync(join(tree, '.env'), 'RAILWAY_API_TOKEN=4c7e1a9b-2d5f-4b83-9e6a-1f0c3d7b5a92\nGH_TOKEN=ghp_Rb7kQ2xW9mLp4Tz6Yv8Nc3Hd5Jf1Gs0AaQeW\n');
  writeFileSync(join(tree, '.done'), '');
}

const hasTime = existsSync('/usr/bin/time');

/** Wall time of one run, and with /usr/bin/time its peak memory and minor page faults. */
function timed(cmd, args) {
  const started = process.hrtime.bigint();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M %R', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const [rssKb, faults] = hasTime ? (r.stderr.trim().split('\n').pop() ?? '').trim().split(' ').map(Number) : [0, 0];
  return { ms, rssMb: rssKb / 1024, faults, status: r.status, stdout: r.stdout };
}

execFileSync('npm', ['run', 'build', '--silent'], { cwd: repo, stdio: 'inherit' });
if (!hasTime) console.log('note: /usr/bin/time is missing (apt-get install time); peak memory is not measured');

/** Runs a command `runs` times and keeps the median run, so one noisy moment does not decide the figure. */
function median(runs, cmd, args) {
  const all = Array.from({ length: runs }, () => timed(cmd, args)).sort((a, b) => a.ms - b.ms);
  return all[Math.floor(all.length / 2)];
}

/**
 * Runs each command `runs` times, taking turns, and keeps each one's median run: the machine's
 * mood at one moment then weighs on all of them alike.
 */
function interleavedMedians(runs, commands) {
  const all = commands.map(() => []);
  for (let i = 0; i < runs; i++) commands.forEach(([cmd, args], j) => all[j].push(timed(cmd, args)));
  return all.map((r) => r.sort((a, b) => a.ms - b.ms)[Math.floor(runs / 2)]);
}

const cli = join(repo, 'bin/blast-radius.cjs');
const scanArgs = (dir) => [cli, 'scan', dir, '--format', 'json', '--fail-on', 'none'];
// Start-up first, before the large tree is generated and scanned: right after a scan of half a
// gigabyte the machine is busy taking back the memory it used, and every start is slower.
const [nodeAlone, tiny, demo] = interleavedMedians(11, [
  [process.execPath, ['-e', '0']],
  [process.execPath, scanArgs(writeTinyRepo(join(repo, '.bench', 'tiny')))],
  [process.execPath, scanArgs(join(repo, 'fixtures/demo'))],
]);
// Page faults are the steadier figure: touching fresh memory is most of what a start costs on
// small virtual machines, and their count does not move with the machine's mood.
const overNode = (run) => (hasTime ? `, ${run.faults - nodeAlone.faults} page faults over Node's` : '');
console.log(`start-up (median of 11): tiny repository ${tiny.ms.toFixed(0)} ms${overNode(tiny)}; fixtures/demo ${demo.ms.toFixed(0)} ms${overNode(demo)}, ${demo.rssMb.toFixed(0)} MB peak RSS; node alone ${nodeAlone.ms.toFixed(0)} ms`);

const genStart = Date.now();
generate();
console.log(`tree: ${tree} (${files} files, ~${targetMb} MB, generated/reused in ${((Date.now() - genStart) / 1000).toFixed(1)} s)`);
const { PREFILTER_LITERALS } = await import(join(repo, 'build/detectors/tokens/catalog.js'));
const runs = Number(process.env.BENCH_RUNS ?? 3);
const rgInstalled = spawnSync('rg', ['--version'], { encoding: 'utf8' }).status === 0;
if (!rgInstalled) console.log('rg: not installed (apt-get install ripgrep), no floor to compare with');

/** Times a scan of `dir` and rg over the same tree (each the median of `runs`, the page cache warmed first). */
function measure(label, dir) {
  spawnSync(process.execPath, [cli, 'scan', dir, '--format', 'json', '--fail-on', 'none', '--no-progress'], { maxBuffer: 1 << 30 });
  const scanRun = median(runs, process.execPath, [...scanArgs(dir), '--no-progress']);
  const report = JSON.parse(scanRun.stdout);
  const mb = report.summary.bytesScanned / 1024 / 1024;
  console.log(`${label} scan (median of ${runs}): ${(scanRun.ms / 1000).toFixed(2)} s, ${report.summary.filesScanned} files (${(report.summary.filesScanned / (scanRun.ms / 1000)).toFixed(0)} files/s), ${mb.toFixed(0)} MB (${(mb / (scanRun.ms / 1000)).toFixed(1)} MB/s), peak RSS ${scanRun.rssMb.toFixed(0)} MB, ${report.summary.findings} findings`);
  if (!rgInstalled) return { scanRun };
  const args = ['--hidden', '--no-ignore', '-c', '-F', ...PREFILTER_LITERALS.flatMap((p) => ['-e', p]), dir];
  const floor = median(runs, 'rg', args);
  const ratio = scanRun.ms / floor.ms;
  console.log(`${label} rg floor (${PREFILTER_LITERALS.length} literal prefixes, median of ${runs}): ${(floor.ms / 1000).toFixed(2)} s; blast-radius / rg = ${ratio.toFixed(1)}x`);
  return { scanRun, ratio };
}

const generated = measure('generated tree:', tree);
// The real-source tree: six public repositories at recorded commits (bench/real-tree.mjs), when
// their snapshots are on this machine.
const { realTree } = await import('./real-tree.mjs');
const real = realTree(repo);
const realRun = real.included.length > 0 ? measure(`real tree (${real.included.join(', ')}):`, real.tree) : undefined;

const verdict = (ok) => (ok === undefined ? 'not measured' : ok ? 'met' : 'MISSED');
console.log(`targets (generated tree): within 5x of rg: ${verdict(generated.ratio === undefined ? undefined : generated.ratio <= 5)}; peak under 300 MB: ${verdict(hasTime ? generated.scanRun.rssMb < 300 : undefined)}; tiny repository under 150 ms: ${verdict(tiny.ms < 150)}`);
if (realRun) console.log(`targets (real tree): within 4x of rg: ${verdict(realRun.ratio === undefined ? undefined : realRun.ratio <= 4)}; peak under 200 MB: ${verdict(hasTime ? realRun.scanRun.rssMb < 200 : undefined)}`);
