// VS Code with GitHub Copilot agent mode, workspace `.vscode/settings.json` (JSONC): global tool
// auto-approval (`chat.tools.global.autoApprove`, older `chat.tools.autoApprove`) approves every
// tool call, and `chat.tools.terminal.autoApprove` entries set to true run matching terminal
// commands unasked — `/.*/` means all of them (microsoft/vscode-docs docs/agents/approvals.md;
// agent-configs.md §7). Terminal entries are command prefixes or `/regex/` patterns; an explicit
// `false` entry keeps a command asking. MCP servers come from `.vscode/mcp.json` (`servers`); under
// global auto-approval their tools run unasked too.

import type { McpServerReach, ProbeId, ProbeOutcome } from '../../src/engine/facts.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import { linearRegex } from '../../src/engine/linear-regex.js';
import { defineDetector, type Location, type ProjectContext } from '../../src/engine/types.js';
import { capped, describeOpenings, entryOpenings, openingKinds, openingSeverity, openProbes } from './openings.js';
import { describeMcpServer, gateOf, SHELL_PROBES, type McpEntry } from './probes.js';

/** Servers declared in `.vscode/mcp.json`, approved in advance only when every tool call is. */
function mcpServers(file: SourceFile | undefined, autoApproved: boolean): McpServerReach[] {
  const servers = (file?.json().value as { servers?: Record<string, unknown> } | undefined)?.servers;
  if (!file || servers === null || typeof servers !== 'object') return [];
  return Object.entries(servers)
    .filter(([, e]) => e !== null && typeof e === 'object')
    .map(([name, e]) => describeMcpServer({ ...(e as Omit<McpEntry, 'name'>), name }, file.jsonLocation(['servers', name]), autoApproved));
}

/** Whether one `chat.tools.terminal.autoApprove` key matches a command line. */
export function terminalRuleMatches(rule: string, command: string): boolean {
  const re = /^\/(.*)\/([a-z]*)$/.exec(rule);
  // A pattern from a repository file runs on a linear-time engine: `/(a+)+$/` cannot stall the scan.
  if (re) return linearRegex(re[1] as string, re[2] ?? '')?.test(command) ?? false;
  return command === rule || command.startsWith(`${rule} `);
}

/** VS Code checks every rule; a false entry wins over a true one for the same command. */
export function terminalOutcome(rules: Record<string, unknown>, command: string): ProbeOutcome {
  const matching = Object.entries(rules).filter(([rule]) => terminalRuleMatches(rule, command));
  if (matching.some(([, v]) => v === false || (typeof v === 'object' && v !== null && (v as { approve?: unknown }).approve === false))) return 'ask';
  return matching.some(([, v]) => v === true || (typeof v === 'object' && v !== null && (v as { approve?: unknown }).approve === true)) ? 'allow' : 'ask';
}

const approves = (v: unknown): boolean => v === true || (typeof v === 'object' && v !== null && (v as { approve?: unknown }).approve === true);

function checkSettings({ report, fact }: ProjectContext, file: SourceFile, mcpFile: SourceFile | undefined): void {
  const raw = file.json().value as Record<string, unknown> | undefined;
  if (!raw || typeof raw !== 'object') return;
  const settings = (file.path.endsWith('.code-workspace') ? raw.settings : raw) as Record<string, unknown> | undefined;
  if (!settings || typeof settings !== 'object') return;
  const base = file.path.endsWith('.code-workspace') ? ['settings'] : [];
  const loc = (...key: string[]): Location => file.jsonLocation([...base, ...key]);
  const globalKey = ['chat.tools.global.autoApprove', 'chat.tools.autoApprove'].find((k) => settings[k] === true);
  const terminalRaw = settings['chat.tools.terminal.autoApprove'];
  const terminal = Object.fromEntries(capped(Object.entries(terminalRaw !== null && typeof terminalRaw === 'object' ? terminalRaw : {}))) as Record<string, unknown>;
  const terminalOff = settings['chat.tools.terminal.enableAutoApprove'] === false;
  // `chat.tools.edits.autoApprove` maps globs to true: edits there land unasked, so an approved test
  // or build command runs what the agent just wrote.
  const edits = settings['chat.tools.edits.autoApprove'];
  const editsApproved = globalKey !== undefined || (edits !== null && typeof edits === 'object' && Object.values(edits).some((v) => v === true));
  const probes: Partial<Record<ProbeId, ProbeOutcome>> = {};
  for (const p of SHELL_PROBES) probes[p.id] = globalKey ? 'allow' : terminalOff ? 'ask' : terminalOutcome(terminal, p.command);
  const servers = mcpServers(mcpFile, globalKey !== undefined);
  if (servers.some((s) => s.destructive)) probes['mcp-destructive-tool'] = globalKey ? 'allow' : 'ask';
  let gateLocation: Location | undefined;
  if (globalKey) {
    gateLocation = loc(globalKey);
    report('agent/vscode-auto-approve', gateLocation, {
      message: `${globalKey}: true makes Copilot agent mode approve every tool call, so any terminal command (${SHELL_PROBES.slice(0, 3).map((p) => p.id).join(', ')} and more) and every MCP tool runs without asking. Remove it and approve read-only commands individually.`,
      severity: 'critical',
      properties: { tool: 'vscode-copilot', probesAllowed: Object.keys(probes) },
    });
  } else if (!terminalOff) {
    // Every entry is asked about the same candidate commands: each command's outcome is worked out once.
    const outcomes = new Map<string, ProbeOutcome>();
    const outcome = (command: string): ProbeOutcome => outcomes.get(command) ?? (outcomes.set(command, terminalOutcome(terminal, command)).get(command) as ProbeOutcome);
    for (const [key, value] of Object.entries(terminal)) {
      if (!approves(value)) continue;
      const regex = /^\/.*\/[a-z]*$/.test(key);
      const found = entryOpenings({ prefix: regex ? '' : key, open: true, editsApproved }, (command) => terminalRuleMatches(key, command) && outcome(command) === 'allow');
      if (found.length === 0) continue;
      openProbes(probes, found);
      const at = loc('chat.tools.terminal.autoApprove', key);
      gateLocation ??= at;
      report('agent/vscode-auto-approve', at, {
        message: `chat.tools.terminal.autoApprove entry "${key}" ${describeOpenings(found)}. Keep auto-approval to read-only commands and add false entries for what this one opens.`,
        severity: openingSeverity(found),
        properties: { tool: 'vscode-copilot', opens: openingKinds(found), example: found[0]?.command },
      });
    }
  }
  if (!gateLocation) return;
  fact({
    kind: 'agent-surface',
    id: `vscode-copilot:${file.path}`,
    tool: 'vscode-copilot',
    runsIn: 'workspace',
    gate: gateOf(probes),
    probes,
    gateLocation,
    layer: 'workspace',
    shell: true,
    network: true,
    sandboxed: settings['chat.agent.sandbox.enabled'] === true,
    mcpServers: servers,
    ruleId: 'agent/vscode-auto-approve',
  });
}

export default defineDetector({
  id: 'agents/vscode',
  projectFiles: ['**/.vscode/settings.json', '**/*.code-workspace', '**/.vscode/mcp.json'],
  rules: {
    'agent/vscode-auto-approve': {
      title: 'VS Code agent mode approves tools or terminal commands without asking',
      severity: 'high',
      precision: 'high',
      help: [
        'Workspace settings turn off Copilot agent approvals: `chat.tools.global.autoApprove: true` approves every tool call in every workspace ("YOLO", critical), and `chat.tools.terminal.autoApprove` entries set to `true` run matching terminal commands unasked. An entry covers every command that starts with it: `"/.*/": true` is all of them, `"bash": true`, `"python3": true`, `"npx": true`, `"env": true` or `"xargs": true` run any command, `"rm": true`, `"git push": true` or `"curl": true` destroy. With `chat.tools.edits.autoApprove` also on, `"npm test": true` runs whatever the agent just wrote. Each entry is reported where it stands, with the worst command it lets through.',
        '',
        '**Fix:** remove `chat.tools.global.autoApprove`, keep `chat.tools.terminal.autoApprove` to read-only commands (`"git status": true`), add explicit `false` entries for `rm`, `railway`, `terraform`, `kubectl`, `psql`, and leave `chat.tools.terminal.ignoreDefaultAutoApproveRules` off.',
      ].join('\n'),
    },
  },
  checkProject(ctx: ProjectContext) {
    for (const file of ctx.files(['**/.vscode/settings.json', '**/*.code-workspace'])) {
      if (file.root !== 'repo') continue;
      const dir = file.path.endsWith('.code-workspace') ? file.path.slice(0, file.path.lastIndexOf('/') + 1) : file.path.slice(0, -'settings.json'.length);
      checkSettings(ctx, file, ctx.file('repo', file.path.endsWith('.code-workspace') ? `${dir}.vscode/mcp.json` : `${dir}mcp.json`));
    }
  },
});
