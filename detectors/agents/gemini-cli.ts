// Gemini CLI `settings.json` (workspace `.gemini/settings.json`, user `~/.gemini/settings.json`;
// objects merge, workspace wins for single values): `tools.allowed` naming `run_shell_command`
// bare lets every shell command run without confirmation, and `mcpServers.<name>.trust: true`
// bypasses all confirmations for that server's tools (google-gemini/gemini-cli
// docs/reference/configuration.md; agent-configs.md §5.2). A `tools.core` allowlist without a
// bare shell keeps shell commands outside it unavailable.

import type { AgentSurfaceFact, ProbeId, ProbeOutcome } from '../../src/engine/facts.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import { configDirs } from './layout.js';
import { defineDetector, type Location, type ProjectContext } from '../../src/engine/types.js';
import { capped, describeOpenings, entryOpenings, openingKinds, openingSeverity, openProbes } from './openings.js';
import { describeMcpServer, gateOf, SHELL_PROBES, type McpEntry } from './probes.js';

interface GeminiSettings {
  tools?: { allowed?: unknown; core?: unknown; exclude?: unknown };
  allowedTools?: unknown;
  coreTools?: unknown;
  mcpServers?: Record<string, Omit<McpEntry, 'name'> & { trust?: unknown }>;
}

const list = (v: unknown): string[] => capped(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const BARE_SHELL = /^(?:run_shell_command|ShellTool)$/;

/** How a shell probe fares: allowed without confirmation, asked, or unavailable. */
export function geminiShellOutcome(allowed: readonly string[], core: readonly string[] | undefined, command: string): ProbeOutcome {
  const matches = (rule: string): boolean => {
    const prefix = /^run_shell_command\((.+)\)$/.exec(rule)?.[1];
    return BARE_SHELL.test(rule) || (prefix !== undefined && command.startsWith(prefix));
  };
  if (core && !core.some(matches)) return 'deny';
  return allowed.some(matches) ? 'allow' : 'ask';
}

function checkGemini(ctx: ProjectContext): void {
  for (const dir of configDirs(ctx, ['.gemini/settings.json'])) checkGeminiDir(ctx, dir);
}

function checkGeminiDir(ctx: ProjectContext, dir: string): void {
  const layers = [
    { layer: 'user', file: dir === '' ? ctx.file('home', '.gemini/settings.json') : undefined },
    { layer: 'workspace', file: ctx.file('repo', `${dir}.gemini/settings.json`) },
  ].filter((l): l is { layer: string; file: SourceFile } => l.file !== undefined && l.file.json().errors.length === 0);
  if (layers.length === 0) return;
  const allowed: { rule: string; layer: string; location: Location }[] = [];
  let core: string[] | undefined;
  const servers: AgentSurfaceFact['mcpServers'] = [];
  for (const l of layers) {
    const s = (l.file.json().value ?? {}) as GeminiSettings;
    const key = s.tools?.allowed !== undefined ? ['tools', 'allowed'] : ['allowedTools'];
    list(s.tools?.allowed ?? s.allowedTools).forEach((rule, i) => allowed.push({ rule, layer: l.layer, location: l.file.jsonLocation([...key, i]) }));
    const c = s.tools?.core ?? s.coreTools;
    if (c !== undefined) core = list(c);
    for (const [name, e] of Object.entries(s.mcpServers ?? {})) {
      const trusted = e?.trust === true;
      const reach = describeMcpServer({ ...e, name }, l.file.jsonLocation(['mcpServers', name, ...(trusted ? ['trust'] : [])]), trusted);
      servers.push(reach);
      if (trusted && reach.destructive) {
        ctx.report('agent/gemini-cli-trusted-mcp-server', reach.location, {
          message: `Gemini CLI ${l.layer} settings trust the MCP server "${name}" (${reach.server}): every tool it exposes, destructive ${reach.platform ?? ''} ones included, runs without confirmation${reach.env.length ? `, with ${reach.env.join(', ')} in its env` : ''}. Remove "trust": true and limit it with "includeTools" to read-only tools.`,
          key: `trust:${name}`,
          properties: { tool: 'gemini-cli', layer: l.layer, server: name },
        });
      }
    }
  }
  const probes: Partial<Record<ProbeId, ProbeOutcome>> = {};
  for (const p of SHELL_PROBES) probes[p.id] = geminiShellOutcome(allowed.map((a) => a.rule), core, p.command);
  const trustedDestructive = servers.filter((s) => s.destructive && s.autoApproved);
  if (servers.some((s) => s.destructive)) probes['mcp-destructive-tool'] = trustedDestructive.length > 0 ? 'allow' : 'ask';
  // `general.defaultApprovalMode: auto_edit` approves edits, so an allowed test or build command runs what the agent wrote.
  const editsApproved = layers.some((l) => (l.file.json().value as { general?: { defaultApprovalMode?: unknown } } | undefined)?.general?.defaultApprovalMode === 'auto_edit');
  const coreRules = core;
  let opener: (typeof allowed)[number] | undefined;
  for (const a of allowed) {
    const prefix = BARE_SHELL.test(a.rule) ? '' : /^(?:run_shell_command|ShellTool)\(([\s\S]+)\)$/.exec(a.rule)?.[1];
    if (prefix === undefined) continue;
    // Gemini matches a shell rule as a plain string prefix of the command.
    const found = entryOpenings({ prefix, open: true, partial: prefix !== '' && !/\s$/.test(prefix), editsApproved }, (command) => geminiShellOutcome([a.rule], coreRules, command) === 'allow');
    if (found.length === 0) continue;
    openProbes(probes, found);
    opener ??= a;
    ctx.report('agent/gemini-cli-shell-auto-approved', a.location, {
      message: `Gemini CLI ${a.layer} settings list "${a.rule}" in tools.allowed, which ${describeOpenings(found)}. Allow only specific commands, e.g. "run_shell_command(npm test)", and keep run_shell_command out of tools.core where the shell is not needed.`,
      severity: openingSeverity(found),
      key: `allowed:${a.rule}`,
      properties: { tool: 'gemini-cli', layer: a.layer, opens: openingKinds(found), example: found[0]?.command },
    });
  }
  const first = layers[layers.length - 1] as { layer: string; file: SourceFile };
  ctx.fact({
    kind: 'agent-surface',
    id: `gemini-cli:${dir || 'workspace'}`,
    ...(dir ? { workspace: dir } : {}),
    tool: 'gemini-cli',
    runsIn: 'workspace',
    gate: gateOf(probes),
    probes,
    gateLocation: opener?.location ?? trustedDestructive[0]?.location ?? first.file.at(1),
    layer: opener?.layer ?? first.layer,
    shell: true,
    network: true,
    sandboxed: false,
    mcpServers: servers,
    ...(opener ? { ruleId: 'agent/gemini-cli-shell-auto-approved' } : trustedDestructive.length ? { ruleId: 'agent/gemini-cli-trusted-mcp-server' } : {}),
  });
}

export default defineDetector({
  id: 'agents/gemini-cli',
  projectFiles: ['**/.gemini/settings.json', '~/.gemini/settings.json'],
  rules: {
    'agent/gemini-cli-shell-auto-approved': {
      title: 'Gemini CLI runs every shell command without confirmation',
      severity: 'high',
      precision: 'high',
      help: [
        '`tools.allowed` (legacy `allowedTools`) naming `run_shell_command` without a command prefix makes Gemini CLI run every shell command unconfirmed, destructive ones included; `run_shell_command(<prefix>)` runs every command that starts with the prefix, as a plain string. An entry also covers what the program it names can start: `npm` reaches `npm exec <any package>`, `python3` reaches `python3 -c <any code>`, `uv` reaches `uv run`, `env`, `xargs`, `sudo` and `docker` run any command; each entry is reported at its own line with the worst command it lets through.',
        '',
        '**Fix:** list only specific commands (`"run_shell_command(npm test)"`), restrict available tools with `tools.core`, and set `security.disableYoloMode: true` in system settings.',
      ].join('\n'),
    },
    'agent/gemini-cli-trusted-mcp-server': {
      title: 'Gemini CLI trusts a destructive MCP server',
      severity: 'high',
      precision: 'high',
      help: [
        '`mcpServers.<name>.trust: true` bypasses every confirmation for that server\'s tools. For servers with destructive tools (Railway, Supabase, Neon, Postgres, Kubernetes, AWS, GitHub …) any delete the model chooses runs unreviewed with the credentials in the server\'s `env`.',
        '',
        '**Fix:** remove `"trust": true`, limit the server with `"includeTools"` to read-only tools, and start it in its read-only mode where it has one.',
      ].join('\n'),
    },
  },
  checkProject: checkGemini,
});
