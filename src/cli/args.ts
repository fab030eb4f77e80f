// Command-line parsing for product.md §3. Hand-written because `--home [DIR]` takes an optional
// value, which node:util parseArgs cannot express. Every usage error is a UsageError (exit 2).

import { SEVERITIES, type Severity } from '../engine/types.js';

export class UsageError extends Error {}

export type Format = 'text' | 'json' | 'sarif' | 'markdown';
export type FailOn = Severity | 'none';

export interface ScanArgs {
  command: 'scan';
  path: string;
  home?: string | true;
  format?: Format;
  output?: string;
  failOn: FailOn;
  config?: string;
  baseline?: string;
  writeBaseline?: string;
  verify: boolean;
  progress: boolean;
  quiet: boolean;
  color?: boolean;
  category?: string;
  githubOrg?: string;
  shard?: { index: number; count: number };
  githubApiUrl?: string;
  /** Also scan every blob in git history (since this revision, when given). */
  history?: { since?: string };
  /** Scan exactly the staged content (a pre-commit hook). */
  staged: boolean;
}

export interface UploadArgs {
  command: 'upload';
  file: string;
  repo?: string;
  ref?: string;
  sha?: string;
  category?: string;
  githubApiUrl?: string;
  checkoutUri?: string;
  wait: boolean;
}

export interface FixArgs {
  command: 'fix';
  path: string;
  write: boolean;
  check: boolean;
  guard: boolean;
  config?: string;
}

export type Args =
  | ScanArgs
  | UploadArgs
  | FixArgs
  | { command: 'rules' }
  | { command: 'explain'; ruleId: string }
  | { command: 'help'; topic?: 'scan' | 'upload' | 'rules' | 'explain' | 'fix' }
  | { command: 'version' };

const SCAN_VALUE_FLAGS = new Set(['--format', '--output', '--fail-on', '--config', '--baseline', '--write-baseline', '--category', '--github-org', '--shard', '--github-api-url', '--since']);
const SCAN_BOOL_FLAGS = new Set(['--verify', '--no-progress', '--progress', '--quiet', '--color', '--no-color', '--history', '--staged']);
const UPLOAD_VALUE_FLAGS = new Set(['--repo', '--ref', '--sha', '--category', '--github-api-url', '--checkout-uri']);

/** Short forms, as gitleaks and semgrep users type them. */
const SHORT: Record<string, string> = { '-o': '--output', '-f': '--format', '-c': '--config', '-q': '--quiet' };

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  const [flag, value] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
  return [SHORT[flag] ?? flag, value];
}

export function parseArgs(argv: readonly string[]): Args {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { command: 'help' };
  if (command === '--version' || command === '-v' || command === 'version') return { command: 'version' };
  if ((command === 'rules' || command === 'explain') && (rest.includes('--help') || rest.includes('-h'))) return { command: 'help', topic: command };
  if (command === 'rules') {
    if (rest.length > 0) throw new UsageError(`rules takes no arguments (got "${rest[0]}")`);
    return { command: 'rules' };
  }
  if (command === 'explain') {
    if (rest.length !== 1 || rest[0]?.startsWith('-')) throw new UsageError('explain takes exactly one RULE_ID, e.g. blast-radius explain token/github-classic-pat');
    return { command: 'explain', ruleId: rest[0] as string };
  }
  if ((command === 'scan' || command === 'upload' || command === 'rules' || command === 'explain' || command === 'fix') && (rest.includes('--help') || rest.includes('-h'))) return { command: 'help', topic: command };
  if (command === 'scan') return parseScan(rest);
  if (command === 'fix') return parseFix(rest);
  if (command === 'upload') return parseUpload(rest);
  throw new UsageError(`unknown command "${command}" (expected scan, fix, guard, upload, rules or explain)`);
}

function parseFix(argv: readonly string[]): FixArgs {
  const args: FixArgs = { command: 'fix', path: '.', write: false, check: false, guard: false };
  let path: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i] as string);
    if (flag === '--write') args.write = true;
    else if (flag === '--check') args.check = true;
    else if (flag === '--guard') args.guard = true;
    else if (flag === '--config') {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError('--config needs a value');
      args.config = v;
    } else if (flag.startsWith('-')) throw new UsageError(`unknown option for fix: ${flag}`);
    else if (path === undefined) path = flag;
    else throw new UsageError(`fix takes one PATH (got "${path}" and "${flag}")`);
  }
  if (args.write && args.check) throw new UsageError('--write and --check cannot be combined');
  if (args.guard && !args.write && args.check) throw new UsageError('--guard needs --write (or no flag, to see the diff)');
  args.path = path ?? '.';
  return args;
}

function parseScan(argv: readonly string[]): ScanArgs {
  const args: ScanArgs = { command: 'scan', path: '.', failOn: 'high', verify: false, progress: true, quiet: false, staged: false };
  let path: string | undefined;
  let since: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i] as string);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--home') {
      if (inline !== undefined) args.home = inline;
      else {
        const next = argv[i + 1];
        // `--home DIR` takes DIR only when a scan path was already given or more follows,
        // so `scan --home` and `scan --home .` keep meaning "the user's home".
        args.home = next !== undefined && !next.startsWith('-') && (path !== undefined || argv.length > i + 2) ? (i++, next) : true;
      }
    } else if (SCAN_VALUE_FLAGS.has(flag)) {
      const v = value();
      switch (flag) {
        case '--format': {
          const f = v.toLowerCase();
          if (f !== 'text' && f !== 'json' && f !== 'sarif' && f !== 'markdown') throw new UsageError(`--format must be text, json, sarif or markdown (got "${v}")`);
          args.format = f;
          break;
        }
        case '--fail-on': {
          const level = v.toLowerCase();
          if (level !== 'none' && !(SEVERITIES as readonly string[]).includes(level)) throw new UsageError(`--fail-on must be critical, high, medium, low or none (got "${v}")`);
          args.failOn = level as FailOn;
          break;
        }
        case '--output': args.output = v; break;
        case '--config': args.config = v; break;
        case '--baseline': args.baseline = v; break;
        case '--write-baseline': args.writeBaseline = v; break;
        case '--category': args.category = v; break;
        case '--github-org': args.githubOrg = v; break;
        case '--github-api-url': args.githubApiUrl = v; break;
        case '--shard': args.shard = parseShard(v); break;
        case '--since': since = v; break;
      }
    } else if (SCAN_BOOL_FLAGS.has(flag)) {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
      if (flag === '--verify') args.verify = true;
      else if (flag === '--no-progress') args.progress = false;
      else if (flag === '--progress') args.progress = true;
      else if (flag === '--quiet') args.quiet = true;
      else if (flag === '--color') args.color = true;
      else if (flag === '--no-color') args.color = false;
      else if (flag === '--history') args.history = {};
      else if (flag === '--staged') args.staged = true;
    } else if (flag.startsWith('-') && flag !== '-') {
      throw new UsageError(`unknown option "${flag}" for scan`);
    } else if (path === undefined) {
      path = flag;
    } else {
      throw new UsageError(`scan takes one PATH (got "${path}" and "${flag}")`);
    }
  }
  if (path !== undefined) args.path = path;
  if (args.githubOrg && path !== undefined) throw new UsageError('--github-org scans an organisation; do not give a PATH with it');
  if (args.shard && !args.githubOrg) throw new UsageError('--shard only applies to --github-org scans');
  if (since !== undefined) {
    if (!args.history) throw new UsageError('--since REV goes with --history');
    args.history.since = since;
  }
  if (args.staged && args.history) throw new UsageError('--staged scans the index alone; it cannot be combined with --history');
  if ((args.staged || args.history) && (args.githubOrg || args.home !== undefined)) throw new UsageError('--staged and --history scan a local git repository; they cannot be combined with --github-org or --home');
  return args;
}

function parseShard(v: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(v);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard must be i/n with 1 <= i <= n (got "${v}")`);
  return { index, count };
}

function parseUpload(argv: readonly string[]): UploadArgs {
  const args: UploadArgs = { command: 'upload', file: '', wait: true };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i] as string);
    if (UPLOAD_VALUE_FLAGS.has(flag)) {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      if (flag === '--repo') args.repo = v;
      else if (flag === '--ref') args.ref = v;
      else if (flag === '--sha') args.sha = v;
      else if (flag === '--category') args.category = v;
      else if (flag === '--github-api-url') args.githubApiUrl = v;
      else if (flag === '--checkout-uri') args.checkoutUri = v;
    } else if (flag === '--no-wait') args.wait = false;
    else if (flag.startsWith('-')) throw new UsageError(`unknown option "${flag}" for upload`);
    else if (args.file === '') args.file = flag;
    else throw new UsageError(`upload takes one FILE (got "${args.file}" and "${flag}")`);
  }
  if (args.file === '') throw new UsageError('upload needs a SARIF FILE');
  return args;
}

/** The usage of one command: its own lines of USAGE, from its first line to the next command's. */
export function usageOf(topic: 'scan' | 'upload' | 'rules' | 'explain' | 'fix'): string {
  const lines = USAGE.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`  blast-radius ${topic}`));
  const end = lines.findIndex((l, i) => i > start && /^ {2}blast-radius (?!scan --github-org)/.test(l) && !l.startsWith(`  blast-radius ${topic}`));
  return `Usage:\n${lines.slice(start, end === -1 ? undefined : end).join('\n')}\n`;
}

export const USAGE = `Usage:
  blast-radius scan [PATH]            scan PATH (default: current directory)
      --home [DIR]                    also audit a home directory (default: the user's) for agent
                                      configs and CLI credential stores
  -f, --format text|json|sarif|markdown   default text (sarif when --output ends in .sarif, json for .json,
                                      markdown for .md); markdown is the job summary, for PR comments
  -o, --output FILE                   write the report to FILE instead of stdout (its folder is created)
      --fail-on critical|high|medium|low|none   exit 1 when a finding at or above this exists (default: high)
  -c, --config FILE                   default: .blast-radius.yml at PATH's root
      --baseline FILE                 hide findings recorded in FILE
      --write-baseline FILE           record the current findings in FILE
      --verify                        ask GitHub for the real scopes of GitHub tokens found (opt-in; the
                                      only network use of a scan)
      --github-api-url URL            API for --verify and --github-org (default GITHUB_API_URL or https://api.github.com)
      --category ID                   SARIF automationDetails.id (default blast-radius/)
      --history [--since REV]         also scan every blob reachable in git history for tokens (reported
                                      with the commit that added it); --since REV: only commits after REV
      --staged                        scan exactly the staged content (for a pre-commit hook)
  blast-radius scan --github-org ORG  scan an organisation's repositories over the GitHub API (token from
                                      GITHUB_TOKEN or GH_TOKEN; no clone); SARIF needs --output DIR
      --shard i/n                     only this shard of the repositories, for an Actions matrix
      --no-progress, -q/--quiet, --color/--no-color (NO_COLOR and FORCE_COLOR are honoured)
  blast-radius upload FILE.sarif      upload to GitHub code scanning; token from GITHUB_TOKEN or GH_TOKEN
      --repo OWNER/NAME, --sha SHA, --ref REF   default GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_REF
      --category ID, --checkout-uri URI, --github-api-url URL, --no-wait
  blast-radius fix [PATH]             the smallest edit that closes each agent finding, as a diff
      --write                         apply it (keeps formatting and comments); --check: exit 1 while fixes remain
      --guard                         with --write, also install \`blast-radius guard\` as Claude Code's PreToolUse hook
  blast-radius guard                  a PreToolUse hook (Claude Code) or BeforeTool hook (Gemini CLI): reads one
                                      tool call as JSON on stdin, prints deny or ask for a destructive one
      --agent claude|gemini           the hook format (default: from hook_event_name)
  blast-radius rules                  list every rule with severity and one line of help
  blast-radius explain RULE_ID        the rule's full help text

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or runtime error.
`;
