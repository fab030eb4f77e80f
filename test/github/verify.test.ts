// `--verify`: the real Octokit asks a local stand-in for the GitHub API what a found token can
// do, and the finding's severity, message and properties follow the answer.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classicVerdict } from '../../src/github/verify-token.js';
import { runCli } from '../support/cli.js';
import { fakeGithub, type FakeGithub, type Handler } from '../support/github-server.js';

const CLASSIC = 'ghp_Vq3Lm8Tz1Rb6Yn4Kd9Hs2Wx7Jc5Pf0Ga3UeR';
const FINE = 'github_pat_11ABCDEFG0hK2mN4pQ6rS8_tU0vW2xY4zA6bC8dE0fG2hJ4kL6mN8pQ0rS2tU4vW6xY8zA0bC2dE4fG6hJ';

let server: FakeGithub | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function repo(line: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'br-verify-'));
  writeFileSync(join(dir, '.env'), `${line}\n`);
  return dir;
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  properties?: { scope?: string; verified?: Record<string, unknown> };
}

async function scanWith(dir: string, routes: Record<string, Handler>, extra: string[] = ['--verify']): Promise<{ findings: JsonFinding[]; notifications: { id: string; message: string }[]; stdout: string }> {
  server = await fakeGithub(routes);
  const run = await runCli(['scan', dir, '--format', 'json', '--fail-on', 'none', '--github-api-url', server.url, ...extra]);
  expect(run.code).toBe(0);
  const report = JSON.parse(run.stdout) as { findings: JsonFinding[]; notifications: { id: string; message: string }[] };
  return { ...report, stdout: run.stdout };
}

const user = (headers: Record<string, string>): Handler => () => ({ headers, body: { login: 'octocat' } });

describe('--verify for GitHub tokens', () => {
  it('raises a classic token holding delete_repo to critical and names the scopes', async () => {
    const { findings, stdout } = await scanWith(repo(`GH_TOKEN=${CLASSIC}`), {
      'GET /user': user({ 'x-oauth-scopes': 'repo, delete_repo, read:org', 'github-authentication-token-expiration': '2027-01-01 00:00:00 UTC' }),
    });
    const f = findings.find((x) => x.ruleId === 'token/github-classic-pat');
    expect(f?.severity).toBe('critical');
    expect(f?.message).toContain('Verified online');
    expect(f?.message).toContain('delete_repo');
    expect(f?.properties?.scope).toBe('BROAD');
    expect(f?.properties?.verified).toMatchObject({ valid: true, login: 'octocat', scopes: ['repo', 'delete_repo', 'read:org'], expires: '2027-01-01 00:00:00 UTC' });
    expect(server?.requests[0]?.headers.authorization).toBe(`token ${CLASSIC}`);
    expect(stdout).not.toContain(CLASSIC);
  });

  it('lowers a read-only classic token to low', async () => {
    const { findings } = await scanWith(repo(`GH_TOKEN=${CLASSIC}`), { 'GET /user': user({ 'x-oauth-scopes': 'read:org, gist' }) });
    const f = findings.find((x) => x.ruleId === 'token/github-classic-pat');
    expect(f?.severity).toBe('low');
    expect(f?.properties?.scope).toBe('NARROW');
  });

  it('lowers a revoked token to low and says it was rejected', async () => {
    const { findings } = await scanWith(repo(`GH_TOKEN=${CLASSIC}`), { 'GET /user': () => ({ status: 401, body: { message: 'Bad credentials' } }) });
    const f = findings.find((x) => x.ruleId === 'token/github-classic-pat');
    expect(f?.severity).toBe('low');
    expect(f?.message).toContain('401');
    expect(f?.properties?.verified).toMatchObject({ valid: false });
  });

  it('probes a fine-grained token with GET requests only and finds Administration', async () => {
    const { findings } = await scanWith(repo(`GITHUB_TOKEN=${FINE}`), {
      'GET /user': user({}),
      'GET /user/repos': () => ({ body: [{ full_name: 'acme/api' }, { full_name: 'acme/web' }] }),
      'GET /repos/{owner}/{repo}/actions/permissions': (_r, p) => (p.repo === 'api' ? { body: { enabled: true } } : { status: 403, body: { message: 'Resource not accessible by personal access token' } }),
    });
    const f = findings.find((x) => x.properties?.verified !== undefined);
    expect(f?.severity).toBe('high');
    expect(f?.properties?.scope).toBe('PROJECT-DESTRUCTIVE');
    expect(f?.message).toContain('Administration on acme/api');
    expect(server?.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('keeps the offline verdict and notifies when the API cannot be reached', async () => {
    const dir = repo(`GH_TOKEN=${CLASSIC}`);
    server = await fakeGithub({});
    const url = server.url;
    await server.close();
    server = undefined;
    const run = await runCli(['scan', dir, '--format', 'json', '--fail-on', 'none', '--verify', '--github-api-url', url]);
    const report = JSON.parse(run.stdout) as { findings: JsonFinding[]; notifications: { id: string; message: string }[] };
    expect(report.findings.find((x) => x.ruleId === 'token/github-classic-pat')?.severity).toBe('high');
    expect(report.notifications.some((n) => n.id === 'verify-error')).toBe(true);
    expect(run.stdout).not.toContain(CLASSIC);
  });

  it('sends nothing without --verify', async () => {
    const { findings } = await scanWith(repo(`GH_TOKEN=${CLASSIC}`), { 'GET /user': user({ 'x-oauth-scopes': 'repo' }) }, []);
    expect(findings.find((x) => x.ruleId === 'token/github-classic-pat')?.severity).toBe('high');
    expect(server?.requests).toHaveLength(0);
  });

  it('classifies classic scopes', () => {
    expect(classicVerdict(['admin:org']).scope).toBe('BROAD');
    expect(classicVerdict(['public_repo']).scope).toBe('BROAD');
    expect(classicVerdict([]).scope).toBe('NARROW');
    expect(classicVerdict(['read:packages', 'gist']).severity).toBe('low');
  });
});
