// The `blast-radius` command: parse arguments, run the engine with the detector registry, write
// the chosen report, and exit 0 (nothing at or above --fail-on), 1 (something is) or 2 (usage
// or runtime error). Octokit-backed features are imported only when asked for.

import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Os from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { detectors } from '../../detectors/index.js';
import { checkRuleIds, ConfigError, defaultConfig, loadConfig, type BlastRadiusConfig } from '../engine/config.js';
import { suggestion } from '../engine/did-you-mean.js';
import { isSymlink } from '../engine/plain-file.js';
import { allRules, compareFindings, scan } from '../engine/scan.js';
import { BaselineError, readBaseline, writeBaseline } from '../engine/suppress.js';
import { SEVERITIES, type Finding, type ScanResult } from '../engine/types.js';
import { toJson } from '../report/json.js';
import { summaryMarkdown } from '../report/markdown.js';
import { toSarif } from '../report/sarif.js';
import { terminalSafe } from '../report/escape.js';
import { toText } from '../report/text.js';
import { apiUrlFrom, tokenFromEnv } from '../github/env.js';
import { VERSION } from '../version.js';
import { parseArgs, USAGE, usageOf, UsageError, type FailOn, type FixArgs, type Format, type ScanArgs, type UploadArgs } from './args.js';
import { readStandardInput, runGuard } from './guard.js';
import { progressReporter } from './progress.js';
import { OutputError, standardSink, type TextSink } from './stdio.js';

export { outputPending } from './stdio.js';

export interface Io {
  stdout: TextSink;
  stderr: TextSink;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Standard input, for `guard` (default: the process's). */
  readStdin?: () => Promise<string>;
}

const defaultIo = (): Io => ({ stdout: standardSink(1), stderr: standardSink(2), env: process.env, cwd: process.cwd() });

export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  if (argv[0] === 'guard') return runGuard(argv.slice(1), { ...io, readStdin: io.readStdin ?? readStandardInput });
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'help':
        io.stdout.write(args.topic ? usageOf(args.topic) : USAGE);
        return 0;
      case 'version':
        io.stdout.write(`blast-radius ${VERSION}\n`);
        return 0;
      case 'rules':
        io.stdout.write(listRules());
        return 0;
      case 'explain':
        return explain(args.ruleId, io);
      case 'upload':
        return await runUpload(args, io);
      case 'scan':
        return await runScan(args, io);
      case 'fix':
        return await runFix(args, io);
    }
  } catch (e) {
    if (e instanceof OutputError) {
      try {
        io.stderr.write(`blast-radius: ${e.message}\n`);
      } catch {
        // Standard error is gone as well: the exit code alone tells.
      }
      return 2;
    }
    if (e instanceof UsageError || e instanceof ConfigError || e instanceof BaselineError || (e instanceof Error && e.name === 'GitError')) {
      io.stderr.write(`blast-radius: ${e.message}\n`);
      if (e instanceof UsageError) io.stderr.write(`Run "blast-radius --help" for usage.\n`);
      return 2;
    }
    io.stderr.write(`blast-radius: error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
    return 2;
  }
}

/**
 * `blast-radius fix [PATH]`: scans, then prints the edits that close the agent findings as a diff
 * (exit 0), writes them (--write, exit 0), or exits 1 while any remain (--check). What no edit
 * closes, and the token and backup findings, are listed on standard error as a plan.
 */
async function runFix(args: FixArgs, io: Io): Promise<number> {
  const root = resolve(io.cwd, args.path);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`path "${args.path}" is not a directory`);
  const config = args.config ? loadConfig(resolve(io.cwd, args.config)) : existsSync(join(root, '.blast-radius.yml')) ? loadConfig(join(root, '.blast-radius.yml'), true) : undefined;
  if (config) checkRuleIds(config, allRules(detectors).map((r) => r.id), args.config ?? '.blast-radius.yml');
  const result = await scan({ root, detectors, ...(config ? { config } : {}) });
  const { planFixes, planDiff } = await import('../fix/index.js');
  const plan = planFixes(root, result.findings, { guard: args.guard });
  const out: string[] = [];
  if (args.write) {
    for (const f of plan.files) {
      mkdirSync(dirname(join(root, f.path)), { recursive: true });
      writeFileSync(join(root, f.path), f.after);
      out.push(`fixed ${f.path}\n${f.changes.map((c) => `  ${c}\n`).join('')}`);
    }
    if (plan.files.length === 0) out.push('nothing to fix\n');
    io.stdout.write(out.join(''));
  } else if (!args.check) io.stdout.write(planDiff(plan));
  const notes: string[] = [];
  for (const { finding, why } of plan.left) notes.push(`not fixed: ${terminalSafe(finding.location.path)}:${finding.location.line} ${finding.ruleId}: ${why}\n`);
  for (const f of plan.advice) notes.push(`by hand: ${terminalSafe(f.location.path)}:${f.location.line} ${f.ruleId}: ${terminalSafe(f.message)}\n`);
  if (notes.length > 0) io.stderr.write(notes.join(''));
  if (args.check) {
    io.stderr.write(plan.files.length > 0 ? `${plan.files.length} file(s) have agent gates to fix: run "blast-radius fix --write"\n` : 'no agent gate to fix\n');
    return plan.files.length > 0 ? 1 : 0;
  }
  return 0;
}

/** `blast-radius upload FILE`: repository, commit and ref from flags or the GITHUB_* variables CI sets. */
async function runUpload(args: UploadArgs, io: Io): Promise<number> {
  const repository = args.repo ?? io.env.GITHUB_REPOSITORY;
  const commitSha = args.sha ?? io.env.GITHUB_SHA;
  const ref = args.ref ?? io.env.GITHUB_REF;
  const token = tokenFromEnv(io.env);
  if (!repository) throw new UsageError('upload needs --repo OWNER/NAME (or GITHUB_REPOSITORY)');
  if (!commitSha) throw new UsageError('upload needs --sha COMMIT (or GITHUB_SHA)');
  if (!ref) throw new UsageError('upload needs --ref REF (or GITHUB_REF)');
  if (!token) throw new UsageError('upload needs a token in GITHUB_TOKEN or GH_TOKEN');
  const path = resolve(io.cwd, args.file);
  if (!existsSync(path)) throw new UsageError(`file "${args.file}" does not exist`);
  const { githubClient } = await import('../github/client.js');
  const { uploadSarif, UploadError } = await import('../github/upload.js');
  const octokit = githubClient({ token, apiUrl: apiUrlFrom(args.githubApiUrl, io.env), onWait: (ms, why) => io.stderr.write(`blast-radius: ${why}, waiting ${Math.ceil(ms / 1000)} s\n`) });
  try {
    const result = await uploadSarif(octokit, {
      repository,
      commitSha,
      ref,
      sarif: readFileSync(path, 'utf8'),
      wait: args.wait,
      ...(args.category ? { category: args.category } : {}),
      ...(args.checkoutUri ? { checkoutUri: args.checkoutUri } : {}),
    });
    const state = result.status === 'pending' ? 'still processing after the wait' : result.status === 'accepted' ? 'accepted' : 'processed';
    io.stdout.write(`Uploaded ${args.file} to ${repository} at ${ref} (SARIF id ${result.id}, ${result.gzippedBytes} bytes gzipped): ${state}.\n`);
    return 0;
  } catch (e) {
    if (e instanceof UploadError) {
      io.stderr.write(`blast-radius: upload failed: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

function listRules(): string {
  const rules = allRules(detectors);
  const width = Math.max(...rules.map((r) => r.id.length));
  return rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.title}`).join('\n') + '\n';
}

function explain(ruleId: string, io: Io): number {
  const rule = allRules(detectors).find((r) => r.id === ruleId);
  if (!rule) {
    io.stderr.write(`blast-radius: unknown rule "${ruleId}"${suggestion(ruleId, allRules(detectors).map((r) => r.id))} (see "blast-radius rules")\n`);
    return 2;
  }
  io.stdout.write(`${rule.id} — ${rule.title}\nseverity: ${rule.severity}   precision: ${rule.precision}\n\n${rule.help.trim()}\n`);
  return 0;
}

export function formatFor(args: Pick<ScanArgs, 'format' | 'output'>): Format {
  if (args.format) return args.format;
  if (args.output?.toLowerCase().endsWith('.sarif')) return 'sarif';
  if (args.output?.toLowerCase().endsWith('.json')) return 'json';
  if (args.output?.toLowerCase().endsWith('.md')) return 'markdown';
  return 'text';
}

export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): number {
  if (failOn === 'none') return 0;
  const threshold = SEVERITIES.indexOf(failOn);
  return findings.some((f) => SEVERITIES.indexOf(f.severity) <= threshold) ? 1 : 0;
}

function useColor(args: ScanArgs, io: Io): boolean {
  if (args.color !== undefined) return args.color;
  if (args.output) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.stdout.isTTY === true;
}

function loadScanConfig(args: ScanArgs, root: string): BlastRadiusConfig | undefined {
  const found = join(root, '.blast-radius.yml');
  const config = args.config ? loadConfig(resolve(args.config)) : existsSync(found) || isSymlink(found) ? loadConfig(found, true) : undefined;
  if (config) checkRuleIds(config, allRules(detectors).map((r) => r.id), args.config ?? found);
  // --include adds to the config's include: list.
  if (args.include.length === 0) return config;
  const base = config ?? defaultConfig();
  return { ...base, include: [...base.include, ...args.include] };
}

async function runScan(args: ScanArgs, io: Io): Promise<number> {
  if (args.githubOrg) {
    if (args.home !== undefined || args.baseline || args.writeBaseline || args.verify) throw new UsageError('--github-org cannot be combined with --home, --baseline, --write-baseline or --verify');
    const { runOrgScan } = await import('./org-scan.js');
    const config = args.config ? loadConfig(resolve(io.cwd, args.config)) : undefined;
    const findings = await runOrgScan(args.githubOrg, args, formatFor(args), config, io, useColor(args, io));
    return exitCodeFor(findings, args.failOn);
  }
  const target = resolve(io.cwd, args.path);
  if (!existsSync(target)) throw new UsageError(`path "${args.path}" does not exist`);
  if (statSync(target).isFile()) return scanOneFile(target, args, io);
  if (!statSync(target).isDirectory()) throw new UsageError(`path "${args.path}" is neither a directory nor a file`);
  try {
    accessSync(target, constants.R_OK | constants.X_OK);
  } catch {
    throw new UsageError(`path "${args.path}" cannot be read`);
  }
  const root = target;
  let home: string | undefined;
  if (args.home !== undefined) {
    // node:os is loaded only here: a scan without --home never needs it.
    home = args.home === true ? (createRequire(import.meta.url)('node:os') as typeof Os).homedir() : resolve(io.cwd, args.home);
    if (!existsSync(home) || !statSync(home).isDirectory()) throw new UsageError(`home directory "${home}" does not exist`);
  }
  const config = loadScanConfig(args, root);
  const baseline = args.baseline ? readBaseline(resolve(io.cwd, args.baseline)) : undefined;
  const progress = args.progress && !args.quiet ? progressReporter(io.stderr) : undefined;
  const verify = args.verify ? (await import('../github/verify-token.js')).githubVerifier({ apiUrl: apiUrlFrom(args.githubApiUrl, io.env) }) : undefined;
  if (args.staged) {
    const { scanStaged } = await import('../git/scan-git.js');
    return finishScan(await scanStaged({ root, detectors, ...(config ? { config } : {}), maxFileSize: (config ?? defaultConfig()).maxFileSize }), args, io);
  }
  // History first: its credentials join the tree's facts in the chain stage.
  const history = args.history
    ? await (await import('../git/scan-git.js')).scanHistory({ root, detectors, ...(config ? { config } : {}), maxFileSize: (config ?? defaultConfig()).maxFileSize, ...(args.history.since ? { since: args.history.since } : {}) })
    : undefined;
  let result: ScanResult;
  try {
    result = await scan({
      ...(history ? { extraFacts: history.facts } : {}),
      root,
      ...(home ? { home } : {}),
      detectors,
      ...(config ? { config } : {}),
      ...(baseline ? { baseline } : {}),
      ...(progress ? { onProgress: progress.update } : {}),
      ...(verify ? { verify } : {}),
    });
  } finally {
    progress?.done();
  }
  if (history) {
    // A token still in the working tree is reported once, from the tree.
    const known = new Set([...result.findings, ...result.suppressed].flatMap((f) => (f.valueKey ? [f.valueKey] : [])));
    const kept = history.findings.filter((f) => !(f.valueKey && known.has(f.valueKey)) && !baseline?.has(f.fingerprint));
    result = {
      ...result,
      findings: [...result.findings, ...kept].sort(compareFindings),
      notifications: [...result.notifications, { level: 'note', id: 'git-history', message: `git history: ${history.blobs} blobs from ${history.commits} commits scanned for tokens; ${kept.length} token(s) no longer in the working tree` }],
    };
  }
  return finishScan(result, args, io);
}

/**
 * `scan FILE`: the file alone, judged as it is named (a copy at its own name in a scratch folder),
 * reported at its path relative to its folder.
 */
async function scanOneFile(file: string, args: ScanArgs, io: Io): Promise<number> {
  if (args.history || args.staged || args.home !== undefined) throw new UsageError('--history, --staged and --home scan a folder, not one file');
  const dir = mkdtempSync(join((createRequire(import.meta.url)('node:os') as typeof Os).tmpdir(), 'blast-radius-file-'));
  try {
    copyFileSync(file, join(dir, basename(file)));
    const config = args.config ? loadConfig(resolve(io.cwd, args.config)) : undefined;
    const baseline = args.baseline ? readBaseline(resolve(io.cwd, args.baseline)) : undefined;
    const result = await scan({ root: dir, detectors, ...(config ? { config } : {}), ...(baseline ? { baseline } : {}) });
    return finishScan({ ...result, root: dirname(file) }, args, io);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function finishScan(result: ScanResult, args: ScanArgs, io: Io): number {
  if (args.verbose) io.stderr.write(verboseLines(result, args));
  if (args.writeBaseline) refreshBaseline(result, args, io);
  const report = render(result, formatFor(args), args, io);
  if (args.output) writeReportFile(resolve(io.cwd, args.output), report);
  else io.stdout.write(report);
  if (args.output && !args.quiet) io.stderr.write(`blast-radius: ${result.findings.length} finding(s) written to ${args.output}\n`);
  // Recording a baseline is the run's purpose: it passes.
  return args.writeBaseline ? 0 : exitCodeFor(result.findings, args.failOn);
}

/** `--verbose`: what the scan read, skipped and why, on standard error (the report is unchanged). */
function verboseLines(result: ScanResult, args: ScanArgs): string {
  const out = [`blast-radius: root ${result.root}${result.home ? `, home ${result.home}` : ''}; config ${args.config ?? '.blast-radius.yml at the root, if any'}`];
  out.push(`blast-radius: ${result.stats.filesScanned} files read (${result.stats.bytesScanned} bytes) in ${result.stats.durationMs} ms`);
  for (const [reason, n] of Object.entries(result.stats.skipped)) out.push(`blast-radius: skipped ${n} (${reason})`);
  for (const f of result.stats.skippedFolders ?? []) out.push(`blast-radius: skipped folder ${terminalSafe(f.path)}/ (${f.reason})`);
  for (const n of result.notifications) out.push(`blast-radius: ${n.level}: ${terminalSafe(n.message)}`);
  return `${out.join('\n')}\n`;
}

/**
 * `--write-baseline FILE`: records every finding still present, the ones a `--baseline` hid
 * included, so `--baseline b.json --write-baseline b.json` refreshes the file (keeps what is still
 * there, adds the new, drops the fixed) and says what it did.
 */
function refreshBaseline(result: ScanResult, args: ScanArgs, io: Io): void {
  const path = resolve(io.cwd, args.writeBaseline as string);
  const previous = existsSync(path) ? readBaseline(path) : new Set<string>();
  const present = [...result.findings, ...result.suppressed.filter((f) => f.suppressed?.kind === 'baseline')];
  writeBaseline(path, present);
  const kept = present.filter((f) => previous.has(f.fingerprint)).length;
  const now = new Set(present.map((f) => f.fingerprint));
  const dropped = [...previous].filter((fp) => !now.has(fp)).length;
  io.stderr.write(`blast-radius: baseline ${args.writeBaseline}: ${present.length} finding(s) recorded (${kept} kept, ${present.length - kept} added, ${dropped} dropped as fixed)\n`);
}

/**
 * Writes the report beside its destination and renames it into place, so a full disk or a missing
 * folder leaves no truncated report behind; any failure is an OutputError (exit 2).
 */
export function writeReportFile(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (e) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing was written there.
    }
    throw new OutputError(`cannot write the report to ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function render(result: ScanResult, format: Format, args: ScanArgs, io: Io): string {
  if (format === 'json') return toJson(result, { toolVersion: VERSION });
  if (format === 'sarif') return toSarif(result, { toolVersion: VERSION, ...(args.category ? { category: args.category } : {}) });
  if (format === 'markdown') return summaryMarkdown(result, { failOn: args.failOn, gated: result.findings.filter((f) => args.failOn !== 'none' && SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(args.failOn)).length });
  return toText(result, { color: useColor(args, io), quiet: args.quiet });
}
