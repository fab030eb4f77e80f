// `scan --github-org`: a fake organisation served by a local stand-in for the GitHub API. The
// repositories are listed with pagination, only candidate files are fetched as blobs, each
// repository is reported on its own, shards split the list cleanly, rate limits are waited out.

import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { githubClient } from '../../src/github/client.js';
import { candidateMatcher, fetchRepositoryFiles, selectShard, shardOf } from '../../src/github/org-scan.js';
import { REPO, runCli } from '../support/cli.js';
import { filesOf } from '../support/files.js';
import { validateSarif } from '../support/multitool.js';
import { fakeGithub, type FakeGithub, type Handler } from '../support/github-server.js';

let server: FakeGithub | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Files = Record<string, string>;

const blobSha = (text: string): string => createHash('sha1').update(`blob ${Buffer.byteLength(text)}\0${text}`).digest('hex');

/** An organisation: repository name → files on its default branch. */
function organisation(org: string, repos: Record<string, Files>, extra: Record<string, Handler> = {}): Record<string, Handler> {
  const names = Object.keys(repos);
  const blobs = new Map<string, string>();
  for (const files of Object.values(repos)) for (const text of Object.values(files)) blobs.set(blobSha(text), text);
  return {
    'GET /orgs/{org}/repos': (req, p) => {
      if (p.org !== org) return { status: 404, body: { message: 'Not Found' } };
      const page = Number(req.query.get('page') ?? '1');
      const per = 2;
      const slice = names.slice((page - 1) * per, page * per);
      const last = Math.ceil(names.length / per);
      const link = page < last ? { link: `<${server?.url}/orgs/${org}/repos?type=all&per_page=100&page=${page + 1}>; rel="next"` } : undefined;
      return { headers: link, body: slice.map((n) => ({ full_name: `${org}/${n}`, default_branch: 'main', archived: false, disabled: false, size: 10 })) };
    },
    'GET /repos/{owner}/{repo}/git/trees/{ref}': (_r, p) => ({
      body: { sha: 't', truncated: false, tree: Object.entries(repos[p.repo ?? ''] ?? ({} as Files)).map(([path, text]) => ({ path, mode: '100644', type: 'blob', sha: blobSha(text), size: Buffer.byteLength(text) })) },
    }),
    'GET /repos/{owner}/{repo}/git/blobs/{sha}': (_r, p) => {
      const text = blobs.get(p.sha ?? '');
      return text === undefined ? { status: 404, body: { message: 'Not Found' } } : { body: { sha: p.sha, encoding: 'base64', content: Buffer.from(text).toString('base64') } };
    },
    ...extra,
  };
}

const demo = filesOf(join(REPO, 'fixtures/demo'));
const clean: Files = { 'README.md': '# web\n', 'src/index.ts': 'export const x = 1;\n', 'package.json': '{"name":"web"}\n' };
const leaky: Files = {
  'deploy/.env.production': 'RAILWAY_API_TOKEN=0f6b2a4e-8c1d-4e7a-9b3f-5d2c8e1a7b4f\n',
  'node_modules/pkg/.env': 'RAILWAY_API_TOKEN=aa6b2a4e-8c1d-4e7a-9b3f-5d2c8e1a7b4f\n',
  'src/app.ts': 'const t = 1;\n',
};

describe('organisation scan', () => {
  it('reports each repository and fetches only candidate files', async () => {
    server = await fakeGithub(organisation('acme', { api: demo, leaky, web: clean }));
    const run = await runCli(['scan', '--github-org', 'acme', '--format', 'json', '--no-progress', '--fail-on', 'critical'], { env: { GITHUB_TOKEN: 'ghs_x', GITHUB_API_URL: server.url } });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { organisation: string; repositories: { repository: string; filesFetched: number; report: { findings: { ruleId: string; location: { path: string } }[] } }[] };
    expect(report.organisation).toBe('acme');
    expect(report.repositories.map((r) => r.repository)).toEqual(['acme/api', 'acme/leaky', 'acme/web']);
    const api = report.repositories[0]?.report.findings.map((f) => f.ruleId) ?? [];
    expect(api).toContain('chain/agent-credential-data-store');
    expect(api).toContain('backup/railway-volume-backups-only');
    const leakyFindings = report.repositories[1]?.report.findings ?? [];
    expect(leakyFindings.map((f) => f.location.path)).toEqual(['deploy/.env.production']);
    expect(report.repositories[2]?.report.findings).toEqual([]);
    const fetched = server.requests.filter((r) => r.path.includes('/git/blobs/')).length;
    expect(fetched).toBe(report.repositories.reduce((n, r) => n + r.filesFetched, 0));
    expect(server.requests.some((r) => r.path.includes('/git/blobs/') && r.path.includes(blobSha(leaky['src/app.ts'] as string)))).toBe(false);
    expect(server.requests.some((r) => r.path.includes(blobSha(leaky['node_modules/pkg/.env'] as string)))).toBe(false);
    expect(run.stdout).not.toContain('0f6b2a4e-8c1d-4e7a-9b3f-5d2c8e1a7b4f');
  });

  it('writes one SARIF file per repository and refuses SARIF without --output', async () => {
    server = await fakeGithub(organisation('acme', { api: demo, web: clean }));
    const out = mkdtempSync(join(tmpdir(), 'br-org-'));
    const env = { GITHUB_TOKEN: 't', GITHUB_API_URL: server.url };
    const run = await runCli(['scan', '--github-org', 'acme', '--format', 'sarif', '--output', out, '--fail-on', 'none'], { env });
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['acme__api.sarif', 'acme__web.sarif']);
    expect(validateSarif(join(out, 'acme__api.sarif'))).toEqual([]);
    const refused = await runCli(['scan', '--github-org', 'acme', '--format', 'sarif'], { env });
    expect(refused.code).toBe(2);
  });

  it('splits the organisation into disjoint shards that cover it', async () => {
    const repos = Array.from({ length: 40 }, (_, i) => ({ fullName: `acme/r${i}` }));
    const shards = [1, 2, 3].map((index) => selectShard(repos, { index, count: 3 }).map((r) => r.fullName));
    expect(shards.flat().sort()).toEqual(repos.map((r) => r.fullName).sort());
    expect(new Set(shards.flat()).size).toBe(40);
    for (const s of shards) expect(s.length).toBeGreaterThan(5);
    expect(shardOf('acme/r7', 3)).toBe(shardOf('ACME/r7', 3));
    expect(selectShard(repos, { index: 2, count: 3 })).toEqual(selectShard([...repos].reverse(), { index: 2, count: 3 }).reverse());

    server = await fakeGithub(organisation('acme', { api: demo, leaky, web: clean }));
    const env = { GITHUB_TOKEN: 't', GITHUB_API_URL: server.url };
    const names: string[] = [];
    for (const i of [1, 2]) {
      const run = await runCli(['scan', '--github-org', 'acme', '--shard', `${i}/2`, '--format', 'json', '--fail-on', 'none', '--quiet'], { env });
      names.push(...(JSON.parse(run.stdout) as { repositories: { repository: string }[] }).repositories.map((r) => r.repository));
    }
    expect(names.sort()).toEqual(['acme/api', 'acme/leaky', 'acme/web']);
  });

  it('waits out an exhausted rate limit and carries on', async () => {
    let limited = false;
    server = await fakeGithub(
      organisation('acme', { leaky }, {
        'GET /repos/{owner}/{repo}/git/trees/{ref}': () => {
          if (!limited) {
            limited = true;
            return { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 30) }, body: { message: 'API rate limit exceeded' } };
          }
          return { body: { truncated: false, tree: [{ path: 'deploy/.env.production', type: 'blob', sha: blobSha(leaky['deploy/.env.production'] as string), size: 60 }] } };
        },
      }),
    );
    const waits: number[] = [];
    // The organisation scan's own budget (runOrgScan): rate limits are waited out up to 15 minutes.
    const octokit = githubClient({ token: 't', apiUrl: server.url, maxWaitMs: 15 * 60_000, sleep: async (ms) => void waits.push(ms) });
    const fetched = await fetchRepositoryFiles(octokit, 'acme/leaky', 'main', { candidate: candidateMatcher([]) });
    expect(fetched.filesFetched).toBe(1);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(20_000);
    expect(waits[0]).toBeLessThan(40_000);
  });

  it('chooses configuration, CI and credential files, never lock files or vendored trees', () => {
    const candidate = candidateMatcher(['.github/workflows/*.yml', '**', '~/.codex/config.toml']);
    for (const p of ['.env', 'app/.env.local', '.github/workflows/ci.yml', 'infra/main.tf', 'k8s/db.yaml', '.npmrc', 'scripts/backup.sh', 'Makefile']) expect(candidate(p)).toBe(true);
    for (const p of ['src/index.ts', 'package-lock.json', 'node_modules/x/.env', 'dist/app.min.js', 'logo.png']) expect(candidate(p)).toBe(false);
  });
});
