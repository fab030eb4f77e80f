// The chain stage: joins the facts of the three families into the incident as one finding.
// An agent that runs destructive actions unasked, a credential it can actually reach that can
// delete resources on the platform hosting a data store of this repository, and whether that
// store's backups die with it. "Can reach" is concrete (product.md, issue #6): the credential is
// in a file of the agent's workspace, in the env of an MCP server the agent starts, or in a home
// credential store when the agent's shell is not sandboxed.

import type { AgentSurfaceFact, BackupFact, CredentialFact, DataStoreFact, Fact, ScopeVerdict } from '../../src/engine/facts.js';
import { defineDetector, type CorrelationContext, type RelatedLocation, type Severity } from '../../src/engine/types.js';
import { classifyVariableName } from '../tokens/catalog.js';

const where = (f: { location: { root: string; path: string; line: number } }): string => `${f.location.root === 'home' ? '~/' : ''}${f.location.path}:${f.location.line}`;

const TOOL_NAMES: Record<string, string> = { 'claude-code': 'Claude Code', codex: 'Codex', 'gemini-cli': 'Gemini CLI', cursor: 'Cursor' };
const toolName = (a: AgentSurfaceFact): string => TOOL_NAMES[a.tool] ?? a.tool;

/** Whether the agent can use this credential, and how. */
export function reachVia(agent: AgentSurfaceFact, credential: CredentialFact): string | undefined {
  if (agent.runsIn !== 'workspace') return undefined;
  const shellOpen = agent.shell && agent.gate !== 'gated';
  if (credential.reach === 'mcp-env') {
    const server = agent.mcpServers.find((s) => s.name === credential.holder);
    if (server) return `it starts the MCP server "${server.name}" with it in its env`;
    return shellOpen && credential.location.root === 'repo' ? `it can read ${where(credential)} from the shell` : undefined;
  }
  if (!shellOpen) return undefined;
  if (credential.reach === 'home-store') return agent.sandboxed ? undefined : `its unsandboxed shell can read ${where(credential)}`;
  // An agent started in a package works in that package: files elsewhere in the repository ask first.
  if (credential.location.root === 'repo' && agent.workspace && !credential.location.path.startsWith(agent.workspace)) return undefined;
  if (credential.reach === 'git-history') return `it can run \`git log -p\` and read ${where(credential)} as committed in ${credential.holder ?? 'history'}`;
  if (credential.location.root === 'repo') return `it can read ${where(credential)} in the workspace`;
  return undefined;
}

const SEVERITY: Partial<Record<ScopeVerdict, Severity>> = { BROAD: 'critical', 'PROJECT-DESTRUCTIVE': 'high', UNKNOWN: 'high' };

function backupsOf(store: DataStoreFact, facts: readonly Fact[]): { colocated: BackupFact[]; offsite: BackupFact[] } {
  const all = facts.filter((f): f is BackupFact => f.kind === 'backup' && f.storeId === store.id);
  return { colocated: all.filter((b) => !b.leavesBlastRadius), offsite: all.filter((b) => b.leavesBlastRadius) };
}

function openProbes(agent: AgentSurfaceFact): string[] {
  return Object.entries(agent.probes).filter(([, o]) => o === 'allow').map(([id]) => id);
}

/** CI agent steps outsiders can trigger while they hold a destructive secret. */
function correlateCi(ctx: CorrelationContext): void {
  for (const agent of ctx.facts) {
    if (agent.kind !== 'agent-surface' || agent.runsIn !== 'ci' || !agent.ci?.untrustedTrigger) continue;
    for (const secret of agent.ci.secrets) {
      const cls = classifyVariableName(secret);
      if (!cls || !cls.destructive || cls.scope === 'NARROW') continue;
      const severity: Severity = cls.scope === 'BROAD' && agent.gate !== 'gated' ? 'critical' : agent.gate !== 'gated' || cls.scope === 'BROAD' ? 'high' : 'medium';
      const trigger = agent.ci.triggers.join(', ');
      const steps: RelatedLocation[] = [
        { location: agent.gateLocation, message: `an outside user triggers ${agent.ci.workflow} job "${agent.ci.job}" (${trigger}) and writes the prompt` },
        { location: agent.gateLocation, message: agent.gate === 'gated' ? `${agent.tool.replace(/^ci:/, '')} runs with its default tool allowlist` : `${agent.tool.replace(/^ci:/, '')} runs any command without approval` },
        { location: agent.gateLocation, message: `the step's environment holds secrets.${secret}: a ${cls.provider} credential of scope ${cls.scope} that can destroy resources` },
      ];
      ctx.report('chain/ci-agent-untrusted-credential', agent.gateLocation, {
        message: `Anyone who can ${trigger.includes('comment') ? 'comment' : 'open an issue or pull request'} can steer the ${agent.tool.replace(/^ci:/, '')} agent in job "${agent.ci.job}", which holds secrets.${secret} (${cls.provider}, ${cls.scope}). Cheapest link to break: remove that secret from the agent job, or restrict the trigger to trusted authors.`,
        severity,
        steps,
        key: `${agent.id}|${secret}`,
        properties: { agent: agent.tool, secret, provider: cls.provider, scope: cls.scope },
      });
    }
  }
}

/**
 * The most chains reported from one agent surface. Each is a full path; past a handful they say the
 * same thing, and a tree built to multiply agents, tokens and stores must not multiply the report.
 */
const MAX_CHAINS_PER_AGENT = 25;

function correlate(ctx: CorrelationContext): void {
  correlateCi(ctx);
  const perAgent = new Map<string, number>();
  const capped = new Set<string>();
  const report = ctx.report;
  const wrapped: CorrelationContext = {
    ...ctx,
    report: (ruleId, location, input) => {
      const agent = (input.properties?.agentId as string | undefined) ?? '';
      const n = (perAgent.get(agent) ?? 0) + 1;
      perAgent.set(agent, n);
      if (n <= MAX_CHAINS_PER_AGENT) report(ruleId, location, input);
      else capped.add(agent);
    },
  };
  correlateWorkspace(wrapped, (agentId) => (perAgent.get(agentId) ?? 0) > MAX_CHAINS_PER_AGENT);
  for (const agent of capped) {
    ctx.notify({ level: 'note', id: 'chains-capped', message: `agent ${agent}: ${(perAgent.get(agent) ?? 0) - MAX_CHAINS_PER_AGENT} more chain finding(s) not listed; the first ${MAX_CHAINS_PER_AGENT} show its reach` });
  }
}

function correlateWorkspace(ctx: CorrelationContext, full: (agentId: string) => boolean): void {
  const agents = ctx.facts.filter((f): f is AgentSurfaceFact => f.kind === 'agent-surface' && f.gate !== 'gated');
  const credentials = ctx.facts.filter((f): f is CredentialFact => f.kind === 'credential' && f.destructive && SEVERITY[f.scope] !== undefined);
  const stores = ctx.facts.filter((f): f is DataStoreFact => f.kind === 'data-store');
  const seen = new Set<string>();
  for (const agent of agents) {
    for (const credential of credentials) {
      // Past the cap the rest would only be counted: a tree of thousands of tokens stops here.
      if (full(agent.id)) break;
      const via = reachVia(agent, credential);
      if (!via) continue;
      const viaMcp = credential.reach === 'mcp-env' && agent.mcpServers.find((s) => s.name === credential.holder);
      for (const store of stores.filter((s) => s.platform === credential.provider)) {
        const key = `${agent.id}|${where(credential)}|${store.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const { colocated, offsite } = backupsOf(store, ctx.facts);
        // A superuser database URL drops the data but not the platform's volume snapshots.
        const dropsDataOnly = credential.tokenKind === 'database-superuser-url';
        const backupsDie = offsite.length === 0 && !dropsDataOnly;
        const base = SEVERITY[credential.scope] as Severity;
        const severity: Severity = dropsDataOnly ? base : backupsDie ? (credential.scope === 'UNKNOWN' ? 'high' : base) : base === 'critical' ? 'high' : 'medium';
        const probes = openProbes(agent);
        const gate = viaMcp ? `${toolName(agent)} calls the "${viaMcp.name}" MCP server's tools without asking` : `${toolName(agent)} runs ${probes.slice(0, 3).join(', ')}${probes.length > 3 ? ' and more' : ''} without asking`;
        const backupClause = dropsDataOnly
          ? '(volume backups would survive a DROP, but the data is gone until someone restores it)'
          : backupsDie
          ? colocated.length > 0
            ? `and its backups (${colocated.map((b) => b.description).join('; ')}) go with it`
            : 'and nothing copies it out of that blast radius'
          : `(an off-site backup survives: ${offsite[0]?.description})`;
        const fix = credential.scope === 'BROAD'
          ? `Cheapest link to break: replace the ${credential.provider} credential with a project-scoped one kept outside the workspace${backupsDie ? ', then add an off-site backup' : ''}.`
          : `Cheapest link to break: keep the credential out of the agent's reach, or add deny rules for destructive commands.`;
        const steps: RelatedLocation[] = [
          { location: agent.gateLocation, message: `${gate} (${agent.layer} settings)` },
          { location: credential.location, message: `${via}: ${credential.redacted}${credential.variable ? ` in ${credential.variable}` : ''}, scope ${credential.scope} (${credential.reason})` },
          { location: store.location, message: `that credential can delete ${store.name}, stored in ${store.container.name}` },
        ];
        for (const b of dropsDataOnly ? [] : backupsDie ? colocated : offsite) {
          steps.push({ location: b.location, message: b.leavesBlastRadius ? `${b.description}: outside the blast radius, it survives` : `${b.description}: kept in ${b.container.name}, deleted with it` });
        }
        ctx.report('chain/agent-credential-data-store', agent.gateLocation, {
          // A token found only in history may have been revoked since: the path holds, less surely.
          ...(credential.reach === 'git-history' ? { confidence: 'medium' as const } : {}),
          message: `${gate}, ${via}, and that ${credential.scope === 'BROAD' ? 'account-wide ' : ''}${credential.provider} credential can destroy ${store.name} ${backupClause}. ${fix}`,
          severity,
          related: steps.slice(1),
          steps,
          key: key,
          properties: { agent: agent.tool, agentId: agent.id, credentialScope: credential.scope, provider: credential.provider, store: store.id, backupsSurvive: !backupsDie },
        });
      }
      if (viaMcp && viaMcp.destructive && viaMcp.autoApproved) {
        const key = `${agent.id}|mcp|${viaMcp.name}|${where(credential)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const steps: RelatedLocation[] = [
          { location: agent.gateLocation, message: `${toolName(agent)} approves the "${viaMcp.name}" MCP server's tools without asking` },
          { location: viaMcp.location, message: `"${viaMcp.name}" (${viaMcp.server}) exposes destructive ${viaMcp.platform ?? ''} tools and no read-only switch is set` },
          { location: credential.location, message: `it runs with ${credential.redacted}${credential.variable ? ` in ${credential.variable}` : ''}, scope ${credential.scope}` },
        ];
        ctx.report('chain/agent-destructive-mcp-credential', agent.gateLocation, {
          message: `${toolName(agent)} calls the destructive "${viaMcp.name}" MCP server without asking, and the server carries a ${credential.scope} ${credential.provider} credential: any delete tool it exposes runs unreviewed. Cheapest link to break: start the server read-only or scope its token to one project, and require approval for its tools.`,
          severity: credential.scope === 'BROAD' ? 'critical' : 'high',
          related: steps.slice(1),
          steps,
          key,
          properties: { agent: agent.tool, agentId: agent.id, server: viaMcp.name, credentialScope: credential.scope },
        });
      }
    }
  }
}

export default defineDetector({
  id: 'chains/incident-path',
  rules: {
    'chain/agent-credential-data-store': {
      title: 'Ungated agent can reach a credential that can destroy a data store and its backups',
      severity: 'critical',
      precision: 'high',
      help: [
        'The whole incident in one finding: an agent runs destructive commands without asking, it can reach a credential (a file in its workspace, the env of an MCP server it starts, or a CLI login in `~` when its shell is not sandboxed), and that credential can delete a data store this repository uses on the same platform.',
        '',
        'Severity: critical for an account- or team-wide credential when the store\'s backups die with it, high when an off-site backup survives; high for a project-destructive credential (a superuser database URL) or one of unknown scope, medium for those when an off-site backup survives. A gated agent or a narrow credential makes no chain.',
        '',
        '**Fix the cheapest link:** gate the agent (deny or ask rules for destructive commands), narrow the credential to one project and move it out of the workspace, or add a backup outside the platform. Breaking any one link removes the chain.',
      ].join('\n'),
    },
    'chain/ci-agent-untrusted-credential': {
      title: 'CI agent that outsiders can trigger holds a destructive credential',
      severity: 'critical',
      precision: 'medium',
      help: [
        'A workflow runs a coding agent on events outside users control (issue comments, issues, `pull_request_target`) with no author restriction, and passes it a secret that can destroy resources (`RAILWAY_API_TOKEN`, AWS keys, a cloud or database token). A crafted comment is a prompt injection with that credential in reach. Critical when the agent is also ungated and the secret account-wide; high otherwise.',
        '',
        '**Fix:** do not pass deploy or cloud secrets to agent jobs; restrict the job with `if:` on `author_association`; run destructive automation in a separate job that the agent cannot start.',
      ].join('\n'),
    },
    'chain/agent-destructive-mcp-credential': {
      title: 'Ungated agent runs a destructive MCP server that carries its own credential',
      severity: 'high',
      precision: 'high',
      help: [
        'An agent approves every tool of an MCP server (Railway, Supabase, Neon, GitHub, Kubernetes, AWS, Postgres …) without asking, the server has destructive tools and no read-only switch, and its `env` carries a credential that can destroy resources. Any delete tool the model picks runs unreviewed.',
        '',
        '**Fix:** start the server in read-only mode where it has one, give it a project-scoped token, and require approval for its tools (remove `enableAllProjectMcpServers`, or add `permissions.ask` / `deny` rules such as `"mcp__railway__*"`).',
      ].join('\n'),
    },
  },
  correlate,
});
