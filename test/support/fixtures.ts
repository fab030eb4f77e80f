// Fixture conventions (CONTRIBUTING.md): a fixture is a directory under fixtures/ holding a
// `fixture.yml`. Expected findings are marked inside the files with a comment containing
// `expect: RULE_ID` (several ids separated by commas) on the line above the expected finding's
// line, or listed in an `expect.json` beside fixture.yml for formats without comments.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fg from 'fast-glob';
import { parse } from 'yaml';
import { detectors } from '../../detectors/index.js';
import { loadConfig } from '../../src/engine/config.js';
import { scan } from '../../src/engine/scan.js';
import type { RootKind, ScanResult } from '../../src/engine/types.js';

export const FIXTURES = resolve(import.meta.dirname, '../../fixtures');

export interface FixtureSpec {
  dir: string;
  name: string;
  description: string;
  /** Scan root, relative to the fixture directory. */
  root: string;
  /** Home directory for `--home`, relative to the fixture directory. */
  home?: string;
}

export interface Expected {
  rule: string;
  root: RootKind;
  path: string;
  line: number;
}

export function listFixtures(): FixtureSpec[] {
  return fg
    .sync('**/fixture.yml', { cwd: FIXTURES, dot: true })
    .sort()
    .map((f) => {
      const dir = join(FIXTURES, f.slice(0, -'fixture.yml'.length));
      const spec = (parse(readFileSync(join(dir, 'fixture.yml'), 'utf8')) ?? {}) as Partial<FixtureSpec>;
      return {
        dir,
        name: f.slice(0, -'/fixture.yml'.length) || '.',
        description: spec.description ?? '',
        root: spec.root ?? '.',
        ...(spec.home ? { home: spec.home } : {}),
      };
    });
}

const MARK = /expect:\s*([a-z]+\/[a-z0-9-]+(?:\s*,\s*[a-z]+\/[a-z0-9-]+)*)/;

/** Expected findings of one scanned root, read from its `expect:` markers. */
export function markedFindings(dir: string, root: RootKind): Expected[] {
  const out: Expected[] = [];
  for (const path of fg.sync('**', { cwd: dir, dot: true, onlyFiles: true })) {
    if (path.endsWith('fixture.yml') || path.endsWith('expect.json')) continue;
    const lines = readFileSync(join(dir, path), 'utf8').split(/\r?\n/);
    let pending: string[] = [];
    lines.forEach((line, i) => {
      const m = MARK.exec(line);
      if (m?.[1]) {
        pending.push(...m[1].split(',').map((s) => s.trim()));
        return;
      }
      for (const rule of pending) out.push({ rule, root, path, line: i + 1 });
      pending = [];
    });
  }
  return out;
}

export function expectedFindings(spec: FixtureSpec): Expected[] {
  const out = markedFindings(join(spec.dir, spec.root), 'repo');
  if (spec.home) out.push(...markedFindings(join(spec.dir, spec.home), 'home'));
  const listed = join(spec.dir, 'expect.json');
  if (existsSync(listed)) {
    for (const e of JSON.parse(readFileSync(listed, 'utf8')) as Partial<Expected>[]) {
      out.push({ rule: e.rule ?? '', root: e.root ?? 'repo', path: e.path ?? '', line: e.line ?? 0 });
    }
  }
  return out;
}

export async function scanFixture(spec: FixtureSpec): Promise<ScanResult> {
  const root = join(spec.dir, spec.root);
  const configPath = join(root, '.blast-radius.yml');
  return scan({
    root,
    ...(spec.home ? { home: join(spec.dir, spec.home) } : {}),
    detectors,
    ...(existsSync(configPath) ? { config: loadConfig(configPath) } : {}),
  });
}

export const describeExpected = (e: Expected): string => `${e.rule} at ${e.root === 'home' ? '~/' : ''}${e.path}:${e.line}`;
