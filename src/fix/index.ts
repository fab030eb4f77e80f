// `blast-radius fix`: from a scan's agent findings, the smallest edit that closes each one, in the
// file's own format (JSON and JSONC through jsonc-parser's edits, TOML, YAML, Markdown, scripts and
// code through line edits). With the guard asked for, Claude Code's PreToolUse hook is added to
// `.claude/settings.json`. Tokens and backups are not edited: their findings become a plan.
// Files are read as the scan reads configs: regular files only, never through a symbolic link.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { applyEdits, modify } from 'jsonc-parser';
import { readPlainFile } from '../engine/plain-file.js';
import { maskLikelySecrets } from '../engine/redact.js';
import { terminalSafe } from '../report/escape.js';
import { MAX_NESTING, nestsDeeperThan } from '../parsers/depth.js';
import { jsoncValue } from '../parsers/jsonc.js';
import { guardHookMatchers } from '../policy/guard.js';
import type { Finding } from '../engine/types.js';
import { fixJson, type FileEdit } from './json-fix.js';
import { fixText } from './text-fix.js';

export interface FileFix {
  /** Path from the scanned root, `/`-separated. */
  path: string;
  before: string;
  after: string;
  changes: string[];
}

export interface FixPlan {
  files: FileFix[];
  /** Agent findings no edit closes, with the reason. */
  left: { finding: Finding; why: string }[];
  /** Tokens and backups: what to change by hand. */
  advice: Finding[];
}

/** The command the installed hook runs. */
export const GUARD_COMMAND = 'blast-radius guard';
/** The tools the guard judges: shell commands, MCP calls, and edits of the files that hold the policy. */
const GUARD_MATCHER = 'Bash|Edit|Write|MultiEdit|mcp__.*';
const MAX_FIX_FILE = 4 * 1024 * 1024;

const isJson = (path: string, text: string): boolean => /\.jsonc?$/i.test(path) || (/^\s*[{[]/.test(text) && !/\.(ya?ml|toml|md)$/i.test(path));

/** Names of the servers a project's `.mcp.json` declares (for `enabledMcpjsonServers`). */
function mcpJsonServers(root: string, settingsPath: string): string[] {
  const project = dirname(dirname(join(root, settingsPath)));
  const path = join(project, '.mcp.json');
  if (!existsSync(path)) return [];
  try {
    const doc = jsoncValue(readPlainFile(path, 'MCP config', { noSymlink: true })) as { mcpServers?: Record<string, unknown> } | undefined;
    return Object.keys(doc?.mcpServers ?? {});
  } catch {
    return [];
  }
}

export function planFixes(root: string, findings: readonly Finding[], options: { guard?: boolean } = {}): FixPlan {
  const open = findings.filter((f) => !f.suppressed && f.location.root === 'repo');
  // Low findings are test and example code, or notes: the fix is for what runs.
  const agent = open.filter((f) => f.ruleId.startsWith('agent/') && f.severity !== 'low');
  const plan: FixPlan = { files: [], left: [], advice: open.filter((f) => f.ruleId.startsWith('token/') || f.ruleId.startsWith('backup/')) };
  const byFile = new Map<string, Finding[]>();
  for (const f of agent) byFile.set(f.location.path, [...(byFile.get(f.location.path) ?? []), f]);
  const edited = new Map<string, FileFix>();
  for (const [path, list] of [...byFile].sort(([a], [b]) => (a < b ? -1 : 1))) {
    let text: string;
    try {
      text = readPlainFile(join(root, path), 'agent config', { noSymlink: true, max: MAX_FIX_FILE });
    } catch (e) {
      for (const finding of list) plan.left.push({ finding, why: e instanceof Error ? e.message : String(e) });
      continue;
    }
    const result: FileEdit = isJson(path, text) ? fixJson(text, list, { projectServers: () => mcpJsonServers(root, path) }) : fixText(path, text, list);
    plan.left.push(...result.left);
    if (result.text !== text) edited.set(path, { path, before: text, after: result.text, changes: result.changes });
  }
  if (options.guard) {
    const path = '.claude/settings.json';
    const current = edited.get(path);
    let before = current?.before;
    if (before === undefined) {
      try {
        before = existsSync(join(root, path)) ? readPlainFile(join(root, path), 'Claude Code settings', { noSymlink: true, max: MAX_FIX_FILE }) : '';
      } catch {
        before = undefined;
      }
    }
    if (before !== undefined) {
      const after = withGuardHook(current?.after ?? before);
      if (after !== (current?.after ?? before)) edited.set(path, { path, before, after, changes: [...(current?.changes ?? []), `hooks.PreToolUse: runs \`${GUARD_COMMAND}\` before ${GUARD_MATCHER.replace(/\|/g, ', ')} calls`] });
    }
  }
  plan.files = [...edited.values()];
  return plan;
}

/** Claude Code settings text with the guard added as a PreToolUse hook (unchanged when it is there). */
export function withGuardHook(text: string): string {
  const base = text.trim() === '' ? '{}\n' : text;
  if (nestsDeeperThan(base, MAX_NESTING, true)) return text;
  const doc = jsoncValue(base) as Record<string, unknown> | undefined;
  if (guardHookMatchers(doc).length > 0) return text;
  const hook = { matcher: GUARD_MATCHER, hooks: [{ type: 'command', command: GUARD_COMMAND, timeout: 10 }] };
  const groups = (doc?.hooks as { PreToolUse?: unknown } | undefined)?.PreToolUse;
  const formattingOptions = { insertSpaces: true, tabSize: 2, eol: base.includes('\r\n') ? '\r\n' : '\n' };
  const edits = Array.isArray(groups)
    ? modify(base, ['hooks', 'PreToolUse', groups.length], hook, { formattingOptions, isArrayInsertion: true })
    : modify(base, ['hooks', 'PreToolUse'], [hook], { formattingOptions });
  const out = applyEdits(base, edits);
  return out.endsWith('\n') ? out : `${out}\n`;
}

/**
 * A unified diff of every file the plan changes. Settings files hold credentials beside the
 * entries that change, so what looks like one is masked on every line shown.
 */
export function planDiff(plan: FixPlan): string {
  return plan.files
    .map((f) => createTwoFilesPatch(`a/${f.path}`, `b/${f.path}`, f.before, f.after, undefined, undefined, { context: 3 }).replace(/^=+\n/m, '').replace(/^Index: .*\n/m, ''))
    .map((patch) => patch.split('\n').map((line) => terminalSafe(maskLikelySecrets(line))).join('\n'))
    .join('');
}
