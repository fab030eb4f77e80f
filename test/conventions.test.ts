// The repository checks its own conventions (style.md): rule ids and metadata, registry order,
// every rule exercised by a fixture, the dependency direction between layers, the version.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { detectors } from '../detectors/index.js';
import { allRules } from '../src/engine/scan.js';
import { VERSION } from '../src/version.js';
import { REPO } from './support/cli.js';
import { expectedFindings, listFixtures } from './support/fixtures.js';

const FAMILIES: Record<string, string> = { token: 'tokens', backup: 'backups', agent: 'agents', chain: 'chains' };
const read = (path: string): string => readFileSync(join(REPO, path), 'utf8');

describe('conventions', () => {
  const rules = allRules(detectors);

  it('keeps the version in step with package.json', () => {
    expect(VERSION).toBe((JSON.parse(read('package.json')) as { version: string }).version);
  });

  it('declares every rule with a family id, a title and real help', () => {
    for (const r of rules) {
      const family = r.id.split('/')[0] as string;
      expect(Object.keys(FAMILIES), r.id).toContain(family);
      expect(r.title.length, r.id).toBeGreaterThan(5);
      expect(r.help.length, `${r.id} help`).toBeGreaterThan(80);
      expect(r.help, `${r.id} help says how to fix`).toMatch(/fix|instead|remove|replace|set |add |use |move |revoke|rotate|restrict|narrow|gate/i);
    }
  });

  it('keeps each detector in its family folder and the registry sorted within families', () => {
    for (const d of detectors) {
      for (const id of Object.keys(d.rules)) expect(d.id.startsWith(`${FAMILIES[id.split('/')[0] as string]}/`), `${d.id} declares ${id}`).toBe(true);
    }
    const ids = detectors.map((d) => d.id);
    for (const family of Object.values(FAMILIES)) {
      const own = ids.filter((id) => id.startsWith(`${family}/`));
      expect(own).toEqual([...own].sort((a, b) => a.localeCompare(b)));
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('exercises every rule in at least one fixture', () => {
    const expected = new Set(listFixtures().flatMap((f) => expectedFindings(f).map((e) => e.rule)));
    const missing = rules.map((r) => r.id).filter((id) => !expected.has(id));
    expect(missing).toEqual([]);
  });

  it('marks only rules that exist', () => {
    const known = new Set(rules.map((r) => r.id));
    for (const f of listFixtures()) for (const e of expectedFindings(f)) expect(known.has(e.rule), `${f.name}: ${e.rule}`).toBe(true);
  });

  it('keeps the dependency direction of style.md', () => {
    const imports = (glob: string): { file: string; spec: string }[] =>
      fg.sync(glob, { cwd: REPO }).flatMap((file) => [...read(file).matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => ({ file, spec: m[1] as string })));
    for (const { file, spec } of imports('src/engine/**/*.ts')) {
      expect(spec, file).not.toMatch(/detectors|\/report\/|\/cli\/|\/action\/|\/github\//);
    }
    for (const { file, spec } of imports('detectors/**/*.ts')) {
      expect(spec, file).not.toMatch(/src\/(?:report|cli|action)\//);
      expect(spec, file).not.toMatch(/^@octokit|^@actions/);
    }
    for (const { file, spec } of imports('src/report/**/*.ts')) expect(spec, file).not.toMatch(/detectors|\/cli\/|\/github\//);
    // The command model knows commands, not files or findings: itself, parser helpers and libraries.
    for (const { file, spec } of imports('src/policy/**/*.ts')) expect(spec, file).toMatch(/^\.\/|^\.\.\/parsers\/|^[a-z@]/);
    for (const { file, spec } of imports('{src,detectors}/**/*.ts')) {
      if (spec.startsWith('@octokit')) expect(file.startsWith('src/github/'), file).toBe(true);
      if (spec.startsWith('@actions/')) expect(file.startsWith('src/action/'), file).toBe(true);
    }
  });
});
