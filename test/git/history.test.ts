// `scan --history` and `scan --staged` on repositories built here with git (issue #20).

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runBin } from '../support/cli.js';
import { validateSarif } from '../support/multitool.js';

const CLASSIC = 'ghp_Rb7kQ2xW9mLp4Tz6Yv8Nc3Hd5Jf1Gs0AaQeW';
const OTHER = 'ghp_Wn4sTq8Lz2Rk6Yp9Vc3Hm7Jd5Xb1Gf0NeKuA';
const RAILWAY = '3e8b1f6a-7c2d-4a95-b0e4-6d1f9a2c5e87';
const ENV = { GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.test', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.test', GIT_CONFIG_NOSYSTEM: '1', HOME: tmpdir() };

function repo(): { dir: string; git: (...args: string[]) => string; write: (path: string, text: string | Buffer) => void } {
  const dir = mkdtempSync(join(tmpdir(), 'br-git-'));
  const git = (...args: string[]): string => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, ...ENV } });
  git('init', '-q', '-b', 'main');
  const write = (path: string, text: string | Buffer): void => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  return { dir, git, write };
}

interface Out {
  findings: { ruleId: string; message: string; location: { path: string; line: number }; properties?: { history?: { commit: string; path: string } } }[];
}

describe('scan --history', () => {
  it('finds a token added then removed, names its commit, and reports a token still in the tree once', () => {
    const r = repo();
    r.write('.env', `GH_TOKEN=${CLASSIC}\n`);
    r.git('add', '-A');
    r.git('commit', '-qm', 'add token');
    const added = r.git('rev-parse', 'HEAD').trim();
    r.git('rm', '-q', '.env');
    r.git('commit', '-qm', 'remove token');
    r.write('config/app.env', `RAILWAY_API_TOKEN=${RAILWAY}\n`);
    r.git('add', '-A');
    r.git('commit', '-qm', 'railway');
    const run = runBin(['scan', r.dir, '--history', '--format', 'json', '--fail-on', 'none']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Out;
    const fromHistory = out.findings.filter((f) => f.properties?.history);
    expect(fromHistory).toHaveLength(1);
    expect(fromHistory[0]?.location.path).toBe('.env');
    expect(fromHistory[0]?.properties?.history?.commit).toBe(added);
    expect(fromHistory[0]?.message).toContain(added.slice(0, 12));
    // The Railway token is in the working tree: reported there, not again from history.
    expect(out.findings.filter((f) => f.message.includes('3e8b'))).toHaveLength(1);
    expect(run.stdout).not.toContain(CLASSIC);
  });

  it('follows renames, merges and other branches, skips binary blobs, and honours --since', () => {
    const r = repo();
    r.write('a.env', `GH_TOKEN=${CLASSIC}\n`);
    r.write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    r.git('add', '-A');
    r.git('commit', '-qm', 'one');
    const first = r.git('rev-parse', 'HEAD').trim();
    r.git('mv', 'a.env', 'moved.env');
    r.git('commit', '-qm', 'rename');
    r.git('checkout', '-qb', 'feature');
    r.write('feature.env', `OTHER_TOKEN=${OTHER}\n`);
    r.git('add', '-A');
    r.git('commit', '-qm', 'feature token');
    r.git('checkout', '-q', 'main');
    r.git('merge', '-q', '--no-ff', '-m', 'merge', 'feature');
    r.git('rm', '-q', 'moved.env', 'feature.env');
    r.git('commit', '-qm', 'clean');
    const all = JSON.parse(runBin(['scan', r.dir, '--history', '--format', 'json', '--fail-on', 'none']).stdout) as Out;
    const paths = all.findings.filter((f) => f.properties?.history).map((f) => f.location.path).sort();
    // The renamed blob is the same object: found once, under the path that first held it.
    expect(paths).toEqual(['a.env', 'feature.env']);
    const since = JSON.parse(runBin(['scan', r.dir, '--history', '--since', first, '--format', 'json', '--fail-on', 'none']).stdout) as Out;
    expect(since.findings.filter((f) => f.properties?.history).map((f) => f.location.path)).toEqual(['feature.env']);
  });

  it('joins a token that only history holds into the chain, naming the commit', () => {
    const r = repo();
    cpSync(join(REPO, 'fixtures/demo'), r.dir, { recursive: true });
    r.git('add', '-A');
    r.git('commit', '-qm', 'demo');
    // The Railway token leaves the tree; the database it can destroy stays.
    r.write('.env', readFileSync(join(r.dir, '.env'), 'utf8').replace(/^RAILWAY_API_TOKEN=.*\n/m, ''));
    r.git('commit', '-qam', 'remove the token');
    const before = JSON.parse(runBin(['scan', r.dir, '--format', 'json', '--fail-on', 'none']).stdout) as Out;
    expect(before.findings.some((f) => f.ruleId === 'chain/agent-credential-data-store' && f.message.includes('git log'))).toBe(false);
    const out = JSON.parse(runBin(['scan', r.dir, '--history', '--format', 'json', '--fail-on', 'none']).stdout) as Out;
    const chain = out.findings.find((f) => f.ruleId === 'chain/agent-credential-data-store' && f.message.includes('git log -p'));
    expect(chain?.message).toMatch(/as committed in commit [0-9a-f]{12}/);
  });

  it('reads a generated long history, each blob once', () => {
    const r = repo();
    const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
    const chunks: string[] = [];
    for (let c = 0; c < 600; c++) {
      chunks.push(`commit refs/heads/main\nmark :${c + 1}\ncommitter T <t@example.test> ${1700000000 + c} +0000\n${data(`c${c}`)}${c ? `from :${c}\n` : ''}`);
      chunks.push(`M 100644 inline src/file${c % 40}.ts\n${data(`export const v = ${c};\n`)}`);
      if (c === 300) chunks.push(`M 100644 inline deploy/.env\n${data(`GH_TOKEN=${CLASSIC}\n`)}`);
      if (c === 301) chunks.push('D deploy/.env\n');
    }
    execFileSync('git', ['-C', r.dir, 'fast-import', '--quiet'], { input: chunks.join(''), env: { ...process.env, ...ENV } });
    const out = JSON.parse(runBin(['scan', r.dir, '--history', '--format', 'json', '--fail-on', 'none']).stdout) as Out & { notifications: { id: string; message: string }[] };
    expect(out.findings.filter((f) => f.properties?.history).map((f) => f.location.path)).toEqual(['deploy/.env']);
    expect(out.notifications.find((n) => n.id === 'git-history')?.message).toMatch(/^git history: 601 blobs from 600 commits/);
  });

  it('writes SARIF the Multitool accepts', () => {
    const r = repo();
    r.write('.env', `GH_TOKEN=${CLASSIC}\n`);
    r.git('add', '-A');
    r.git('commit', '-qm', 'add');
    r.git('rm', '-q', '.env');
    r.git('commit', '-qm', 'remove');
    const out = join(r.dir, '..', `history-${Date.now()}.sarif`);
    expect(runBin(['scan', r.dir, '--history', '--output', out, '--fail-on', 'none']).code).toBe(0);
    expect(validateSarif(out)).toEqual([]);
    rmSync(out);
  }, 60_000);

  it('says clearly when the path is not a repository or git is missing', () => {
    const plain = mkdtempSync(join(tmpdir(), 'br-nogit-'));
    const notRepo = runBin(['scan', plain, '--history'], { env: { GIT_CEILING_DIRECTORIES: tmpdir() } });
    expect(notRepo.code).toBe(2);
    expect(notRepo.stderr).toMatch(/not a git repository/);
    const noGit = runBin(['scan', plain, '--staged'], { env: { PATH: '/nonexistent' } });
    expect(noGit.code).toBe(2);
    expect(noGit.stderr).toMatch(/git is not installed/);
  });
});

describe('scan --staged', () => {
  it('scans exactly the staged content, not the working tree', () => {
    const r = repo();
    r.write('README.md', 'hello\n');
    r.git('add', '-A');
    r.git('commit', '-qm', 'init');
    r.write('staged.env', `GH_TOKEN=${CLASSIC}\n`);
    r.git('add', 'staged.env');
    r.write('staged.env', 'GH_TOKEN=\n');
    r.write('unstaged.env', `OTHER_TOKEN=${OTHER}\n`);
    const run = runBin(['scan', r.dir, '--staged', '--format', 'json']);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as Out;
    expect(out.findings.map((f) => f.location.path)).toEqual(['staged.env']);
  });
});
