// Zed's agent (`.zed/settings.json`, user `~/.config/zed/settings.json`, JSONC), agent-configs.md
// §14 and zed.dev/docs/ai/tool-permissions: `agent.always_allow_tool_actions: true` (before
// v0.224) approves every tool call; from v0.224 `agent.tool_permissions.default: "allow"` does the
// same unless the terminal tool keeps its own `default` or `always_confirm` patterns, and a
// terminal `always_allow` pattern such as `.*` opens every command. MCP servers are
// `context_servers`.

import type { ProbeId, ProbeOutcome } from '../../src/engine/facts.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import { linearRegex } from '../../src/engine/linear-regex.js';
import { defineDetector, type Location, type ProjectContext } from '../../src/engine/types.js';
import { capped, describeOpenings, entryOpenings, openingKinds, openingSeverity, openProbes } from './openings.js';
import { allShellProbes, describeMcpServer, SHELL_PROBES, workspaceSurface } from './probes.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** A terminal pattern list entry: `{ "pattern": "…" }` or a bare string, a regex matched anywhere in the command. */
function patternMatches(entry: unknown, command: string): boolean {
  const pattern = typeof entry === 'string' ? entry : obj(entry).pattern;
  if (typeof pattern !== 'string') return false;
  return linearRegex(pattern)?.test(command) ?? false;
}

export function zedTerminalOutcome(agent: Obj, command: string): ProbeOutcome {
  if (agent.always_allow_tool_actions === true) return 'allow';
  const perms = obj(agent.tool_permissions);
  const terminal = obj(obj(perms.tools).terminal);
  const list = (k: string): unknown[] => capped(Array.isArray(terminal[k]) ? (terminal[k] as unknown[]) : []);
  if (list('always_deny').some((e) => patternMatches(e, command))) return 'deny';
  if (list('always_confirm').some((e) => patternMatches(e, command))) return 'ask';
  if (list('always_allow').some((e) => patternMatches(e, command))) return 'allow';
  const fallback = terminal.default ?? perms.default;
  return fallback === 'allow' ? 'allow' : fallback === 'deny' ? 'deny' : 'ask';
}

function checkZed(ctx: ProjectContext): void {
  const layers = [
    { layer: 'user', file: ctx.file('home', '.config/zed/settings.json') },
    { layer: 'project', file: ctx.file('repo', '.zed/settings.json') },
  ].filter((l): l is { layer: string; file: SourceFile } => l.file !== undefined && l.file.json().errors.length === 0);
  if (layers.length === 0) return;
  let agent: Obj = {};
  let opener: { layer: string; location: Location } | undefined;
  const servers = [];
  const allowEntries: { entry: unknown; layer: string; location: Location }[] = [];
  for (const { layer, file } of layers) {
    const v = obj(file.json().value);
    const a = obj(v.agent);
    // Project settings override user settings key by key.
    agent = { ...agent, ...a, tool_permissions: { ...obj(agent.tool_permissions), ...obj(a.tool_permissions) } };
    if (a.always_allow_tool_actions === true) opener = { layer, location: file.jsonLocation(['agent', 'always_allow_tool_actions']) };
    else if (obj(a.tool_permissions).default === 'allow') opener = { layer, location: file.jsonLocation(['agent', 'tool_permissions', 'default']) };
    const allowList = obj(obj(obj(a.tool_permissions).tools).terminal).always_allow;
    if (Array.isArray(allowList)) allowEntries.push(...capped(allowList).map((entry, i) => ({ entry, layer, location: file.jsonLocation(['agent', 'tool_permissions', 'tools', 'terminal', 'always_allow', i]) })));
    for (const [name, entry] of Object.entries(obj(v.context_servers))) {
      const e = obj(entry);
      const command = obj(e.command);
      servers.push({ name, e: { ...(typeof command.path === 'string' ? { command: command.path } : typeof e.command === 'string' ? { command: e.command } : {}), args: Array.isArray(command.args) ? (command.args as string[]) : Array.isArray(e.args) ? (e.args as string[]) : [], env: obj(command.env ?? e.env) }, location: file.jsonLocation(['context_servers', name]) });
    }
  }
  const probes: Partial<Record<ProbeId, ProbeOutcome>> = {};
  for (const p of SHELL_PROBES) probes[p.id] = zedTerminalOutcome(agent, p.command);
  const everything = agent.always_allow_tool_actions === true || obj(agent.tool_permissions).default === 'allow';
  const reach = servers.map((s) => describeMcpServer({ name: s.name, ...s.e }, s.location, everything));
  if (reach.some((r) => r.destructive)) probes['mcp-destructive-tool'] = everything ? 'allow' : 'ask';
  // Each terminal always_allow pattern (a regex matched anywhere in the command), by what it lets through.
  let patternOpener: Location | undefined;
  if (!everything) {
    for (const a of allowEntries) {
      const found = entryOpenings({ prefix: '', open: true }, (command) => patternMatches(a.entry, command) && zedTerminalOutcome(agent, command) === 'allow');
      if (found.length === 0) continue;
      openProbes(probes, found);
      patternOpener ??= a.location;
      const raw = typeof a.entry === 'string' ? a.entry : obj(a.entry).pattern;
      const pattern = typeof raw === 'string' ? raw : '';
      ctx.report('agent/zed-tool-actions-auto-approved', a.location, {
        message: `Zed's ${a.layer} terminal always_allow pattern "${pattern}" ${describeOpenings(found)}. Anchor it to read-only commands and add always_deny patterns for what it opens.`,
        severity: openingSeverity(found),
        key: `always_allow:${pattern}`,
        properties: { tool: 'zed', layer: a.layer, opens: openingKinds(found), example: found[0]?.command },
      });
    }
  }
  const runs = SHELL_PROBES.filter((p) => probes[p.id] === 'allow').map((p) => p.id);
  const open = opener && (runs.length > 0 || probes['mcp-destructive-tool'] === 'allow') ? opener : undefined;
  if (open) {
    ctx.report('agent/zed-tool-actions-auto-approved', open.location, {
      message: `Zed's ${open.layer} settings approve agent tool calls without asking: ${runs.length ? runs.join(', ') : 'destructive MCP tools'} run unreviewed. Set agent.tool_permissions.default to "confirm" and add terminal always_deny patterns such as "rm -rf", "railway", "terraform destroy".`,
      properties: { tool: 'zed', layer: open.layer, probes: runs },
    });
  }
  const main = layers[layers.length - 1] as { layer: string; file: SourceFile };
  ctx.fact(workspaceSurface('zed', Object.keys(probes).length ? probes : allShellProbes('ask'), open?.location ?? patternOpener ?? main.file.at(1), open?.layer ?? main.layer, reach, open || patternOpener ? 'agent/zed-tool-actions-auto-approved' : undefined));
}

export default defineDetector({
  id: 'agents/zed',
  projectFiles: ['.zed/settings.json', '~/.config/zed/settings.json'],
  rules: {
    'agent/zed-tool-actions-auto-approved': {
      title: 'Zed\'s agent runs tool calls without asking',
      severity: 'high',
      precision: 'high',
      help: [
        '`agent.always_allow_tool_actions: true` (Zed before v0.224) or `agent.tool_permissions.default: "allow"` (v0.224 and later) approves every tool call, terminal commands and MCP tools included; a terminal `always_allow` pattern such as `.*` opens every command. An entry also covers what the program it names can start: `npm` reaches `npm exec <any package>`, `python3` reaches `python3 -c <any code>`, `uv` reaches `uv run`, `env`, `xargs`, `sudo` and `docker` run any command; each entry is reported at its own line with the worst command it lets through.',
        '',
        '**Fix:** set `agent.tool_permissions.default` to `"confirm"`, allow only specific read-only commands in `tools.terminal.always_allow`, and add `always_deny` patterns for `rm -rf`, `railway`, `terraform destroy`, `DROP`.',
      ].join('\n'),
    },
  },
  checkProject: checkZed,
});
