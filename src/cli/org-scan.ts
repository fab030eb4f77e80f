// `blast-radius scan --github-org ORG [--shard i/n]`: list the organisation's repositories, keep
// this shard's, fetch each one's candidate files over the API and scan them, then report per
// repository. Text and JSON put every repository in one report; SARIF needs `--output DIR` and
// writes one file per repository, ready for `blast-radius upload` in each.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { detectors } from '../../detectors/index.js';
import type { BlastRadiusConfig } from '../engine/config.js';
import { scan } from '../engine/scan.js';
import type { Finding, ScanResult } from '../engine/types.js';
import { githubClient } from '../github/client.js';
import { apiUrlFrom, DEFAULT_API_URL, tokenFromEnv } from '../github/env.js';
import { candidateMatcher, fetchRepositoryFiles, listOrgRepositories, selectShard } from '../github/org-scan.js';
import { toJson } from '../report/json.js';
import { toSarif } from '../report/sarif.js';
import { toText } from '../report/text.js';
import { VERSION } from '../version.js';
import { UsageError, type Format, type ScanArgs } from './args.js';
import type { Io } from './main.js';

export interface RepositoryReport {
  repository: string;
  ref: string;
  filesFetched: number;
  result: ScanResult;
}

export async function runOrgScan(org: string, args: ScanArgs, format: Format, config: BlastRadiusConfig | undefined, io: Io, color: boolean): Promise<Finding[]> {
  if (format === 'sarif' && !args.output) throw new UsageError('--github-org with SARIF writes one file per repository: give --output DIR');
  const token = tokenFromEnv(io.env);
  const octokit = githubClient({
    ...(token ? { token } : {}),
    apiUrl: apiUrlFrom(args.githubApiUrl, io.env),
    // An organisation scan makes hundreds of requests: it waits out a rate limit (up to 15 minutes) rather than stopping.
    maxWaitMs: 15 * 60_000,
    onWait: (ms, why) => io.stderr.write(`blast-radius: ${why}, waiting ${Math.ceil(ms / 1000)} s\n`),
  });
  const all = await listOrgRepositories(octokit, org);
  const repos = selectShard(all, args.shard);
  const shardNote = args.shard ? ` (shard ${args.shard.index}/${args.shard.count}: ${repos.length} of ${all.length})` : '';
  if (!args.quiet) io.stderr.write(`blast-radius: scanning ${repos.length} repositories of ${org}${shardNote}\n`);
  const candidate = candidateMatcher(detectors.flatMap((d) => [...(d.files ?? []), ...(d.projectFiles ?? [])]));
  const reports: RepositoryReport[] = [];
  for (const repo of repos) {
    const fetched = await fetchRepositoryFiles(octokit, repo.fullName, repo.defaultBranch, { candidate });
    try {
      const result = await scan({ root: fetched.dir, detectors, ...(config ? { config } : {}) });
      result.root = repo.fullName;
      if (fetched.truncated || fetched.notFetched > 0) {
        result.notifications.push({ level: 'warning', id: 'org-scan-partial', message: `${repo.fullName}: ${fetched.truncated ? 'GitHub truncated the tree listing' : `${fetched.notFetched} candidate files over the per-repository cap were not fetched`}; clone and scan it locally for full coverage` });
      }
      reports.push({ repository: repo.fullName, ref: fetched.ref, filesFetched: fetched.filesFetched, result });
    } finally {
      rmSync(fetched.dir, { recursive: true, force: true });
    }
  }
  writeReports(org, reports, format, args, io, color, webUrl(apiUrlFrom(args.githubApiUrl, io.env), io.env));
  return reports.flatMap((r) => r.result.findings);
}

/** The web address repositories live under: GITHUB_SERVER_URL on runners, else derived from the API URL. */
function webUrl(apiUrl: string, env: NodeJS.ProcessEnv): string {
  if (env.GITHUB_SERVER_URL) return env.GITHUB_SERVER_URL.replace(/\/+$/, '');
  return apiUrl.replace(/\/+$/, '') === DEFAULT_API_URL ? 'https://github.com' : apiUrl.replace(/\/api\/v3\/?$/, '').replace(/\/+$/, '');
}

function writeReports(org: string, reports: RepositoryReport[], format: Format, args: ScanArgs, io: Io, color: boolean, web: string): void {
  if (format === 'sarif') {
    const dir = resolve(io.cwd, args.output as string);
    mkdirSync(dir, { recursive: true });
    for (const r of reports) {
      writeFileSync(join(dir, `${r.repository.replace('/', '__')}.sarif`), toSarif(r.result, { toolVersion: VERSION, sourceRootUri: `${web}/${r.repository}/blob/${encodeURIComponent(r.ref)}/`, ...(args.category ? { category: args.category } : {}) }));
    }
    if (!args.quiet) io.stderr.write(`blast-radius: ${reports.length} SARIF files written to ${args.output}\n`);
    return;
  }
  let out: string;
  if (format === 'json') {
    out = `${JSON.stringify(
      {
        organisation: org,
        ...(args.shard ? { shard: `${args.shard.index}/${args.shard.count}` } : {}),
        repositories: reports.map((r) => ({ repository: r.repository, ref: r.ref, filesFetched: r.filesFetched, report: JSON.parse(toJson(r.result, { toolVersion: VERSION })) as unknown })),
      },
      null,
      2,
    )}\n`;
  } else {
    out = reports.map((r) => `== ${r.repository} (${r.ref}, ${r.filesFetched} files fetched)\n${toText(r.result, { color, quiet: args.quiet })}`).join('\n');
    if (reports.length === 0) out = `No repositories to scan in ${org}.\n`;
  }
  if (args.output) writeFileSync(resolve(io.cwd, args.output), out);
  else io.stdout.write(out);
}
