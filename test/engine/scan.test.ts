// The engine's scheduling of project checks: a check runs when the tree kept at least one of the
// files its detector names in projectFiles, and only then; a detector without projectFiles always
// gets its check.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { defineDetector, type Detector } from '../../src/engine/types.js';

const RULE = { title: 'Project check ran', severity: 'low', precision: 'high', help: 'Test rule.' } as const;

function projectDetector(id: string, options: Pick<Detector, 'projectFiles' | 'keeps'>): { detector: Detector; runs: string[][] } {
  const runs: string[][] = [];
  const detector = defineDetector({
    id,
    rules: { [`test/${id}`]: RULE },
    ...options,
    checkProject(ctx) {
      runs.push(ctx.files(options.projectFiles ?? ['**']).map((f) => f.path));
    },
  });
  return { detector, runs };
}

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'br-scan-'));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
  return root;
}

describe('project checks', () => {
  it('run only when the tree kept a file they name', async () => {
    const named = projectDetector('named', { projectFiles: ['fly.toml'] });
    const kept = projectDetector('kept', { projectFiles: ['*.yml'], keeps: (f) => f.text.includes('keep') });
    const always = projectDetector('always', {});
    const detectors = [named.detector, kept.detector, always.detector];

    await scan({ root: repo({ 'README.md': '# r\n', 'a.yml': 'drop: me\n' }), detectors });
    expect(named.runs).toEqual([]);
    expect(kept.runs).toEqual([]);
    expect(always.runs).toEqual([[]]);

    await scan({ root: repo({ 'fly.toml': 'app = "x"\n', 'a.yml': 'keep: me\n', 'b.yml': 'drop: me\n' }), detectors });
    expect(named.runs).toEqual([['fly.toml']]);
    expect(kept.runs).toEqual([['a.yml']]);
    expect(always.runs).toHaveLength(2);
  });
});
