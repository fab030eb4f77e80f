// Pull request mode: which findings does this pull request add? The base commit is usually not in
// a shallow checkout, so its files are read over the API, as the organisation scan does: the
// candidate files plus every file a head finding points at, so each head finding's file is
// compared with its own base version. A finding is new when its fingerprint (rule, file and the
// finding's own text, never a line number) is absent from the base scan.

import { rmSync } from 'node:fs';
import type { Octokit } from '@octokit/rest';
import type { BlastRadiusConfig } from '../engine/config.js';
import { scan } from '../engine/scan.js';
import type { Detector, Finding } from '../engine/types.js';
import { candidateMatcher, fetchRepositoryFiles } from './org-scan.js';

export interface BaseComparison {
  repository: string;
  baseSha: string;
  detectors: readonly Detector[];
  config?: BlastRadiusConfig;
  head: readonly Finding[];
  /** The head scan's suppressed findings: those the base did not suppress are the pull request's own. */
  headSuppressed?: readonly Finding[];
}

export interface Comparison {
  /** Findings absent from the base scan. */
  fresh: Finding[];
  /** Suppressions the pull request adds: suppressed at the head, not suppressed at the base. */
  addedSuppressions: Finding[];
}

export async function newFindings(octokit: Octokit, c: BaseComparison): Promise<Comparison> {
  const wanted = candidateMatcher(c.detectors.flatMap((d) => [...(d.files ?? []), ...(d.projectFiles ?? [])]));
  const headPaths = new Set([...c.head, ...(c.headSuppressed ?? [])].filter((f) => f.location.root === 'repo').map((f) => f.location.path));
  const fetched = await fetchRepositoryFiles(octokit, c.repository, c.baseSha, { candidate: (p) => headPaths.has(p) || wanted(p) });
  try {
    const base = await scan({ root: fetched.dir, detectors: c.detectors, ...(c.config ? { config: c.config } : {}) });
    const known = new Set([...base.findings, ...base.suppressed].map((f) => f.fingerprint));
    const suppressedAtBase = new Set(base.suppressed.map((f) => f.fingerprint));
    return { fresh: c.head.filter((f) => !known.has(f.fingerprint)), addedSuppressions: (c.headSuppressed ?? []).filter((f) => !suppressedAtBase.has(f.fingerprint)) };
  } finally {
    rmSync(fetched.dir, { recursive: true, force: true });
  }
}
