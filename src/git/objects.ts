// Reading a repository's objects through git plumbing, streamed: `git log --raw -z` names every blob
// each commit adds, and one `git cat-file --batch` process hands over their contents, each read
// once. Blobs are written under a scratch folder at their own paths (so each file is classified by
// its name, as in the working tree) for the engine to scan.

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export class GitError extends Error {
  override name = 'GitError';
}

/** Runs git and returns its standard output; a missing git or a path outside a repository is a GitError. */
export function git(cwd: string, args: readonly string[]): string {
  const r = spawnSync('git', ['-C', cwd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) throw new GitError((r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed (or not on PATH)' : `git failed: ${r.error.message}`);
  if (r.status !== 0) throw new GitError(/not a git repository/i.test(r.stderr) ? `${cwd} is not a git repository` : `git ${args[0]} failed: ${r.stderr.split('\n')[0]}`);
  return r.stdout;
}

/** The top folder of the repository holding `path`. */
export const repositoryRoot = (path: string): string => git(path, ['rev-parse', '--show-toplevel']).trim();

/** A blob to read, and where it goes under the scratch folder. */
export interface BlobRequest {
  sha: string;
  /** POSIX path under the scratch folder. */
  target: string;
}

const SKIPPED_MODES = new Set(['160000', '120000']);

/** The target inside `dir`, or undefined for a path that would leave it (`..`, absolute). */
function safeTarget(dir: string, target: string): string | undefined {
  if (target.split('/').some((part) => part === '..' || part === '') || target.startsWith('/')) return undefined;
  return join(dir, target);
}

/** Where a blob first appears in history: the commit that added it, when, and at which path. */
export interface BlobOrigin {
  sha: string;
  commit: string;
  /** Commit time, seconds since the epoch. */
  time: number;
  path: string;
}

/**
 * Every blob reachable from all refs (or only from commits not reachable from `since`), with the
 * commit that first added it, oldest first. One `git log` process, read as it runs.
 */
export async function blobOrigins(cwd: string, since?: string): Promise<BlobOrigin[]> {
  const args = ['-C', cwd, 'log', '--all', '--reverse', '--format=%x01%H %ct', '--raw', '--no-abbrev', '--no-renames', '-m', '-z', ...(since ? ['--not', since] : [])];
  const seen = new Map<string, BlobOrigin>();
  let commit = '';
  let time = 0;
  let pending: { sha: string; mode: string } | undefined;
  let rest = '';
  const take = (token: string): void => {
    const t = token.replace(/^\n+/, '');
    if (pending) {
      if (!seen.has(pending.sha) && !SKIPPED_MODES.has(pending.mode)) seen.set(pending.sha, { sha: pending.sha, commit, time, path: t });
      pending = undefined;
    } else if (t.startsWith('\u0001')) {
      [commit = '', time = 0] = ((): [string, number] => {
        const [c, ts] = t.slice(1).split(' ');
        return [c ?? '', Number(ts ?? 0)];
      })();
    } else if (t.startsWith(':')) {
      // `:oldmode newmode oldsha newsha status`; a deletion's new sha is all zeros.
      const [, mode = '', , sha = ''] = t.slice(1).split(' ');
      if (!/^0+$/.test(sha)) pending = { sha, mode };
    }
  };
  await new Promise<void>((done, fail) => {
    const child = spawn('git', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.on('error', (e) => fail(new GitError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed (or not on PATH)' : e.message)));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\u0000');
      rest = parts.pop() ?? '';
      for (const p of parts) take(p);
    });
    child.on('close', (code) => {
      if (rest) take(rest);
      if (code === 0) done();
      else fail(new GitError(/not a git repository/i.test(stderr) ? `${cwd} is not a git repository` : `git log failed: ${stderr.split('\n')[0]}`));
    });
  });
  // A blob the `since` revision already holds (renamed or re-added later) is not new since then.
  if (since) {
    for (const entry of git(cwd, ['ls-tree', '-r', '-z', since]).split('\u0000')) {
      const sha = /^\d{6} blob ([0-9a-f]+)\t/.exec(entry)?.[1];
      if (sha) seen.delete(sha);
    }
  }
  return [...seen.values()];
}

/** The staged blobs: path and sha of every regular file in the index (stage 0). */
export function stagedBlobs(cwd: string): { sha: string; path: string }[] {
  const out = git(cwd, ['ls-files', '--stage', '-z']);
  const found: { sha: string; path: string }[] = [];
  for (const entry of out.split('\u0000')) {
    const m = /^(\d{6}) ([0-9a-f]{40,64}) (\d)\t([\s\S]+)$/.exec(entry);
    if (!m || SKIPPED_MODES.has(m[1] as string) || m[3] !== '0') continue;
    found.push({ sha: m[2] as string, path: m[4] as string });
  }
  return found;
}

/**
 * Writes each requested blob under `dir` at its target path, through one `git cat-file --batch`.
 * Blobs over `maxSize` are skipped (counted in the result). Returns how many were written.
 */
export async function writeBlobs(cwd: string, dir: string, blobs: readonly BlobRequest[], maxSize: number): Promise<{ written: number; tooLarge: number }> {
  const child = spawn('git', ['-C', cwd, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let written = 0;
  let tooLarge = 0;
  let index = 0;
  // Folders made so far: most blobs share their parent folders, and a mkdir per blob was most of the time.
  const made = new Set<string>([dir]);
  const ensureDir = (folder: string): void => {
    if (made.has(folder)) return;
    ensureDir(dirname(folder));
    mkdirSync(folder, { recursive: true });
    made.add(folder);
  };
  let buffer: Buffer = Buffer.alloc(0);
  let need: { size: number; request: BlobRequest } | undefined;
  /** Bytes of a blob over the size cap (and its newline) still to pass by, never held. */
  let skip = 0;
  const consume = (): void => {
    for (;;) {
      if (skip > 0) {
        const n = Math.min(skip, buffer.length);
        buffer = buffer.subarray(n);
        skip -= n;
        if (skip > 0) return;
      }
      if (!need) {
        const nl = buffer.indexOf(10);
        if (nl === -1) return;
        const header = buffer.subarray(0, nl).toString('latin1');
        buffer = buffer.subarray(nl + 1);
        const request = blobs[index++] as BlobRequest;
        const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
        if (!m) continue; // "<sha> missing"
        if (Number(m[2]) > maxSize) {
          tooLarge++;
          skip = Number(m[2]) + 1;
          continue;
        }
        need = { size: Number(m[2]), request };
      }
      if (buffer.length < need.size + 1) return;
      const target = safeTarget(dir, need.request.target);
      if (target) {
        ensureDir(dirname(target));
        writeFileSync(target, buffer.subarray(0, need.size), { mode: 0o600 });
        written++;
      }
      buffer = buffer.subarray(need.size + 1);
      need = undefined;
    }
  };
  await new Promise<void>((done, fail) => {
    child.on('error', (e) => fail(new GitError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed (or not on PATH)' : e.message)));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      consume();
    });
    child.on('close', (code) => (code === 0 ? done() : fail(new GitError('git cat-file failed'))));
    // Requests go in as the pipe drains, so memory stays bounded by the pipe, not the history.
    let next = 0;
    const feed = (): void => {
      while (next < blobs.length) {
        if (!child.stdin.write(`${(blobs[next++] as BlobRequest).sha}\n`)) {
          child.stdin.once('drain', feed);
          return;
        }
      }
      child.stdin.end();
    };
    feed();
  });
  return { written, tooLarge };
}
