// SARIF upload through the real Octokit to a local stand-in for the code scanning endpoints:
// what is sent, the polling, GitHub's limits checked before sending, and each failure's message.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { githubClient } from '../../src/github/client.js';
import { prepareSarif, uploadSarif, UploadError, type UploadErrorKind } from '../../src/github/upload.js';
import { runCli } from '../support/cli.js';
import { fakeGithub, type FakeGithub, type Handler, type RecordedRequest } from '../support/github-server.js';

const SHA = 'a'.repeat(40);
const noWait = async (): Promise<void> => {};

let server: FakeGithub | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function sarif(results = 1, message = 'm'): string {
  return JSON.stringify({
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{ tool: { driver: { name: 'blast-radius', rules: [] } }, results: Array.from({ length: results }, () => ({ ruleId: 'x/y', message: { text: message } })) }],
  });
}

/** Decodes what the fake server received as GitHub would. */
export function decodeUpload(request: RecordedRequest): { sarif: Record<string, unknown>; fields: Record<string, unknown> } {
  const body = request.body as Record<string, unknown>;
  return { sarif: JSON.parse(gunzipSync(Buffer.from(String(body.sarif), 'base64')).toString('utf8')) as Record<string, unknown>, fields: body };
}

function codeScanning(statuses: string[], upload: Handler = () => ({ status: 202, body: { id: 'sarif-1', url: 'x' } })): Record<string, Handler> {
  let polls = 0;
  return {
    'POST /repos/{owner}/{repo}/code-scanning/sarifs': upload,
    'GET /repos/{owner}/{repo}/code-scanning/sarifs/{id}': () => {
      const status = statuses[Math.min(polls++, statuses.length - 1)] ?? 'complete';
      return { body: { processing_status: status, analyses_url: null, ...(status === 'failed' ? { errors: ['locationFromSarifResult: expected artifact location'] } : {}) } };
    },
  };
}

async function failsWith(routes: Record<string, Handler>, kind: UploadErrorKind, text: RegExp): Promise<void> {
  server = await fakeGithub(routes);
  const octokit = githubClient({ token: 't', apiUrl: server.url, retries: 0 });
  const error = await uploadSarif(octokit, { repository: 'acme/api', commitSha: SHA, ref: 'refs/heads/main', sarif: sarif(), sleep: noWait }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UploadError);
  expect((error as UploadError).kind).toBe(kind);
  expect((error as UploadError).message).toMatch(text);
}

describe('SARIF upload', () => {
  it('sends gzip+base64 SARIF with commit, ref, checkout URI and category, then polls until complete', async () => {
    server = await fakeGithub(codeScanning(['pending', 'pending', 'complete']));
    const octokit = githubClient({ token: 'tok', apiUrl: server.url });
    const result = await uploadSarif(octokit, { repository: 'acme/api', commitSha: SHA, ref: 'refs/pull/7/merge', sarif: sarif(2), checkoutUri: 'file:///w/api', category: 'blast-radius/api', sleep: noWait });
    expect(result).toMatchObject({ id: 'sarif-1', status: 'complete' });
    const post = server.requests.find((r) => r.method === 'POST') as RecordedRequest;
    expect(post.path).toBe('/repos/acme/api/code-scanning/sarifs');
    expect(post.headers.authorization).toBe('token tok');
    const { sarif: sent, fields } = decodeUpload(post);
    expect(fields).toMatchObject({ commit_sha: SHA, ref: 'refs/pull/7/merge', checkout_uri: 'file:///w/api', tool_name: 'blast-radius' });
    const runs = sent.runs as { results: unknown[]; automationDetails: { id: string } }[];
    expect(runs[0]?.results).toHaveLength(2);
    expect(runs[0]?.automationDetails.id).toBe('blast-radius/api/');
    expect(server.requests.filter((r) => r.method === 'GET')).toHaveLength(3);
  });

  it('stops waiting after the bounded wait and says it is still pending', async () => {
    server = await fakeGithub(codeScanning(['pending']));
    const octokit = githubClient({ token: 't', apiUrl: server.url });
    const result = await uploadSarif(octokit, { repository: 'acme/api', commitSha: SHA, ref: 'refs/heads/main', sarif: sarif(), pollIntervalMs: 10, maxWaitMs: 30, sleep: noWait });
    expect(result.status).toBe('pending');
    expect(server.requests.filter((r) => r.method === 'GET').length).toBe(4);
  });

  it('reports processing failures with GitHub\'s errors', async () => {
    await failsWith(codeScanning(['failed']), 'rejected', /expected artifact location/);
  });

  it('explains a read-only token (fork pull requests, Dependabot)', async () => {
    await failsWith(codeScanning([], () => ({ status: 403, body: { message: 'Resource not accessible by integration' } })), 'read-only-token', /security-events: write/);
  });

  it('explains code scanning not being enabled', async () => {
    await failsWith(codeScanning([], () => ({ status: 403, body: { message: 'Advanced Security must be enabled for this repository to use code scanning.' } })), 'not-enabled', /not enabled/);
  });

  it('explains 404 and 413', async () => {
    await failsWith(codeScanning([], () => ({ status: 404, body: { message: 'Not Found' } })), 'not-found', /not found/);
    await server?.close();
    await failsWith(codeScanning([], () => ({ status: 413, body: { message: 'Payload Too Large' } })), 'too-large', /10 MB/);
  });

  it('checks GitHub\'s limits before sending anything', async () => {
    expect(() => prepareSarif('{')).toThrow(/not a JSON file/);
    expect(() => prepareSarif('{"version":"2.0.0","runs":[]}')).toThrow(/2\.1\.0/);
    expect(() => prepareSarif(sarif(25_001))).toThrow(/25000 per run/);
    const manyRuns = JSON.stringify({ version: '2.1.0', runs: Array.from({ length: 21 }, () => ({ results: [] })) });
    expect(() => prepareSarif(manyRuns)).toThrow(/20 runs/);
    const huge = sarif(1, randomBytes(12 * 1024 * 1024).toString('base64'));
    expect(() => prepareSarif(huge)).toThrow(/over 10 MB/);
    expect(prepareSarif(sarif(25_000)).gzipped.length).toBeGreaterThan(0);
  });

  it('backs `blast-radius upload FILE` with the GITHUB_* variables a runner sets', async () => {
    server = await fakeGithub(codeScanning(['complete']));
    const dir = mkdtempSync(join(tmpdir(), 'br-upload-'));
    writeFileSync(join(dir, 'r.sarif'), sarif(3));
    const env = { GITHUB_TOKEN: 'ghs_job', GITHUB_REPOSITORY: 'acme/api', GITHUB_SHA: SHA, GITHUB_REF: 'refs/heads/main', GITHUB_API_URL: server.url };
    const run = await runCli(['upload', 'r.sarif', '--category', 'blast-radius'], { cwd: dir, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('SARIF id sarif-1');
    expect(run.stdout).toContain('processed');
    const post = server.requests.find((r) => r.method === 'POST') as RecordedRequest;
    expect(decodeUpload(post).fields.ref).toBe('refs/heads/main');

    const missing = await runCli(['upload', 'r.sarif'], { cwd: dir, env: { GITHUB_TOKEN: 't' } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--repo');
  });

  it('exits 2 with the explanation when the upload is refused', async () => {
    server = await fakeGithub(codeScanning([], () => ({ status: 403, body: { message: 'Resource not accessible by integration' } })));
    const dir = mkdtempSync(join(tmpdir(), 'br-upload-'));
    writeFileSync(join(dir, 'r.sarif'), sarif());
    const run = await runCli(['upload', 'r.sarif', '--repo', 'acme/api', '--sha', SHA, '--ref', 'refs/heads/main', '--github-api-url', server.url], { cwd: dir, env: { GH_TOKEN: 't' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('security-events: write');
  });
});

describe('network and server failures say what happened (issue #17)', () => {
  const request = { repository: 'acme/api', commitSha: SHA, ref: 'refs/heads/main', sarif: sarif(), sleep: noWait };

  it('a server error is retried within a few seconds, then reported as a server error', async () => {
    server = await fakeGithub(codeScanning(['complete'], () => ({ status: 502, body: { message: 'Bad Gateway' } })));
    const waits: number[] = [];
    const octokit = githubClient({ token: 't', apiUrl: server.url, sleep: noWait, onWait: (ms) => waits.push(ms) });
    const error = (await uploadSarif(octokit, request).catch((e: unknown) => e)) as UploadError;
    expect(error.kind).toBe('server-error');
    expect(error.message).toMatch(/server error \(502\)/);
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5000);
    expect(server.requests.filter((r) => r.method === 'POST').length).toBe(waits.length + 1);
  });

  it('an exhausted rate limit is a rate limit, not a permission error, and is not waited out for an hour', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    server = await fakeGithub(codeScanning(['complete'], () => ({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, body: { message: 'API rate limit exceeded' } })));
    const octokit = githubClient({ token: 't', apiUrl: server.url, sleep: noWait });
    const error = (await uploadSarif(octokit, request).catch((e: unknown) => e)) as UploadError;
    expect(error.kind).toBe('rate-limited');
    expect(error.message).toMatch(/rate limit .* exhausted until \d\d:\d\d UTC .*not a permission problem/);
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('a refused connection names the host and is not retried', async () => {
    const closed = await fakeGithub({});
    const url = closed.url;
    await closed.close();
    const waits: number[] = [];
    const octokit = githubClient({ token: 't', apiUrl: url, sleep: noWait, onWait: (ms) => waits.push(ms) });
    const error = (await uploadSarif(octokit, request).catch((e: unknown) => e)) as UploadError;
    expect(error.kind).toBe('network');
    expect(error.message).toContain(`cannot reach ${new URL(url).host}: the connection was refused (ECONNREFUSED)`);
    expect(waits).toEqual([]);
  });

  it('a name that does not resolve is a DNS failure with the host, not "server error 500"', async () => {
    const dnsFailure = async (): Promise<Response> => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND ghe.acme.internal'), { code: 'ENOTFOUND', hostname: 'ghe.acme.internal' }) });
    };
    const octokit = githubClient({ token: 't', apiUrl: 'https://ghe.acme.internal/api/v3', sleep: noWait, fetch: dnsFailure as typeof fetch });
    const error = (await uploadSarif(octokit, request).catch((e: unknown) => e)) as UploadError;
    expect(error.kind).toBe('network');
    expect(error.message).toContain('cannot reach ghe.acme.internal: the name does not resolve (DNS lookup failed) (ENOTFOUND)');
    expect(error.message).not.toMatch(/500/);
  });
});
