// Where agent configs sit in a repository. An agent started in a package of a monorepo reads that
// package's `.claude/`, `.cursor/`, `.gemini/`, `.codex/` or `opencode.json`, so each folder that
// holds one is a project of its own; the user's settings (the home root) join the repository root.

import type { ProjectContext } from '../../src/engine/types.js';

/** The repository folders (`''` for the root, else ending in `/`) holding any of these config paths. */
export function configDirs(ctx: ProjectContext, paths: readonly string[]): string[] {
  const dirs = new Set<string>(['']);
  for (const f of ctx.files(paths.map((p) => `**/${p}`))) {
    if (f.root !== 'repo') continue;
    const path = paths.find((p) => f.path === p || f.path.endsWith(`/${p}`));
    if (path) dirs.add(f.path.slice(0, f.path.length - path.length));
  }
  return [...dirs].sort();
}
