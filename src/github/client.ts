// The one place Octokit is built. Every GitHub feature (token verification, SARIF upload, the
// organisation scan) talks only to the API URL it is given (product.md §3 "Network"), and waits
// out rate limits instead of failing: a 403/429 with `x-ratelimit-remaining: 0` waits until
// `x-ratelimit-reset`, a secondary limit waits `retry-after` (GitHub REST docs "Rate limits for
// the REST API": wait for the reset, or at least one minute, then retry), both bounded.

import { Octokit } from '@octokit/rest';
import { VERSION } from '../version.js';
import { DEFAULT_API_URL } from './env.js';


export interface GithubOptions {
  token?: string;
  /** REST API base URL: `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise Server. */
  apiUrl?: string;
  /** How many times one request is retried after a rate limit or a server error. */
  retries?: number;
  /** Longest single wait for a rate limit, in ms; a longer reset fails the request instead. */
  maxWaitMs?: number;
  /** Injectable clock for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Told about each wait, so the CLI can say why it is pausing. */
  onWait?: (ms: number, reason: string) => void;
}

interface HttpError {
  status?: number;
  response?: { headers?: Record<string, string | number | undefined> };
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** How long to wait before retrying, or undefined when the error is not worth a retry. */
export function retryDelay(error: unknown, attempt: number, now = Date.now()): { ms: number; reason: string } | undefined {
  const e = error as HttpError;
  const headers = e.response?.headers ?? {};
  const status = e.status ?? 0;
  const retryAfter = Number(headers['retry-after']);
  if ((status === 403 || status === 429) && Number.isFinite(retryAfter) && retryAfter > 0) {
    return { ms: retryAfter * 1000, reason: 'secondary rate limit' };
  }
  if ((status === 403 || status === 429) && String(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headers['x-ratelimit-reset']) * 1000;
    return { ms: Number.isFinite(reset) ? Math.max(1000, reset - now + 1000) : 60_000, reason: 'rate limit exhausted' };
  }
  if (status === 429) return { ms: 60_000, reason: 'too many requests' };
  if (status >= 500 && status <= 599) return { ms: 1000 * 2 ** attempt, reason: `server error ${status}` };
  return undefined;
}

export function githubClient(options: GithubOptions = {}): Octokit {
  const octokit = new Octokit({
    ...(options.token ? { auth: options.token } : {}),
    baseUrl: (options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, ''),
    userAgent: `blast-radius/${VERSION}`,
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  const retries = options.retries ?? 3;
  const maxWaitMs = options.maxWaitMs ?? 15 * 60_000;
  const sleep = options.sleep ?? delay;
  octokit.hook.wrap('request', async (request, params) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(params);
      } catch (error) {
        const wait = attempt < retries ? retryDelay(error, attempt) : undefined;
        if (!wait || wait.ms > maxWaitMs) throw error;
        options.onWait?.(wait.ms, wait.reason);
        await sleep(wait.ms);
      }
    }
  });
  return octokit;
}
