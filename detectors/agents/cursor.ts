// Cursor (editor agent and `cursor-agent` CLI), agent-configs.md §6: `permissions.json` (user
// `~/.cursor/`, project `.cursor/`; the arrays of both files concatenate) auto-runs terminal
// commands in `terminalAllowlist` and MCP tools in `mcpAllowlist`; the CLI's `permissions.allow`
// / `permissions.deny` (`~/.cursor/cli-config.json`, `.cursor/cli.json`) take `Shell(<first
// token>)` and `Mcp(<server>:<tool>)` rules, and deny beats allow. MCP servers come from
// `.cursor/mcp.json` and `~/.cursor/mcp.json`. The editor's Run Mode lives in app state, not in a
// file, so a repository can only show these lists.

import type { AgentSurfaceFact, ProbeId, ProbeOutcome } from '../../src/engine/facts.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import { configDirs } from './layout.js';
import { defineDetector, type Location, type ProjectContext } from '../../src/engine/types.js';
import { capped, describeOpenings, entryOpenings, openingKinds, openingSeverity, openProbes, wildcardQuery } from './openings.js';
import { describeMcpServer, gateOf, SHELL_PROBES, wildcardMatch, WRITE_TOOL, type McpEntry } from './probes.js';

interface Rule {
  rule: string;
  layer: string;
  location: Location;
}

const strings = (v: unknown): string[] => capped(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** A `terminalAllowlist` entry: `*`, the whole command, or a command prefix ending at a word. */
export function terminalEntryMatches(entry: string, command: string): boolean {
  const e = entry.trim();
  return e === '*' || command === e || command.startsWith(`${e} `);
}

/** A CLI `Shell(<first token>)` rule; the token may hold `*` wildcards. */
export function shellRuleMatches(rule: string, command: string): boolean {
  const token = /^Shell\((.*)\)$/.exec(rule.trim())?.[1]?.trim();
  if (token === undefined) return false;
  return wildcardMatch(token, command.split(/\s+/)[0] ?? '');
}

/** A CLI `Mcp(server:tool)` rule or an `mcpAllowlist` entry (`server:tool`, `server:*`, `*`). */
export function mcpEntryMatches(entry: string, server: string): boolean {
  const inner = /^Mcp\((.*)\)$/.exec(entry.trim())?.[1] ?? entry.trim();
  const [name = '', tool = '*'] = inner.split(/[:,]/).map((x) => x.trim());
  return inner === '*' || (wildcardMatch(name, server) && (tool.includes('*') || WRITE_TOOL.test(tool)));
}


export function cursorShellOutcome(allow: readonly string[], terminal: readonly string[], deny: readonly string[], command: string): ProbeOutcome {
  if (deny.some((r) => shellRuleMatches(r, command))) return 'deny';
  return terminal.some((e) => terminalEntryMatches(e, command)) || allow.some((r) => shellRuleMatches(r, command)) ? 'allow' : 'ask';
}

function layerFiles(ctx: ProjectContext, dir: string): { layer: string; file: SourceFile }[] {
  const home = (path: string): SourceFile | undefined => (dir === '' ? ctx.file('home', path) : undefined);
  return [
    { layer: 'user', file: home('.cursor/permissions.json') },
    { layer: 'project', file: ctx.file('repo', `${dir}.cursor/permissions.json`) },
    { layer: 'cli-user', file: home('.cursor/cli-config.json') },
    { layer: 'cli-project', file: ctx.file('repo', `${dir}.cursor/cli.json`) },
    { layer: 'user', file: home('.cursor/mcp.json') },
    { layer: 'project', file: ctx.file('repo', `${dir}.cursor/mcp.json`) },
  ].filter((l): l is { layer: string; file: SourceFile } => l.file !== undefined && l.file.json().errors.length === 0);
}

function checkCursor(ctx: ProjectContext): void {
  for (const dir of configDirs(ctx, ['.cursor/permissions.json', '.cursor/cli.json', '.cursor/mcp.json'])) checkCursorDir(ctx, dir);
}

function checkCursorDir(ctx: ProjectContext, dir: string): void {
  const layers = layerFiles(ctx, dir);
  if (layers.length === 0) return;
  const terminal: Rule[] = [];
  const mcpAllow: Rule[] = [];
  const allow: Rule[] = [];
  const deny: string[] = [];
  const entries: { name: string; entry: Omit<McpEntry, 'name'>; layer: string; file: SourceFile }[] = [];
  for (const { layer, file } of layers) {
    const v = (file.json().value ?? {}) as Record<string, unknown>;
    const perms = (v.permissions ?? {}) as Record<string, unknown>;
    const collect = (into: Rule[], path: string[], list: unknown): void => strings(list).forEach((rule, i) => into.push({ rule, layer, location: file.jsonLocation([...path, i]) }));
    collect(terminal, ['terminalAllowlist'], v.terminalAllowlist);
    collect(mcpAllow, ['mcpAllowlist'], v.mcpAllowlist);
    collect(allow, ['permissions', 'allow'], perms.allow);
    collect(mcpAllow, ['permissions', 'allow'], strings(perms.allow).filter((r) => r.startsWith('Mcp(')));
    deny.push(...strings(perms.deny));
    const servers = (v.mcpServers ?? {}) as Record<string, unknown>;
    for (const [name, entry] of Object.entries(servers)) {
      if (entry !== null && typeof entry === 'object') entries.push({ name, entry: entry as Omit<McpEntry, 'name'>, layer, file });
    }
  }
  const probes: Partial<Record<ProbeId, ProbeOutcome>> = {};
  for (const p of SHELL_PROBES) probes[p.id] = cursorShellOutcome(allow.map((a) => a.rule), terminal.map((t) => t.rule), deny, p.command);
  const servers: AgentSurfaceFact['mcpServers'] = entries.map(({ name, entry, file }) => {
    const opener = deny.some((d) => d.startsWith('Mcp(') && mcpEntryMatches(d, name)) ? undefined : mcpAllow.find((m) => mcpEntryMatches(m.rule, name));
    return describeMcpServer({ ...entry, name }, opener?.location ?? file.jsonLocation(['mcpServers', name]), opener !== undefined);
  });
  if (servers.some((s) => s.destructive)) probes['mcp-destructive-tool'] = servers.some((s) => s.destructive && s.autoApproved) ? 'allow' : 'ask';

  const allowRules = allow.map((a) => a.rule);
  const terminalRules = terminal.map((t) => t.rule);
  const editsApproved = allowRules.some((r) => /^Write\((\*\*|\*|\.\/\*\*|\*\*\/\*)?\)$/.test(r.trim()));
  let opener: Rule | undefined;
  for (const r of [...terminal, ...allow]) {
    const shell = /^Shell\((.*)\)$/.exec(r.rule.trim())?.[1]?.trim();
    const isTerminal = terminal.includes(r);
    if (!isTerminal && shell === undefined) continue;
    // A terminal entry is a command prefix; a Shell() rule names the first word only, so all its arguments are open.
    const query = isTerminal ? { prefix: r.rule.trim() === '*' ? '' : r.rule.trim(), open: true } : { ...wildcardQuery(shell as string), open: true };
    const matches = (command: string): boolean => (isTerminal ? terminalEntryMatches(r.rule, command) : shellRuleMatches(r.rule, command));
    const found = entryOpenings({ ...query, editsApproved }, (command) => matches(command) && cursorShellOutcome(allowRules, terminalRules, deny, command) === 'allow');
    if (found.length === 0) continue;
    openProbes(probes, found);
    opener ??= r;
    ctx.report('agent/cursor-commands-auto-run', r.location, {
      message: `Cursor ${r.layer} ${isTerminal ? 'terminalAllowlist' : 'permissions'} entry "${r.rule}" ${describeOpenings(found)}. Keep the allowlist to read-only commands and add deny rules for what it opens, such as "Shell(rm)", "Shell(railway)".`,
      severity: openingSeverity(found),
      key: `${r.layer}:${r.rule}`,
      properties: { tool: 'cursor', layer: r.layer, opens: openingKinds(found), example: found[0]?.command },
    });
  }
  for (const s of servers.filter((x) => x.destructive && x.autoApproved)) {
    ctx.report('agent/cursor-mcp-auto-approved', s.location, {
      message: `Cursor's mcpAllowlist auto-approves the MCP server "${s.name}" (${s.server}): its destructive ${s.platform ?? ''} tools run without asking${s.env.length ? `, with ${s.env.join(', ')} in its env` : ''}. List only its read-only tools, or start it in read-only mode.`,
      key: `mcp:${s.name}`,
      properties: { tool: 'cursor', server: s.name },
    });
  }
  const main = layers[layers.length - 1] as { layer: string; file: SourceFile };
  const autoMcp = servers.find((s) => s.destructive && s.autoApproved);
  ctx.fact({
    kind: 'agent-surface',
    id: `cursor:${dir || 'workspace'}`,
    ...(dir ? { workspace: dir } : {}),
    tool: 'cursor',
    runsIn: 'workspace',
    gate: gateOf(probes),
    probes,
    gateLocation: opener?.location ?? autoMcp?.location ?? main.file.at(1),
    layer: opener?.layer ?? main.layer,
    shell: true,
    network: true,
    sandboxed: false,
    mcpServers: servers,
    ...(opener ? { ruleId: 'agent/cursor-commands-auto-run' } : autoMcp ? { ruleId: 'agent/cursor-mcp-auto-approved' } : {}),
  });
}

export default defineDetector({
  id: 'agents/cursor',
  projectFiles: ['**/.cursor/permissions.json', '**/.cursor/cli.json', '**/.cursor/mcp.json', '~/.cursor/permissions.json', '~/.cursor/cli-config.json', '~/.cursor/mcp.json'],
  rules: {
    'agent/cursor-commands-auto-run': {
      title: 'Cursor auto-runs destructive terminal commands',
      severity: 'high',
      precision: 'medium',
      help: [
        'Cursor runs a terminal command without asking when it is in `terminalAllowlist` (`.cursor/permissions.json`, `~/.cursor/permissions.json`) or allowed by a CLI `Shell(<command>)` rule (`.cursor/cli.json`, `~/.cursor/cli-config.json`). `"*"`, `Shell(*)` or entries such as `railway`, `psql`, `terraform`, `rm` let destructive commands run unreviewed. An entry also covers what the program it names can start: `npm` reaches `npm exec <any package>`, `python3` reaches `python3 -c <any code>`, `uv` reaches `uv run`, `env`, `xargs`, `sudo` and `docker` run any command; each entry is reported at its own line with the worst command it lets through.',
        '',
        '**Fix:** keep the allowlist to read-only commands (`git status`, `npm test`), and add CLI deny rules, which beat allow rules: `"deny": ["Shell(rm)", "Shell(railway)", "Shell(terraform)", "Shell(kubectl)"]`.',
      ].join('\n'),
    },
    'agent/cursor-mcp-auto-approved': {
      title: 'Cursor auto-approves a destructive MCP server',
      severity: 'high',
      precision: 'medium',
      help: [
        '`mcpAllowlist` (or a CLI `Mcp(server:tool)` allow rule) naming a server with destructive tools (Railway, Supabase, Neon, Postgres, Kubernetes, AWS, GitHub …), or `*`, lets the agent call its delete tools without asking, with the credentials in the server\'s `env`.',
        '',
        '**Fix:** list only the server\'s read-only tools (`"supabase:list_tables"`), start it in its read-only mode, and keep its token project-scoped.',
      ].join('\n'),
    },
  },
  checkProject: checkCursor,
});
