// Claude Code: the effective permission policy across the settings layers it reads (user
// `~/.claude/settings.json`, project `.claude/settings.json`, local `.claude/settings.local.json`),
// evaluated as Claude Code does — deny, then ask, then allow, then the default mode — against the
// destructive probes. Arrays merge across layers; `defaultMode: bypassPermissions` from a project
// or local file is not honoured by current versions (agent-configs.md §1.2-1.3, docs/permission-modes.md),
// but is from the user's file. Project MCP servers come from `.mcp.json`.

import type { AgentSurfaceFact, ProbeId, ProbeOutcome } from '../../src/engine/facts.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import { guardHookMatchers } from '../../src/policy/guard.js';
import { linearRegex } from '../../src/engine/linear-regex.js';
import { defineDetector, type Location, type ProjectContext } from '../../src/engine/types.js';
import type { ReachQuery } from '../../src/policy/reach.js';
import { capped, describeOpenings, entryOpenings, openingKinds, openingSeverity, openProbes, type Opening } from './openings.js';
import { describeMcpServer, gateOf, MCP_PROBE_TOOL, probesThatRun, SHELL_PROBES, wildcardMatch, WRITE_TOOL, type McpEntry } from './probes.js';

interface PermissionRule {
  rule: string;
  kind: 'allow' | 'ask' | 'deny';
  layer: string;
  location: Location;
}

interface Settings {
  permissions?: { allow?: unknown; ask?: unknown; deny?: unknown; defaultMode?: unknown; additionalDirectories?: unknown };
  skipDangerousModePermissionPrompt?: unknown;
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
  return linearRegex(`^(?:${matcher})$`)?.test(tool) ?? matcher === tool;
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
  const m = /^(Bash|PowerShell)(?:\(([\s\S]*)\))?$/.exec(r);
  if (!m || m[1] !== tool) return false;
  const pattern = m[2];
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

/** What a `Bash(…)` rule covers, as a command prefix for the command model (undefined for other tools). */
export function bashRuleQuery(rule: string): Omit<ReachQuery, 'editsApproved'> | undefined {
  const r = rule.trim();
  if (r === '*') return { prefix: '', open: true };
  const m = /^(?:Bash|PowerShell)(?:\(([\s\S]*)\))?$/.exec(r);
  if (!m) return undefined;
  const pattern = (m[1] ?? '').trim();
  if (pattern === '' || pattern === '*') return { prefix: '', open: true };
  const legacy = /^([\s\S]*):\*$/.exec(pattern);
  if (legacy) return { prefix: legacy[1] as string, open: true };
  const star = pattern.indexOf('*');
  if (star === -1) return { prefix: pattern, open: false };
  const head = pattern.slice(0, star);
  return { prefix: head, open: true, partial: head.trim() !== '' && !/\s$/.test(head) };
}

/**
 * The rules of a Claude Code tool list (`Bash(git add:*), Read`), each with its offset: split at
 * commas outside parentheses, and at blanks too where the list is a command line's
 * (`--allowedTools "Bash(git log:*) Edit"`). `unquote` drops quotes around a rule (frontmatter).
 */
export function toolRules(text: string, options: { blanks?: boolean; unquote?: boolean } = {}): { value: string; offset: number }[] {
  const out: { value: string; offset: number }[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i] ?? '';
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (i === text.length || (depth === 0 && (c === ',' || (options.blanks === true && /\s/.test(c))))) {
      const raw = text.slice(start, i);
      const trimmed = raw.trim();
      const value = options.unquote ? trimmed.replace(/^["']|["']$/g, '') : trimmed;
      if (value) out.push({ value, offset: start + raw.indexOf(trimmed) });
      start = i + 1;
    }
  }
  return out;
}

/** Additional directories that contain the agent's own settings: the home directory, `/`, `~/.claude`, a parent of the project. */
const SELF_REACHING = /^(?:\/|~\/?|~\/\.claude(?:\/.*)?|\$HOME\/?|\$\{HOME\}\/?|\/home\/[^/]+\/?|\/Users\/[^/]+\/?|\.\.(?:\/\.\.)*\/?|\.claude(?:\/.*)?|\.\/\.claude(?:\/.*)?)$/;

/** `Edit`, `Write`, `MultiEdit` (bare, or over code rather than docs) pre-approve file edits. */
const EDIT_RULE = /^(Edit|Write|MultiEdit|NotebookEdit)(\((?![^)]*\.md\)|docs\/)[^)]*\))?$/;

/** The server and tool an `mcp__server` / `mcp__server__tool` / `mcp__server__*` rule names. */
export function mcpRule(rule: string): { server: string; tool?: string } | undefined {
  const m = /^mcp__([^_][\w-]*?)(?:__(.*))?$/.exec(rule.trim());
  if (!m) return undefined;
  const tool = m[2];
  return { server: m[1] as string, ...(tool && tool !== '*' ? { tool } : {}) };
}

/** A directory Claude Code can be started in: its `.claude/` layers and its `.mcp.json`. */
interface ProjectDir {
  dir: string;
  settings?: SourceFile;
  local?: SourceFile;
  mcp?: SourceFile;
}

/** Every directory of the repository with a `.claude/settings*.json` or a `.mcp.json`, at any depth. */
function projectDirs(ctx: ProjectContext): ProjectDir[] {
  const dirs = new Map<string, ProjectDir>();
  const at = (dir: string): ProjectDir => dirs.get(dir) ?? (dirs.set(dir, { dir }).get(dir) as ProjectDir);
  for (const f of ctx.files(['**/.claude/settings.json', '**/.claude/settings.local.json', '**/.mcp.json'])) {
    if (f.root !== 'repo') continue;
    const name = f.path.slice(f.path.lastIndexOf('/') + 1);
    const dir = f.path.endsWith('.mcp.json') ? f.path.slice(0, -'.mcp.json'.length) : f.path.slice(0, f.path.length - `.claude/${name}`.length);
    const p = at(dir);
    if (name === '.mcp.json') p.mcp = f;
    else if (name === 'settings.json') p.settings = f;
    else p.local = f;
  }
  if (dirs.size === 0 && ctx.file('home', '.claude/settings.json')) at('');
  return [...dirs.values()].sort((a, b) => a.dir.localeCompare(b.dir));
}

function checkClaudeCode(ctx: ProjectContext): void {
  for (const dir of projectDirs(ctx)) checkProjectDir(ctx, dir);
}

function checkProjectDir(ctx: ProjectContext, dir: ProjectDir): void {
  const user = ctx.file('home', '.claude/settings.json');
  const layers = [
    { layer: 'user', file: user },
    { layer: 'project', file: dir.settings },
    { layer: 'local', file: dir.local },
  ].filter((l): l is { layer: string; file: SourceFile } => l.file !== undefined && l.file.json().errors.length === 0);
  const mcpFile = dir.mcp;
  if (layers.length === 0 && !mcpFile) return;
  // The user's own settings are judged once, with the repository root's project layers.
  if (dir.dir !== '' && layers.every((l) => l.layer === 'user') && !mcpFile) return;
  const rules: PermissionRule[] = [];
  let bypass: { layer: string; location: Location; honoured: boolean } | undefined;
  let enableAll: Location | undefined;
  let acceptEdits = false;
  let sandboxed = false;
  const enabledServers = new Map<string, Location>();
  const skipPrompt: { layer: string; location: Location }[] = [];
  const extraDirs: { dir: string; layer: string; location: Location }[] = [];
  const hooks: ApprovingHook[] = [];
  // `blast-radius guard` as a PreToolUse hook: the tools its matchers cover.
  const guarded: string[] = [];
  const script = (path: string): string | undefined => ctx.file('repo', `${dir.dir}${path}`)?.text;
  for (const l of layers) {
    const file = l.file;
    const s = (file.json().value ?? {}) as Settings;
    hooks.push(...approvingHooks(s, l.layer, file, script));
    guarded.push(...guardHookMatchers(s));
    for (const kind of ['allow', 'ask', 'deny'] as const) {
      capped(stringList(s.permissions?.[kind])).forEach((rule, i) => rules.push({ rule, kind, layer: l.layer, location: file.jsonLocation(['permissions', kind, i]) }));
    }
    if (s.permissions?.defaultMode === 'bypassPermissions') bypass = { layer: l.layer, location: file.jsonLocation(['permissions', 'defaultMode']), honoured: l.layer === 'user' };
    if (s.permissions?.defaultMode === 'acceptEdits') acceptEdits = true;
    if (s.enableAllProjectMcpServers === true) enableAll = file.jsonLocation(['enableAllProjectMcpServers']);
    stringList(s.enabledMcpjsonServers).forEach((n, i) => enabledServers.set(n, file.jsonLocation(['enabledMcpjsonServers', i])));
    if (s.sandbox?.enabled === true) sandboxed = true;
    if (s.skipDangerousModePermissionPrompt === true) skipPrompt.push({ layer: l.layer, location: file.jsonLocation(['skipDangerousModePermissionPrompt']) });
    stringList(s.permissions?.additionalDirectories).forEach((d, i) => extraDirs.push({ dir: d, layer: l.layer, location: file.jsonLocation(['permissions', 'additionalDirectories', i]) }));
  }
  const honouredBypass = bypass?.honoured === true;
  const editsApproved = honouredBypass || acceptEdits || rules.some((r) => r.kind === 'allow' && EDIT_RULE.test(r.rule.trim()));
  const probes: Partial<Record<ProbeId, ProbeOutcome>> = {};
  const bashHook = hooks.find((h) => hookMatches(h.matcher, 'Bash'));
  const hookOpened: ProbeId[] = [];
  for (const p of SHELL_PROBES) {
    const r = evaluate(rules, honouredBypass, 'Bash', p.command);
    // A hook's allow skips the default prompt, never an explicit deny or ask rule.
    const viaHook = r.outcome === 'ask' && !r.by && bashHook !== undefined;
    probes[p.id] = viaHook ? 'allow' : r.outcome;
    if (viaHook) hookOpened.push(p.id);
  }
  // Each allow rule, by what it reaches: the command model proposes, Claude Code's own order confirms.
  const opening = new Map<PermissionRule, Opening[]>();
  for (const rule of rules) {
    // In bypass mode every command runs anyway: the mode is the finding, not the rules.
    if (rule.kind !== 'allow' || honouredBypass) continue;
    const query = bashRuleQuery(rule.rule);
    if (!query) continue;
    const tool = rule.rule.trim().startsWith('PowerShell') ? 'PowerShell' : 'Bash';
    const found = entryOpenings({ ...query, editsApproved }, (command) => evaluate(rules, honouredBypass, tool, command).by === rule);
    if (found.length > 0) opening.set(rule, found);
  }
  for (const found of opening.values()) openProbes(probes, found);

  let mcpOpener: Location | undefined;
  const declared = mcpServers(mcpFile);
  const servers = declared.map(({ entry, location }) => {
    const tool = `mcp__${entry.name}__${MCP_PROBE_TOOL}`;
    const r = evaluate(rules, honouredBypass, tool);
    const approved = enableAll !== undefined || enabledServers.has(entry.name);
    const reach = describeMcpServer(entry, location, approved && r.outcome === 'allow');
    if (reach.autoApproved && reach.destructive) mcpOpener ??= r.by?.location ?? enableAll;
    return { reach, outcome: approved ? r.outcome : 'ask' };
  });
  const destructive = servers.filter((s) => s.reach.destructive);
  if (destructive.length > 0) probes['mcp-destructive-tool'] = destructive.some((s) => s.outcome === 'allow') ? 'allow' : destructive.some((s) => s.outcome === 'ask') ? 'ask' : 'deny';

  // The guard denies, at run time, every destructive command the probes stand for (it judges with
  // the same command model), and the MCP tools that delete.
  const guardsBash = guarded.some((m) => hookMatches(m, 'Bash'));
  const guardsMcp = guarded.some((m) => hookMatches(m, `mcp__server__${MCP_PROBE_TOOL}`));
  for (const p of SHELL_PROBES) if (guardsBash && probes[p.id] === 'allow') probes[p.id] = 'deny';
  if (guardsMcp && probes['mcp-destructive-tool'] === 'allow') probes['mcp-destructive-tool'] = 'deny';
  const open = probesThatRun(probes);
  const broadRule = [...opening.keys()][0];
  const main = layers.find((l) => l.layer !== 'user')?.file ?? layers[0]?.file;
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
  for (const [rule, found] of opening) {
    // What the guard holds: destructive commands. What runs arbitrary code stays open to it.
    const held = guardsBash && found.every((o) => o.effect.capability === 'destructive');
    ctx.report('agent/claude-code-broad-allow', rule.location, {
      message: `Claude Code ${rule.layer} allow rule "${rule.rule}" ${describeOpenings(found)}.${held ? ' The blast-radius guard hook (PreToolUse) denies those commands at run time, so the rule is reported low.' : ''} Allow only the exact commands the workflow needs (such as "Bash(npm test)"), and add ask or deny rules for what it opens.`,
      severity: held ? 'low' : openingSeverity(found),
      properties: { tool: 'claude-code', layer: rule.layer, opens: openingKinds(found), example: found[0]?.command },
    });
    ruleId ??= 'agent/claude-code-broad-allow';
  }
  reportMcpApprovals(ctx, { rules, declared, enableAll, enabledServers });
  for (const p of skipPrompt) {
    if (bypass?.layer === p.layer) continue;
    // Claude Code writes it once the user has accepted the bypass warning (agent-configs.md §1.3).
    ctx.report('agent/claude-code-bypass-permissions', p.location, {
      message: `Claude Code ${p.layer} settings set skipDangerousModePermissionPrompt: the warning before bypassPermissions mode (--dangerously-skip-permissions) is skipped, and Claude Code writes this only after someone has accepted it: sessions here run every tool unasked. Remove it, and set "disableBypassPermissionsMode": "disable" in managed settings.`,
      severity: p.layer === 'user' ? 'high' : 'medium',
      confidence: 'medium',
      properties: { tool: 'claude-code', layer: p.layer },
    });
  }
  // A directory that holds the agent's own settings, opened for edits that run unasked, lets it rewrite its gate.
  if (editsApproved) {
    for (const d of extraDirs.filter((x) => SELF_REACHING.test(x.dir.trim()))) {
      ctx.report('agent/claude-code-broad-allow', d.location, {
        message: `Claude Code ${d.layer} settings add "${d.dir}" to the directories it may edit, and edits run unasked: that reaches its own settings (${d.dir.includes('.claude') ? d.dir : '~/.claude or this project\'s .claude'}), so the agent can rewrite its own permissions. Remove the directory, or stop approving edits in advance.`,
        severity: 'high',
        key: `additionalDirectories:${d.dir}`,
        properties: { tool: 'claude-code', layer: d.layer, directory: d.dir },
      });
    }
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
    id: `claude-code:${dir.dir || 'workspace'}`,
    tool: 'claude-code',
    runsIn: 'workspace',
    gate: gateOf(probes),
    probes,
    gateLocation,
    layer: broadRule?.layer ?? bypass?.layer ?? 'project',
    ...(dir.dir ? { workspace: dir.dir } : {}),
    shell: probes['rm-rf-project'] !== 'deny',
    network: !rules.some((r) => r.kind === 'deny' && r.rule === 'WebFetch'),
    sandboxed,
    mcpServers: servers.map((s) => s.reach),
    ...(ruleId ? { ruleId } : {}),
  };
  ctx.fact(fact);
}

interface McpApprovals {
  rules: readonly PermissionRule[];
  declared: { entry: McpEntry; location: Location }[];
  enableAll: Location | undefined;
  enabledServers: Map<string, Location>;
}

/**
 * Approvals that cover a server's write tools: an `mcp__server` (or `mcp__server__*`, or a write
 * tool by name) allow rule for a server that can destroy, and `enableAllProjectMcpServers` or
 * `enabledMcpjsonServers` starting such a server from `.mcp.json` without asking.
 */
function reportMcpApprovals(ctx: ProjectContext, a: McpApprovals): void {
  const byName = new Map(a.declared.map((d) => [d.entry.name, d]));
  for (const rule of a.rules) {
    const m = rule.kind === 'allow' ? mcpRule(rule.rule) : undefined;
    if (!m || (m.tool && !WRITE_TOOL.test(m.tool))) continue;
    const known = byName.get(m.server);
    const reach = describeMcpServer(known?.entry ?? { name: m.server }, known?.location ?? rule.location, true);
    if (!reach.destructive) continue;
    const what = m.tool ? `its "${m.tool}" tool` : 'every tool of the server';
    ctx.report('agent/claude-code-mcp-approved', rule.location, {
      message: `Claude Code ${rule.layer} allow rule "${rule.rule}" approves ${what} in advance, and "${m.server}" ${reach.platform ? `acts on ${reach.platform} and ` : ''}can write or delete${known ? '' : ' (judged by its name; its config is not in this repository)'}. Allow only its read tools by name (mcp__${m.server}__get_…), or start the server in its read-only mode.`,
      severity: 'high',
      confidence: known ? 'high' : 'medium',
      related: known ? [{ location: known.location, message: `the "${m.server}" server` }] : [],
      properties: { tool: 'claude-code', server: m.server, ...(reach.platform ? { platform: reach.platform } : {}) },
    });
  }
  const starts = (location: Location, names: string[], how: string): void => {
    const risky = names.map((n) => byName.get(n)).filter((d): d is { entry: McpEntry; location: Location } => d !== undefined && describeMcpServer(d.entry, d.location, false).destructive);
    if (risky.length === 0) return;
    ctx.report('agent/claude-code-mcp-approved', location, {
      message: `${how} starts ${risky.map((d) => `"${d.entry.name}"`).join(', ')} from .mcp.json without asking, and ${risky.length > 1 ? 'they' : 'it'} can write or delete with the credentials in ${risky.length > 1 ? 'their' : 'its'} env; a pull request that edits .mcp.json changes what runs. List trusted servers in enabledMcpjsonServers instead, started in their read-only modes.`,
      severity: 'medium',
      related: risky.map((d) => ({ location: d.location, message: `the "${d.entry.name}" server` })),
      properties: { tool: 'claude-code', servers: risky.map((d) => d.entry.name) },
    });
  };
  if (a.enableAll) starts(a.enableAll, a.declared.map((d) => d.entry.name), 'enableAllProjectMcpServers: true');
  for (const [name, location] of a.enabledServers) starts(location, [name], `enabledMcpjsonServers "${name}"`);
}

function mcpServers(file: SourceFile | undefined): { entry: McpEntry; location: Location }[] {
  if (!file) return [];
  const value = file.json().value as { mcpServers?: Record<string, Omit<McpEntry, 'name'>> } | undefined;
  return Object.entries(value?.mcpServers ?? {}).map(([name, e]) => ({ entry: { ...e, name }, location: file.jsonLocation(['mcpServers', name]) }));
}

const help = (lines: string[]): string => lines.join('\n');

export default defineDetector({
  id: 'agents/claude-code',
  projectFiles: ['**/.claude/settings.json', '**/.claude/settings.local.json', '**/.mcp.json', '**/.claude/hooks/**', '~/.claude/settings.json'],
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
      title: 'Claude Code allow rule pre-approves arbitrary or destructive commands',
      severity: 'high',
      precision: 'high',
      help: help([
        'An allow rule lets Claude Code run every command it covers without asking, and a prefix covers more than it names. `Bash`, `Bash(*)` and a deny list beside them approve any command; `Bash(npm:*)` covers `npm exec <any package>`; `Bash(python3:*)` covers `python3 -c <any code>`; `Bash(uv:*)`, `Bash(npx:*)`, `Bash(env:*)`, `Bash(xargs:*)`, `Bash(docker:*)` and `Bash(ssh:*)` run any command; `Bash(git:*)` covers `git push --force`, `Bash(kubectl:*)` covers `kubectl delete`, `Bash(psql:*)` covers `DROP DATABASE`. When file edits are approved too (`Edit`/`Write` in allow, or `acceptEdits`), `Bash(npm run:*)`, `Bash(make:*)` or `Bash(pytest:*)` run whatever the agent has just written.',
        '',
        'blast-radius asks its command model which commands each rule covers that escape to arbitrary execution or destroy something, then checks each one against the settings as Claude Code does (deny, then ask, then allow); the finding names the worst one.',
        '',
        '**Fix:** allow only exact commands or narrow prefixes the workflow needs (`"Bash(npm test)"`, `"Bash(npm run lint)"`, `"Bash(git status)"`, `"Bash(git diff:*)"`); move anything that deletes to `permissions.ask`; add `permissions.deny` rules for the escapes (`"Bash(npm exec:*)"`, `"Bash(npx:*)"`, `"Bash(python3 -c:*)"`) and the destructive families (`"Bash(rm -rf *)"`, `"Bash(railway *)"`, `"Bash(terraform destroy *)"`, `"Bash(git push --force*)"`). `blast-radius guard` as a PreToolUse hook (`blast-radius fix --guard --write` installs it) holds the same line at run time, and the scan counts it as a gate: a rule that opens only destructive commands is then reported low, saying so; one that runs arbitrary code stays at its severity.',
      ]),
    },
    'agent/claude-code-mcp-approved': {
      title: 'Claude Code approves a destructive MCP server in advance',
      severity: 'high',
      precision: 'medium',
      help: help([
        'An allow rule `mcp__<server>` or `mcp__<server>__*` approves every tool of that server, writes and deletes included; `mcp__<server>__<tool>` approves one. For a server that can write or delete (GitHub, Supabase, Railway, Neon, Postgres, Kubernetes, AWS, Cloudflare, filesystem, shell servers) the agent then acts with the server\'s credentials unasked. `enableAllProjectMcpServers: true` (and `enabledMcpjsonServers`) start the servers of `.mcp.json` without asking, so a pull request that adds a server changes what runs.',
        '',
        '**Fix:** allow the server\'s read tools by name (`mcp__github__get_file_contents`), keep write tools asking, start the server in its read-only mode (`--read-only` for GitHub and Supabase, `--project-ref` to scope Supabase), and list trusted servers in `enabledMcpjsonServers` instead of enabling all.',
      ]),
    },
  },
  checkProject: checkClaudeCode,
});
