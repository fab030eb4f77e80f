// OpenAI Codex CLI `config.toml` (project `.codex/config.toml`, user `~/.codex/config.toml`):
// `approval_policy = "never"` means Codex never asks before running a command, and
// `sandbox_mode = "danger-full-access"` removes the OS boundary, so any command the model invents
// runs unreviewed with the user's rights (agent-configs.md §4.2; openai/codex AskForApproval).
// Under `workspace-write` the sandbox still blocks writes outside the workspace and, by default,
// the network, so only the workspace-local probes pass. Profiles are checked too: a `yolo`
// profile is one `--profile` flag away.

import type { AgentSurfaceFact, ProbeId, ProbeOutcome } from '../../src/engine/facts.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import { configDirs } from './layout.js';
import { defineDetector, type ProjectContext } from '../../src/engine/types.js';
import { describeMcpServer, gateOf, SHELL_PROBES, type McpEntry } from './probes.js';

interface Policy {
  approval?: string;
  sandbox?: string;
  network?: boolean;
}

type Toml = Record<string, unknown>;

const policyOf = (t: Toml | undefined): Policy => {
  const sww = t?.sandbox_workspace_write as Toml | undefined;
  return {
    ...(typeof t?.approval_policy === 'string' ? { approval: t.approval_policy } : {}),
    ...(typeof t?.sandbox_mode === 'string' ? { sandbox: t.sandbox_mode } : {}),
    ...(typeof sww?.network_access === 'boolean' ? { network: sww.network_access } : {}),
  };
};

/** Probes that need the network or files outside the workspace fail inside workspace-write. */
const NEEDS_OUTSIDE = new Set<ProbeId>(['drop-database', 'terraform-destroy', 'kubectl-delete', 'railway-volume-delete', 'curl-graphql-delete', 'gh-repo-delete', 'aws-s3-rb', 'git-push-force']);

export function codexProbes(p: Policy): Partial<Record<ProbeId, ProbeOutcome>> {
  const approval = p.approval ?? 'on-request';
  const sandbox = p.sandbox ?? 'workspace-write';
  const probes: Partial<Record<ProbeId, ProbeOutcome>> = {};
  for (const probe of SHELL_PROBES) {
    if (approval !== 'never') probes[probe.id] = 'ask';
    else if (sandbox === 'danger-full-access') probes[probe.id] = 'allow';
    else if (sandbox === 'read-only') probes[probe.id] = 'deny';
    else probes[probe.id] = NEEDS_OUTSIDE.has(probe.id) && !p.network ? 'deny' : 'allow';
  }
  return probes;
}

function checkCodex(ctx: ProjectContext): void {
  for (const dir of configDirs(ctx, ['.codex/config.toml'])) checkCodexDir(ctx, dir);
}

function checkCodexDir(ctx: ProjectContext, dir: string): void {
  const layers = [
    { layer: 'user', file: dir === '' ? ctx.file('home', '.codex/config.toml') : undefined },
    { layer: 'project', file: ctx.file('repo', `${dir}.codex/config.toml`) },
  ].filter((l): l is { layer: string; file: SourceFile } => l.file !== undefined && l.file.toml().value !== undefined);
  if (layers.length === 0) return;
  // Project config overrides user config key by key (closest wins).
  let effective: Policy = {};
  const origin: Record<keyof Policy, { layer: string; file: SourceFile } | undefined> = { approval: undefined, sandbox: undefined, network: undefined };
  for (const l of layers) {
    const p = policyOf(l.file.toml().value);
    for (const k of Object.keys(p) as (keyof Policy)[]) origin[k] = l;
    effective = { ...effective, ...p };
  }
  const probes = codexProbes(effective);
  const open = (Object.entries(probes) as [ProbeId, ProbeOutcome][]).filter(([, o]) => o === 'allow').map(([id]) => id);
  const src = origin.approval ?? layers[layers.length - 1];
  const gateLocation = origin.approval ? origin.approval.file.tomlLocation(['approval_policy']) : (src as { file: SourceFile }).file.at(1);
  if (effective.approval === 'never' && open.length > 0 && origin.approval) {
    const full = effective.sandbox === 'danger-full-access';
    ctx.report('agent/codex-approvals-disabled', gateLocation, {
      message: `Codex ${origin.approval.layer} config sets approval_policy = "never"${full ? ' with sandbox_mode = "danger-full-access"' : ''}: ${open.join(', ')} run without asking${full ? ', with no OS sandbox' : ' inside the workspace sandbox'}. Use approval_policy = "on-request" (or "untrusted") and keep sandbox_mode = "workspace-write".`,
      severity: full ? 'critical' : 'high',
      properties: { tool: 'codex', layer: origin.approval.layer, probesAllowed: open },
    });
  }
  for (const l of layers) {
    const profiles = (l.file.toml().value?.profiles ?? {}) as Record<string, Toml>;
    for (const [name, profile] of Object.entries(profiles)) {
      const p = { ...effective, ...policyOf(profile) };
      if (p.approval !== 'never' || p.sandbox !== 'danger-full-access' || (effective.approval === 'never' && effective.sandbox === 'danger-full-access')) continue;
      ctx.report('agent/codex-approvals-disabled', l.file.tomlLocation(['profiles', name, 'approval_policy']), {
        message: `Codex profile "${name}" in the ${l.layer} config turns approvals off and the sandbox off: \`codex --profile ${name}\` runs any command unasked with the user's full rights. Remove the profile or give it approval_policy = "on-request".`,
        severity: 'medium',
        confidence: 'medium',
        key: `profile:${name}`,
        properties: { tool: 'codex', layer: l.layer, profile: name },
      });
    }
  }
  const servers = layers.flatMap((l) =>
    Object.entries((l.file.toml().value?.mcp_servers ?? {}) as Record<string, Omit<McpEntry, 'name'> & { default_tools_approval_mode?: string }>).map(([name, e]) =>
      describeMcpServer({ ...e, name }, l.file.tomlLocation(['mcp_servers', name]), e.default_tools_approval_mode === 'approve' || effective.approval === 'never'),
    ),
  );
  const fact: AgentSurfaceFact = {
    kind: 'agent-surface',
    id: `codex:${dir || 'workspace'}`,
    ...(dir ? { workspace: dir } : {}),
    tool: 'codex',
    runsIn: 'workspace',
    gate: gateOf(probes),
    probes,
    gateLocation,
    layer: src?.layer ?? 'project',
    shell: true,
    network: effective.sandbox === 'danger-full-access' || effective.network === true,
    sandboxed: effective.sandbox !== 'danger-full-access',
    mcpServers: servers,
    ...(effective.approval === 'never' ? { ruleId: 'agent/codex-approvals-disabled' } : {}),
  };
  ctx.fact(fact);
}

export default defineDetector({
  id: 'agents/codex',
  projectFiles: ['**/.codex/config.toml', '~/.codex/config.toml'],
  rules: {
    'agent/codex-approvals-disabled': {
      title: 'Codex never asks before running commands',
      severity: 'high',
      precision: 'high',
      help: [
        '`approval_policy = "never"` makes Codex run every command it decides on without asking. With `sandbox_mode = "danger-full-access"` nothing else stands between the model and the machine: deleting volumes, dropping databases and force-pushing all run unreviewed with the user\'s credentials. A profile with the same settings is one `--profile` flag away.',
        '',
        '**Fix:** set `approval_policy = "on-request"` (or `"untrusted"`), keep `sandbox_mode = "workspace-write"` with `[sandbox_workspace_write] network_access = false`, and have administrators forbid `never` and `danger-full-access` in `requirements.toml`.',
      ].join('\n'),
    },
  },
  checkProject: checkCodex,
});
