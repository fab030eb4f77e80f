// On a pull request, the scan's instructions (`.blast-radius.yml` and the baseline) come from the
// base commit, not from the pull request: otherwise a pull request could add `ignore: ["**"]`, a
// baseline of its own findings or a rule set to off, and pass its own gate. The base versions are
// read over the API (a shallow checkout does not hold them); one that is absent at the base means
// none applies.

import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Octokit } from '@octokit/rest';
import { loadConfig, type BlastRadiusConfig } from '../engine/config.js';
import { isSymlink } from '../engine/plain-file.js';
import { readBaseline } from '../engine/suppress.js';
import { fetchRepositoryFiles } from './org-scan.js';

export interface BaseInstructions {
  config?: BlastRadiusConfig;
  baseline?: Set<string>;
  /** Instruction files whose pull-request version differs from the base's (not applied). */
  changed: string[];
}

const text = (path: string): string | undefined => {
  try {
    return isSymlink(path) ? '\u0000symlink' : readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * The config and baseline of the base commit. `configPath` and `baselinePath` are relative to the
 * repository root; `workspace` is the checkout, whose versions are compared to tell what changed.
 */
export async function baseInstructions(octokit: Octokit, o: { repository: string; baseSha: string; workspace: string; configPath: string; baselinePath?: string }): Promise<BaseInstructions> {
  const wanted = new Set([o.configPath, ...(o.baselinePath ? [o.baselinePath] : [])]);
  const fetched = await fetchRepositoryFiles(octokit, o.repository, o.baseSha, { candidate: (p) => wanted.has(p), maxFiles: 2 });
  try {
    const changed = [...wanted].filter((p) => text(join(fetched.dir, p)) !== text(join(o.workspace, p)));
    const configFile = join(fetched.dir, o.configPath);
    const baselineFile = o.baselinePath ? join(fetched.dir, o.baselinePath) : undefined;
    return {
      ...(text(configFile) !== undefined ? { config: loadConfig(configFile, true) } : {}),
      ...(baselineFile && text(baselineFile) !== undefined ? { baseline: readBaseline(baselineFile, true) } : {}),
      changed,
    };
  } finally {
    rmSync(fetched.dir, { recursive: true, force: true });
  }
}
