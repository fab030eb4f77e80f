// `scan --github-org ORG`: scan every repository of an organisation over the API, without
// cloning. For each repository the default branch's tree is listed once (`GET /git/trees/{ref}
// ?recursive=1`), only the paths the detectors can use are fetched as blobs, written into a
// private temporary directory and scanned there, so a finding's path is the repository's own.
// `--shard i/n` keeps the repositories whose name hashes to shard i, so an Actions matrix of n
// jobs covers the organisation once, each job the same repositories on every run.

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import type { Octokit } from '@octokit/rest';
import picomatch from 'picomatch';

export interface OrgRepository {
  fullName: string;
  defaultBranch: string;
  archived: boolean;
}

export interface FetchedTree {
  dir: string;
  ref: string;
  filesFetched: number;
  /** Paths the detectors could use that were not fetched (tree truncated by GitHub, or over the per-repository cap). */
  notFetched: number;
  truncated: boolean;
}

/** Which shard (1-based) a repository belongs to: a hash of its name, so adding repositories moves no others. */
export function shardOf(fullName: string, count: number): number {
  const h = createHash('sha256').update(fullName.toLowerCase()).digest();
  return (h.readUInt32BE(0) % count) + 1;
}

export async function listOrgRepositories(octokit: Octokit, org: string): Promise<OrgRepository[]> {
  const repos = await octokit.paginate(octokit.rest.repos.listForOrg, { org, type: 'all', per_page: 100 });
  return repos
    .filter((r) => !r.disabled && (r.size ?? 1) > 0)
    .map((r) => ({ fullName: r.full_name, defaultBranch: r.default_branch ?? 'main', archived: r.archived ?? false }))
    .sort((a, b) => (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0));
}

export function selectShard<T extends { fullName: string }>(repos: readonly T[], shard?: { index: number; count: number }): T[] {
  return shard ? repos.filter((r) => shardOf(r.fullName, shard.count) === shard.index) : [...repos];
}

/**
 * Files worth fetching: every path a detector names, plus the files credentials are kept in
 * (environment, configuration, infrastructure, CI and script files). Application source is left
 * to local and Action scans, which read every file; lock files and vendored trees never are.
 */
const CREDENTIAL_FILES = [
  '**/.env', '**/.env.*', '**/*.env', '**/.npmrc', '**/.netrc', '**/.pypirc', '**/.git-credentials', '**/.dockercfg',
  '**/*.{yml,yaml,json,jsonc,toml,ini,cfg,conf,properties,tf,tfvars,hcl,sh,bash,zsh,ps1}',
  '**/{Makefile,Dockerfile,Procfile,Justfile,Taskfile}', '**/kubeconfig', '**/*.kubeconfig',
];
const NEVER = ['**/node_modules/**', '**/vendor/**', '**/.git/**', '**/{package-lock.json,yarn.lock,pnpm-lock.yaml,composer.lock,Cargo.lock,poetry.lock,Gemfile.lock,bun.lock}', '**/*.min.{js,css}', '**/*.map'];

export function candidateMatcher(detectorGlobs: readonly string[]): (path: string) => boolean {
  // Extension-only globs (`**/*.ts`) would pull in all application source; the files they name
  // that hold settings (`*.tf`, `*.yml`) are in CREDENTIAL_FILES already.
  const named = detectorGlobs.filter((g) => g !== '**' && !g.startsWith('~/') && !g.startsWith('**/*.'));
  const wanted = picomatch([...named, ...CREDENTIAL_FILES], { dot: true });
  const never = picomatch(NEVER, { dot: true });
  return (path) => wanted(path) && !never(path);
}

/** A path from the API is written only if it stays inside the directory. */
function safeJoin(dir: string, path: string): string | undefined {
  const target = resolve(dir, path);
  return target.startsWith(dir + sep) ? target : undefined;
}

export interface FetchOptions {
  candidate: (path: string) => boolean;
  maxFiles?: number;
  maxFileBytes?: number;
  concurrency?: number;
}

/** Fetches the candidate files of `repository` at `ref` (a branch, tag or commit SHA) into a new temporary directory. */
export async function fetchRepositoryFiles(octokit: Octokit, repository: string, ref: string, options: FetchOptions): Promise<FetchedTree> {
  const [owner, name] = repository.split('/') as [string, string];
  const maxFiles = options.maxFiles ?? 2000;
  const maxBytes = options.maxFileBytes ?? 1024 * 1024;
  const tree = await octokit.rest.git.getTree({ owner, repo: name, tree_sha: ref, recursive: 'true' });
  const blobs = tree.data.tree.filter(
    (e): e is typeof e & { path: string; sha: string } =>
      e.type === 'blob' && typeof e.path === 'string' && typeof e.sha === 'string' && (e.size ?? 0) <= maxBytes && options.candidate(e.path),
  );
  const chosen = blobs.slice(0, maxFiles);
  const dir = mkdtempSync(join(tmpdir(), 'blast-radius-org-'));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chosen.length) {
      const entry = chosen[next++];
      if (!entry) break;
      const target = safeJoin(dir, entry.path);
      if (!target) continue;
      const blob = await octokit.rest.git.getBlob({ owner, repo: name, file_sha: entry.sha });
      const bytes = Buffer.from(blob.data.content, blob.data.encoding === 'base64' ? 'base64' : 'utf8');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, bytes, { mode: 0o600 });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, chosen.length) }, worker));
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { dir, ref, filesFetched: chosen.length, notFetched: blobs.length - chosen.length, truncated: tree.data.truncated };
}
