// Upload a SARIF file to GitHub code scanning over REST (sarif-and-action.md §1.7, §1.9):
// check GitHub's limits before sending (10 MB gzipped, 20 runs, 25,000 results per run), send it
// gzip-compressed and base64-encoded with the commit, ref and checkout URI, then poll the
// processing status with a bounded wait, as codeql-action's upload-lib does. Each way an upload
// fails gets a message that says what to change.

import { gzipSync } from 'node:zlib';
import type { Octokit } from '@octokit/rest';
import { NetworkError, RateLimitError } from './client.js';

export const MAX_GZIPPED_BYTES = 10 * 1024 * 1024;
export const MAX_RUNS = 20;
export const MAX_RESULTS_PER_RUN = 25_000;

export type UploadErrorKind = 'invalid' | 'too-large' | 'forbidden' | 'read-only-token' | 'not-enabled' | 'not-found' | 'rejected' | 'failed' | 'network' | 'rate-limited' | 'server-error';

export class UploadError extends Error {
  constructor(
    readonly kind: UploadErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface UploadRequest {
  /** `owner/name`. */
  repository: string;
  commitSha: string;
  /** Full ref: `refs/heads/main`, `refs/pull/7/merge`, … */
  ref: string;
  sarif: string;
  checkoutUri?: string;
  startedAt?: string;
  /** Sets `runs[].automationDetails.id`, so uploads of other tools or folders do not replace this one. */
  category?: string;
  /** Wait for GitHub to process the file (default true). */
  wait?: boolean;
  pollIntervalMs?: number;
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface UploadResult {
  id: string;
  /** `accepted` when not waiting; otherwise GitHub's processing status, `pending` if the wait ran out. */
  status: 'accepted' | 'pending' | 'complete';
  gzippedBytes: number;
}

interface SarifShape {
  version?: string;
  runs?: { results?: unknown[]; automationDetails?: { id?: string } }[];
}

/** Parses and checks the file against GitHub's limits; returns the text to send (with the category set). */
export function prepareSarif(text: string, category?: string): { body: string; gzipped: Buffer } {
  let log: SarifShape;
  try {
    log = JSON.parse(text) as SarifShape;
  } catch (e) {
    throw new UploadError('invalid', `not a JSON file: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (log.version !== '2.1.0' || !Array.isArray(log.runs)) throw new UploadError('invalid', 'not a SARIF 2.1.0 log (GitHub code scanning accepts only version 2.1.0 with a runs array)');
  if (log.runs.length > MAX_RUNS) throw new UploadError('too-large', `${log.runs.length} runs: GitHub rejects more than ${MAX_RUNS} runs per file`);
  for (const [i, run] of log.runs.entries()) {
    const n = run.results?.length ?? 0;
    if (n > MAX_RESULTS_PER_RUN) throw new UploadError('too-large', `run ${i + 1} has ${n} results: GitHub rejects more than ${MAX_RESULTS_PER_RUN} per run; raise --fail-on's floor with config severities, or record the existing findings in a baseline`);
    if (category) run.automationDetails = { ...run.automationDetails, id: category.endsWith('/') ? category : `${category}/` };
  }
  const body = category ? JSON.stringify(log) : text;
  const gzipped = gzipSync(body);
  if (gzipped.length > MAX_GZIPPED_BYTES) {
    throw new UploadError('too-large', `the SARIF is ${(gzipped.length / 1048576).toFixed(1)} MB gzipped: GitHub rejects files over 10 MB; scan fewer paths or disable noisy rules in .blast-radius.yml`);
  }
  return { body, gzipped };
}

interface HttpError {
  status?: number;
  message?: string;
  response?: { data?: { message?: string } };
}

/** Turns an HTTP failure into an UploadError that says what to do. */
export function explainUploadFailure(e: unknown, repository: string): UploadError {
  if (e instanceof NetworkError) return new UploadError('network', `the upload to ${repository} did not reach GitHub: ${e.message}`);
  if (e instanceof RateLimitError) return new UploadError('rate-limited', `the upload to ${repository} was rate limited: ${e.message}`);
  const err = e as HttpError;
  const said = err.response?.data?.message ?? err.message ?? '';
  const status = err.status;
  if (status === 403 && /advanced security|code scanning is not enabled|must be enabled/i.test(said)) {
    return new UploadError('not-enabled', `code scanning is not enabled for ${repository} (GitHub said: ${said}). Enable it (private repositories need GitHub Code Security) in the repository's security settings.`);
  }
  if (status === 403 && /not accessible by integration/i.test(said)) {
    return new UploadError('read-only-token', `the token cannot write code scanning results for ${repository} (GitHub said: ${said}). Give the job \`permissions: security-events: write\`; on pull requests from forks and from Dependabot the token is always read-only, so skip the upload there.`);
  }
  if (status === 401 || status === 403) {
    return new UploadError('forbidden', `GitHub refused the upload to ${repository} (${status}: ${said}). The token needs the security_events scope (classic), "Code scanning alerts: write" (fine-grained or App), or \`security-events: write\` in Actions.`);
  }
  if (status === 404) return new UploadError('not-found', `repository ${repository} was not found, or the token cannot see it (404).`);
  if (status === 413) return new UploadError('too-large', `GitHub rejected the SARIF as too large (413): the limit is 10 MB gzipped.`);
  if (status === 400 || status === 422) return new UploadError('rejected', `GitHub rejected the SARIF (${status}: ${said}).`);
  if (status !== undefined && status >= 500) return new UploadError('server-error', `GitHub answered the upload to ${repository} with a server error (${status}) several times; the SARIF file is kept, upload it again later${said ? ` (GitHub said: ${said})` : ''}.`);
  return new UploadError('failed', `the upload to ${repository} failed${status ? ` (${status})` : ''}: ${said || String(e)}`);
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function uploadSarif(octokit: Octokit, request: UploadRequest): Promise<UploadResult> {
  const [owner, repo] = request.repository.split('/');
  if (!owner || !repo) throw new UploadError('invalid', `repository must be owner/name (got "${request.repository}")`);
  if (!/^[0-9a-f]{40}$/.test(request.commitSha)) throw new UploadError('invalid', `commit SHA must be 40 hex characters (got "${request.commitSha}")`);
  if (!request.ref.startsWith('refs/')) throw new UploadError('invalid', `ref must be a full ref such as refs/heads/main (got "${request.ref}")`);
  const { gzipped } = prepareSarif(request.sarif, request.category);
  let id: string;
  try {
    const res = await octokit.rest.codeScanning.uploadSarif({
      owner,
      repo,
      commit_sha: request.commitSha,
      ref: request.ref,
      sarif: gzipped.toString('base64'),
      ...(request.checkoutUri ? { checkout_uri: request.checkoutUri } : {}),
      ...(request.startedAt ? { started_at: request.startedAt } : {}),
      tool_name: 'blast-radius',
    });
    id = res.data.id ?? '';
  } catch (e) {
    throw explainUploadFailure(e, request.repository);
  }
  if (!id) throw new UploadError('failed', 'GitHub accepted the upload but returned no SARIF id');
  if (request.wait === false) return { id, status: 'accepted', gzippedBytes: gzipped.length };
  const interval = request.pollIntervalMs ?? 5000;
  const deadline = request.maxWaitMs ?? 120_000;
  const sleep = request.sleep ?? delay;
  for (let waited = 0; waited <= deadline; waited += interval) {
    let status;
    try {
      status = (await octokit.rest.codeScanning.getSarif({ owner, repo, sarif_id: id })).data;
    } catch (e) {
      // The status endpoint can 404 for a moment right after the upload is accepted.
      if ((e as HttpError).status !== 404) throw explainUploadFailure(e, request.repository);
    }
    if (status?.processing_status === 'complete') return { id, status: 'complete', gzippedBytes: gzipped.length };
    if (status?.processing_status === 'failed') {
      const errors = (status.errors ?? []).join('; ');
      throw new UploadError('rejected', `GitHub could not process SARIF ${id}${errors ? `: ${errors}` : ''}`);
    }
    await sleep(interval);
  }
  return { id, status: 'pending', gzippedBytes: gzipped.length };
}
