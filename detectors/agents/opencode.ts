// OpenCode (`opencode.json` / `opencode.jsonc` at the project root or in `.opencode/`, user
// `~/.config/opencode/opencode.json`), agent-configs.md §12 and opencode.ai/docs/permissions:
// `permission` is "allow" | "ask" | "deny" for everything, or per tool (`bash`, `*` default), and a
// tool may take an object of wildcard patterns where the LAST matching rule wins, the opposite of
// Claude Code. `agent.<name>.permission` overrides the top level for that agent. MCP servers sit
// under `mcp` with an `environment` block.

import type { AgentSurfaceFact, ProbeId, ProbeOutcome } from '../../src/engine/facts.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import { configDirs } from './layout.js';
import { defineDetector, type Location, type ProjectContext } from '../../src/engine/types.js';
import { capped, describeOpenings, entryOpenings, openingKinds, openingSeverity, openProbes, wildcardQuery } from './openings.js';
import { describeMcpServer, gateOf, SHELL_PROBES, wildcardMatch } from './probes.js';

export interface PermissionRule {
  pattern: string;
  action: ProbeOutcome;
  location: Location;
}

const ACTIONS = new Set<string>(['allow', 'ask', 'deny']);

/** The `bash` rules a `permission` value gives, in evaluation order. */
export function bashRules(permission: unknown, at: (path: (string | number)[]) => Location, base: (string | number)[]): PermissionRule[] {
  if (typeof permission === 'string') return ACTIONS.has(permission) ? [{ pattern: '*', action: permission as ProbeOutcome, location: at(base) }] : [];
  if (permission === null || typeof permission !== 'object') return [];
  const p = permission as Record<string, unknown>;
  const rules: PermissionRule[] = [];
  if (typeof p['*'] === 'string' && ACTIONS.has(p['*'])) rules.push({ pattern: '*', action: p['*'] as ProbeOutcome, location: at([...base, '*']) });
  const bash = p.bash;
  if (typeof bash === 'string' && ACTIONS.has(bash)) rules.push({ pattern: '*', action: bash as ProbeOutcome, location: at([...base, 'bash']) });
  else if (bash !== null && typeof bash === 'object') {
    for (const [pattern, action] of capped(Object.entries(bash as Record<string, unknown>))) {
      if (typeof action === 'string' && ACTIONS.has(action)) rules.push({ pattern, action: action as ProbeOutcome, location: at([...base, 'bash', pattern]) });
    }
  }
  return rules;
}

/** Last matching rule wins; nothing matching means OpenCode asks (the documented default is not relied on). */
export function openCodeOutcome(rules: readonly PermissionRule[], command: string): { outcome: ProbeOutcome; rule?: PermissionRule } {
  let found: PermissionRule | undefined;
  for (const r of rules) if (wildcardMatch(r.pattern, command, true)) found = r;
  return found ? { outcome: found.action, rule: found } : { outcome: 'ask' };
}

const CONFIGS: { root: 'repo' | 'home'; path: string; layer: string }[] = [
  { root: 'home', path: '.config/opencode/opencode.json', layer: 'user' },
  { root: 'home', path: '.config/opencode/opencode.jsonc', layer: 'user' },
  { root: 'repo', path: 'opencode.json', layer: 'project' },
  { root: 'repo', path: 'opencode.jsonc', layer: 'project' },
  { root: 'repo', path: '.opencode/opencode.json', layer: 'project' },
  { root: 'repo', path: '.opencode/opencode.jsonc', layer: 'project' },
];

function checkOpenCode(ctx: ProjectContext): void {
  const repoPaths = CONFIGS.filter((c) => c.root === 'repo').map((c) => c.path);
  for (const dir of configDirs(ctx, repoPaths)) checkOpenCodeDir(ctx, dir);
}

function checkOpenCodeDir(ctx: ProjectContext, dir: string): void {
  const layers = CONFIGS.map((c) => ({ ...c, file: c.root === 'home' ? (dir === '' ? ctx.file('home', c.path) : undefined) : ctx.file('repo', `${dir}${c.path}`) })).filter(
    (l): l is typeof l & { file: SourceFile } => l.file !== undefined && l.file.json().errors.length === 0,
  );
  if (layers.length === 0) return;
  const top: PermissionRule[] = [];
  const agents = new Map<string, PermissionRule[]>();
  const servers: AgentSurfaceFact['mcpServers'] = [];
  let mcpAllowed = false;
  for (const l of layers) {
    const v = (l.file.json().value ?? {}) as Record<string, unknown>;
    const at = (path: (string | number)[]): Location => l.file.jsonLocation(path);
    const rules = bashRules(v.permission, at, ['permission']);
    top.push(...rules);
    const all = typeof v.permission === 'string' ? v.permission : (v.permission as Record<string, unknown> | undefined)?.['*'];
    if (all === 'allow') mcpAllowed = true;
    else if (all === 'ask' || all === 'deny') mcpAllowed = false;
    for (const [name, agent] of Object.entries((v.agent ?? {}) as Record<string, unknown>)) {
      const perm = (agent as { permission?: unknown } | null)?.permission;
      if (perm !== undefined) agents.set(name, [...(agents.get(name) ?? []), ...bashRules(perm, at, ['agent', name, 'permission'])]);
    }
    for (const [name, raw] of Object.entries((v.mcp ?? {}) as Record<string, unknown>)) {
      if (raw === null || typeof raw !== 'object') continue;
      const e = raw as { command?: unknown; url?: unknown; environment?: Record<string, unknown> };
      const command = Array.isArray(e.command) ? e.command.filter((x): x is string => typeof x === 'string') : [];
      servers.push(describeMcpServer({ name, ...(command[0] ? { command: command[0] } : {}), args: command.slice(1), ...(typeof e.url === 'string' ? { url: e.url } : {}), ...(e.environment ? { env: e.environment } : {}) }, at(['mcp', name]), mcpAllowed));
    }
  }
  const policies = [{ who: 'the default agent', key: 'top', rules: top, own: top }, ...[...agents].map(([name, rules]) => ({ who: `agent "${name}"`, key: `agent:${name}`, rules: [...top, ...rules], own: rules }))];
  const editsApproved = layers.some((l) => {
    const perm = (l.file.json().value as { permission?: unknown } | undefined)?.permission;
    return perm === 'allow' || (perm !== null && typeof perm === 'object' && ((perm as Record<string, unknown>).edit === 'allow' || (perm as Record<string, unknown>)['*'] === 'allow'));
  });
  // Any agent can be picked in the session, so a probe one agent runs unasked is open for the surface.
  const surfaceProbes: Partial<Record<ProbeId, ProbeOutcome>> = {};
  let opener: PermissionRule | undefined;
  for (const policy of policies) {
    for (const p of SHELL_PROBES) {
      const r = openCodeOutcome(policy.rules, p.command);
      if (surfaceProbes[p.id] !== 'allow') surfaceProbes[p.id] = r.outcome;
    }
    // Each allow rule of this agent's own, by what it reaches; the top level is reported once.
    for (const rule of policy.own) {
      if (rule.action !== 'allow') continue;
      const found = entryOpenings({ ...wildcardQuery(rule.pattern), editsApproved }, (command) => openCodeOutcome(policy.rules, command).rule === rule);
      if (found.length === 0) continue;
      openProbes(surfaceProbes, found);
      opener ??= rule;
      ctx.report('agent/opencode-bash-allowed', rule.location, {
        message: `OpenCode's ${rule.pattern === '*' ? 'permission' : `"${rule.pattern}": "allow"`} ${describeOpenings(found).replace('lets it run', `lets ${policy.who} run`)} (the last matching rule wins). Put "*": "ask" first, allow only read-only commands, and add denies such as "rm *": "deny", "railway *": "deny" after any broader allow.`,
        severity: openingSeverity(found),
        key: `${policy.key}:${rule.pattern}`,
        properties: { tool: 'opencode', agent: policy.key, opens: openingKinds(found), example: found[0]?.command },
      });
    }
  }
  if (servers.some((s) => s.destructive)) surfaceProbes['mcp-destructive-tool'] = servers.some((s) => s.destructive && s.autoApproved) ? 'allow' : 'ask';
  const main = layers[layers.length - 1] as (typeof layers)[number];
  ctx.fact({
    kind: 'agent-surface',
    id: `opencode:${dir || 'workspace'}`,
    ...(dir ? { workspace: dir } : {}),
    tool: 'opencode',
    runsIn: 'workspace',
    gate: gateOf(surfaceProbes),
    probes: surfaceProbes,
    gateLocation: opener?.location ?? main.file.at(1),
    layer: main.layer,
    shell: true,
    network: true,
    sandboxed: false,
    mcpServers: servers,
    ...(opener ? { ruleId: 'agent/opencode-bash-allowed' } : {}),
  });
}

export default defineDetector({
  id: 'agents/opencode',
  projectFiles: CONFIGS.map((c) => (c.root === 'home' ? `~/${c.path}` : `**/${c.path}`)),
  rules: {
    'agent/opencode-bash-allowed': {
      title: 'OpenCode runs destructive shell commands without asking',
      severity: 'high',
      precision: 'high',
      help: [
        'OpenCode\'s `permission` (`"allow"` for everything, `"bash": "allow"`, or a `bash` pattern map whose last matching rule is `allow`) lets the agent run `rm -rf`, `DROP DATABASE`, `terraform destroy` or `railway volume delete` unreviewed. Rules are evaluated last-match-wins, so a broad allow placed after a deny reopens it; `agent.<name>.permission` can reopen it for one agent. An entry also covers what the program it names can start: `npm` reaches `npm exec <any package>`, `python3` reaches `python3 -c <any code>`, `uv` reaches `uv run`, `env`, `xargs`, `sudo` and `docker` run any command; each entry is reported at its own line with the worst command it lets through.',
        '',
        '**Fix:** start the `bash` map with `"*": "ask"`, allow only specific read-only commands (`"git status": "allow"`), and end it with denies for destructive ones (`"rm *": "deny"`, `"railway *": "deny"`); never set `"permission": "allow"`.',
      ].join('\n'),
    },
  },
  checkProject: checkOpenCode,
});
