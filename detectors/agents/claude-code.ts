// Claude Code: the effective permission policy across the settings layers it reads (user
// `~/.claude/settings.json`, project `.claude/settings.json`, local `.claude/settings.local.json`),
// evaluated as Claude Code does — deny, then ask, then allow, then the default mode — against the
// destructive probes. Arrays merge across layers; `defaultMode: bypassPermissions` from a project
// or local file is not honoured by current versions (agent-configs.md §1.2-1.3, docs/permission-modes.md),
// but is from the user's file. Project MCP servers come from `.mcp.json`.

import type { AgentSurfaceFact, ProbeId, ProbeOutcome } from '../../src/engine/facts.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import { defineDetector, type Location, type ProjectContext } from '../../src/engine/types.js';
import { describeMcpServer, gateOf, MCP_PROBE_TOOL, probesThatRun, SHELL_PROBES, wildcardMatch, type McpEntry } from './probes.js';

const LAYERS = [
  { layer: 'user', root: 'home', path: '.claude/settings.json' },
  { layer: 'project', root: 'repo', path: '.claude/settings.json' },
  { layer: 'local', root: 'repo', path: '.claude/settings.local.json' },
] as const;

interface PermissionRule {
  rule: string;
  kind: 'allow' | 'ask' | 'deny';
  layer: string;
  location: Location;
}

interface Settings {
  permissions?: { allow?: unknown; ask?: unknown; deny?: unknown; defaultMode?: unknown };
  enableAllProjectMcpServers?: unknown;
  enabledMcpjsonServers?: unknown;
  sandbox?: { enabled?: unknown };
  hooks?: Record<string, unknown>;
}

/** A hook that approves tool calls on its own: where it is, what it matches, and which layer set it. */
interface ApprovingHook {
  matcher: string;
  layer: string;
  location: Location;
  command: string;
}

/** Output that tells Claude Code to allow the call (PreToolUse `permissionDecision`, PermissionRequest `behavior`). */
const APPROVES = /permissionDecision\\?["']?\s*:\s*\\?["']allow|behavior\\?["']?\s*:\s*\\?["']allow/;
/** Shell that decides something before answering; such a hook may well be a real guard. */
const CONDITIONAL = /\bif\b|\bcase\b|&&|\|\||\bgrep\b|\bjq\b.*(?:select|test|==)|\[\[|\btest\b/;

/**
 * PreToolUse and PermissionRequest hooks that answer "allow" unconditionally (agent-configs.md
 * §1.3): a hook can skip the prompt, though not override deny or ask rules. A hook running a
 * script in the repository is judged by the script's text.
 */
export function approvingHooks(settings: Settings, layer: string, file: SourceFile, script: (path: string) => string | undefined): ApprovingHook[] {
  const found: ApprovingHook[] = [];
  for (const event of ['PreToolUse', 'PermissionRequest']) {
    const groups = settings.hooks?.[event];
    if (!Array.isArray(groups)) continue;
    groups.forEach((group: unknown, g) => {
      const { matcher, hooks } = (group ?? {}) as { matcher?: unknown; hooks?: unknown };
      if (!Array.isArray(hooks)) return;
      hooks.forEach((hook: unknown, h) => {
        const command = (hook as { command?: unknown } | null)?.command;
        if (typeof command !== 'string') return;
        const path = /(?:\$CLAUDE_PROJECT_DIR\/|\.\/)?(\.claude\/hooks\/[\w./-]+)/.exec(command)?.[1];
        const text = (path ? script(path) : undefined) ?? command;
        if (!APPROVES.test(text) || CONDITIONAL.test(text.replace(/^#!.*$/m, ''))) return;
        found.push({ matcher: typeof matcher === 'string' ? matcher : '', layer, location: file.jsonLocation(['hooks', event, g, 'hooks', h, 'command']), command });
      });
    });
  }
  return found;
}

/** Whether a hook matcher (a tool name, `*`, empty, or a regex such as `Bash|Write`) covers a tool. */
export function hookMatches(matcher: string, tool: string): boolean {
  if (matcher === '' || matcher === '*') return true;
  try {
    return new RegExp(`^(?:${matcher})$`).test(tool);
  } catch {
    return matcher === tool;
  }
}

/** Does a permission rule such as `Bash(npm run test:*)` or `mcp__railway` match this tool use? */
export function ruleMatches(rule: string, tool: 'Bash' | string, command?: string): boolean {
  const r = rule.trim();
  if (r === '*') return true;
  if (tool.startsWith('mcp__')) {
    if (!r.startsWith('mcp__')) return false;
    if (r.endsWith('*')) return tool.startsWith(r.slice(0, -1));
    return tool === r || tool.startsWith(`${r}__`);
  }
  const m = /^Bash(?:\((.*)\))?$/.exec(r);
  if (!m) return false;
  const pattern = m[1];
  if (pattern === undefined || pattern === '*' || pattern === '') return true;
  if (command === undefined) return false;
  // Legacy prefix syntax `Bash(npm run test:*)` means "starts with npm run test".
  const legacy = /^(.*):\*$/.exec(pattern);
  if (legacy) return command === legacy[1] || command.startsWith(`${legacy[1]} `);
  return wildcardMatch(pattern, command);
}

export function evaluate(rules: readonly PermissionRule[], bypass: boolean, tool: string, command?: string): { outcome: ProbeOutcome; by?: PermissionRule } {
  for (const kind of ['deny', 'ask', 'allow'] as const) {
    const by = rules.find((r) => r.kind === kind && ruleMatches(r.rule, tool, command));
    if (by) return { outcome: kind, by };
  }
  return { outcome: bypass ? 'allow' : 'ask' };
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

const PROBE_NAMES = (ids: ProbeId[]): string => ids.join(', ');

function checkClaudeCode(ctx: ProjectContext): void {
  const layers = LAYERS.map((l) => ({ ...l, file: ctx.file(l.root, l.path) })).filter((l) => l.file && l.file.json().errors.length === 0);
  const mcpFile = ctx.file('repo', '.mcp.json');
  if (layers.length === 0 && !mcpFile) return;
  const rules: PermissionRule[] = [];
  let bypass: { layer: string; location: Location; honoured: boolean } | undefined;
  let enableAll: Location | undefined;
  let sandboxed = false;
  const enabledServers = new Set<string>();
  const hooks: ApprovingHook[] = [];
  const script = (path: string): string | undefined => ctx.file('repo', path)?.text;
  for (const l of layers) {
    const file = l.file as SourceFile;
    const s = (file.json().value ?? {}) as Settings;
    hooks.push(...approvingHooks(s, l.layer, file, script));
    for (const kind of ['allow', 'ask', 'deny'] as const) {
      stringList(s.permissions?.[kind]).forEach((rule, i) => rules.push({ rule, kind, layer: l.layer, location: file.jsonLocation(['permissions', kind, i]) }));
    }
    if (s.permissions?.defaultMode === 'bypassPermissions') bypass = { layer: l.layer, location: file.jsonLocation(['permissions', 'defaultMode']), honoured: l.layer === 'user' };
    if (s.enableAllProjectMcpServers === true) enableAll = file.jsonLocation(['enableAllProjectMcpServers']);
    for (const n of stringList(s.enabledMcpjsonServers)) enabledServers.add(n);
    if (s.sandbox?.enabled === true) sandboxed = true;
  }
  const honouredBypass = bypass?.honoured === true;
  const probes: Partial<Record<ProbeId, ProbeOutcome>> = {};
  const openers = new Map<ProbeId, PermissionRule | undefined>();
  const bashHook = hooks.find((h) => hookMatches(h.matcher, 'Bash'));
  const hookOpened: ProbeId[] = [];
  for (const p of SHELL_PROBES) {
    const r = evaluate(rules, honouredBypass, 'Bash', p.command);
    // A hook's allow skips the default prompt, never an explicit deny or ask rule.
    const viaHook = r.outcome === 'ask' && !r.by && bashHook !== undefined;
    probes[p.id] = viaHook ? 'allow' : r.outcome;
    if (viaHook) hookOpened.push(p.id);
    else if (r.outcome === 'allow') openers.set(p.id, r.by);
  }
  let mcpOpener: Location | undefined;
  const servers = mcpServers(mcpFile).map(({ entry, location }) => {
    const tool = `mcp__${entry.name}__${MCP_PROBE_TOOL}`;
    const r = evaluate(rules, honouredBypass, tool);
    const approved = enableAll !== undefined || enabledServers.has(entry.name);
    const reach = describeMcpServer(entry, location, approved && r.outcome === 'allow');
    if (reach.autoApproved && reach.destructive) mcpOpener ??= r.by?.location ?? enableAll;
    return { reach, outcome: approved ? r.outcome : 'ask' };
  });
  const destructive = servers.filter((s) => s.reach.destructive);
  if (destructive.length > 0) probes['mcp-destructive-tool'] = destructive.some((s) => s.outcome === 'allow') ? 'allow' : destructive.some((s) => s.outcome === 'ask') ? 'ask' : 'deny';

  const open = probesThatRun(probes);
  const broadRule = [...openers.values()].find((r): r is PermissionRule => r !== undefined);
  const main = layers[0]?.file;
  const gateLocation = broadRule?.location ?? (honouredBypass ? bypass?.location : undefined) ?? (hookOpened.length ? bashHook?.location : undefined) ?? mcpOpener ?? bypass?.location ?? (main ? main.at(1) : (mcpFile as SourceFile).at(1));
  let ruleId: string | undefined;

  if (bypass) {
    const layer = bypass.layer;
    ctx.report('agent/claude-code-bypass-permissions', bypass.location, {
      message: bypass.honoured
        ? `Claude Code's user settings start every session in bypassPermissions: ${open.length ? `${PROBE_NAMES(open)} run without asking` : 'every tool runs without asking unless a deny or ask rule stops it'}. Remove defaultMode or set it to "default", and add deny rules for destructive commands.`
        : `Claude Code's ${layer} settings ask for bypassPermissions. Current versions ignore it from a repository file, but older ones and anyone who copies it to ~/.claude honour it, and it shows the team runs unattended. Remove it and add deny or ask rules for destructive commands.`,
      severity: bypass.honoured ? 'critical' : 'medium',
      confidence: bypass.honoured ? 'high' : 'medium',
      properties: { tool: 'claude-code', layer, probesAllowed: open },
    });
    ruleId = 'agent/claude-code-bypass-permissions';
  }
  const opening = new Map<PermissionRule, ProbeId[]>();
  for (const [id, r] of openers) if (r) opening.set(r, [...(opening.get(r) ?? []), id]);
  for (const [rule, via] of opening) {
    ctx.report('agent/claude-code-broad-allow', rule.location, {
      message: `Claude Code ${rule.layer} allow rule "${rule.rule}" pre-approves destructive shell commands: ${PROBE_NAMES(via)} run without asking. Replace it with narrow rules such as "Bash(npm test)" and add deny rules such as "Bash(rm -rf *)", "Bash(railway *)", "Bash(terraform destroy *)".`,
      severity: via.length >= 5 ? 'high' : 'medium',
      properties: { tool: 'claude-code', layer: rule.layer, probesAllowed: via },
    });
    ruleId = 'agent/claude-code-broad-allow';
  }
  if (bashHook && hookOpened.length > 0) {
    ctx.report('agent/claude-code-hook-auto-approves', bashHook.location, {
      message: `Claude Code ${bashHook.layer} settings run a ${bashHook.matcher ? `"${bashHook.matcher}"` : 'catch-all'} hook that answers "allow" without checking anything: ${PROBE_NAMES(hookOpened)} run without asking. Make the hook decide (deny or ask for destructive commands) or remove it, and add deny rules such as "Bash(rm -rf *)".`,
      properties: { tool: 'claude-code', layer: bashHook.layer, probesAllowed: hookOpened },
    });
    ruleId ??= 'agent/claude-code-hook-auto-approves';
  }
  const fact: AgentSurfaceFact = {
    kind: 'agent-surface',
    id: 'claude-code:workspace',
    tool: 'claude-code',
    runsIn: 'workspace',
    gate: gateOf(probes),
    probes,
    gateLocation,
    layer: broadRule?.layer ?? bypass?.layer ?? 'project',
    shell: probes['rm-rf-project'] !== 'deny',
    network: !rules.some((r) => r.kind === 'deny' && r.rule === 'WebFetch'),
    sandboxed,
    mcpServers: servers.map((s) => s.reach),
    ...(ruleId ? { ruleId } : {}),
  };
  ctx.fact(fact);
}

function mcpServers(file: SourceFile | undefined): { entry: McpEntry; location: Location }[] {
  if (!file) return [];
  const value = file.json().value as { mcpServers?: Record<string, Omit<McpEntry, 'name'>> } | undefined;
  return Object.entries(value?.mcpServers ?? {}).map(([name, e]) => ({ entry: { ...e, name }, location: file.jsonLocation(['mcpServers', name]) }));
}

const help = (lines: string[]): string => lines.join('\n');

export default defineDetector({
  id: 'agents/claude-code',
  projectFiles: ['.claude/settings.json', '.claude/settings.local.json', '.mcp.json', '.claude/hooks/**', '~/.claude/settings.json'],
  rules: {
    'agent/claude-code-bypass-permissions': {
      title: 'Claude Code starts in bypassPermissions mode',
      severity: 'critical',
      precision: 'high',
      help: help([
        '`permissions.defaultMode: "bypassPermissions"` makes Claude Code run every tool (shell, file edits, MCP tools) without asking. Only deny and ask rules still stop anything. From `~/.claude/settings.json` it applies to every project; current versions ignore it in a repository\'s `.claude/settings.json`, older ones honoured it.',
        '',
        '**Fix:** remove `defaultMode` (or set `"default"`), set `"disableBypassPermissionsMode": "disable"` in managed settings, and add `permissions.deny` rules for destructive commands (`"Bash(rm -rf *)"`, `"Bash(railway *)"`, `"Bash(terraform destroy *)"`, `"mcp__railway__*"`); deny rules apply even in bypass mode.',
      ]),
    },
    'agent/claude-code-hook-auto-approves': {
      title: 'Claude Code hook approves tool calls without checking them',
      severity: 'high',
      precision: 'medium',
      help: help([
        'A `PreToolUse` hook that prints `"permissionDecision": "allow"` (or a `PermissionRequest` hook that answers `"behavior": "allow"`) for every call it matches skips Claude Code\'s prompt: with a `Bash` or catch-all matcher, destructive shell commands run unasked. Hooks cannot override deny or ask rules, so only commands no rule covers are opened.',
        '',
        '**Fix:** make the hook decide (answer `deny` or `ask` for `rm -rf`, `railway`, `terraform destroy`, `DROP`), or remove it; add `permissions.deny` rules for destructive commands, which a hook cannot overturn.',
      ]),
    },
    'agent/claude-code-broad-allow': {
      title: 'Claude Code allow rule pre-approves destructive shell commands',
      severity: 'high',
      precision: 'high',
      help: help([
        'An allow rule such as `Bash`, `Bash(*)`, `Bash(railway *)` or `Bash(terraform *)` lets Claude Code run matching shell commands without asking, destructive ones included (deleting volumes, dropping databases, force-pushing).',
        '',
        '**Fix:** allow only the exact commands the workflow needs (`"Bash(npm test)"`, `"Bash(npm run lint)"`), move anything that deletes to `permissions.ask`, and add `permissions.deny` rules for `"Bash(rm -rf *)"`, `"Bash(railway *)"`, `"Bash(terraform destroy *)"` and destructive MCP tools.',
      ]),
    },
  },
  checkProject: checkClaudeCode,
});
