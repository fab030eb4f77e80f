// Fixes made as careful line edits, for the files whose structure a line says enough about:
// Codex's TOML (`approval_policy`, `sandbox_mode` and MCP approval modes, in every profile),
// YAML workflows and configs (flags and allowed-tool entries in agent command lines,
// `yes-always`), Markdown frontmatter (`permissionMode`, `allowed-tools` entries, Windsurf's turbo
// annotations), scripts and SDK code (bypass modes and flags). A finding that names its entry
// (`properties.entry`: the rule or flag) has that entry removed where it is written; otherwise
// only the finding's own line changes, except for the Codex keys, set the same way throughout.

import type { Finding } from '../engine/types.js';
import { withoutBypassFlags, type FileEdit } from './json-fix.js';

/** Codex keys and their gated values. */
const CODEX_KEYS: [RegExp, string][] = [
  [/^(\s*approval_policy\s*=\s*)(["'])never\2/, '$1$2on-request$2'],
  [/^(\s*sandbox_mode\s*=\s*)(["'])danger-full-access\2/, '$1$2workspace-write$2'],
  [/^(\s*(?:default_tools_)?approval_mode\s*=\s*)(["'])approve\2/, '$1$2prompt$2'],
];

/** Line-level edits that close a bypass, in any of the text formats. */
const LINE_EDITS: [RegExp, string][] = [
  [/^(\s*permissionMode\s*:\s*)["']?(bypassPermissions|acceptEdits|auto)["']?/, '$1default'],
  [/^(\s*yes-always\s*:\s*)true\b/, '$1false'],
  [/(\bpermission_?[mM]ode\s*[:=]\s*)(["'])(bypassPermissions|acceptEdits)\2/, '$1$2default$2'],
  [/(\bGOOSE_MODE\s*[:=]\s*)["']?(auto|smart_approve)["']?/, '$1approve'],
];

const TURBO = /^\s*\/\/\s*turbo(-all)?\s*$/;
/** How far below a finding's line (a step's `run:` or `with:` key) its entry may be written. */
const ENTRY_REACH = 25;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The line without `entry`: a YAML list item holding only it goes (null), an element of a comma
 * list goes with one comma, a quoted word goes with the blank before it, and a tool-list flag left
 * with nothing is dropped too. Undefined when the line does not hold it.
 */
export function removeEntry(line: string, entry: string): string | null | undefined {
  if (!line.includes(entry)) return undefined;
  if (new RegExp(`^\\s*-\\s*(["']?)${escape(entry)}\\1\\s*(#.*)?$`).test(line)) return null;
  const e = escape(entry);
  // A quoted element of an array literal: ["Read", "Bash"] or ['Bash', 'Read'].
  const quoted = line.replace(new RegExp(`(["'])${e}\\1\\s*,\\s*`), '').replace(new RegExp(`\\s*,\\s*(["'])${e}\\1(?=\\s*\\])`), '');
  if (quoted !== line) return quoted;
  let out = line
    .replace(new RegExp(`(["'\\s=:])${e}\\s*,\\s*`), '$1')
    .replace(new RegExp(`\\s*,\\s*${e}(?=["'\\s\\]]|$)`), '');
  if (out === line) out = line.replace(new RegExp(`\\s+(["'])${e}\\1|\\s+${e}(?=\\s|$|["'])|(["'])${e}\\2`), '');
  if (out === line) out = line.replace(entry, '');
  // A tool-list flag with no value left, e.g. `--allowedTools=""` or `--allowedTools --other`.
  return out.replace(/\s--(allowed-?[tT]ools|allow)(=|\s+)(""|'')/g, '').replace(/\s--(allowed-?[tT]ools|allow)=(?=\s|$)/g, '').replace(/\s--(allowed-?[tT]ools)(?=\s+--|\s*$)/g, '').replace(/^(\s*[\w-]+:\s*)(""|'')?\s*$/, '$1""');
}

export function fixText(path: string, text: string, findings: readonly Finding[]): FileEdit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const original = text.split(/\r?\n/);
  const lines = [...original];
  const changes: string[] = [];
  const left: FileEdit['left'] = [];
  const removed = new Set<number>();
  const edit = (i: number, next: string, what: string): void => {
    if (lines[i] === next) return;
    lines[i] = next;
    changes.push(`line ${i + 1}: ${what}`);
  };
  const drop = (i: number, what: string): void => {
    if (removed.has(i)) return;
    removed.add(i);
    changes.push(`line ${i + 1}: removed ${what}`);
  };

  if (/\.toml$/i.test(path)) {
    lines.forEach((line, i) => {
      for (const [re, to] of CODEX_KEYS) if (re.test(line)) edit(i, line.replace(re, to), `${line.trim().split(/\s*=/)[0]} set to its gated value`);
    });
  }

  // The SDK's second bypass switch goes with the mode, wherever the file sets it.
  if (findings.some((f) => f.ruleId === 'agent/claude-agent-sdk-ungated')) {
    lines.forEach((line, i) => {
      const next = line.replace(/(\ballow_?[dD]angerously_?[sS]kip_?[pP]ermissions\s*[:=]\s*)(true|True)\b/, (_, key: string, v: string) => `${key}${v === 'True' ? 'False' : 'false'}`);
      if (next !== line) edit(i, next, 'allowDangerouslySkipPermissions off');
    });
  }
  // Bottom to top, so a removed line leaves the others' numbers.
  const byLine = [...findings].sort((a, b) => b.location.line - a.location.line || b.location.column - a.location.column);
  for (const finding of byLine) {
    const i = finding.location.line - 1;
    if (lines[i] === undefined) {
      left.push({ finding, why: 'the line the finding names is gone' });
      continue;
    }
    if (finding.ruleId === 'agent/turbo-workflow') {
      let j = i;
      while (j >= 0 && !TURBO.test(lines[j] as string)) j--;
      if (j < 0) j = lines.findIndex((l) => /^\s*\/\/\s*turbo-all\s*$/.test(l));
      if (j >= 0) drop(j, `the "${(lines[j] as string).trim()}" annotation that runs steps without asking`);
      else left.push({ finding, why: 'no turbo annotation found above the step' });
      continue;
    }
    const entry = typeof finding.properties?.entry === 'string' ? finding.properties.entry : undefined;
    if (entry) {
      let done = false;
      for (let k = i; k < Math.min(lines.length, i + ENTRY_REACH) && !done; k++) {
        if (removed.has(k)) continue;
        const next = removeEntry(lines[k] as string, entry);
        if (next === undefined) continue;
        if (next === null) drop(k, `"${entry}"`);
        else edit(k, next, `removed "${entry}"`);
        done = true;
      }
      if (done) continue;
    }
    const line = lines[i] as string;
    // Already changed (a Codex key set above, or another finding on the same line).
    if (line !== original[i]) continue;
    let next = line;
    for (const [re, to] of LINE_EDITS) next = next.replace(re, to);
    next = withoutBypassFlags(next);
    if (next !== line) {
      edit(i, next, describe(line, next));
      continue;
    }
    // An SDK option set from a constant (`permissionMode: MODE`): the constant is what changes.
    const constant = /\bpermission_?[mM]ode\s*[:=]\s*([A-Za-z_$][\w$]*)\s*,?\s*$/.exec(line)?.[1];
    const k = constant ? lines.findIndex((l) => new RegExp(`\\b${escape(constant)}\\s*(:[^=]+)?=\\s*(["'])bypassPermissions\\2`).test(l)) : -1;
    if (k >= 0) {
      edit(k, (lines[k] as string).replace(/(["'])bypassPermissions\1/, '$1default$1'), `${constant} = "default"`);
      continue;
    }
    // A tool whose execute runs without approval: needsApproval turned on, or added before execute.
    if (finding.ruleId === 'agent/sdk-tool-without-approval') {
      const off = lines.findIndex((l, n) => n >= i - 12 && n <= i && /\b(needsApproval|requireApproval)\s*:\s*false\b/.test(l));
      if (off >= 0) edit(off, (lines[off] as string).replace(/\b(needsApproval|requireApproval)(\s*:\s*)false\b/, '$1$2true'), 'approval required before the tool runs');
      else if (/^\s*(async\s+)?execute\b/.test(line)) {
        lines[i] = `${/^\s*/.exec(line)?.[0] ?? ''}needsApproval: true,${eol}${line}`;
        changes.push(`line ${i + 1}: needsApproval: true added before execute`);
      } else left.push({ finding, why: `no edit known for line ${i + 1}` });
      continue;
    }
    // goose has no flag: its mode is an environment variable, set on its command line.
    if (finding.properties?.tool === 'ci:goose') {
      const k = lines.findIndex((l, n) => n >= i && n < i + ENTRY_REACH && /\bgoose\s+run\b/.test(l) && !/GOOSE_MODE=/.test(l));
      if (k >= 0) {
        edit(k, (lines[k] as string).replace(/\bgoose\s+run\b/, 'GOOSE_MODE=approve goose run'), 'goose runs with GOOSE_MODE=approve');
        continue;
      }
    }
    left.push({ finding, why: `no edit known for line ${i + 1}` });
  }
  const out = lines.filter((_, i) => !removed.has(i)).join(eol);
  return { text: out, changes, left };
}

function describe(before: string, after: string): string {
  const b = before.trim();
  const a = after.trim();
  return b.length + a.length < 160 ? `${b} → ${a}` : 'removed what skips approval';
}
