// MCP servers that can destroy, started without their own safety switch while a write credential
// is in reach: a GitHub server without `--read-only` holding a personal access token, Supabase
// without `--read-only` (and so on every project of the account), a Postgres server in
// unrestricted mode with a database URL, a filesystem server rooted at `/` or `~`, a shell server.
// Whatever the client's approval settings, one mistaken or steered tool call is enough, and the
// server's own switch is the cheapest gate to add. Servers and switches: src/policy/mcp-servers.ts.

import type { SourceFile } from '../../src/engine/source-file.js';
import { defineDetector, type FileContext, type Location } from '../../src/engine/types.js';
import { judgeMcpServer, type McpServerConfig } from '../../src/policy/mcp-servers.js';
import { WRITE_TOOL } from './probes.js';

const FILES = [
  '**/.mcp.json',
  '**/.cursor/mcp.json',
  '**/.vscode/mcp.json',
  '**/.roo/mcp.json',
  '**/.kiro/settings/mcp.json',
  '**/.gemini/settings.json',
  '**/opencode.json',
  '**/opencode.jsonc',
  '**/.codex/config.toml',
  '~/.claude.json',
  '~/.cursor/mcp.json',
  '~/.gemini/settings.json',
  '~/.codex/config.toml',
  '~/.codeium/windsurf/mcp_config.json',
  '~/.config/Claude/claude_desktop_config.json',
  '~/Library/Application Support/Claude/claude_desktop_config.json',
  '~/.config/opencode/opencode.json',
];

/** Names of variables and headers that carry a credential. */
const CREDENTIAL_KEY = /token|key|kubeconfig|secret|password|passwd|pat\b|credential|auth|dsn|database_ur[il]|connection|_uri$|_url$/i;
/** An argument that is a credential or a connection string with one. */
const CREDENTIAL_ARG = /^--?(access-token|api-key|token|password|pat)\b|^[a-z+]+:\/\/[^/\s:@]+:[^/\s@]+@|^(postgres(ql)?|mysql|mongodb(\+srv)?|redis|rediss):\/\//i;

interface Declared {
  name: string;
  config: McpServerConfig;
  location: Location;
  /** The client approves the server's write tools in this same entry (Gemini trust, Roo alwaysAllow, Codex approve). */
  preApproved: boolean;
}

const record = (v: unknown): Record<string, unknown> | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** Servers as JSON configs declare them (`mcpServers`, VS Code `servers`, OpenCode `mcp` with a command array). */
function jsonServers(file: SourceFile): Declared[] {
  const value = record(file.json().value);
  if (!value) return [];
  const found: Declared[] = [];
  const blocks: [string, unknown][] = [['mcpServers', value.mcpServers], ['servers', value.servers], ['mcp', value.mcp]];
  for (const [key, block] of blocks) {
    for (const [name, raw] of Object.entries(record(block) ?? {})) {
      const e = record(raw);
      if (!e || e.disabled === true || e.enabled === false) continue;
      const command = Array.isArray(e.command) ? e.command : undefined;
      const config: McpServerConfig = command
        ? { name, command: command[0], args: command.slice(1), url: e.url, env: e.environment ?? e.env, headers: e.headers }
        : { name, command: e.command, args: e.args, url: e.url ?? e.serverUrl ?? e.httpUrl, env: e.env, headers: e.headers };
      const approvals = [e.alwaysAllow, e.autoApprove].flatMap((l) => (Array.isArray(l) ? l : [])).filter((t): t is string => typeof t === 'string');
      found.push({ name, config, location: file.jsonLocation([key, name]), preApproved: e.trust === true || approvals.some((t) => t === '*' || WRITE_TOOL.test(t)) });
    }
  }
  return found;
}

/** Codex `[mcp_servers.<name>]` tables. */
function tomlServers(file: SourceFile): Declared[] {
  const servers = record(record(file.toml().value)?.mcp_servers);
  return Object.entries(servers ?? {}).flatMap(([name, raw]) => {
    const e = record(raw);
    if (!e || e.enabled === false) return [];
    return [{ name, config: { name, command: e.command, args: e.args, url: e.url, env: e.env, headers: e.http_headers }, location: file.tomlLocation(['mcp_servers', name]), preApproved: e.default_tools_approval_mode === 'approve' }];
  });
}

/** The credential the server holds, by name: an env variable, a header or an argument. */
function credentialOf(config: McpServerConfig): string | undefined {
  const env = Object.entries(record(config.env) ?? {}).find(([k, v]) => CREDENTIAL_KEY.test(k) && typeof v === 'string' && v.trim() !== '');
  if (env) return `${env[0]} in its env`;
  const header = Object.entries(record(config.headers) ?? {}).find(([k, v]) => /authorization|token|key/i.test(k) && typeof v === 'string' && v.trim() !== '');
  if (header) return `the ${header[0]} header`;
  const args = Array.isArray(config.args) ? config.args.filter((a): a is string => typeof a === 'string') : [];
  return args.some((a) => CREDENTIAL_ARG.test(a)) ? 'a credential in its arguments' : undefined;
}

function check({ file, report }: FileContext): void {
  const declared = file.kind === 'toml' ? tomlServers(file) : jsonServers(file);
  for (const d of declared) {
    const verdict = judgeMcpServer(d.config);
    if (!verdict.destructive || !verdict.identified) continue;
    // A filesystem or shell server acts with the user's own rights, a Kubernetes or Docker server with
    // the machine's kubeconfig or Docker socket: the machine is the credential.
    const local = verdict.platform === 'filesystem' || verdict.platform === 'shell';
    const machine = local || verdict.platform === 'kubernetes' || verdict.platform === 'docker';
    const credential = local ? 'the rights of the user who starts it' : machine ? (credentialOf(d.config) ?? 'the kubeconfig or Docker socket of the machine') : credentialOf(d.config);
    if (!credential) continue;
    report('agent/mcp-server-unrestricted', d.location, {
      message: `MCP server "${d.name}" (${verdict.platform}) can ${local ? (verdict.platform === 'shell' ? 'run any command' : 'write and delete files across the machine') : 'write and delete'} and runs without its safety switch, with ${credential}${d.preApproved ? '; its write tools are approved in advance here' : ''}. ${verdict.safetySwitch ? `Start it with ${verdict.safetySwitch}` : 'Give it a read-only credential'}, and keep its credential project-scoped.`,
      severity: d.preApproved ? 'high' : 'medium',
      key: `mcp-server:${d.name}`,
      properties: { server: d.name, platform: verdict.platform, preApproved: d.preApproved },
    });
  }
}

export default defineDetector({
  id: 'agents/mcp-servers',
  files: FILES,
  rules: {
    'agent/mcp-server-unrestricted': {
      title: 'MCP server that can destroy runs without its safety switch',
      severity: 'medium',
      precision: 'high',
      help: [
        'Several MCP servers carry their own gate: the GitHub server `--read-only` (or a remote URL ending in `/readonly`), Supabase `--read-only` and `--project-ref` (without it, every project of the account), MongoDB `--readOnly`, Kubernetes `--read-only` or `--disable-destructive`, Postgres MCP Pro `--access-mode=restricted`, Neon `?readonly=true`; others (Railway, Redis, SQLite, Docker, Cloudflare bindings, Desktop Commander) have none. Started without it, with a token, database URL or write credential in reach, one mistaken or steered tool call deletes data, whatever the client\'s prompts. A filesystem server rooted at `/` or `~` and a shell server act with the user\'s own rights.',
        '',
        'Reported medium; high when the same entry also approves the server\'s write tools in advance (Gemini `trust: true`, Roo `alwaysAllow`, Cline `autoApprove`, Codex `default_tools_approval_mode = "approve"`).',
        '',
        '**Fix:** start the server in its read-only mode and scoped to one project; use a read-only database user or a fine-grained token; root a filesystem server at the project directory; for servers with no switch, keep the credential project-scoped and leave every write tool asking.',
      ].join('\n'),
    },
  },
  check,
});
