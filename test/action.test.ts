// The bundled Action (dist/action/index.cjs) run as a process, with INPUT_* and GITHUB_*
// variables as a runner sets them, against a local stand-in for the GitHub API; and a check that
// the committed dist/ is exactly what the source builds to.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO } from './support/cli.js';
import { filesOf } from './support/files.js';
import { fakeGithub, type FakeGithub, type Handler } from './support/github-server.js';
import { validateSarif } from './support/multitool.js';

const DEMO = join(REPO, 'fixtures/demo');
const HEAD = 'c'.repeat(40);
const BASE = 'b'.repeat(40);

let server: FakeGithub | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const digest = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');

/** Code scanning endpoints plus the base commit's tree and blobs. */
function api(baseFiles: Record<string, string>): Record<string, Handler> {
  const blobs = new Map(Object.values(baseFiles).map((t) => [sha1(t), t]));
  return {
    'POST /repos/{owner}/{repo}/code-scanning/sarifs': () => ({ status: 202, body: { id: 'sarif-42' } }),
    'GET /repos/{owner}/{repo}/code-scanning/sarifs/{id}': () => ({ body: { processing_status: 'complete' } }),
    'GET /repos/{owner}/{repo}/git/trees/{ref}': (_r, p) =>
      p.ref === BASE
        ? { body: { truncated: false, tree: Object.entries(baseFiles).map(([path, t]) => ({ path, type: 'blob', sha: sha1(t), size: t.length })) } }
        : { status: 404, body: { message: 'Not Found' } },
    'GET /repos/{owner}/{repo}/git/blobs/{sha}': (_r, p) => ({ body: { encoding: 'base64', content: Buffer.from(blobs.get(p.sha ?? '') ?? '').toString('base64') } }),
  };
}

interface ActionRun {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  sarifPath: string;
}

async function runAction(inputs: Record<string, string>, event?: unknown, actor = 'octocat', workspace = DEMO): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'br-action-'));
  const files = { output: join(dir, 'output'), summary: join(dir, 'summary'), event: join(dir, 'event.json') };
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  writeFileSync(files.event, JSON.stringify(event ?? {}));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_EVENT_NAME: event ? 'pull_request' : 'push',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: HEAD,
    GITHUB_REF: event ? 'refs/pull/7/merge' : 'refs/heads/main',
    GITHUB_ACTOR: actor,
    GITHUB_API_URL: server?.url,
    'INPUT_TOKEN': 'ghs_jobtoken',
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [join(REPO, 'dist/action/index.cjs')], { env, cwd: workspace, maxBuffer: 16 * 1024 * 1024 }, (error, out) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout: String(out) }),
    );
  });
  const outputs: Record<string, string> = {};
  for (const m of readFileSync(files.output, 'utf8').matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1] as string] = m[3] as string;
  return { code, stdout, outputs, summary: readFileSync(files.summary, 'utf8'), sarifPath: outputs['sarif-file'] ?? '' };
}

describe('the GitHub Action', () => {
  it('never lets a file name write a workflow command or live Markdown (issue #15, 7)', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'br-action-hostile-'));
    writeFileSync(join(workspace, 'x\n::warning::forged\n.env'), 'GH_TOKEN=ghp_Rb7kQ2xW9mLp4Tz6Yv8Nc3Hd5Jf1Gs0AaQeW\n');
    writeFileSync(join(workspace, 'a`](https:__evil.test)![i](https:__evil.test_x.png)`.env'), 'GH_TOKEN=ghp_Wn4sTq8Lz2Rk6Yp9Vc3Hm7Jd5Xb1Gf0NeKuA\n');
    const run = await runAction({ 'fail-on': 'none', upload: 'false' }, undefined, 'octocat', workspace);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    const stop = lines.findIndex((l) => l.startsWith('::stop-commands::'));
    const token = lines[stop]?.slice('::stop-commands::'.length);
    const resume = lines.findIndex((l) => l === `::${token}::`);
    expect(stop).toBeGreaterThanOrEqual(0);
    expect(resume).toBeGreaterThan(stop);
    expect(lines.some((l, i) => l.startsWith('::warning::forged') && (i < stop || i > resume))).toBe(false);
    // The hostile name sits whole inside a code span fenced longer than its own backticks: inert.
    expect(run.summary).toContain('``a`](https:__evil.test)![i](https:__evil.test_x.png)`.env:1``');
    expect(run.summary.replace(/(`+)[^`]*?(?:`(?!\1)[^`]*?)*\1/g, '')).not.toMatch(/\]\(https|!\[/);
  });

  it('scans the demo, uploads gzipped SARIF the Multitool accepts, writes the summary, sets outputs and fails the step', async () => {
    server = await fakeGithub(api({}));
    const run = await runAction({ 'fail-on': 'high' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::8 finding(s) at or above high');
    const post = server.requests.find((r) => r.method === 'POST');
    expect(post?.path).toBe('/repos/acme/shop/code-scanning/sarifs');
    const body = post?.body as { sarif: string; commit_sha: string; ref: string; checkout_uri: string };
    expect(body).toMatchObject({ commit_sha: HEAD, ref: 'refs/heads/main' });
    expect(body.checkout_uri).toMatch(/^file:\/\/.*fixtures\/demo/);
    const decoded = join(mkdtempSync(join(tmpdir(), 'br-action-sarif-')), 'uploaded.sarif');
    writeFileSync(decoded, gunzipSync(Buffer.from(body.sarif, 'base64')));
    expect(validateSarif(decoded)).toEqual([]);
    expect((JSON.parse(readFileSync(decoded, 'utf8')) as { runs: { results: unknown[] }[] }).runs[0]?.results).toHaveLength(9);
    expect(run.outputs).toMatchObject({ 'sarif-id': 'sarif-42', findings: '9', critical: '2', high: '6', medium: '1', low: '0', 'highest-severity': 'critical' });
    expect(readFileSync(run.sarifPath, 'utf8')).toContain('"version": "2.1.0"');
    expect(run.summary).toContain('### Chains');
    expect(run.summary).toContain('1. `.claude/settings.json:4`');
    expect(run.summary).toContain('| critical | `token/broad-credential` | `.env:4` |');
    expect(run.stdout).toMatch(/::error title=token\/broad-credential \(critical\),file=\.env,line=4/);
    expect(run.stdout).not.toContain('adbb7ee7-4202-47e4-a689-bda409f7c04c');
    expect(run.summary).not.toContain('adbb7ee7-4202-47e4-a689-bda409f7c04c');
  });

  it('passes with fail-on none and skips the upload when asked', async () => {
    server = await fakeGithub(api({}));
    const run = await runAction({ 'fail-on': 'none', upload: 'false' });
    expect(run.code).toBe(0);
    expect(server.requests).toHaveLength(0);
    expect(run.outputs['sarif-id']).toBe('');
  });

  it('on a fork pull request skips the upload with a warning and still gates', async () => {
    server = await fakeGithub(api({}));
    const event = { pull_request: { number: 7, base: { sha: BASE }, head: { repo: { full_name: 'mallory/shop' } } }, repository: { full_name: 'acme/shop' } };
    const run = await runAction({ 'fail-on': 'high' }, event);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::warning::Skipping the code scanning upload: on pull requests from forks/);
    expect(server.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('reads a refused upload as a warning, not a crash', async () => {
    server = await fakeGithub({ ...api({}), 'POST /repos/{owner}/{repo}/code-scanning/sarifs': () => ({ status: 403, body: { message: 'Resource not accessible by integration' } }) });
    const run = await runAction({ 'fail-on': 'none' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('security-events: write');
  });

  it('a failed upload still writes the summary, annotations, outputs and SARIF file, then fails the step saying why', async () => {
    server = await fakeGithub({ ...api({}), 'POST /repos/{owner}/{repo}/code-scanning/sarifs': () => ({ status: 503, body: { message: 'Service Unavailable' } }) });
    const run = await runAction({ 'fail-on': 'none' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::Code scanning upload failed: GitHub answered the upload to acme\/shop with a server error \(503\)/);
    expect(run.stdout).toMatch(/::error title=token\/broad-credential/);
    expect(run.summary).toContain('### Chains');
    expect(run.summary).toContain('Code scanning upload failed');
    expect(run.outputs).toMatchObject({ findings: '9', 'sarif-id': '' });
    expect(readFileSync(run.sarifPath, 'utf8')).toContain('"version": "2.1.0"');
    expect(run.stdout).toContain(run.sarifPath);
  }, 30_000);

  it('in pull request mode reports and gates only the findings new against the base', async () => {
    const demo = filesOf(DEMO);
    const withoutAgent = Object.fromEntries(Object.entries(demo).filter(([p]) => !p.startsWith('.claude/')));
    const event = { pull_request: { number: 7, base: { sha: BASE }, head: { repo: { full_name: 'acme/shop' } } }, repository: { full_name: 'acme/shop' } };

    server = await fakeGithub(api(demo));
    const same = await runAction({ 'fail-on': 'high', 'new-only': 'true', upload: 'false' }, event);
    expect(same.outputs['new-findings']).toBe('0');
    expect(same.code).toBe(0);
    expect(same.summary).toContain('0 of them are new in this pull request');
    await server.close();

    server = await fakeGithub(api(withoutAgent));
    const added = await runAction({ 'fail-on': 'high', 'new-only': 'true', upload: 'false' }, event);
    expect(Number(added.outputs['new-findings'])).toBeGreaterThanOrEqual(3);
    expect(added.code).toBe(1);
    expect(added.stdout).toMatch(/new finding\(s\) at or above high/);
    expect(added.summary).toMatch(/\| `agent\/claude-code-broad-allow` \| `\.claude\/settings\.json:4` \| .* \| yes \|/);
    expect(added.summary).toMatch(/\| `token\/broad-credential` \| `\.env:4` \| .* \| \|/);
  });
});

describe('paths from the repository root (issue #17, in part)', () => {
  it('with path: app, SARIF, annotations and the summary point at app/.env', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'br-action-path-'));
    mkdirSync(join(workspace, 'app'));
    writeFileSync(join(workspace, 'app', '.env'), 'GH_TOKEN=ghp_Rb7kQ2xW9mLp4Tz6Yv8Nc3Hd5Jf1Gs0AaQeW\n');
    const run = await runAction({ path: 'app', 'fail-on': 'none', upload: 'false' }, undefined, 'octocat', workspace);
    expect(run.code).toBe(0);
    const sarif = JSON.parse(readFileSync(run.sarifPath, 'utf8'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('app/.env');
    expect(run.stdout).toMatch(/::error title=token\/github-classic-pat \(high\),file=app\/\.env,line=1/);
    expect(run.summary).toContain('`app/.env:1`');
  });
});

describe('a pull request cannot weaken its own gate (issue #15, 5)', () => {
  const TOKEN_LINE = 'GH_TOKEN=ghp_Rb7kQ2xW9mLp4Tz6Yv8Nc3Hd5Jf1Gs0AaQeW\n';
  const event = { pull_request: { number: 9, base: { sha: BASE }, head: { repo: { full_name: 'acme/shop' } } }, repository: { full_name: 'acme/shop' } };
  const workspace = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(tmpdir(), 'br-action-pr-'));
    for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
    return dir;
  };

  it('applies the base commit\'s config, not the one the pull request brings', async () => {
    const head = workspace({ '.env': TOKEN_LINE, '.blast-radius.yml': 'rules:\n  token/github-classic-pat: off\n' });
    server = await fakeGithub(api({ '.env': TOKEN_LINE }));
    const run = await runAction({ 'fail-on': 'high', upload: 'false' }, event, 'octocat', head);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/This pull request changes \.blast-radius\.yml; the base commit's version applies/);
    expect(run.summary).toContain("the base commit's version applied");
    await server.close();

    server = await fakeGithub(api({ '.env': TOKEN_LINE }));
    const trusted = await runAction({ 'fail-on': 'high', upload: 'false', 'trust-pr-config': 'true' }, event, 'octocat', head);
    expect(trusted.code).toBe(0);
    expect(trusted.summary).toMatch(/### Suppressed[\s\S]*config \| `token\/github-classic-pat`/);
  });

  it('lists the inline suppressions the pull request adds', async () => {
    const head = workspace({ '.env': `# blast-radius-ignore token/github-classic-pat rotated next week\n${TOKEN_LINE}` });
    server = await fakeGithub(api({ '.env': TOKEN_LINE }));
    const run = await runAction({ 'fail-on': 'high', upload: 'false' }, event, 'octocat', head);
    expect(run.stdout).toMatch(/This pull request suppresses token\/github-classic-pat at \.env:2 \(inline: rotated next week\)/);
    expect(run.summary).toMatch(/\| inline \| `token\/github-classic-pat` \| `\.env:2` \| rotated next week \| \*\*yes\*\* \|/);
    const sarif = JSON.parse(readFileSync(run.sarifPath, 'utf8'));
    expect(sarif.runs[0].results.some((r: { suppressions?: { kind: string }[] }) => r.suppressions?.[0]?.kind === 'inSource')).toBe(true);
  });
});

describe('dist/', () => {
  it('is exactly what scripts/build-action.mjs builds from the source', async () => {
    const out = mkdtempSync(join(tmpdir(), 'br-dist-'));
    await new Promise<void>((resolve, reject) => execFile(process.execPath, [join(REPO, 'scripts/build-action.mjs'), out], (e) => (e ? reject(e) : resolve())));
    const built = filesOf(out, digest);
    const committed = filesOf(join(REPO, 'dist'), digest);
    expect(Object.keys(committed).sort()).toEqual(Object.keys(built).sort());
    for (const [path, text] of Object.entries(built)) {
      expect(committed[path] === text, `dist/${path} is stale: run node scripts/build-action.mjs and commit dist/`).toBe(true);
    }
  });

  it('declares a node24 JavaScript action whose entry exists', () => {
    const yml = readFileSync(join(REPO, 'action.yml'), 'utf8');
    expect(yml).toMatch(/using: node24/);
    const main = /main: (\S+)/.exec(yml)?.[1] ?? '';
    expect(statSync(join(REPO, main)).isFile()).toBe(true);
  });
});
