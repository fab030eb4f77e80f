// The fixed destructive probes every agent policy is asked about (agent-configs.md §0): the
// concrete commands a finding names, and the vocabulary the chain stage joins on. Which probes an
// effect opens comes from the command model, so a rule that opens a shell opens them all.

import type { Effect } from './commands.js';

/** Fixed destructive probes every agent policy is asked about. */
export type ProbeId =
  | 'rm-rf-project'
  | 'drop-database'
  | 'terraform-destroy'
  | 'kubectl-delete'
  | 'railway-volume-delete'
  | 'curl-graphql-delete'
  | 'gh-repo-delete'
  | 'aws-s3-rb'
  | 'git-push-force'
  | 'platform-delete'
  | 'mcp-destructive-tool';

export type ShellProbeId = Exclude<ProbeId, 'mcp-destructive-tool'>;

export interface ShellProbe {
  id: ShellProbeId;
  command: string;
}

export const SHELL_PROBES: readonly ShellProbe[] = [
  { id: 'rm-rf-project', command: 'rm -rf .' },
  { id: 'drop-database', command: 'psql "$DATABASE_URL" -c "DROP DATABASE app"' },
  { id: 'terraform-destroy', command: 'terraform destroy -auto-approve' },
  { id: 'kubectl-delete', command: 'kubectl delete namespace production' },
  { id: 'railway-volume-delete', command: 'railway volume delete --volume pgdata' },
  { id: 'curl-graphql-delete', command: 'curl -X POST https://backboard.railway.com/graphql/v2 -d \'{"query":"mutation { volumeDelete(volumeId: \\"v\\") }"}\'' },
  { id: 'gh-repo-delete', command: 'gh repo delete acme/app --yes' },
  { id: 'aws-s3-rb', command: 'aws s3 rb s3://acme-backups --force' },
  { id: 'git-push-force', command: 'git push --force origin main' },
  { id: 'platform-delete', command: 'fly volumes destroy vol_pgdata --yes' },
];

/** A destructive MCP tool call, as Claude Code names tools: `mcp__<server>__<tool>`. */
export const MCP_PROBE_TOOL = 'volume_delete';

const BY_FAMILY: Partial<Record<Effect['family'], ShellProbeId[]>> = {
  filesystem: ['rm-rf-project'],
  database: ['drop-database'],
  migration: ['drop-database'],
  iac: ['terraform-destroy'],
  kubernetes: ['kubectl-delete'],
  http: ['curl-graphql-delete'],
  github: ['gh-repo-delete'],
  git: ['git-push-force'],
  docker: ['platform-delete'],
};

/** The probes an effect lets run: arbitrary execution runs every one of them. */
export function probesOpenedBy(effect: Effect): ShellProbeId[] {
  if (effect.capability === 'arbitrary-exec') return SHELL_PROBES.map((p) => p.id);
  if (effect.capability !== 'destructive') return [];
  if (effect.family === 'platform') return effect.platform === 'railway' ? ['railway-volume-delete'] : effect.platform === 'aws' ? ['aws-s3-rb'] : effect.platform === 'kubernetes' ? ['kubectl-delete'] : effect.platform === 'pulumi' || effect.platform === 'terraform' ? ['terraform-destroy'] : ['platform-delete'];
  return BY_FAMILY[effect.family] ?? [];
}
