// The glob shortcuts answer exactly as picomatch would, for every glob a detector declares.

import picomatch from 'picomatch';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectors } from '../../detectors/index.js';
import { anyGlob, candidateLists, globTest } from '../../src/engine/globs.js';
import { filesOf } from '../support/files.js';

const REPO = resolve(import.meta.dirname, '../..');

const globs = [...new Set(detectors.flatMap((d) => [...(d.files ?? []), ...(d.projectFiles ?? [])]).map((g) => g.replace(/^~\//, '')))];

function samplePaths(): string[] {
  const fixtures = Object.keys(filesOf(resolve(REPO, 'fixtures'), () => ''));
  // Each fixture path, and the same path seen from every folder above it (a fixture is its own root).
  const suffixes = fixtures.flatMap((p) => p.split('/').map((_, i, parts) => parts.slice(i).join('/')));
  const edges = [
    '.env', 'a/.env', '.env.local', 'x.env', '.tf', 'main.tf', 'a/b/c.tf', 'main.tf.json', 'tf', 'a/tf', 'atf',
    'docker-compose.yml', 'a/docker-compose.override.yaml', 'compose.yaml', '.github/workflows/ci.yml', 'x/.github/workflows/ci.yml',
    'scripts/backup.sh', 'bin/a/b', '.claude/settings.json', 'sub/.claude/settings.local.json', 'a b/c.yaml', 'ünï/cödé.ts',
    '.vscode/settings.json', 'package.json', 'a/package.json', 'apackage.json', 'x.code-workspace', '.code-workspace',
    'bin', 'bin/', 'scripts', 'scripts/.hidden', '.railway', '.railway/x', '.railway/a/b', '.claude/hooks', '.claude/hooks/a.sh',
    '.env.', 'a/.env.prod', 'fly.toml', 'fly..toml', 'fly.staging.toml', '.github/workflows/.yml', '.github/workflows/a/b.yml',
    '.cursor/rules/.mdc', '.railway/config.json', '.railway/config-2.json', '.azure/a/b.json', 'x/.railway/config.json',
    'etc/litestream.yml', 'a/etc/litestream.yml', 'xetc/litestream.yml', 'supabase/config.toml', 'a/supabase/config.toml',
    'compose.yml', 'compose-dev.yaml', 'compose.yml.bak', 'a/docker-compose.prod.yml', 'composeyml', 'x.mts', 'x.d.ts', 'a.tsx.map',
    '.config/gcloud/legacy_credentials/a@b.com/adc.json', '.config/gcloud/legacy_credentials/adc.json', '.config/gcloud/legacy_credentials/a/b/adc.json',
    '.windsurf/workflows/a.md', 'x/.windsurf/workflows/a.md', 'x/y/.windsurf/workflows/.md', '.windsurf/workflows/a/b.md', 'x.windsurf/workflows/a.md',
    'windsurf/workflows/a.md', 'x/windsurf/workflows/a.md', '.windsurf/workflowsa.md', 'a/.windsurf/workflows', '.windsurf/rules/x.md',
    '.ts', 'a/.ts', 'a.ts/b', 'a.b/ts', 'x.TS', 'x.ts.bak', 'a/b.c.mjs', 'x.', 'a./b', 'x.jsx', 'x-y.cjs',
  ];
  return [...new Set([...suffixes, ...edges])];
}

describe('glob shortcuts', () => {
  const paths = samplePaths();

  it('covers the registry', () => {
    expect(globs.length).toBeGreaterThan(50);
    expect(paths.length).toBeGreaterThan(300);
  });

  it.each(globs)('%s answers as picomatch does', (glob) => {
    const reference = picomatch(glob, { dot: true });
    const test = globTest(glob);
    const differing = paths.filter((p) => test(p) !== reference(p));
    expect(differing).toEqual([]);
  });

  it.each(['**/a/*.json', '**/a/b/x*', '**/.x/*'])('%s (any folder, then a literal one) answers as picomatch does', (glob) => {
    const reference = picomatch(glob, { dot: true });
    const candidates = ['a/x.json', 'p/a/x.json', 'p/q/a/.json', 'pa/x.json', 'a/b/x.json', 'a/x.jsonx', 'a', 'a/', 'a/b/x', 'p/a/b/xy', 'a/b/c/x', '.x/y', 'p/.x/y', 'p/.x/y/z', '.x', 'p.x/y'];
    expect(candidates.filter((p) => globTest(glob)(p) !== reference(p))).toEqual([]);
  });

  it('anyGlob matches when one glob does', () => {
    const test = anyGlob(['**/*.tf', '.env', 'scripts/*']);
    expect(['a/main.tf', '.env', 'scripts/x'].map(test)).toEqual([true, true, true]);
    expect(['a/.env', 'scripts/a/b', 'main.tfx'].map(test)).toEqual([false, false, false]);
  });

  it('a detector\'s whole list answers as picomatch does on the list', () => {
    const lists = detectors.flatMap((d) => [d.files, d.projectFiles]).filter((l): l is readonly string[] => (l?.length ?? 0) >= 4).map((l) => l.map((g) => g.replace(/^~\//, '')));
    expect(lists.length).toBeGreaterThan(5);
    for (const list of lists) {
      const reference = picomatch([...list], { dot: true });
      const test = anyGlob(list);
      expect(paths.filter((p) => test(p) !== reference(p)), list.join(' ')).toEqual([]);
    }
  });

  it('candidateLists remembers answers by extension without mixing up names a start or exact class picks', () => {
    const candidates = candidateLists([['**/.env.*'], ['**/*.yml'], ['**/compose.yml'], ['**/*.ts']]);
    expect(['a.yml', '.env.yml', 'b.yml', 'x/compose.yml', 'c.yml', 'README', '.env', 'x.ts', '.env.ts'].map((p) => candidates(p))).toEqual([[1], [0, 1], [1], [1, 2], [1], [], [], [3], [0, 3]]);
  });

  it('candidateLists never leaves out a detector whose globs match', () => {
    const lists = detectors.map((d) => [...(d.files ?? []), ...(d.projectFiles ?? [])].map((g) => g.replace(/^~\//, '')));
    const candidates = candidateLists(lists);
    const tests = lists.map((l) => (l.length ? picomatch(l, { dot: true }) : () => false));
    const missed = paths.flatMap((p) => tests.flatMap((t, i) => (t(p) && !candidates(p).includes(i) ? [`${p} ${detectors[i]?.id}`] : [])));
    expect(missed).toEqual([]);
    // It narrows: a TypeScript file is a candidate for a few detectors, not all of them.
    expect(candidates('src/a/index.ts').length).toBeLessThan(lists.length / 3);
    expect(candidateLists([['**/*.{tf,hcl}'], ['**/.env.*'], ['**'], ['a/b.json']])('x/main.hcl')).toEqual([0, 2]);
  });
});
