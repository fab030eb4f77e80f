// Claude Code custom commands, skills and subagents: markdown files whose frontmatter changes the
// gate while they run. A command's or skill's `allowed-tools` pre-approves those tools for as long
// as it runs (`allowed-tools: Bash(*)` is a shell without prompts); a subagent's `permissionMode:
// bypassPermissions` runs every tool the subagent has unasked (code.claude.com docs: slash
// commands, skills, sub-agents). Each entry is judged by the command model, as settings rules are.

import type { SourceFile } from '../../src/engine/source-file.js';
import { defineDetector, type FileContext } from '../../src/engine/types.js';
import { bashRuleQuery, ruleMatches, toolRules } from './claude-code.js';
import { describeOpenings, entryOpenings, openingKinds, openingSeverity } from './openings.js';

interface FrontmatterEntry {
  value: string;
  line: number;
  column: number;
}

/** The frontmatter's `key:` entries, as an inline list, a YAML flow list or block list items. */
export function frontmatterList(file: SourceFile, key: string): FrontmatterEntry[] {
  const lines = file.text.split('\n', 200);
  if (lines[0]?.trim() !== '---') return [];
  const found: FrontmatterEntry[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    if (line.trim() === '---') break;
    const m = new RegExp(`^${key}\\s*:\\s*(.*)$`).exec(line);
    if (!m) continue;
    const inline = (m[1] ?? '').replace(/^\[|\]\s*$/g, '');
    const base = line.length - (m[1] ?? '').length + ((m[1] ?? '').startsWith('[') ? 1 : 0);
    for (const t of toolRules(inline, { unquote: true })) found.push({ value: t.value, line: i + 1, column: base + t.offset + 1 });
    for (let j = i + 1; j < lines.length; j++) {
      const text = (lines[j] as string).replace(/\r$/, '');
      if (/^\s*(#.*)?$/.test(text)) continue;
      const item = /^(\s*-\s*)(.+?)\s*$/.exec(text);
      if (!item) break;
      found.push({ value: (item[2] as string).replace(/^["']|["']$/g, ''), line: j + 1, column: (item[1] as string).length + 1 });
    }
  }
  return found;
}

/** The frontmatter's scalar `key: value`, with its line. */
function frontmatterValue(file: SourceFile, key: string): FrontmatterEntry | undefined {
  const lines = file.text.split('\n', 200);
  if (lines[0]?.trim() !== '---') return undefined;
  for (let i = 1; i < lines.length && lines[i]?.trim() !== '---'; i++) {
    const m = new RegExp(`^(${key}\\s*:\\s*)["']?([\\w-]+)`).exec(lines[i] as string);
    if (m) return { value: m[2] as string, line: i + 1, column: (m[1] as string).length + 1 };
  }
  return undefined;
}

const kindOf = (path: string): string => (path.includes('/agents/') || path.startsWith('.claude/agents/') ? 'subagent' : path.includes('/skills/') ? 'skill' : 'command');

function check({ file, report }: FileContext): void {
  const kind = kindOf(file.path);
  const name = file.path.slice(file.path.lastIndexOf('/') + 1).replace(/\.md$/, '');
  if (kind === 'subagent') {
    const mode = frontmatterValue(file, 'permissionMode');
    if (mode?.value === 'bypassPermissions') {
      report('agent/claude-code-bypass-permissions', file.at(mode.line, mode.column), {
        message: `Claude Code subagent "${name}" runs in bypassPermissions: every tool it has (its tools list, or all of them) runs without asking whenever the main agent delegates to it. Remove permissionMode or set it to "default", and limit its tools.`,
        severity: 'high',
        properties: { tool: 'claude-code', subagent: name },
      });
    }
    return;
  }
  const tools = frontmatterList(file, 'allowed-tools');
  const editsApproved = tools.some((t) => /^(Edit|Write|MultiEdit)(\(\*{0,2}\))?$/.test(t.value));
  for (const t of tools) {
    const query = bashRuleQuery(t.value);
    if (!query) continue;
    const tool = t.value.startsWith('PowerShell') ? 'PowerShell' : 'Bash';
    const found = entryOpenings({ ...query, editsApproved }, (command) => ruleMatches(t.value, tool, command));
    if (found.length === 0) continue;
    report('agent/claude-code-broad-allow', file.at(t.line, t.column), {
      message: `Claude Code ${kind} "/${name}" pre-approves "${t.value}" while it runs, which ${describeOpenings(found)}. List only the exact commands it needs in allowed-tools (such as "Bash(git status)").`,
      severity: openingSeverity(found),
      key: `${kind}:${name}:${t.value}`,
      properties: { tool: 'claude-code', [kind]: name, entry: t.value, opens: openingKinds(found), example: found[0]?.command },
    });
  }
}

export default defineDetector({
  id: 'agents/claude-code-markdown',
  files: ['**/.claude/commands/**/*.md', '**/.claude/skills/**/SKILL.md', '**/.claude/agents/**/*.md', '~/.claude/commands/**/*.md', '~/.claude/skills/**/SKILL.md', '~/.claude/agents/**/*.md'],
  rules: {},
  check,
});
