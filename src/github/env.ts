// Where a GitHub command finds its API URL and token. Kept apart from the Octokit client so the
// CLI can read them without loading Octokit.

export const DEFAULT_API_URL = 'https://api.github.com';

/** The API URL: an explicit one, then GITHUB_API_URL (set on Actions runners and GHES), then github.com. */
export function apiUrlFrom(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  return explicit ?? (env.GITHUB_API_URL || DEFAULT_API_URL);
}

/** The token a command should use: GITHUB_TOKEN, then GH_TOKEN. */
export function tokenFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
}
