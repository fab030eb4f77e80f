// The real-source tree for `npm run bench`: named public repositories at recorded commits, written
// into .bench/real/<owner>+<name>/ from local git snapshots (`git archive`). Not part of CI: the
// snapshots come from the network. The snapshot folder defaults to /work/.mirror/<owner>+<name>/
// (a bare clone, or a folder holding `repo`); BENCH_MIRRORS changes it. A repository whose
// snapshot or commit is missing is named and left out.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The six repositories issue #18 measured, at the commits this tree is built from. */
export const REAL_REPOSITORIES = [
  { repo: 'vercel/ai', commit: 'ed857f50f112e23930b0c2dd8d532cc8bebbc911' },
  { repo: 'coollabsio/coolify', commit: '379abb252621f34b318190bd49b614aed9818716' },
  { repo: 'continuedev/continue', commit: 'd0a3c0b626b5bebc3bef4742eec05a0242be0bab' },
  { repo: 'google-gemini/gemini-cli', commit: '5411f113cafae26161b4969b0237b8e1e024e2c2' },
  { repo: 'anthropics/claude-code', commit: '5cfc0a1905ce0c0a9bd81d8a90fe6b62ff614357' },
  { repo: 'makeplane/plane', commit: '4ca6d6c7b807ad09bb571af2c43e85bf47c3ec6b' },
];

function gitDir(mirrors, repo) {
  const base = join(mirrors, repo.replace('/', '+'));
  for (const candidate of [join(base, 'repo'), base]) if (existsSync(join(candidate, 'HEAD'))) return candidate;
  return undefined;
}

/**
 * Writes every file of `commit` under `dest` with one `git cat-file --batch` (snapshots may lack
 * their largest blobs, which `git archive` refuses); returns how many were missing.
 */
function writeCommit(dir, commit, dest) {
  const listing = execFileSync('git', ['--git-dir', dir, 'ls-tree', '-r', '-z', commit], { maxBuffer: 1 << 28 }).toString('utf8').split('\0').filter(Boolean);
  const blobs = listing.map((line) => /^(\d+) blob ([0-9a-f]{40})\t(.*)$/s.exec(line)).filter((m) => m && m[1] !== '120000' && m[1] !== '160000');
  const out = execFileSync('git', ['--git-dir', dir, 'cat-file', '--batch'], { input: blobs.map((m) => m[2]).join('\n') + '\n', maxBuffer: 2 ** 31 });
  let at = 0;
  let missing = 0;
  for (const m of blobs) {
    const eol = out.indexOf(10, at);
    const header = out.toString('latin1', at, eol);
    at = eol + 1;
    if (header.endsWith(' missing')) {
      missing++;
      continue;
    }
    const size = Number(header.split(' ')[2]);
    const path = join(dest, m[3]);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, out.subarray(at, at + size));
    at += size + 1;
  }
  return missing;
}

/** Builds (or reuses) the tree; returns its path and the repositories in it. */
export function realTree(root) {
  const mirrors = process.env.BENCH_MIRRORS ?? '/work/.mirror';
  const tree = join(root, '.bench', 'real');
  const included = [];
  for (const { repo, commit } of REAL_REPOSITORIES) {
    const dest = join(tree, repo.replace('/', '+'));
    if (existsSync(join(dest, '.bench-commit'))) {
      included.push(repo);
      continue;
    }
    const dir = gitDir(mirrors, repo);
    if (!dir) {
      console.log(`real tree: no snapshot of ${repo} in ${mirrors}; left out`);
      continue;
    }
    rmSync(dest, { recursive: true, force: true });
    mkdirSync(dest, { recursive: true });
    try {
      const missing = writeCommit(dir, commit, dest);
      writeFileSync(join(dest, '.bench-commit'), `${commit}\n`);
      if (missing > 0) console.log(`real tree: ${repo}: ${missing} large files are not in the snapshot; left out`);
      included.push(repo);
    } catch {
      console.log(`real tree: ${repo}@${commit.slice(0, 12)} is not in its snapshot; left out`);
      rmSync(dest, { recursive: true, force: true });
    }
  }
  return { tree, included };
}
