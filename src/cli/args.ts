// Command-line parsing for product.md §3, on Node's own maintained parser (util.parseArgs, no
// start-up cost: it is part of Node). `--home [DIR]`, whose value is optional, is rewritten to
// `--home=DIR` or `--home=` first. Every usage error is a UsageError (exit 2).

import { parseArgs as nodeParseArgs } from 'node:util';
import { suggestion } from '../engine/did-you-mean.js';
import type { Severity } from '../engine/types.js';

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
  /** `--verbose` (or `--debug`): what was skipped and why, and the config used, on standard error. */
  verbose: boolean;
  color?: boolean;
  category?: string;
  githubOrg?: string;
  shard?: { index: number; count: number };
  githubApiUrl?: string;
  /** Also scan every blob in git history (since this revision, when given). */
  history?: { since?: string };
  /** Scan exactly the staged content (a pre-commit hook). */
  staged: boolean;
  /** Folders skipped by name to scan all the same (`--include`, repeatable). */
  include: string[];
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

type Options = NonNullable<Parameters<typeof nodeParseArgs>[0]>['options'] & object;

const SCAN_OPTIONS = {
  home: { type: 'string' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  config: { type: 'string', short: 'c' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  include: { type: 'string', multiple: true },
  category: { type: 'string' },
  'github-org': { type: 'string' },
  shard: { type: 'string' },
  'github-api-url': { type: 'string' },
  since: { type: 'string' },
  verify: { type: 'boolean' },
  progress: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean' },
  debug: { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  history: { type: 'boolean' },
  staged: { type: 'boolean' },
} as const satisfies Options;

const UPLOAD_OPTIONS = {
  repo: { type: 'string' },
  ref: { type: 'string' },
  sha: { type: 'string' },
  category: { type: 'string' },
  'github-api-url': { type: 'string' },
  'checkout-uri': { type: 'string' },
  'no-wait': { type: 'boolean' },
} as const satisfies Options;

const FIX_OPTIONS = {
  write: { type: 'boolean' },
  check: { type: 'boolean' },
  guard: { type: 'boolean' },
  config: { type: 'string', short: 'c' },
} as const satisfies Options;

/**
 * Node's own argument parser (util.parseArgs), strict, with its errors said as this CLI says them:
 * one line naming the option, with the nearest known one for a typo.
 */
function parseWith<T extends Options>(command: string, argv: readonly string[], options: T): ReturnType<typeof nodeParseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  try {
    return nodeParseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const message = e instanceof Error ? e.message : String(e);
    const flag = /'(-[^' ,]+)/.exec(message)?.[1] ?? '';
    const long = /--[\w-]+/.exec(message)?.[0] ?? flag;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option "${flag}" for ${command}${suggestion(flag.replace(/^-+/, ''), Object.keys(options)).replace(/"([^"]+)"/, '"--$1"')}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(/does not take an argument/.test(message) ? `${long} takes no value` : `${long} needs a value`);
    throw new UsageError(message.split('\n')[0] ?? message);
  }
}

/**
 * `--home [DIR]` takes an optional value, which util.parseArgs cannot express: `--home DIR` takes
 * DIR only when a scan path was already given or more follows (so `scan --home` and
 * `scan --home .` keep meaning "the user's home"); otherwise it is `--home=` (the user's).
 */
function homeWithValue(argv: readonly string[]): string[] {
  const takesValue = (arg: string): boolean => (arg.startsWith('--') ? !arg.includes('=') && (SCAN_OPTIONS as Options)[arg.slice(2)]?.type === 'string' : /^-[foc]$/.test(arg));
  const out: string[] = [];
  let positionals = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--home') {
      const next = argv[i + 1];
      const takes = next !== undefined && !next.startsWith('-') && (positionals > 0 || argv.length > i + 2);
      out.push(takes ? `--home=${next}` : '--home=');
      if (takes) i++;
    } else if (takesValue(arg) && i + 1 < argv.length) {
      out.push(arg, argv[++i] as string);
    } else {
      if (!arg.startsWith('-')) positionals++;
      out.push(arg);
    }
  }
  return out;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const v = value.toLowerCase();
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`${flag} must be ${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]} (got "${value}")`);
  return v as T;
}

function onePath(command: string, positionals: readonly string[], what = 'PATH'): string | undefined {
  if (positionals.length > 1) throw new UsageError(`${command} takes one ${what} (got "${positionals[0]}" and "${positionals[1]}")`);
  return positionals[0];
}

export function parseArgs(argv: readonly string[]): Args {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { command: 'help' };
  if (command === '--version' || command === '-v' || command === 'version') return { command: 'version' };
  if ((command === 'scan' || command === 'upload' || command === 'rules' || command === 'explain' || command === 'fix') && (rest.includes('--help') || rest.includes('-h'))) return { command: 'help', topic: command };
  if (command === 'rules') {
    if (rest.length > 0) throw new UsageError(`rules takes no arguments (got "${rest[0]}")`);
    return { command: 'rules' };
  }
  if (command === 'explain') {
    if (rest.length !== 1 || rest[0]?.startsWith('-')) throw new UsageError('explain takes exactly one RULE_ID, e.g. blast-radius explain token/github-classic-pat');
    return { command: 'explain', ruleId: rest[0] as string };
  }
  if (command === 'scan') return parseScan(rest);
  if (command === 'fix') return parseFix(rest);
  if (command === 'upload') return parseUpload(rest);
  throw new UsageError(`unknown command "${command}" (expected scan, fix, guard, upload, rules or explain)${suggestion(command, ['scan', 'fix', 'guard', 'upload', 'rules', 'explain'])}`);
}

function parseFix(argv: readonly string[]): FixArgs {
  const { values, positionals } = parseWith('fix', argv, FIX_OPTIONS);
  const args: FixArgs = { command: 'fix', path: onePath('fix', positionals) ?? '.', write: values.write === true, check: values.check === true, guard: values.guard === true, ...(values.config !== undefined ? { config: values.config } : {}) };
  if (args.write && args.check) throw new UsageError('--write and --check cannot be combined');
  if (args.guard && !args.write && args.check) throw new UsageError('--guard needs --write (or no flag, to see the diff)');
  return args;
}

function parseScan(argv: readonly string[]): ScanArgs {
  const { values: v, positionals } = parseWith('scan', homeWithValue(argv), SCAN_OPTIONS);
  const path = onePath('scan', positionals);
  const args: ScanArgs = {
    command: 'scan',
    path: path ?? '.',
    failOn: v['fail-on'] !== undefined ? oneOf('--fail-on', v['fail-on'], ['critical', 'high', 'medium', 'low', 'none'] as const) : 'high',
    verify: v.verify === true,
    progress: v['no-progress'] !== true,
    quiet: v.quiet === true,
    verbose: v.verbose === true || v.debug === true,
    staged: v.staged === true,
    include: [...(v.include ?? [])],
    ...(v.home !== undefined ? { home: v.home === '' ? (true as const) : v.home } : {}),
    ...(v.format !== undefined ? { format: oneOf('--format', v.format, ['text', 'json', 'sarif', 'markdown'] as const) } : {}),
    ...(v.output !== undefined ? { output: v.output } : {}),
    ...(v.config !== undefined ? { config: v.config } : {}),
    ...(v.baseline !== undefined ? { baseline: v.baseline } : {}),
    ...(v['write-baseline'] !== undefined ? { writeBaseline: v['write-baseline'] } : {}),
    ...(v.category !== undefined ? { category: v.category } : {}),
    ...(v['github-org'] !== undefined ? { githubOrg: v['github-org'] } : {}),
    ...(v['github-api-url'] !== undefined ? { githubApiUrl: v['github-api-url'] } : {}),
    ...(v.shard !== undefined ? { shard: parseShard(v.shard) } : {}),
    ...(v.color === true ? { color: true } : v['no-color'] === true ? { color: false } : {}),
    ...(v.history === true ? { history: v.since !== undefined ? { since: v.since } : {} } : {}),
  };
  if (args.githubOrg && path !== undefined) throw new UsageError('--github-org scans an organisation; do not give a PATH with it');
  if (args.shard && !args.githubOrg) throw new UsageError('--shard only applies to --github-org scans');
  if (v.since !== undefined && !args.history) throw new UsageError('--since REV goes with --history');
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
  const { values: v, positionals } = parseWith('upload', argv, UPLOAD_OPTIONS);
  const file = onePath('upload', positionals, 'FILE');
  if (file === undefined) throw new UsageError('upload needs a SARIF FILE');
  return {
    command: 'upload',
    file,
    wait: v['no-wait'] !== true,
    ...(v.repo !== undefined ? { repo: v.repo } : {}),
    ...(v.ref !== undefined ? { ref: v.ref } : {}),
    ...(v.sha !== undefined ? { sha: v.sha } : {}),
    ...(v.category !== undefined ? { category: v.category } : {}),
    ...(v['github-api-url'] !== undefined ? { githubApiUrl: v['github-api-url'] } : {}),
    ...(v['checkout-uri'] !== undefined ? { checkoutUri: v['checkout-uri'] } : {}),
  };
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
      --include GLOB                  scan a folder skipped by name (dist, build, vendor …) all the same;
                                      repeatable (also include: in .blast-radius.yml)
      --history [--since REV]         also scan every blob reachable in git history for tokens (reported
                                      with the commit that added it); --since REV: only commits after REV
      --staged                        scan exactly the staged content (for a pre-commit hook)
  blast-radius scan --github-org ORG  scan an organisation's repositories over the GitHub API (token from
                                      GITHUB_TOKEN or GH_TOKEN; no clone); SARIF needs --output DIR
      --shard i/n                     only this shard of the repositories, for an Actions matrix
      --no-progress, -q/--quiet (no progress, no notes), --verbose/--debug (what was read, skipped
                                      and why, on stderr), --color/--no-color (NO_COLOR and FORCE_COLOR honoured)
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
