// What the agent detectors share about surfaces: the fixed probes (from src/policy/probes.ts),
// glob matching for rule patterns, the gate a set of probe outcomes makes, MCP server entries as
// facts (judged by src/policy/mcp-servers.ts), and the agent-surface facts themselves.

import type { AgentSurfaceFact, McpServerReach, ProbeId, ProbeOutcome } from '../../src/engine/facts.js';
import type { Location } from '../../src/engine/types.js';
import { judgeMcpServer } from '../../src/policy/mcp-servers.js';

export { MCP_PROBE_TOOL, SHELL_PROBES, type ShellProbe } from '../../src/policy/probes.js';
import { SHELL_PROBES } from '../../src/policy/probes.js';

/**
 * Glob match where `*` is any run of characters (and `?` one character, when asked). Patterns come
 * from repository files, so this is the two-pointer algorithm, O(pattern × text) at worst, rather
 * than a regex a pattern such as `*a*a*a*a*b` could make backtrack for minutes.
 */
export function wildcardMatch(pattern: string, text: string, question = false): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === text[t] || (question && pattern[p] === '?'))) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

export const probesThatRun = (probes: Partial<Record<ProbeId, ProbeOutcome>>): ProbeId[] =>
  (Object.entries(probes) as [ProbeId, ProbeOutcome][]).filter(([, o]) => o === 'allow').map(([id]) => id);

export function gateOf(probes: Partial<Record<ProbeId, ProbeOutcome>>): 'none' | 'partial' | 'gated' {
  const all = Object.values(probes);
  const open = all.filter((o) => o === 'allow').length;
  return open === 0 ? 'gated' : open === all.length ? 'none' : 'partial';
}

export interface McpEntry {
  name: string;
  command?: string;
  args?: readonly string[];
  url?: string;
  env?: Record<string, unknown>;
  headers?: Record<string, unknown>;
}

/** What an MCP server entry can do, judged by the command model's server table. */
export function describeMcpServer(entry: McpEntry, location: Location, autoApproved: boolean): McpServerReach {
  // Entries come from user files: any field may have any type.
  const args: unknown[] = Array.isArray(entry.args) ? entry.args : [];
  const envBlock = entry.env !== null && typeof entry.env === 'object' && !Array.isArray(entry.env) ? entry.env : {};
  const server = [entry.command, ...args, entry.url].filter((s): s is string => typeof s === 'string').join(' ');
  const verdict = judgeMcpServer(entry);
  return {
    name: entry.name,
    server: server || entry.name,
    ...(verdict.platform ? { platform: verdict.platform } : {}),
    destructive: verdict.destructive,
    readOnly: verdict.readOnly,
    autoApproved,
    env: Object.keys(envBlock),
    location,
  };
}

/** An agent surface on a developer machine with no OS sandbox: what most agent settings files describe. */
export function workspaceSurface(tool: string, probes: Partial<Record<ProbeId, ProbeOutcome>>, gateLocation: Location, layer: string, mcpServers: McpServerReach[], ruleId?: string): AgentSurfaceFact {
  return {
    kind: 'agent-surface',
    id: `${tool}:workspace`,
    tool,
    runsIn: 'workspace',
    gate: gateOf(probes),
    probes,
    gateLocation,
    layer,
    shell: true,
    network: true,
    sandboxed: false,
    mcpServers,
    ...(ruleId ? { ruleId } : {}),
  };
}

/** An agent built in code (an SDK call or tool definition): it can run a shell when the shell probes run. */
export function sdkSurface(id: string, tool: string, probes: Partial<Record<ProbeId, ProbeOutcome>>, at: Location, ruleId: string | undefined, servers: McpServerReach[] = []): AgentSurfaceFact {
  return {
    kind: 'agent-surface',
    id,
    tool,
    runsIn: 'sdk',
    gate: gateOf(probes),
    probes,
    gateLocation: at,
    layer: 'code',
    shell: probes['rm-rf-project'] === 'allow' && probes['terraform-destroy'] === 'allow',
    network: true,
    sandboxed: false,
    mcpServers: servers,
    ...(ruleId ? { ruleId } : {}),
  };
}

/** Every shell probe with one outcome. */
export const allShellProbes = (outcome: ProbeOutcome): Partial<Record<ProbeId, ProbeOutcome>> => Object.fromEntries(SHELL_PROBES.map((p) => [p.id, outcome]));

/** MCP tool names that write or delete; an approval list naming only read tools (`get_file_contents`) approves nothing destructive. */
export const WRITE_TOOL = /delete|drop|destroy|remove|purge|truncate|write|create|update|execute|exec|run|push|merge|deploy|apply|sql|query|mutation/i;
