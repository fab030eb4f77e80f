// MCP servers that can destroy, and the switches that stop them. Each row was checked against the
// server's own source or README (commit beside the row); a server is judged by its package, image,
// command or URL first and by its configured name only when nothing else identifies it.

import { openingsOf } from './reach.js';

/** An MCP server as configs declare it. Any field may hold anything: they come from user files. */
export interface McpServerConfig {
  name: string;
  command?: unknown;
  args?: unknown;
  url?: unknown;
  env?: unknown;
  headers?: unknown;
}

export interface McpServerVerdict {
  /** Platform it acts on: `github`, `supabase`, `postgres`, `kubernetes`, `filesystem`, `shell`, … */
  platform?: string;
  /** It has tools that write, delete or run code, and no safety switch turns them off. */
  destructive: boolean;
  /** A safety switch is set (or the server is read-only by design). */
  readOnly: boolean;
  /** The switch that would close it, in the server's own terms, when it has one. */
  safetySwitch?: string;
  /** Identified by its package, image, command or URL (true) or only by its configured name. */
  identified: boolean;
  /** The safety switch as an edit, when the server has one `fix` can set. */
  edit?: SwitchEdit;
}

interface Seen {
  /** Name, command, args and URL joined. */
  text: string;
  args: string[];
  env: Record<string, string>;
  url: string;
}

/** The safety switch as an edit `fix` can make: arguments to add or drop, variables to set or unset, URL parameters. */
export interface SwitchEdit {
  addArgs?: readonly string[];
  dropArgs?: RegExp;
  setEnv?: Readonly<Record<string, string>>;
  unsetEnv?: readonly string[];
  urlParams?: Readonly<Record<string, string>>;
}

interface ServerRow {
  platform: string;
  /** The switch as an edit, for a local (command) server; `remote` for one reached by URL. */
  edit?: SwitchEdit;
  remoteEdit?: SwitchEdit;
  /** Matches the package, image, command or URL. */
  match: RegExp;
  /** Whether it can destroy, given what the config sets. */
  destructive(s: Seen): boolean;
  safetySwitch?: string;
}

const flag = (s: Seen, re: RegExp): boolean => s.args.some((a) => re.test(a));
const envIs = (s: Seen, name: string, value: RegExp = /^(1|true|yes|on)$/i): boolean => value.test(s.env[name] ?? '');
const never = (): boolean => false;
const always = (): boolean => true;

/** Directories whose root is the whole machine or a home directory. */
const BROAD_DIR = /^(\/|~\/?|\$HOME\/?|\$\{HOME\}\/?|\$\{env:HOME\}\/?|\/home\/[^/]+\/?|\/Users\/[^/]+\/?|\/root\/?|[A-Za-z]:\\?|[A-Za-z]:\\Users\\[^\\]+\\?|%USERPROFILE%\\?)$/;

const ROWS: ServerRow[] = [
  // github/github-mcp-server@64a49f34: --read-only / GITHUB_READ_ONLY, remote URL ending /readonly or X-MCP-Readonly; default toolsets include delete_file, push_files.
  {
    platform: 'github',
    match: /github-mcp-server|server-github|api\.githubcopilot\.com\/mcp|mcp\/github\b/i,
    destructive: (s) => !(flag(s, /^--read-only(=true)?$/) || envIs(s, 'GITHUB_READ_ONLY') || /\/readonly\b/.test(s.url) || /X-MCP-Readonly[^,}]*true/i.test(s.text)),
    safetySwitch: '--read-only (GITHUB_READ_ONLY=1; remote: a URL ending in /readonly)',
    edit: { addArgs: ['--read-only'] },
  },
  // supabase-community/supabase-mcp@17fb90f8: --read-only (default false), --project-ref; remote read_only=true, project_ref.
  {
    platform: 'supabase',
    match: /mcp-server-supabase|mcp\.supabase\.com|localhost:54321\/mcp/i,
    destructive: (s) => !(flag(s, /^--read-only(=true)?$/) || /[?&]read_only=true\b/.test(s.url)),
    safetySwitch: '--read-only and --project-ref=<ref> (remote: ?read_only=true&project_ref=<ref>)',
    edit: { addArgs: ['--read-only'] },
    remoteEdit: { urlParams: { read_only: 'true' } },
  },
  // modelcontextprotocol/servers@1f705677 src/postgres: one query tool inside BEGIN TRANSACTION READ ONLY.
  { platform: 'postgres', match: /@modelcontextprotocol\/server-postgres|\bmcp\/postgres\b/i, destructive: never },
  // crystaldba/postgres-mcp@07eb329c: --access-mode unrestricted|restricted, default unrestricted.
  { platform: 'postgres', match: /\bpostgres-mcp\b|crystaldba/i, destructive: (s) => !/--access-mode[= ]restricted\b/.test(s.args.join(' ')), safetySwitch: '--access-mode=restricted', edit: { dropArgs: /^--access-mode(=.*)?$|^(unrestricted)$/, addArgs: ['--access-mode=restricted'] } },
  // awslabs/mcp@100b55b6: postgres/mysql read-only unless --allow_write_query; aurora-dsql unless --allow-writes; eks unless --allow-write; ecs unless ALLOW_WRITE.
  { platform: 'aws', match: /awslabs\.(postgres|mysql)-mcp-server/i, destructive: (s) => flag(s, /^--allow_write_query$/), safetySwitch: 'drop --allow_write_query', edit: { dropArgs: /^--allow_write_query$/ } },
  { platform: 'aws', match: /awslabs\.aurora-dsql-mcp-server/i, destructive: (s) => flag(s, /^--allow-writes$/), safetySwitch: 'drop --allow-writes', edit: { dropArgs: /^--allow-writes$/ } },
  { platform: 'aws', match: /awslabs\.eks-mcp-server/i, destructive: (s) => flag(s, /^--allow-write$/), safetySwitch: 'drop --allow-write', edit: { dropArgs: /^--allow-write$/ } },
  { platform: 'aws', match: /ecs-mcp-server/i, destructive: (s) => envIs(s, 'ALLOW_WRITE'), safetySwitch: 'ALLOW_WRITE unset', edit: { unsetEnv: ['ALLOW_WRITE'] } },
  // awslabs ccapi: writes unless --readonly; aws-api: call_aws runs any CLI command unless READ_OPERATIONS_ONLY=true.
  { platform: 'aws', match: /awslabs\.ccapi-mcp-server/i, destructive: (s) => !flag(s, /^--readonly$/), safetySwitch: '--readonly', edit: { addArgs: ['--readonly'] } },
  { platform: 'aws', match: /aws-api-mcp-server/i, destructive: (s) => !envIs(s, 'READ_OPERATIONS_ONLY'), safetySwitch: 'READ_OPERATIONS_ONLY=true', edit: { setEnv: { READ_OPERATIONS_ONLY: 'true' } } },
  // benborla/mcp-server-mysql@27d5b27e: read-only unless ALLOW_{INSERT,UPDATE,DELETE,DDL}_OPERATION is exactly "true".
  { platform: 'mysql', match: /mcp-server-mysql/i, destructive: (s) => ['ALLOW_UPDATE_OPERATION', 'ALLOW_DELETE_OPERATION', 'ALLOW_DDL_OPERATION'].some((k) => s.env[k] === 'true'), safetySwitch: 'ALLOW_DELETE_OPERATION and ALLOW_DDL_OPERATION unset', edit: { unsetEnv: ['ALLOW_UPDATE_OPERATION', 'ALLOW_DELETE_OPERATION', 'ALLOW_DDL_OPERATION'] } },
  // modelcontextprotocol/servers@1f705677 src/sqlite: write_query, no switch.
  { platform: 'sqlite', match: /mcp-server-sqlite|\bmcp\/sqlite\b/i, destructive: always },
  // mongodb-js/mongodb-mcp-server@36a405e3: --readOnly / MDB_MCP_READ_ONLY, default false.
  { platform: 'mongodb', match: /mongodb-mcp-server/i, destructive: (s) => !(flag(s, /^--readOnly(=true)?$/) || envIs(s, 'MDB_MCP_READ_ONLY')), safetySwitch: '--readOnly (MDB_MCP_READ_ONLY=true)', edit: { addArgs: ['--readOnly'] } },
  // redis/mcp-redis@5945b0b5: delete, rename, hdel …; no read-only switch (a read-only ACL user is the advice).
  { platform: 'redis', match: /redis-mcp-server|mcp-redis|\bmcp\/redis\b|server-redis/i, destructive: always },
  // neondatabase/mcp-server-neon@94928121: remote ?readonly=true (default off), projectId; delete_project, run_sql.
  { platform: 'neon', match: /mcp-server-neon|mcp\.neon\.tech/i, destructive: (s) => !/[?&]readonly=true\b/.test(s.url), safetySwitch: '?readonly=true&projectId=<id>', remoteEdit: { urlParams: { readonly: 'true' } } },
  // railwayapp/cli@df3838bf src/commands/mcp: remove_service, remove_volume …; no read-only mode.
  { platform: 'railway', match: /@railway\/mcp-server|railway-mcp|mcp\.railway\.com|^railway mcp\b|\brailway\s+mcp\b/i, destructive: always },
  // cloudflare/mcp-server-cloudflare@70ff6905: bindings (r2_bucket_delete, d1 queries), containers (container_exec), builds; no read-only switch.
  { platform: 'cloudflare', match: /(bindings|containers|builds)\.mcp\.cloudflare\.com|@cloudflare\/mcp-server-cloudflare/i, destructive: always },
  // containers/kubernetes-mcp-server@55749981: --read-only, --disable-destructive (both default false).
  { platform: 'kubernetes', match: /kubernetes-mcp-server/i, destructive: (s) => !flag(s, /^--(read-only|disable-destructive)(=true)?$/), safetySwitch: '--read-only (or --disable-destructive)', edit: { addArgs: ['--read-only'] } },
  // Flux159/mcp-server-kubernetes@1ece64e6: ALLOW_ONLY_READONLY_TOOLS / ALLOW_ONLY_NON_DESTRUCTIVE_TOOLS, exact "true".
  { platform: 'kubernetes', match: /mcp-server-kubernetes/i, destructive: (s) => !(s.env.ALLOW_ONLY_READONLY_TOOLS === 'true' || s.env.ALLOW_ONLY_NON_DESTRUCTIVE_TOOLS === 'true'), safetySwitch: 'ALLOW_ONLY_READONLY_TOOLS=true', edit: { setEnv: { ALLOW_ONLY_READONLY_TOOLS: 'true' } } },
  // ckreiling/mcp-server-docker@6288015c: remove_volume, run_container; QuantGeekDev/docker-mcp: deploy-compose; no switches.
  // (`docker mcp gateway run` is Docker's MCP Toolkit proxy: its tools are those of the servers
  // enabled in the toolkit, which the config does not name, so it is not judged as a Docker server.)
  { platform: 'docker', match: /mcp-server-docker|\bdocker-mcp\b/i, destructive: always },
  // modelcontextprotocol/servers@76d64c82 src/filesystem: write_file, move_file in the directories given; no read-only flag.
  { platform: 'filesystem', match: /server-filesystem|\bmcp\/filesystem\b/i, destructive: (s) => s.args.some((a) => BROAD_DIR.test(a)), safetySwitch: 'the project directory instead of / or ~' },
  // wonderwhy-er/DesktopCommanderMCP@1eccc8b0: start_process runs any command; limits are editable by the model.
  { platform: 'shell', match: /desktop-commander|DesktopCommanderMCP/i, destructive: always },
  // MladenSU/cli-mcp-server@5d30d702: ALLOWED_COMMANDS default ls,cat,pwd; "all" means any.
  { platform: 'shell', match: /cli-mcp-server/i, destructive: (s) => /^all$/i.test(s.env.ALLOWED_COMMANDS ?? '') || commandsOpen(s.env.ALLOWED_COMMANDS), safetySwitch: 'ALLOWED_COMMANDS limited to read-only commands' },
  // tumf/mcp-shell-server@b0404b1c: ALLOW_COMMANDS (alias ALLOWED_COMMANDS) default empty = nothing.
  { platform: 'shell', match: /mcp-shell-server/i, destructive: (s) => commandsOpen(s.env.ALLOW_COMMANDS ?? s.env.ALLOWED_COMMANDS), safetySwitch: 'ALLOW_COMMANDS limited to read-only commands' },
];

/** A comma-separated command allowlist that names a shell, an interpreter or a destructive command. */
function commandsOpen(list: string | undefined): boolean {
  return (list ?? '').split(',').some((c) => c.trim() !== '' && openingsOf({ prefix: c.trim(), open: true }).some((o) => o.effect.capability !== 'workspace-run'));
}

/** Servers known only by their configured name (an `mcp__github` rule, a name with no package). */
const BY_NAME: { match: RegExp; platform: string }[] = [
  { match: /github/i, platform: 'github' },
  { match: /supabase/i, platform: 'supabase' },
  { match: /railway/i, platform: 'railway' },
  { match: /\bneon/i, platform: 'neon' },
  { match: /postgres|\bpg\b|mysql|mongo|redis|sqlite|database|\bdb\b/i, platform: 'database' },
  { match: /kubernetes|k8s|kubectl/i, platform: 'kubernetes' },
  { match: /docker/i, platform: 'docker' },
  { match: /\baws\b/i, platform: 'aws' },
  { match: /cloudflare/i, platform: 'cloudflare' },
  { match: /shell|terminal|desktop-commander/i, platform: 'shell' },
];

const stringRecord = (v: unknown): Record<string, string> =>
  v !== null && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? `${x}` : '']))
    : {};

/** What an MCP server entry can do, judged by the table. */
export function judgeMcpServer(config: McpServerConfig): McpServerVerdict {
  const args = Array.isArray(config.args) ? config.args.filter((a): a is string => typeof a === 'string') : [];
  const url = typeof config.url === 'string' ? config.url : '';
  const command = typeof config.command === 'string' ? config.command : '';
  const text = [command, ...args, url, JSON.stringify(config.headers ?? '')].join(' ');
  const seen: Seen = { text, args, env: stringRecord(config.env), url };
  const row = ROWS.find((r) => r.match.test(text));
  if (row) {
    const destructive = row.destructive(seen);
    const edit = url !== '' && command === '' ? row.remoteEdit : row.edit;
    return { platform: row.platform, destructive, readOnly: !destructive, ...(row.safetySwitch ? { safetySwitch: row.safetySwitch } : {}), identified: true, ...(edit ? { edit } : {}) };
  }
  const named = BY_NAME.find((n) => n.match.test(`${config.name} ${command} ${args.join(' ')} ${url}`));
  if (!named) return { destructive: false, readOnly: false, identified: false };
  // Known only by name: without its package the switches cannot be read; a read-only word in the args still counts.
  const readOnly = args.some((a) => /read-?only|readonly/i.test(a)) || /read_?only=true/i.test(url) || Object.entries(seen.env).some(([k, v]) => /READ_?ONLY/i.test(k) && /^(1|true)$/i.test(v));
  return { platform: named.platform, destructive: !readOnly, readOnly, identified: false };
}
