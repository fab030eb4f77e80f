// Per-server MCP auto-approval lists in the extension and IDE formats that keep them beside the
// server (agent-configs.md §8, §15, §16): Roo Code `alwaysAllow` (`.roo/mcp.json`, its global
// `mcp_settings.json`), Cline `autoApprove` (`cline_mcp_settings.json`) and Kiro `autoApprove`
// (`.kiro/settings/mcp.json`). A server with destructive tools whose list holds `*` or a tool that
// writes or deletes calls that tool unasked, with the credentials in its `env`. The key names are
// widely used in public configs but not verified against the tools' sources, so findings carry
// low confidence.

import type { McpServerReach } from '../../src/engine/facts.js';
import { defineDetector, type FileContext } from '../../src/engine/types.js';
import { describeMcpServer, workspaceSurface, WRITE_TOOL, type McpEntry } from './probes.js';

const FILES = [
  '.roo/mcp.json',
  '~/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json',
  '~/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
  '~/.cline/data/settings/cline_mcp_settings.json',
  '.kiro/settings/mcp.json',
  '~/.kiro/settings/mcp.json',
];

const toolOf = (path: string): string => (path.includes('kiro') ? 'kiro' : path.includes('claude-dev') || path.includes('.cline') ? 'cline' : 'roo-code');

function check({ file, report, fact }: FileContext): void {
  const value = file.json().value as { mcpServers?: Record<string, unknown> } | undefined;
  const tool = toolOf(file.path);
  const servers: McpServerReach[] = [];
  let opened: McpServerReach | undefined;
  for (const [name, raw] of Object.entries(value?.mcpServers ?? {})) {
    if (raw === null || typeof raw !== 'object') continue;
    const entry = raw as Omit<McpEntry, 'name'> & { alwaysAllow?: unknown; autoApprove?: unknown; disabled?: unknown };
    if (entry.disabled === true) continue;
    const key = Array.isArray(entry.alwaysAllow) ? 'alwaysAllow' : 'autoApprove';
    const list = (Array.isArray(entry[key]) ? (entry[key] as unknown[]) : []).filter((t): t is string => typeof t === 'string');
    const writes = list.filter((t) => t === '*' || WRITE_TOOL.test(t));
    const reach = describeMcpServer({ ...entry, name }, file.jsonLocation(['mcpServers', name, ...(list.length ? [key] : [])]), writes.length > 0);
    servers.push(reach);
    if (!reach.destructive || writes.length === 0) continue;
    opened ??= reach;
    report('agent/mcp-tools-auto-approved', reach.location, {
      message: `${tool} calls ${writes.map((t) => `"${t}"`).join(', ')} of the MCP server "${name}" (${reach.server}) without asking${reach.env.length ? `, with ${reach.env.join(', ')} in its env` : ''}: a destructive ${reach.platform ?? ''} action runs unreviewed. Keep only read-only tools in ${key}.`,
      confidence: 'low',
      key: `${tool}:${name}`,
      properties: { tool, server: name, tools: writes },
    });
  }
  if (servers.length === 0) return;
  const probes = servers.some((s) => s.destructive) ? { 'mcp-destructive-tool': opened ? ('allow' as const) : ('ask' as const) } : {};
  fact({ ...workspaceSurface(tool, probes, opened?.location ?? file.at(1), file.root === 'home' ? 'user' : 'project', servers, opened ? 'agent/mcp-tools-auto-approved' : undefined), id: `${tool}:${file.root}:${file.path}`, shell: false });
}

export default defineDetector({
  id: 'agents/mcp-auto-approve',
  files: FILES,
  rules: {
    'agent/mcp-tools-auto-approved': {
      title: 'MCP server\'s destructive tools approved in advance',
      severity: 'high',
      precision: 'medium',
      help: [
        'Roo Code (`alwaysAllow`), Cline and Kiro (`autoApprove`) keep a list of each MCP server\'s tools that run without asking. Listing `*` or a tool that deletes, writes or runs SQL for a server with destructive tools (Railway, Supabase, Neon, Postgres, Kubernetes, AWS, GitHub …) lets the agent call it unreviewed with the credentials in the server\'s `env`.',
        '',
        '**Fix:** keep only read-only tools (`list_*`, `get_*`) in the list, start the server in its read-only mode where it has one, and keep its token project-scoped.',
      ].join('\n'),
    },
  },
  check,
});
