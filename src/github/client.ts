// The one place Octokit is built. Every GitHub feature (token verification, SARIF upload, the
// organisation scan) talks only to the API URL it is given (product.md §3 "Network"). Only what
// can succeed on a second try is retried, within a bounded budget: a server error (5xx), a
// connection reset or timeout, and a rate limit whose reset falls inside the budget (a 403/429
// with `x-ratelimit-remaining: 0` waits until `x-ratelimit-reset`, a secondary limit waits
// `retry-after`, as GitHub's REST docs "Rate limits for the REST API" ask). A name that does not
// resolve or a refused connection fails at once as a NetworkError naming the host; a rate limit
// beyond the budget fails as a RateLimitError saying when it resets.

import { Octokit } from '@octokit/rest';
import { VERSION } from '../version.js';
import { DEFAULT_API_URL } from './env.js';


/** The API could not be reached: DNS, a refused or reset connection, TLS. Never an HTTP status. */
export class NetworkError extends Error {
  constructor(
    message: string,
    readonly host: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** A rate limit that lasts longer than the client may wait. */
export class RateLimitError extends Error {
  constructor(
    message: string,
    readonly resetAt: Date | undefined,
  ) {
    super(message);
    this.name = 'RateLimitError';
  }
}

const TRANSPORT: Record<string, { what: string; retry: boolean }> = {
  ENOTFOUND: { what: 'the name does not resolve (DNS lookup failed)', retry: false },
  EAI_AGAIN: { what: 'the DNS lookup failed for now', retry: true },
  ECONNREFUSED: { what: 'the connection was refused', retry: false },
  ECONNRESET: { what: 'the connection was reset', retry: true },
  ETIMEDOUT: { what: 'the connection timed out', retry: true },
  EHOSTUNREACH: { what: 'the host is unreachable', retry: false },
  ENETUNREACH: { what: 'the network is unreachable', retry: false },
  UND_ERR_CONNECT_TIMEOUT: { what: 'the connection timed out', retry: true },
  UND_ERR_SOCKET: { what: 'the connection broke', retry: true },
  CERT_HAS_EXPIRED: { what: 'its TLS certificate has expired', retry: false },
  DEPTH_ZERO_SELF_SIGNED_CERT: { what: 'its TLS certificate is self-signed', retry: false },
  SELF_SIGNED_CERT_IN_CHAIN: { what: 'its TLS certificate chain is self-signed (set NODE_EXTRA_CA_CERTS)', retry: false },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: { what: 'its TLS certificate cannot be verified (set NODE_EXTRA_CA_CERTS)', retry: false },
  ERR_TLS_CERT_ALTNAME_INVALID: { what: 'its TLS certificate is for another name', retry: false },
};

/** The system error code under an Octokit or fetch error (`error.cause.cause.code`), if any. */
export function transportCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && Object.hasOwn(TRANSPORT, code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export interface GithubOptions {
  token?: string;
  /** REST API base URL: `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise Server. */
  apiUrl?: string;
  /** How many times one request is retried after a rate limit, a server error or a dropped connection. */
  retries?: number;
  /** Longest total wait for one request's retries, in ms (default 5 s); a later rate-limit reset fails it instead. */
  maxWaitMs?: number;
  /** Injectable clock for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable fetch for tests (a DNS failure cannot be produced offline otherwise). */
  fetch?: typeof fetch;
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
  const transport = transportCode(error);
  if (transport) return TRANSPORT[transport]?.retry ? { ms: 500 * 2 ** attempt, reason: TRANSPORT[transport]?.what ?? transport } : undefined;
  if (status >= 500 && status <= 599) return { ms: 500 * 2 ** attempt, reason: `server error ${status}` };
  return undefined;
}

const isRateLimit = (error: unknown): boolean => {
  const e = error as HttpError;
  const headers = e.response?.headers ?? {};
  return e.status === 429 || (e.status === 403 && (String(headers['x-ratelimit-remaining']) === '0' || Number(headers['retry-after']) > 0));
};

/** The error a request ends with: what happened, in words, for a transport failure or a rate limit. */
function finalError(error: unknown, host: string): unknown {
  const code = transportCode(error);
  if (code) return new NetworkError(`cannot reach ${host}: ${TRANSPORT[code]?.what ?? code} (${code})`, host, code);
  if (isRateLimit(error)) {
    const headers = (error as HttpError).response?.headers ?? {};
    const reset = Number(headers['x-ratelimit-reset']);
    const resetAt = Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : undefined;
    const after = Number(headers['retry-after']);
    const when = resetAt ? `until ${resetAt.toISOString().slice(11, 16)} UTC` : Number.isFinite(after) && after > 0 ? `for ${after} s` : 'for now';
    return new RateLimitError(`GitHub's API rate limit on ${host} is exhausted ${when} (HTTP ${(error as HttpError).status}); this is not a permission problem: try again then`, resetAt);
  }
  return error;
}

export function githubClient(options: GithubOptions = {}): Octokit {
  const octokit = new Octokit({
    ...(options.token ? { auth: options.token } : {}),
    baseUrl: (options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, ''),
    userAgent: `blast-radius/${VERSION}`,
    ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  const retries = options.retries ?? 3;
  const maxWaitMs = options.maxWaitMs ?? 5000;
  const sleep = options.sleep ?? delay;
  let host = 'the GitHub API';
  try {
    host = new URL(options.apiUrl ?? DEFAULT_API_URL).host;
  } catch {
    // An API URL that does not parse fails on the first request with its own error.
  }
  octokit.hook.wrap('request', async (request, params) => {
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(params);
      } catch (error) {
        const wait = attempt < retries ? retryDelay(error, attempt) : undefined;
        if (!wait || waited + wait.ms > maxWaitMs) throw finalError(error, host);
        options.onWait?.(wait.ms, wait.reason);
        waited += wait.ms;
        await sleep(wait.ms);
      }
    }
  });
  return octokit;
}
