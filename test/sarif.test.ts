// SARIF as product.md §5 and GitHub code scanning want it, validated by the Microsoft SARIF
// Multitool with the GitHub rule set: zero errors, zero warnings.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as Sarif from 'sarif';
import { toSarif, toSarifLog } from '../src/report/sarif.js';
import type { Finding, RuleMeta, ScanResult } from '../src/engine/types.js';
import { runBin, runCli } from './support/cli.js';
import { validateSarif } from './support/multitool.js';

const PAT = 'ghp_Q7wErTy8UiOp3AsDfGh2JkLz6XcVb9NmQw4E';

function tmpRepo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'br-sarif-'));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

async function sarifOf(dir: string, extra: string[] = []): Promise<Sarif.Log> {
  const run = await runCli(['scan', dir, '--format', 'sarif', '--fail-on', 'none', ...extra]);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Sarif.Log;
}

const RULES: RuleMeta[] = [
  { id: 'chain/example-path', title: 'Example chain', severity: 'critical', precision: 'high', help: 'A **chain**.\n\nFix it.' },
  { id: 'token/example-token', title: 'Example token', severity: 'high', precision: 'medium', help: 'A `token`.' },
];

function syntheticResult(root: string, home: string): ScanResult {
  const chain: Finding = {
    ruleId: 'chain/example-path',
    severity: 'critical',
    confidence: 'high',
    message: 'An agent can reach a broad token that can delete the database and its backups',
    location: { root: 'repo', path: '.claude/settings.json', line: 3, column: 5, endLine: 3, endColumn: 40 },
    related: [
      { location: { root: 'home', path: '.railway/config.json', line: 4, column: 14 }, message: 'the token' },
      { location: { root: 'repo', path: 'docker compose.yml', line: 9, column: 7 }, message: 'the volume' },
    ],
    steps: [
      { location: { root: 'repo', path: '.claude/settings.json', line: 3, column: 5 }, message: 'the agent runs any command unasked' },
      { location: { root: 'home', path: '.railway/config.json', line: 4, column: 14 }, message: 'it reads the account token' },
      { location: { root: 'repo', path: 'docker compose.yml', line: 9, column: 7 }, message: 'the token deletes the volume and the backups on it' },
    ],
    fingerprint: '0123456789abcdef0123456789abcdef',
    lineHash: 'c129715d7a2bc9a3:1',
  };
  return {
    root,
    home,
    rules: RULES,
    findings: [chain],
    suppressed: [],
    notifications: [{ level: 'warning', id: 'parse-error', message: 'broken.yml: YAML: bad indentation', location: { root: 'repo', path: 'broken.yml', line: 2, column: 1 } }],
    facts: [],
    stats: { filesScanned: 3, bytesScanned: 100, skipped: { binary: 1 }, skippedFolders: [{ path: 'node_modules', reason: 'dependencies' }], suppressed: { inline: 0, config: 0, baseline: 0 }, durationMs: 1 },
  };
}

describe('sarif', () => {
  it('describes every rule as GitHub expects', async () => {
    const log = await sarifOf(tmpRepo({ '.env': `GH_TOKEN=${PAT}\n` }));
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0] as Sarif.Run;
    expect(run.tool.driver.name).toBe('blast-radius');
    expect(run.tool.driver.semanticVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(run.automationDetails?.id).toBe('blast-radius/');
    for (const rule of run.tool.driver.rules ?? []) {
      expect(rule.shortDescription?.text).toBeTruthy();
      expect(rule.fullDescription?.text).toBeTruthy();
      expect(rule.help?.text).toBeTruthy();
      expect(rule.help?.markdown).toBeTruthy();
      expect(rule.properties?.tags).toContain('security');
      expect(rule.properties?.precision).toMatch(/^(very-high|high|medium|low)$/);
      expect(['9.5', '8.0', '5.5', '2.0']).toContain(rule.properties?.['security-severity']);
    }
    const result = run.results?.[0] as Sarif.Result;
    expect(result.ruleId).toBe('token/github-classic-pat');
    expect(run.tool.driver.rules?.[result.ruleIndex ?? -1]?.id).toBe(result.ruleId);
    expect(result.locations?.[0]?.physicalLocation?.artifactLocation).toEqual({ uri: '.env', uriBaseId: '%SRCROOT%' });
    expect(result.locations?.[0]?.physicalLocation?.region?.startLine).toBe(1);
    expect(result.partialFingerprints?.primaryLocationLineHash).toMatch(/^[0-9a-f]+:1$/);
    expect(run.originalUriBaseIds?.['%SRCROOT%']?.uri).toMatch(/^file:\/\/\/.*\/$/);
  });

  it('maps severities to levels and security-severity', () => {
    const log = toSarifLog(syntheticResult('/tmp/repo', '/tmp/home'), { toolVersion: '1.2.3' });
    const result = log.runs[0]?.results?.[0] as Sarif.Result;
    expect(result.level).toBe('error');
    expect(result.properties?.['security-severity']).toBe('9.5');
  });

  it('keeps fingerprints when unrelated lines are inserted above', async () => {
    const before = await sarifOf(tmpRepo({ 'deploy.sh': `#!/bin/sh\nexport GH_TOKEN=${PAT}\n` }));
    const after = await sarifOf(tmpRepo({ 'deploy.sh': `#!/bin/sh\n# release helper\nset -eu\n\nexport GH_TOKEN=${PAT}\n` }));
    const a = before.runs[0]?.results?.[0];
    const b = after.runs[0]?.results?.[0];
    expect(a?.locations?.[0]?.physicalLocation?.region?.startLine).toBe(2);
    expect(b?.locations?.[0]?.physicalLocation?.region?.startLine).toBe(5);
    expect(b?.partialFingerprints).toEqual(a?.partialFingerprints);
  });

  it('draws chains as code flows and home files under HOME', () => {
    const log = toSarifLog(syntheticResult('/tmp/repo', '/tmp/home'), { toolVersion: '1.2.3', category: 'nightly' });
    const run = log.runs[0] as Sarif.Run;
    expect(run.automationDetails?.id).toBe('nightly/');
    expect(run.originalUriBaseIds?.HOME?.uri).toBe('file:///tmp/home/');
    const result = run.results?.[0] as Sarif.Result;
    const flow = result.codeFlows?.[0]?.threadFlows[0]?.locations ?? [];
    expect(flow.map((l) => l.location?.message?.text)).toEqual([
      'the agent runs any command unasked.',
      'it reads the account token.',
      'the token deletes the volume and the backups on it.',
    ]);
    expect(flow[1]?.location?.physicalLocation?.artifactLocation).toEqual({ uri: '.railway/config.json', uriBaseId: 'HOME' });
    expect(result.relatedLocations?.[1]?.physicalLocation?.artifactLocation?.uri).toBe('docker%20compose.yml');
    expect(run.invocations?.[0]?.toolExecutionNotifications?.[0]?.descriptor?.id).toBe('parse-error');
  });

  it('passes the SARIF Multitool with the GitHub rules: a synthetic chain with home files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'br-sarif-'));
    const file = join(dir, 'chain.sarif');
    writeFileSync(file, toSarif(syntheticResult('/tmp/repo', '/tmp/home'), { toolVersion: '1.2.3' }));
    expect(validateSarif(file)).toEqual([]);
  });

  it('is checked by a Multitool that does report problems', () => {
    const dir = mkdtempSync(join(tmpdir(), 'br-sarif-'));
    const file = join(dir, 'broken.sarif');
    const log = toSarifLog(syntheticResult('/tmp/repo', '/tmp/home'), { toolVersion: '1.2.3' });
    const result = log.runs[0]?.results?.[0] as Sarif.Result;
    delete result.locations;
    writeFileSync(file, JSON.stringify(log));
    expect(validateSarif(file).length).toBeGreaterThan(0);
  });

  it('passes the SARIF Multitool with the GitHub rules: the demo repository', () => {
    const dir = mkdtempSync(join(tmpdir(), 'br-sarif-'));
    const file = join(dir, 'demo.sarif');
    const run = runBin(['scan', 'fixtures/demo', '--output', file]);
    expect([0, 1]).toContain(run.code);
    expect(JSON.parse(readFileSync(file, 'utf8')).runs[0].results.length).toBeGreaterThan(0);
    expect(validateSarif(file)).toEqual([]);
  });
});
