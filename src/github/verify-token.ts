// `--verify` for GitHub tokens: ask the API what a found token can really do, with GET requests
// only (tokens.md §2.2 "Online"). Classic and OAuth tokens answer `GET /user` with the
// `x-oauth-scopes` header; fine-grained and user-to-server tokens send no such header, and no
// endpoint lists their permissions, so the repositories they were granted are listed and a few are
// probed with an Administration read (`GET /repos/{o}/{r}/actions/permissions`: 200 only when the
// token holds Administration, the permission that can delete a repository). Write probes, as some
// scanners send, are never made.

import type { ScopeVerdict, Severity, Verifier, VerifyOutcome } from '../engine/types.js';
import { githubClient, type GithubOptions } from './client.js';

/** Classic scopes that can delete or rewrite repositories, organisations or packages. */
const ADMIN_SCOPES = ['delete_repo', 'admin:org', 'site_admin', 'admin:enterprise', 'delete:packages'];
const WRITE_SCOPES = ['repo', 'public_repo', 'workflow', 'write:packages', 'write:org', 'admin:repo_hook', 'admin:org_hook', 'admin:public_key', 'admin:gpg_key', 'admin:ssh_signing_key', 'user', 'codespace', 'project'];
/** How many granted repositories are probed for Administration. */
const ADMIN_PROBES = 3;
/** A fine-grained token granted at least this many repositories with Administration is treated as all-repositories. */
const MANY_REPOS = 10;

interface StatusError {
  status?: number;
}

const status = (e: unknown): number | undefined => (e as StatusError).status;

export function classicVerdict(scopes: readonly string[]): { scope: ScopeVerdict; severity: Severity; why: string } {
  const admin = scopes.filter((s) => ADMIN_SCOPES.includes(s));
  const write = scopes.filter((s) => WRITE_SCOPES.includes(s));
  if (admin.length > 0) return { scope: 'BROAD', severity: 'critical', why: `it holds ${admin.join(', ')}, which can delete repositories or administer organisations` };
  if (write.length > 0) return { scope: 'BROAD', severity: 'critical', why: `it holds ${write.join(', ')}: classic scopes reach every repository the user can write to` };
  return { scope: 'NARROW', severity: 'low', why: scopes.length ? `its scopes (${scopes.join(', ')}) only read` : 'it has no scopes: it can read public data only' };
}

function expiry(headers: Record<string, unknown>): string | undefined {
  const v = headers['github-authentication-token-expiration'];
  return typeof v === 'string' && v ? v : undefined;
}

/** GitHub's token formats: classic and OAuth/app tokens with their prefixes, fine-grained `github_pat_`. */
const GITHUB_FORMAT = /^(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})$/;

export function githubVerifier(options: Omit<GithubOptions, 'token'> = {}): Verifier {
  return async (request) => {
    // Only a value in GitHub's own token format is ever sent to GitHub.
    if (request.provider !== 'github' || request.tokenKind === 'github-refresh-token' || !GITHUB_FORMAT.test(request.value)) return undefined;
    const octokit = githubClient({ ...options, token: request.value, retries: options.retries ?? 1 });
    let user;
    try {
      user = await octokit.request('GET /user');
    } catch (e) {
      if (status(e) === 401) {
        return { scope: 'NARROW', severity: 'low', note: 'GitHub rejected it (401 Bad credentials): it is revoked or expired and can destroy nothing now. Remove it from the file anyway.', properties: { valid: false } };
      }
      throw e;
    }
    const headers = user.headers as Record<string, unknown>;
    const login = (user.data as { login?: string }).login ?? 'unknown user';
    const expires = expiry(headers);
    const until = expires ? `, expires ${expires}` : ', no expiry';
    const scopesHeader = headers['x-oauth-scopes'];
    if (typeof scopesHeader === 'string') {
      const scopes = scopesHeader.split(',').map((s) => s.trim()).filter(Boolean);
      const v = classicVerdict(scopes);
      return {
        scope: v.scope,
        severity: v.severity,
        note: `it is valid for ${login}${until}; scope ${v.scope} because ${v.why}.`,
        properties: { valid: true, login, scopes, ...(expires ? { expires } : {}) },
      };
    }
    return fineGrainedOutcome(octokit, login, until, expires);
  };
}

async function fineGrainedOutcome(octokit: ReturnType<typeof githubClient>, login: string, until: string, expires: string | undefined): Promise<VerifyOutcome> {
  const repos = await octokit.request('GET /user/repos', { per_page: 100 });
  const names = (repos.data as { full_name: string }[]).map((r) => r.full_name);
  const administered: string[] = [];
  for (const full of names.slice(0, ADMIN_PROBES)) {
    const [owner, repo] = full.split('/') as [string, string];
    try {
      await octokit.request('GET /repos/{owner}/{repo}/actions/permissions', { owner, repo });
      administered.push(full);
    } catch (e) {
      if (status(e) !== 403 && status(e) !== 404) throw e;
    }
  }
  const count = names.length >= 100 ? '100 or more' : String(names.length);
  const base = { valid: true, login, repositories: names.length, administration: administered, ...(expires ? { expires } : {}) };
  if (names.length === 0) {
    return { scope: 'NARROW', severity: 'low', note: `it is valid for ${login}${until} but was granted no repository.`, properties: base };
  }
  if (administered.length > 0) {
    const broad = names.length >= MANY_REPOS;
    return {
      scope: broad ? 'BROAD' : 'PROJECT-DESTRUCTIVE',
      severity: broad ? 'critical' : 'high',
      note: `it is valid for ${login}${until}, reaches ${count} repositories and holds Administration on ${administered.join(', ')}, which can delete them.`,
      properties: base,
    };
  }
  return {
    scope: 'UNKNOWN',
    note: `it is valid for ${login}${until} and reaches ${count} repositories without Administration on those probed; write permissions cannot be read without writing, so the verdict stays unknown.`,
    properties: base,
  };
}
