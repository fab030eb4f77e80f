// The GitHub Action (action.yml, bundled into dist/): scan the checkout, write SARIF, upload it to
// code scanning, write a job summary and annotations, set outputs, then gate the job. The order
// follows sarif-and-action.md §2: results are uploaded and summarised first, the gate comes last,
// so a failing job still shows its findings. On pull requests from forks and from Dependabot the
// job token is read-only: the upload is skipped with a warning and the gate still runs.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isSymlink } from '../engine/plain-file.js';
import { nodeCrypto } from '../engine/crypto.js';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as core from '@actions/core';
import { detectors } from '../../detectors/index.js';
import { checkRuleIds, loadConfig, type BlastRadiusConfig } from '../engine/config.js';
import { allRules, scan } from '../engine/scan.js';
import { readBaseline } from '../engine/suppress.js';
import { SEVERITIES, type Finding, type Location, type Notification, type ScanResult, type Severity } from '../engine/types.js';
import { githubClient } from '../github/client.js';
import { DEFAULT_API_URL } from '../github/env.js';
import { baseInstructions, type BaseInstructions } from '../github/base-instructions.js';
import { newFindings } from '../github/pull-request.js';
import { uploadSarif, UploadError } from '../github/upload.js';
import { toJson } from '../report/json.js';
import { toSarif } from '../report/sarif.js';
import { markdownText } from '../report/escape.js';
import { toText } from '../report/text.js';
import { VERSION } from '../version.js';
import { annotate, summaryMarkdown } from './summary.js';

type FailOn = Severity | 'none';

interface PullRequestEvent {
  pull_request?: { number?: number; base?: { sha?: string }; head?: { repo?: { full_name?: string } } };
  repository?: { full_name?: string };
}

function input(name: string, fallback = ''): string {
  return core.getInput(name) || fallback;
}

function booleanInput(name: string, fallback: boolean): boolean {
  const v = core.getInput(name).trim().toLowerCase();
  if (v === '') return fallback;
  if (['true', 'yes', '1'].includes(v)) return true;
  if (['false', 'no', '0'].includes(v)) return false;
  throw new Error(`input ${name} must be true or false (got "${v}")`);
}

function failOnInput(): FailOn {
  const v = input('fail-on', 'high');
  if (v !== 'none' && !(SEVERITIES as readonly string[]).includes(v)) throw new Error(`input fail-on must be critical, high, medium, low or none (got "${v}")`);
  return v as FailOn;
}

function readEvent(): PullRequestEvent {
  const path = process.env.GITHUB_EVENT_PATH;
  if (!path || !existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PullRequestEvent;
  } catch {
    return {};
  }
}

const atOrAbove = (findings: readonly Finding[], failOn: FailOn): Finding[] =>
  failOn === 'none' ? [] : findings.filter((f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(failOn));

/** The result with every repository location prefixed by the scanned folder, rooted at the workspace. */
function fromRepositoryRoot(result: ScanResult, folder: string, workspace: string): ScanResult {
  const move = <T extends { location: Location }>(x: T): T => (x.location.root === 'repo' ? { ...x, location: { ...x.location, path: `${folder}/${x.location.path}` } } : x);
  const finding = (f: Finding): Finding => ({ ...move(f), related: f.related.map(move), ...(f.steps ? { steps: f.steps.map(move) } : {}) });
  return {
    ...result,
    root: workspace,
    findings: result.findings.map(finding),
    suppressed: result.suppressed.map(finding),
    notifications: result.notifications.map((n) => (n.location ? (move(n as Notification & { location: Location }) as Notification) : n)),
  };
}

/** The base commit's instructions; without a token or a base to read, none (never the pull request's). */
async function pullRequestInstructions(
  baseSha: string | undefined,
  octokit: ReturnType<typeof githubClient> | undefined,
  repository: string,
  workspace: string,
  configFile: string,
  baselineFile: string | undefined,
): Promise<BaseInstructions> {
  const rel = (p: string): string => relative(workspace, p).split(sep).join('/');
  if (!baseSha || !octokit || !repository) {
    core.warning('Pull request: the base commit cannot be read (no token or no base), so no .blast-radius.yml or baseline applies; the pull request\'s own are not trusted.');
    return { changed: [] };
  }
  const base = await baseInstructions(octokit, { repository, baseSha, workspace, configPath: rel(configFile), ...(baselineFile ? { baselinePath: rel(baselineFile) } : {}) });
  for (const path of base.changed) core.warning(`This pull request changes ${path}; the base commit's version applies (set trust-pr-config: true to use the pull request's).`);
  return base;
}

export async function run(): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const root = resolve(workspace, input('path', '.'));
  const failOn = failOnInput();
  const format = input('format', 'sarif');
  if (!['sarif', 'json', 'text'].includes(format)) throw new Error(`input format must be sarif, json or text (got "${format}")`);
  const temp = process.env.RUNNER_TEMP ?? workspace;
  const sarifPath = format === 'sarif' && core.getInput('output') ? resolve(workspace, core.getInput('output')) : join(temp, 'blast-radius.sarif');
  const configInput = core.getInput('config');
  const baselineInput = core.getInput('baseline');
  const home = booleanInput('home', false) ? (process.env.HOME ?? undefined) : undefined;
  const started = new Date().toISOString();
  const token = input('token', process.env.GITHUB_TOKEN ?? '');
  const apiUrl = process.env.GITHUB_API_URL ?? DEFAULT_API_URL;
  const repository = process.env.GITHUB_REPOSITORY ?? '';
  const event = readEvent();
  const pr = event.pull_request;
  const octokit = token ? githubClient({ token, apiUrl, onWait: (ms, why) => core.info(`GitHub API: ${why}, waiting ${Math.ceil(ms / 1000)} s`) }) : undefined;

  const configFile = configInput ? resolve(workspace, configInput) : join(root, '.blast-radius.yml');
  const baselineFile = baselineInput ? resolve(workspace, baselineInput) : undefined;
  let config: BlastRadiusConfig | undefined;
  let baseline: Set<string> | undefined;
  let instructionsChanged: string[] = [];
  if (pr && !booleanInput('trust-pr-config', false)) {
    // A pull request never weakens its own gate: the base commit's config and baseline apply.
    const base = await pullRequestInstructions(pr.base?.sha, octokit, repository, workspace, configFile, baselineFile);
    config = base.config;
    baseline = base.baseline;
    instructionsChanged = base.changed;
  } else {
    config = configInput || existsSync(configFile) || isSymlink(configFile) ? loadConfig(configFile, !configInput) : undefined;
    baseline = baselineFile ? readBaseline(baselineFile, true) : undefined;
  }
  if (config) checkRuleIds(config, allRules(detectors).map((r) => r.id), configFile);

  const result = await scan({
    root,
    detectors,
    ...(home ? { home } : {}),
    ...(config ? { config } : {}),
    ...(baseline ? { baseline } : {}),
  });
  // Code scanning, annotations and the summary speak of paths from the repository root, whatever
  // folder `path` scanned: `app/.env`, not `.env`.
  const scanned = relative(workspace, root).split(sep).join('/');
  const reported = scanned && !scanned.startsWith('..') ? fromRepositoryRoot(result, scanned, workspace) : result;
  const category = input('category', 'blast-radius/');
  writeFileSync(sarifPath, toSarif(reported, { toolVersion: VERSION, category }));
  const outputInput = core.getInput('output');
  if (format !== 'sarif' && outputInput) {
    writeFileSync(resolve(workspace, outputInput), format === 'json' ? toJson(result, { toolVersion: VERSION }) : toText(result, { color: false, quiet: false }));
  }
  // The report echoes repository text (file names, keys): GitHub reads no workflow command in it
  // while commands are stopped under a token nobody could have put in the repository.
  const resume = nodeCrypto().randomBytes(16).toString('hex');
  core.info(`::stop-commands::${resume}`);
  core.info(toText(result, { color: true, quiet: false }));
  core.info(`::${resume}::`);

  const fromFork = pr !== undefined && pr.head?.repo?.full_name !== undefined && pr.head.repo.full_name !== (event.repository?.full_name ?? repository);
  const dependabot = (process.env.GITHUB_ACTOR ?? '').startsWith('dependabot');

  let fresh: Finding[] | undefined;
  let addedSuppressions: Finding[] | undefined;
  if (pr?.base?.sha && octokit && repository) {
    try {
      ({ fresh, addedSuppressions } = await newFindings(octokit, { repository, baseSha: pr.base.sha, detectors, head: result.findings, headSuppressed: result.suppressed, ...(config ? { config } : {}) }));
      for (const f of addedSuppressions) core.warning(`This pull request suppresses ${f.ruleId} at ${f.location.path}:${f.location.line} (${f.suppressed?.kind ?? 'suppressed'}${f.suppressed?.reason ? `: ${f.suppressed.reason}` : ''}).`);
      core.info(`${fresh.length} of ${result.findings.length} findings are new in this pull request (base ${pr.base.sha.slice(0, 7)}).`);
    } catch (e) {
      core.warning(`Could not scan the pull request's base to tell new findings apart: ${e instanceof Error ? e.message : String(e)}. Every finding counts as new.`);
    }
  }

  let sarifId = '';
  // A failed upload fails the step, but only after the summary, annotations, outputs and the SARIF
  // file are written: a workflow can still upload that file with github/codeql-action/upload-sarif.
  let uploadFailure: string | undefined;
  if (booleanInput('upload', true)) {
    if (fromFork || dependabot) {
      core.warning(`Skipping the code scanning upload: on pull requests from ${fromFork ? 'forks' : 'Dependabot'} the job token is read-only. The gate still runs.`);
    } else if (!octokit) {
      core.warning('Skipping the code scanning upload: no token (set the token input or GITHUB_TOKEN).');
    } else {
      try {
        const uploaded = await uploadSarif(octokit, {
          repository,
          commitSha: process.env.GITHUB_SHA ?? '',
          ref: process.env.GITHUB_REF ?? '',
          sarif: readFileSync(sarifPath, 'utf8'),
          checkoutUri: pathToFileURL(workspace).href,
          startedAt: started,
          category,
        });
        sarifId = uploaded.id;
        core.info(`Uploaded to code scanning: SARIF id ${uploaded.id} (${uploaded.status}).`);
      } catch (e) {
        if (e instanceof UploadError && (e.kind === 'read-only-token' || e.kind === 'not-enabled')) core.warning(`Code scanning upload skipped: ${e.message}`);
        else {
          uploadFailure = `Code scanning upload failed: ${e instanceof Error ? e.message : String(e)} The SARIF file is ${sarifPath} (output sarif-file).`;
          core.error(uploadFailure);
        }
      }
    }
  }

  const newOnly = booleanInput('new-only', false) && fresh !== undefined;
  const gated = atOrAbove(newOnly ? (fresh as Finding[]) : result.findings, failOn);
  annotate(reported.findings, core);
  if (process.env.GITHUB_STEP_SUMMARY) {
    await core.summary.addRaw(summaryMarkdown(reported, { failOn, gated: gated.length, ...(fresh ? { fresh } : {}), ...(newOnly ? { newOnly } : {}), ...(addedSuppressions ? { addedSuppressions } : {}), instructionsChanged }), true);
    if (uploadFailure) core.summary.addRaw(`\n> [!WARNING]\n> ${markdownText(uploadFailure)}\n`, true);
    await core.summary.write();
  }

  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, result.findings.filter((f) => f.severity === s).length])) as Record<Severity, number>;
  core.setOutput('sarif-file', sarifPath);
  core.setOutput('sarif-id', sarifId);
  core.setOutput('findings', result.findings.length);
  for (const s of SEVERITIES) core.setOutput(s, counts[s]);
  core.setOutput('highest-severity', SEVERITIES.find((s) => counts[s] > 0) ?? 'none');
  core.setOutput('new-findings', fresh ? fresh.length : result.findings.length);

  if (gated.length > 0) {
    core.setFailed(`${gated.length} ${newOnly ? 'new ' : ''}finding(s) at or above ${failOn}. See the job summary and the code scanning alerts.`);
  }
  if (uploadFailure) core.setFailed(uploadFailure);
}

// The step passes only after a complete run: a dependency that calls process.exit early fails it
// instead of leaving no report and exit 0.
let finished = false;
process.on('exit', () => {
  if (finished) return;
  process.exitCode = 1;
  core.error('blast-radius stopped before its report was complete');
});
run()
  .catch((e: unknown) => core.setFailed(e instanceof Error ? e.message : String(e)))
  .finally(() => {
    finished = true;
  });
