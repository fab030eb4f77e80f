// Where secrets hide after they leave the tree (issue #20). `--history`: every blob reachable from
// all refs is scanned once by the token detectors, and each finding names the commit that added it
// (a token still in the working tree is reported once, from the tree). `--staged`: exactly the
// index's content, for a pre-commit hook. Both read git objects into a scratch folder and hand it
// to the engine, so a blob is judged exactly as a file of the tree would be.

import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { BlastRadiusConfig } from '../engine/config.js';
import { nodeCrypto } from '../engine/crypto.js';
import { scan } from '../engine/scan.js';
import type { Fact } from '../engine/facts.js';
import type { Detector, Finding, ScanResult } from '../engine/types.js';
import { blobOrigins, repositoryRoot, stagedBlobs, writeBlobs, type BlobOrigin } from './objects.js';

export interface GitScanOptions {
  root: string;
  detectors: readonly Detector[];
  config?: BlastRadiusConfig;
  maxFileSize: number;
}

/** The scanned folder's place in its repository (`''` at the top, else ending in `/`), and the top. */
function placeIn(root: string): { top: string; prefix: string } {
  const top = repositoryRoot(root);
  const rel = relative(realpathSync(top), realpathSync(root)).split(sep).join('/');
  return { top, prefix: rel ? `${rel}/` : '' };
}

/** Exactly the staged content of the files under `root`, scanned as a tree at their own paths. */
export async function scanStaged(o: GitScanOptions): Promise<ScanResult> {
  const { top, prefix } = placeIn(o.root);
  const blobs = stagedBlobs(top).filter((b) => b.path.startsWith(prefix));
  const dir = mkdtempSync(join(tmpdir(), 'blast-radius-staged-'));
  try {
    await writeBlobs(top, dir, blobs.map((b) => ({ sha: b.sha, target: b.path.slice(prefix.length) })), o.maxFileSize);
    const result = await scan({ root: dir, detectors: o.detectors, ...(o.config ? { config: o.config } : {}) });
    return { ...result, root: o.root };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface HistoryScan {
  findings: Finding[];
  /** Credentials found in history, for the chain stage to join with the tree's facts. */
  facts: Fact[];
  blobs: number;
  commits: number;
}

/** `src/.env` at blob `abc…` is written as `src/abc…/.env`. */
const versionPath = (path: string, sha: string): string => {
  const cut = path.lastIndexOf('/') + 1;
  return `${path.slice(0, cut)}${sha}/${path.slice(cut)}`;
};

/** The blob and the committed path of a scratch path written by versionPath. */
function originalPath(scratch: string): { sha: string; path: string } {
  const parts = scratch.split('/');
  const sha = parts.length >= 2 ? (parts[parts.length - 2] as string) : '';
  return { sha, path: [...parts.slice(0, -2), parts[parts.length - 1]].join('/') };
}

const day = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 10);

/**
 * Token findings in every blob of history (since `since` when given), each located at the path it
 * was committed under and named by its commit, each token once; and the credentials as facts.
 */
export async function scanHistory(o: GitScanOptions & { since?: string }): Promise<HistoryScan> {
  const { top, prefix } = placeIn(o.root);
  const origins = (await blobOrigins(top, o.since)).filter((b) => b.path.startsWith(prefix));
  const bySha = new Map<string, BlobOrigin>(origins.map((b) => [b.sha, b]));
  const dir = mkdtempSync(join(tmpdir(), 'blast-radius-history-'));
  try {
    // Each blob at its own path with a folder of its sha before the file name, so it is classified
    // by its name and folders, and versions of one file share their parent folders.
    await writeBlobs(top, dir, origins.map((b) => ({ sha: b.sha, target: versionPath(b.path.slice(prefix.length), b.sha) })), o.maxFileSize);
    const tokenDetectors = o.detectors.filter((d) => d.id.startsWith('tokens/'));
    const result = await scan({ root: dir, detectors: tokenDetectors, ...(o.config ? { config: o.config } : {}) });
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const f of result.findings) {
      const { sha, path } = originalPath(f.location.path);
      const origin = bySha.get(sha);
      if (!origin || (f.valueKey && reported.has(f.valueKey))) continue;
      if (f.valueKey) reported.add(f.valueKey);
      findings.push({
        ...f,
        message: `${f.message} Found in git history: added in commit ${origin.commit.slice(0, 12)} (${day(origin.time)}) at ${path}; it is no longer in the working tree but anyone (or any agent) that can run \`git log -p\` can read it. Revoke it: removing it from history does not un-leak it.`,
        confidence: f.confidence === 'high' ? 'medium' : 'low',
        location: { ...f.location, path },
        related: f.related.map((r) => ({ ...r, location: { ...r.location, path: originalPath(r.location.path).path } })),
        fingerprint: nodeCrypto().createHash('sha256').update(`${f.fingerprint}\u0000history`).digest('hex').slice(0, 32),
        properties: { ...(f.properties ?? {}), history: { commit: origin.commit, date: day(origin.time), path } },
      });
    }
    const facts: Fact[] = result.facts.flatMap((f) => {
      if (f.kind !== 'credential') return [];
      const { sha, path } = originalPath(f.location.path);
      const origin = bySha.get(sha);
      return origin ? [{ ...f, reach: 'git-history' as const, holder: `commit ${origin.commit.slice(0, 12)}`, reason: `${f.reason} (in git history)`, location: { ...f.location, path } }] : [];
    });
    return { findings, facts, blobs: origins.length, commits: new Set(origins.map((b) => b.commit)).size };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
