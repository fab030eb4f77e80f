// Typed facts the detectors emit and the chain stage joins. A fact states what exists (an agent
// surface and its gate, a credential and its scope, a data store and where its backups live),
// never a verdict about the combination: that is the chain stage's job.

import type { Location } from './types.js';

/** Scope verdicts from tokens.md: how much a credential can destroy. */
export type ScopeVerdict = 'BROAD' | 'PROJECT-DESTRUCTIVE' | 'NARROW' | 'UNKNOWN';

/**
 * Where a credential sits, which decides who can reach it:
 * - `workspace-file`: a file inside the scanned repository (an agent working there can read it);
 * - `home-store`: a CLI credential store or login file under the audited home directory;
 * - `mcp-env`: the `env` block of an MCP server an agent starts (`holder` names the server);
 * - `ci-env`: the environment of a CI job or step (`holder` names workflow and job);
 * - `container-env`: the environment of a compose service or Kubernetes workload;
 * - `git-history`: a blob in the repository's history (`holder` names the commit), gone from the
 *   tree but readable by anything that can run `git log -p`.
 */
export type CredentialReach = 'workspace-file' | 'home-store' | 'mcp-env' | 'ci-env' | 'container-env' | 'git-history';

export interface CredentialFact {
  kind: 'credential';
  /** Provider id as in the catalog, lower-case: `railway`, `github`, `aws`, … */
  provider: string;
  /** Catalog row id, e.g. `railway-account-token`. */
  tokenKind: string;
  scope: ScopeVerdict;
  /** Whether this kind of credential can delete resources at all. */
  destructive: boolean;
  /** Why the verdict, in words, e.g. "RAILWAY_API_TOKEN is an account or team token". */
  reason: string;
  /** Variable or key name that held it, when there is one. */
  variable?: string;
  /** Redacted form (first 4 characters + … + length). Never the value. */
  redacted: string;
  reach: CredentialReach;
  /** For mcp-env: the server name; for ci-env: `workflow#job`; for container-env: the service. */
  holder?: string;
  /** The rule id of the finding reported for this credential, if any. */
  ruleId?: string;
  location: Location;
}

/** A deletable thing that contains data or backups, from smallest to largest. */
export type ContainerType =
  | 'directory'
  | 'volume'
  | 'pvc'
  | 'disk'
  | 'host'
  | 'compose-project'
  | 'namespace'
  | 'cluster'
  | 'service'
  | 'app'
  | 'project'
  | 'bucket'
  | 'database-instance'
  | 'account'
  | 'region'
  | 'terraform-root'
  | 'off-site';

export interface Container {
  type: ContainerType;
  /** Human-readable name: `volume pgdata`, `Railway project`, `s3://acme-backups`. */
  name: string;
  /** Platform that owns and can delete it: `docker`, `kubernetes`, `railway`, `aws`, … */
  platform: string;
}

export interface DataStoreFact {
  kind: 'data-store';
  /** Stable id within the scan, e.g. `compose:docker-compose.yml#db`. */
  id: string;
  /** Hosting platform whose API or CLI can delete it: `railway`, `aws`, `docker`, `kubernetes`, … */
  platform: string;
  /** Database or storage engine: `postgres`, `mysql`, `mongodb`, `redis`, `sqlite`, … */
  engine?: string;
  name: string;
  container: Container;
  location: Location;
}

export interface BackupFact {
  kind: 'backup';
  /** The data store it protects (`DataStoreFact.id`). */
  storeId: string;
  /** e.g. "pg_dump sidecar writing to /var/lib/postgresql/data/backups", "Railway volume backups". */
  description: string;
  container: Container;
  /** True when it survives deleting the data's container (another account, region, provider). */
  leavesBlastRadius: boolean;
  /** The rule id of the co-location finding reported for it, if any. */
  ruleId?: string;
  location: Location;
}

/** The outcome of asking a tool's effective policy whether a destructive action would run. */
export type ProbeOutcome = 'allow' | 'ask' | 'deny';

/** Fixed destructive probes every agent policy is asked about (the command model's vocabulary). */
export type { ProbeId } from '../policy/probes.js';
import type { ProbeId } from '../policy/probes.js';

export interface McpServerReach {
  name: string;
  /** Package, image or URL that identifies the server. */
  server: string;
  /** Platform the server acts on when known: `railway`, `supabase`, `github`, `postgres`, … */
  platform?: string;
  /** The server exposes tools that delete or overwrite (and no read-only switch is set). */
  destructive: boolean;
  readOnly: boolean;
  /** Tool calls to this server run without asking. */
  autoApproved: boolean;
  /** Names of env variables passed to the server (values are credential facts with reach `mcp-env`). */
  env: string[];
  location: Location;
}

export interface AgentSurfaceFact {
  kind: 'agent-surface';
  /** Stable id, e.g. `claude-code:repo`, `ci:.github/workflows/agent.yml#triage`. */
  id: string;
  /** `claude-code`, `codex`, `gemini-cli`, `cursor`, `vscode-copilot`, `opencode`, `ci:claude-code-action`, `sdk:claude-agent-sdk`, … */
  tool: string;
  /** Where it runs: on a developer machine against this workspace, or in CI. */
  runsIn: 'workspace' | 'ci' | 'sdk';
  /**
   * The gate on destructive actions: `none` when some destructive probe runs unasked,
   * `partial` when only some do, `gated` when all of them ask or are denied.
   */
  gate: 'none' | 'partial' | 'gated';
  probes: Partial<Record<ProbeId, ProbeOutcome>>;
  /** The configuration line that opened the gate (or the tool's main config line when gated). */
  gateLocation: Location;
  /** Which settings layer opened it: `project`, `local`, `user`, `managed`, `ci-step`, `code`. */
  layer: string;
  /**
   * The repository folder the agent starts in when its config sits in a package of a monorepo
   * (`packages/api/`); its shell reads the workspace files under it. Absent: the whole repository.
   */
  workspace?: string;
  /** Can run shell commands (and so any CLI on PATH with the credentials of its environment). */
  shell: boolean;
  network: boolean;
  /** OS sandbox that keeps the shell away from files outside the workspace (and from `~`). */
  sandboxed: boolean;
  mcpServers: McpServerReach[];
  /** For CI agent steps: the workflow context. */
  ci?: {
    workflow: string;
    job: string;
    triggers: string[];
    /** Triggered by events untrusted users can cause (`issue_comment`, `pull_request_target`, …). */
    untrustedTrigger: boolean;
    /** Secret names passed to the step or job (`ANTHROPIC_API_KEY`, `RAILWAY_TOKEN`, …). */
    secrets: string[];
    permissions: Record<string, string> | 'write-all' | 'read-all' | 'default';
  };
  /** The rule id of the agent finding reported for this surface, if any. */
  ruleId?: string;
}

export type Fact = CredentialFact | DataStoreFact | BackupFact | AgentSurfaceFact;
