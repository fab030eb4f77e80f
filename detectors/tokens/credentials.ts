// Credentials within an agent's reach, with how much each can destroy. Every text file is read:
// prefixed tokens are found with one cheap literal prefilter and then the catalog row's regex;
// prefix-less tokens (Railway UUIDs, Heroku keys) only under the variable names that hold them;
// database URLs by their user; Supabase JWTs by their role claim; CLI login files under `--home`
// by their keys. The scope verdict decides the rule and severity (tokens.md "Scope verdicts").

import type { CredentialFact, CredentialReach, ScopeVerdict } from '../../src/engine/facts.js';
import { redact } from '../../src/engine/redact.js';
import { nodeCrypto } from '../../src/engine/crypto.js';
import type { ExtraTokenPattern } from '../../src/engine/config.js';
import { isTestCode } from '../../src/engine/classify.js';
import { linearRegex, type LinearRegex } from '../../src/engine/linear-regex.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import { isHelmTemplate, yamlValue } from '../../src/parsers/yaml.js';
import { defineDetector, type FileContext, type Severity } from '../../src/engine/types.js';
import { flyScope, pypiScope, sasScope, serviceAccountScope } from './scope.js';
import { ANY_TOKEN_HINT, CATALOG, DATABASE_URL_KINDS, databaseHostPlatform, databaseUrlReach, kindForName, NAME_PREFILTER, PREFILTER, prefixedKinds, prefixesOf, type TokenKind } from './catalog.js';

/** CLI credential stores and agent settings read with `--home` (tokens.md §3, agent-configs.md). */
export const HOME_STORES = [
  '~/.railway/config*.json', '~/.config/gh/hosts.yml', '~/.aws/credentials', '~/.aws/config',
  '~/.config/gcloud/application_default_credentials.json', '~/.config/gcloud/legacy_credentials/*/adc.json', '~/.azure/*.json',
  '~/.fly/config.yml', '~/.local/share/com.vercel.cli/auth.json', '~/.vercel/auth.json', '~/.supabase/access-token',
  '~/.netrc', '~/.config/doctl/config.yaml', '~/.npmrc', '~/.pypirc', '~/.docker/config.json', '~/.kube/config',
  '~/.config/netlify/config.json', '~/.render/cli.yaml', '~/.config/neonctl/credentials.json', '~/.pulumi/credentials.json',
  '~/.terraform.d/credentials.tfrc.json', '~/.vault-token', '~/.databrickscfg', '~/.doppler/.doppler.yaml',
  '~/.config/glab-cli/config.yml', '~/.config/stripe/config.toml', '~/.claude.json', '~/.claude/settings.json',
  '~/.cursor/mcp.json', '~/.gemini/settings.json', '~/.codex/config.toml', '~/.codeium/windsurf/mcp_config.json',
  // Claude Desktop (macOS, and the Linux builds' path), VS Code's user MCP servers, Zed, OpenCode and Amazon Q.
  '~/Library/Application Support/Claude/claude_desktop_config.json', '~/.config/Claude/claude_desktop_config.json',
  '~/Library/Application Support/Code/User/mcp.json', '~/.config/Code/User/mcp.json', '~/.config/zed/settings.json', '~/.config/opencode/opencode.json',
  '~/.aws/amazonq/mcp.json',
  '~/.config/goose/config.yaml', '~/.config/goose/secrets.yaml', '~/.bashrc', '~/.zshrc', '~/.profile', '~/.bash_profile',
  // PostgreSQL's password file and rclone's remotes (storage keys that can purge the backups kept there).
  '~/.pgpass', '~/.config/rclone/rclone.conf',
];

/** Login files whose tokens have no prefix: the key names them, the file decides the kind. */
const STORE_KEYS: { file: RegExp; key: RegExp; value?: RegExp; kind: Omit<TokenKind, 'example'> }[] = [
  // gh logins from before GitHub's prefixed tokens (2021) are 40 hex digits; `gho_` ones are caught by their prefix.
  { file: /^\.config\/gh\/hosts\.yml$/, key: /^oauth_token$/, value: /^[0-9a-f]{40}$/, kind: { id: 'github-cli-login', provider: 'github', label: 'GitHub CLI login (unprefixed OAuth token)', scope: 'BROAD', reason: 'the gh login acts as the user on every repository and organisation it can reach, with the scopes granted at login (repo, read:org, gist by default)', destructive: true } },
  { file: /^\.railway\/config[^/]*\.json$/, key: /^(?:token|accessToken|refreshToken)$/, kind: { id: 'railway-cli-login', provider: 'railway', label: 'Railway CLI login', scope: 'BROAD', reason: 'the Railway CLI login acts as the full user (the refresh token mints new access tokens)', destructive: true } },
  { file: /^\.fly\/config\.yml$/, key: /^access_token$/, kind: { id: 'flyio-cli-login', provider: 'flyio', label: 'Fly.io CLI login', scope: 'BROAD', reason: 'the flyctl login reaches every organisation, app and volume of the user', destructive: true } },
  { file: /(?:^|\/)(?:com\.vercel\.cli|\.vercel)\/auth\.json$/, key: /^token$/, kind: { id: 'vercel-cli-login', provider: 'vercel', label: 'Vercel CLI login', scope: 'BROAD', reason: 'the Vercel CLI login acts as the user across teams', destructive: true } },
  { file: /^\.config\/netlify\/config\.json$/, key: /^token$/, kind: { id: 'netlify-cli-login', provider: 'netlify', label: 'Netlify CLI login', scope: 'BROAD', reason: 'the Netlify CLI login acts as the user across teams and sites', destructive: true } },
  { file: /^\.vault-token$/, key: /^$/, kind: { id: 'vault-cli-login', provider: 'vault', label: 'Vault CLI token', scope: 'UNKNOWN', reason: 'policies are not visible in the token', destructive: true } },
];

const RULES: Record<ScopeVerdict, string> = {
  BROAD: 'token/broad-credential',
  'PROJECT-DESTRUCTIVE': 'token/project-destructive-credential',
  UNKNOWN: 'token/unknown-scope-credential',
  NARROW: 'token/narrow-credential',
};

function severityOf(scope: ScopeVerdict, destructive: boolean): Severity {
  if (scope === 'BROAD') return 'critical';
  if (scope === 'PROJECT-DESTRUCTIVE') return 'high';
  if (scope === 'UNKNOWN') return destructive ? 'high' : 'medium';
  return 'low';
}

const DATABASE_URL_REACH_NAMES: Record<string, string> = {
  superuser: 'a superuser name (`postgres`, `root`, `admin`, `doadmin` …) on any remote host',
  managed: 'any user on a managed public host (`*.mongodb.net`, `*.neon.tech`, Supabase poolers, `*.rds.amazonaws.com`, `*.proxy.rlwy.net`, `*.psdb.cloud`, Aiven, DigitalOcean …)',
  remote: 'any other user on another remote host',
  readOnly: 'a user name that says read-only (`ro`, `readonly`, `reader`, `viewer`)',
};

const FIX: Record<ScopeVerdict, string> = {
  BROAD: 'Revoke it, replace it with a token scoped to one project or environment, and keep it out of files an agent can read (a secret manager or the CI secret store).',
  'PROJECT-DESTRUCTIVE': 'Keep it out of the workspace, and give tools that only read a role without delete rights.',
  UNKNOWN: 'Check its real scope (`--verify` does for GitHub), replace it with the narrowest token that works, and keep it out of files an agent can read.',
  NARROW: 'It is narrowly scoped; still keep it out of the workspace and rotate it if it was ever committed.',
};

/**
 * Names and addresses reserved for documentation and tests, where no real server answers: RFC 2606
 * and RFC 6761 names, RFC 5737's TEST-NET blocks, RFC 3849's IPv6 documentation prefix.
 */
const RESERVED_HOST = /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$|^(?:192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$|^\[?2001:db8:/i;
// Three alternatives are values published on purpose, copied into tests and READMEs everywhere:
// - the body of GitHub's documentation example token (its docs show `e72e16c7e42f292c6912e7710c838347ae178b4a`);
// - the start of the Azure Storage emulator's development account key (Azurite's `devstoreaccount1`),
//   which is the same on every machine;
// - the Supabase CLI's default secret key for its local stack (`supabase start`), the same on every machine.
const PLACEHOLDER = /^\$|\$\{|\$\(|\{\{|<[^>]*>|^\[[^\]]*\]$|^%\w+%$|your|example|placeholder|change_?me|dummy|fake|sample|redacted|replace|insert|xxxx|\*\*\*|\.\.\.|\u2026|^(?:none|null|true|false|undefined|token|secret|password)$|16c7e42f292c6912e7710c838347ae178b4a|^Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq|^sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz$/i;

/** Shannon entropy in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

const SEQUENTIAL = /abcdefghij|ABCDEFGHIJ|1234567890|0123456789/;

export function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER.test(value) || SEQUENTIAL.test(value)) return true;
  if (/^(.)\1+$/.test(value.replace(/[-_.]/g, ''))) return true;
  const core = value.replace(/^[a-z]+[_-](?:[a-z0-9]+[_-])?/i, '');
  return core.length >= 12 && entropy(core) < 2.6;
}

interface Reach {
  reach: CredentialReach;
  holder(line: number, key?: string): string | undefined;
}

const MCP_CONFIG = /(?:^|\/)(?:\.mcp\.json|mcp\.json|mcp_settings\.json|mcp_config\.json|cline_mcp_settings\.json|claude_desktop_config\.json|\.claude\.json|settings(?:\.local)?\.json|opencode\.jsonc?)$/;

function reachOf(file: SourceFile): Reach {
  if (file.root === 'home' && !MCP_CONFIG.test(file.path)) return { reach: 'home-store', holder: () => undefined };
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(file.path)) return { reach: 'ci-env', holder: (line) => `${file.path}#${workflowJobAt(file, line) ?? ''}` };
  if (file.kind === 'json' && MCP_CONFIG.test(file.path)) {
    const servers = mcpEnvHolders(file);
    if (servers.size > 0) return { reach: 'mcp-env', holder: (_line, key) => (key ? servers.get(key) : undefined) };
  }
  if (file.kind === 'toml' && /(?:^|\/)\.codex\/config\.toml$/.test(file.path)) {
    return { reach: 'mcp-env', holder: (line) => /\[mcp_servers\.([^.\]]+)/.exec(lastMatchBefore(file, line, /^\s*\[mcp_servers\.[^\]]+\]/) ?? '')?.[1] };
  }
  if (/(?:^|\/)(?:docker-)?compose[^/]*\.ya?ml$/.test(file.path)) return { reach: 'container-env', holder: () => undefined };
  return { reach: file.root === 'home' ? 'home-store' : 'workspace-file', holder: () => undefined };
}

/** env variable name → MCP server name, for every JSON MCP config shape. */
function mcpEnvHolders(file: SourceFile): Map<string, string> {
  const out = new Map<string, string>();
  const value = file.json().value as Record<string, unknown> | undefined;
  if (!value || typeof value !== 'object') return out;
  for (const key of ['mcpServers', 'servers', 'mcp', 'context_servers']) {
    const servers = value[key];
    if (!servers || typeof servers !== 'object') continue;
    for (const [name, server] of Object.entries(servers as Record<string, unknown>)) {
      const s = server as Record<string, unknown> | null;
      for (const envKey of ['env', 'environment']) {
        const env = s?.[envKey];
        if (env && typeof env === 'object') for (const v of Object.keys(env)) out.set(v, name);
      }
    }
  }
  return out;
}

function lastMatchBefore(file: SourceFile, line: number, re: RegExp): string | undefined {
  for (let l = line; l >= 1; l--) {
    const text = file.lines.lineText(l);
    if (re.test(text)) return text;
  }
  return undefined;
}

/** The job id whose block contains `line` in a GitHub workflow (by indentation under `jobs:`). */
function workflowJobAt(file: SourceFile, line: number): string | undefined {
  let inJobs = false;
  let job: string | undefined;
  for (let l = 1; l <= line; l++) {
    const text = file.lines.lineText(l);
    if (/^jobs:\s*$/.test(text)) inJobs = true;
    else if (/^\S/.test(text) && !text.startsWith('#')) inJobs = false;
    else if (inJobs) {
      const m = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(text);
      if (m) job = m[1];
    }
  }
  return inJobs ? job : undefined;
}

interface Hit {
  kind: Omit<TokenKind, 'example'>;
  value: string;
  offset: number;
  variable?: string;
  reason?: string;
  scope?: ScopeVerdict;
  /** Other forms of the same secret to scrub (a decoded value beside its base64). */
  also?: string[];
  /** Matched by a pattern from the repository's config: never sent to a provider by --verify. */
  userPattern?: boolean;
}

const KEY_VALUE = /(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_.-]{1,80})["']?[ \t]*(?:=|:)[ \t]*["']?([^\s"',}#;]+)/g;
const DB_URL = /\b(postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|sqlserver):\/\/([^:@/\s"'`]{1,64}):([^@/\s"'`]{1,256})@([^:/\s"'`?,]{1,255})/g;
/** What every database URL and every JWT holds: the files' bytes answer them on the reading thread. */
const DB_URL_HINT = /postgres:\/\/|postgresql:\/\/|mysql:\/\/|mariadb:\/\/|mongodb:\/\/|mongodb\+srv:\/\/|redis:\/\/|rediss:\/\/|sqlserver:\/\//;
const JWT_HINT = /eyJ/;
/** A Google credentials file's `type` (a hint, answered on the bytes, so other JSON files are never decoded for it). */
const GCP_HINT = /"service_account"|"authorized_user"/;
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,2000}\.eyJ[A-Za-z0-9_-]{10,4000}\.[A-Za-z0-9_-]{10,1000}/g;

function prefixedHits(text: string): Hit[] {
  const present = new Set<string>();
  for (const m of text.matchAll(PREFILTER)) present.add(m[0]);
  if (present.size === 0) return [];
  const hits: Hit[] = [];
  for (const kind of prefixedKinds()) {
    if (!prefixesOf(kind).some((p) => present.has(p))) continue;
    for (const m of text.matchAll(kind.pattern as RegExp)) hits.push({ kind, value: m[0], offset: m.index });
  }
  return hits;
}

function namedHits(text: string, safe: ReadonlySet<string>): Hit[] {
  const hits: Hit[] = [];
  if (!NAME_PREFILTER.test(text)) return hits;
  for (const m of text.matchAll(KEY_VALUE)) {
    const name = m[1] as string;
    const kind = kindForName(name.split('.').pop() as string);
    if (!kind || safe.has(name)) continue;
    const value = m[2] as string;
    if (kind.value && !kind.value.test(value)) continue;
    hits.push({ kind, value, offset: m.index + m[0].lastIndexOf(value), variable: name });
  }
  return hits;
}

function databaseHits(text: string): Hit[] {
  if (!text.includes('://')) return [];
  const hits: Hit[] = [];
  for (const m of text.matchAll(DB_URL)) {
    const [, scheme = '', user = '', password = '', host = ''] = m;
    // A host with a bracketed or format part (`db.[project-ref].supabase.co`, `db.%s.supabase.co`) is a template, not a server.
    if (/[[\]<>{}$]|%[sdv]/.test(host) || RESERVED_HOST.test(host) || isPlaceholder(password) || /^(\$|<|\{)/.test(user)) continue;
    const reach = databaseUrlReach(user, host);
    if (!reach) continue;
    const platform = databaseHostPlatform(host);
    const row = DATABASE_URL_KINDS[reach];
    const where = `${platform ? `${platform} host ` : ''}${host}`;
    const label = reach === 'superuser' ? `${scheme} superuser URL` : reach === 'readOnly' ? `${scheme} read-only URL` : `${scheme} URL with a password`;
    const reason =
      reach === 'superuser'
        ? `the URL logs in as the superuser "${user}" on ${host}, which can drop every database on that server`
        : reach === 'managed'
          ? `the URL logs in as "${user}" on the managed ${where}, reachable from anywhere; the default users of managed databases own their data and can drop it`
          : reach === 'readOnly'
            ? `the URL logs in as "${user}", a name that says it only reads, on ${host}`
            : `the URL logs in as "${user}" on ${host} with a literal password; what that login may delete is not known from here`;
    hits.push({
      kind: { id: row.id, provider: platform ?? 'database', label, scope: row.scope, reason, destructive: row.destructive },
      value: password,
      offset: m.index + m[0].indexOf(`:${password}@`) + 1,
      ...variableBefore(text, m.index),
    });
  }
  return hits;
}

function jwtHits(text: string): Hit[] {
  // 'yJ' first: memchr finds a 'y' far less often than an 'e'.
  if (!text.includes('yJ') || !text.includes('eyJ')) return [];
  const hits: Hit[] = [];
  for (const m of text.matchAll(JWT)) {
    let claims: { role?: string; ref?: string; iss?: string };
    try {
      claims = JSON.parse(Buffer.from(m[0].split('.')[1] as string, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      continue;
    }
    // `supabase start` signs its local stack's keys as issuer "supabase-demo", with a secret
    // published in the Supabase CLI: the same key on every machine, reaching only a local database.
    if (claims.role !== 'service_role' || claims.iss === 'supabase-demo') continue;
    hits.push({
      kind: { id: 'supabase-service-role-key', provider: 'supabase', label: 'Supabase service_role key', scope: 'PROJECT-DESTRUCTIVE', reason: `its role claim is service_role${claims.ref ? ` for project ${claims.ref}` : ''}, which bypasses row-level security`, destructive: true },
      value: m[0],
      offset: m.index,
    });
  }
  return hits;
}

function storeHits(file: SourceFile): Hit[] {
  if (file.root !== 'home') return [];
  const hits: Hit[] = [];
  for (const store of STORE_KEYS) {
    if (!store.file.test(file.path)) continue;
    if (store.key.test('')) {
      const value = file.text.trim();
      if (value.length >= 8) hits.push({ kind: store.kind, value, offset: file.text.indexOf(value) });
      continue;
    }
    for (const m of file.text.matchAll(KEY_VALUE)) {
      const value = m[2] as string;
      if (!store.key.test(m[1] as string) || value.length < 8 || (store.value && !store.value.test(value))) continue;
      hits.push({ kind: store.kind, value, offset: m.index + m[0].lastIndexOf(value), variable: m[1] as string });
    }
  }
  if (file.path === '.netrc') hits.push(...netrcHits(file.text));
  if (file.path === '.pgpass') hits.push(...pgpassHits(file.text));
  if (file.path === '.config/rclone/rclone.conf') hits.push(...rcloneHits(file.text));
  if (file.path === '.docker/config.json') hits.push(...dockerAuthHits(file));
  if (file.path === '.kube/config') hits.push(...kubeconfigHits(file));
  return hits;
}

/** A kubeconfig committed to the repository (`kind: Config` with `users:`), e.g. a CI deploy config. */
function repoKubeconfigHits(file: SourceFile): Hit[] {
  if (file.root !== 'repo' || file.kind !== 'yaml' || !file.text.includes('kind:') || !/^kind:\s*Config\b/m.test(file.text) || !/^users:/m.test(file.text)) return [];
  return kubeconfigHits(file);
}

/** Terraform provider arguments that hold a prefix-less credential (provider → argument → catalog row). */
const PROVIDER_ARGUMENTS: Record<string, Record<string, string>> = {
  railway: { token: 'railway-account-token' },
  heroku: { api_key: 'heroku-named-key' },
  cloudflare: { api_key: 'cloudflare-named-key' },
  vercel: { api_token: 'vercel-named-token' },
  mongodbatlas: { private_key: 'mongodb-atlas-key' },
};
const TF_VARIABLE = /\bvariable\s+"([A-Za-z0-9_-]{1,80})"\s*\{[^{}]{0,2000}?\bdefault\s*=\s*"([^"\n]{8,500})"/g;
const TF_PROVIDER = /\bprovider\s+"([a-z0-9_-]{1,40})"\s*\{([^{}]{0,4000})\}/g;
const TF_ARGUMENT = /^\s*([a-z_]{1,40})\s*=\s*"([^"\n]{8,500})"/gm;

/** Terraform: credentials in `variable` defaults (named like the env variable) and in provider blocks. */
function terraformHits(file: SourceFile): Hit[] {
  if (file.kind !== 'hcl' || !/\b(?:variable|provider)\s+"/.test(file.text)) return [];
  const hits: Hit[] = [];
  for (const m of file.text.matchAll(TF_VARIABLE)) {
    const [, name = '', value = ''] = m;
    const kind = kindForName(name);
    if (!kind || (kind.value && !kind.value.test(value))) continue;
    hits.push({ kind, value, offset: m.index + m[0].lastIndexOf(value), variable: `var.${name}` });
  }
  for (const m of file.text.matchAll(TF_PROVIDER)) {
    const [, provider = '', body = ''] = m;
    const args = PROVIDER_ARGUMENTS[provider];
    if (!args) continue;
    const bodyStart = m.index + m[0].indexOf('{') + 1;
    for (const a of body.matchAll(TF_ARGUMENT)) {
      const [, arg = '', value = ''] = a;
      const kind = CATALOG.find((k) => k.id === args[arg]);
      if (!kind || (kind.value && !kind.value.test(value))) continue;
      hits.push({ kind, value, offset: bodyStart + a.index + a[0].lastIndexOf(value), variable: `provider "${provider}" ${arg}` });
    }
  }
  return hits;
}

/** Reads the scope a credential states about itself, where its format allows. */
function readScope(hit: Hit): Hit {
  const reading =
    hit.kind.id === 'pypi-token' ? pypiScope(hit.value) : hit.kind.id === 'azure-sas-token' ? sasScope(hit.value) : hit.kind.id === 'flyio-macaroon' ? flyScope(hit.value) : undefined;
  return reading ? { ...hit, ...reading } : hit;
}

const NETRC_LOGIN: Omit<TokenKind, 'example'> = { id: 'netrc-password', provider: 'netrc', label: '.netrc password', scope: 'UNKNOWN', reason: 'a login for the host that any tool using .netrc (curl, git, ftp) presents; its rights are those of the account', destructive: false };

function netrcHits(text: string): Hit[] {
  const hits: Hit[] = [];
  for (const m of text.matchAll(/machine\s+(\S+)[\s\S]{0,300}?password\s+(\S+)/g)) {
    const [, host = '', value = ''] = m;
    if (isPlaceholder(value) || /^(localhost|127\.)/.test(host)) continue;
    const kind = /heroku\.com$/.test(host) ? (CATALOG.find((k) => k.id === 'heroku-named-key') as TokenKind) : NETRC_LOGIN;
    hits.push({ kind, value, offset: m.index + m[0].lastIndexOf(value), variable: `machine ${host}` });
  }
  return hits;
}

/** `~/.pgpass`: `host:port:database:user:password` lines (`\:` escapes a colon), judged as a database URL would be. */
function pgpassHits(text: string): Hit[] {
  const hits: Hit[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const fields = line.startsWith('#') ? [] : line.replace(/\r$/, '').split(/(?<!\\):/);
    if (fields.length === 5) {
      const [host = '', , , user = '', password = ''] = fields;
      const reach = host === '*' ? 'remote' : databaseUrlReach(user, host);
      if (reach && password.length >= 4 && !isPlaceholder(password)) {
        const row = DATABASE_URL_KINDS[reach];
        hits.push({
          kind: { id: row.id, provider: databaseHostPlatform(host) ?? 'database', label: 'PostgreSQL password file entry', scope: row.scope, reason: `the entry logs in as "${user}" on ${host === '*' ? 'any host' : host}${reach === 'superuser' || reach === 'managed' ? ', a login that can drop the databases there' : ''}`, destructive: row.destructive },
          value: password,
          offset: offset + line.lastIndexOf(password),
          variable: `${host}:${user}`,
        });
      }
    }
    offset += line.length + 1;
  }
  return hits;
}

const RCLONE_SECRET = /^(secret_access_key|pass|password|key|account_key|client_secret|token|sas_url|service_account_credentials)$/;

/** `rclone.conf`: a remote's storage key can purge what is stored there, backups included. */
function rcloneHits(text: string): Hit[] {
  const hits: Hit[] = [];
  let remote = '';
  let type = '';
  let offset = 0;
  for (const line of text.split('\n')) {
    const section = /^\s*\[([^\]]{1,100})\]/.exec(line);
    if (section) {
      remote = section[1] as string;
      type = '';
    }
    const kv = /^\s*([a-z_]{1,40})\s*=\s*(\S.{0,2000}?)\s*$/.exec(line);
    if (kv?.[1] === 'type') type = kv[2] as string;
    if (kv && RCLONE_SECRET.test(kv[1] as string) && (kv[2] as string).length >= 8 && !isPlaceholder(kv[2] as string) && !/^local$/.test(type)) {
      const value = kv[2] as string;
      hits.push({
        kind: { id: 'rclone-remote-credential', provider: type || 'storage', label: `rclone remote "${remote}" credential`, scope: 'UNKNOWN', reason: `rclone can delete or purge everything on the ${type || 'storage'} remote "${remote}" with it, backups kept there included`, destructive: true },
        value,
        offset: offset + line.lastIndexOf(value),
        variable: `${remote}.${kv[1]}`,
      });
    }
    offset += line.length + 1;
  }
  return hits;
}

function dockerAuthHits(file: SourceFile): Hit[] {
  const auths = (file.json().value as { auths?: Record<string, { auth?: string }> } | undefined)?.auths ?? {};
  const hits: Hit[] = [];
  for (const [registry, entry] of Object.entries(auths)) {
    if (typeof entry?.auth !== 'string' || entry.auth.length < 8) continue;
    // `auth` is base64 of user:password. Without a colon the whole decoded text is the secret, so
    // only a short printable part before a colon is named; the decoded forms are scrubbed anyway.
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon > 0 && colon <= 64 && /^[\x21-\x7e]+$/.test(decoded.slice(0, colon)) ? decoded.slice(0, colon) : '';
    hits.push({
      kind: { id: 'docker-registry-login', provider: 'docker', label: 'Docker registry login', scope: 'UNKNOWN', reason: `a stored login for ${user || 'a user'} on ${registry} can push and delete images`, destructive: true },
      value: entry.auth,
      also: [decoded, ...(colon >= 0 ? [decoded.slice(colon + 1)] : [])].filter((v) => v.length >= 4),
      offset: file.text.indexOf(entry.auth),
      variable: `auths.${registry}`,
    });
  }
  return hits;
}

function kubeconfigHits(file: SourceFile): Hit[] {
  const doc = file.yaml().docs[0];
  const listed = ((doc ? yamlValue(doc) : undefined) as { users?: unknown } | null | undefined)?.users;
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const hits: Hit[] = [];
  for (const entry of Array.isArray(listed) ? (listed as unknown[]) : []) {
    const u = (entry !== null && typeof entry === 'object' ? entry : {}) as { name?: unknown; user?: Record<string, unknown> | null };
    const user = u.user !== null && typeof u.user === 'object' ? u.user : {};
    const token = text(user.token);
    const secret = token ?? text(user['client-key-data']);
    if (!secret || secret.length < 8) continue;
    let admin = false;
    const cert = text(user['client-certificate-data']);
    if (cert) {
      try {
        const { X509Certificate } = nodeCrypto();
        admin = /O=system:masters/.test(new X509Certificate(Buffer.from(cert, 'base64')).subject);
      } catch {
        admin = false;
      }
    }
    const sa = token ? serviceAccountScope(token) : undefined;
    hits.push({
      kind: { id: 'kubeconfig-user', provider: 'kubernetes', label: `kubeconfig user ${text(u.name) ?? ''}`.trim(), scope: admin ? 'BROAD' : 'UNKNOWN', reason: admin ? 'its client certificate is in the system:masters group: cluster-admin' : 'its RBAC bindings are only visible in the cluster', destructive: true },
      value: secret,
      offset: file.text.indexOf(secret),
      ...(sa && !admin ? sa : {}),
    });
  }
  return hits;
}

function gcpHits(file: SourceFile): Hit[] {
  if (file.kind !== 'json' || !file.matches(GCP_HINT)) return [];
  const v = file.json().value as { type?: string; private_key?: string; refresh_token?: string; client_email?: string } | undefined;
  if (v?.type === 'service_account' && typeof v.private_key === 'string' && v.private_key.length > 40) {
    return [{ kind: { id: 'gcp-service-account-key', provider: 'gcp', label: 'GCP service-account key', scope: 'UNKNOWN', reason: `the IAM roles of ${v.client_email ?? 'the service account'} are not in the file`, destructive: true }, value: v.private_key, offset: file.text.indexOf('"private_key"'), variable: 'private_key' }];
  }
  if (v?.type === 'authorized_user' && typeof v.refresh_token === 'string' && v.refresh_token.length > 8) {
    return [{ kind: { id: 'gcp-user-credentials', provider: 'gcp', label: 'gcloud user credentials', scope: 'BROAD', reason: "application default credentials act as the user with the full cloud-platform scope", destructive: true }, value: v.refresh_token, offset: file.text.indexOf('"refresh_token"'), variable: 'refresh_token' }];
  }
  return [];
}

/** Kubernetes Secrets: `data:` values are base64 (decoded here), `stringData:` values plain. */
function kubernetesSecretHits(file: SourceFile, safe: ReadonlySet<string>): Hit[] {
  // A Helm template's Secret is not YAML until rendered; its text is still searched for tokens.
  if (file.kind !== 'yaml' || !file.text.includes('kind:') || !/^kind:\s*Secret\b/m.test(file.text) || isHelmTemplate(file.path, file.text)) return [];
  const hits: Hit[] = [];
  for (const doc of file.yaml().docs) {
    const v = yamlValue(doc) as { kind?: string; data?: Record<string, unknown>; stringData?: Record<string, unknown> } | null;
    if (v?.kind !== 'Secret') continue;
    const entries = [
      ...Object.entries(v.data ?? {}).map(([k, raw]) => ({ key: k, raw: String(raw ?? ''), value: Buffer.from(String(raw ?? ''), 'base64').toString('utf8').trim() })),
      ...Object.entries(v.stringData ?? {}).map(([k, raw]) => ({ key: k, raw: String(raw ?? ''), value: String(raw ?? '') })),
    ];
    for (const e of entries) {
      if (e.raw.length < 8 || safe.has(e.key)) continue;
      const offset = file.text.indexOf(e.raw);
      const named = kindForName(e.key);
      const found = named && (!named.value || named.value.test(e.value)) ? [{ kind: named, value: e.value, offset: 0 }] : [...prefixedHits(e.value), ...databaseHits(e.value), ...jwtHits(e.value)];
      for (const h of found) hits.push({ ...h, value: e.raw, offset: offset === -1 ? 0 : offset, variable: e.key, also: [h.value, e.value] });
    }
  }
  return hits;
}

/** `tokens.patterns` from the config, compiled once per scan rather than once per file. */
const compiledPatterns = new WeakMap<readonly ExtraTokenPattern[], { p: ExtraTokenPattern; re: LinearRegex | undefined }[]>();

function extraHits(ctx: FileContext): Hit[] {
  const hits: Hit[] = [];
  const patterns = ctx.config.tokens.patterns;
  if (patterns.length === 0) return hits;
  let compiled = compiledPatterns.get(patterns);
  // Patterns come from a file in the repository: RE2's linear-time engine runs them.
  if (!compiled) compiledPatterns.set(patterns, (compiled = patterns.map((p) => ({ p, re: linearRegex(p.regex) }))));
  for (const { p, re } of compiled) {
    for (const m of re?.matches(ctx.file.text) ?? []) {
      const scope = p.scope ?? 'UNKNOWN';
      hits.push({ kind: { id: p.id, provider: p.provider, label: `${p.provider} token (${p.id})`, scope, reason: 'it matches a pattern from .blast-radius.yml', destructive: true }, value: m.text, offset: m.index, userPattern: true });
    }
  }
  return hits;
}

const ASSIGNED_TO = /([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[:=]\s*["']?(?:Bearer\s+)?$/;

/**
 * How far before a value its variable name and separator can start. ASSIGNED_TO is anchored at the
 * end but not the start, so it is only ever run on this much text: on a whole long line of letters
 * it would try every start, quadratic in the line's length.
 */
const ASSIGNMENT_WINDOW = 256;

/** The variable a value is assigned to on its line, when there is one. */
function variableAt(file: SourceFile, offset: number): string | undefined {
  const { line, column } = file.lines.position(offset);
  const before = file.lines.lineText(line).slice(0, column - 1);
  return ASSIGNED_TO.exec(before.slice(-ASSIGNMENT_WINDOW))?.[1];
}

function variableBefore(text: string, offset: number): { variable?: string } {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1) + 1, offset - ASSIGNMENT_WINDOW);
  const variable = ASSIGNED_TO.exec(text.slice(lineStart, offset))?.[1];
  return variable ? { variable } : {};
}

const MINIFIED = (file: SourceFile): boolean => file.kind === 'ts' && file.text.length > 20000 && file.text.length / file.lines.lineCount > 1000;

export default defineDetector({
  id: 'tokens/credentials',
  files: ['**', ...HOME_STORES],
  // The tests every file pays for, answered on the bytes as they are read.
  hints: [ANY_TOKEN_HINT, DB_URL_HINT, JWT_HINT, GCP_HINT],
  rules: {
    'token/github-classic-pat': {
      title: 'GitHub classic personal access token',
      severity: 'high',
      precision: 'high',
      help: [
        'A GitHub classic personal access token (`ghp_…`) is in a file an agent can read.',
        '',
        'Classic tokens act for their user on every repository and organisation the user can reach; their scopes (often `repo`, `delete_repo`, `admin:org`) cannot be read from the token itself, so it is reported as possibly broad. `--verify` asks GitHub for the real scopes.',
        '',
        '**Fix:** revoke it, and use a fine-grained token limited to the repositories and permissions the job needs, kept out of the workspace.',
      ].join('\n'),
    },
    'token/broad-credential': {
      title: 'Account-, team- or organisation-wide credential within an agent\'s reach',
      severity: 'critical',
      precision: 'high',
      help: [
        'A credential whose scope is the whole account, team, workspace or organisation sits where an agent can read it: a `.env` file, a config, an MCP server `env` block, a CI file or a CLI login in the home directory.',
        '',
        'This is how the incident began: an agent looking for a fix found an account-wide Railway token and used it to delete a production volume. A broad token can delete every project, database, volume and backup it can see.',
        '',
        '**Fix:** revoke it and issue the narrowest token that does the job (Railway: a project token in `RAILWAY_TOKEN`; GitHub: a fine-grained token for one repository; Stripe: a restricted key). Keep it in a secret manager or the CI secret store, not in files inside the workspace.',
      ].join('\n'),
    },
    'token/project-destructive-credential': {
      title: 'Credential that can delete or overwrite one project\'s data',
      severity: 'high',
      precision: 'high',
      help: [
        'A credential limited to one project, database or bucket that can still delete or overwrite its data: a database URL logging in as the superuser, or as any user of a managed public database, a Supabase `service_role` key, a storage account key.',
        '',
        'Database URLs with a literal password are judged by reach (the password never appears in a report):',
        '',
        '| reach | example (synthetic) | reported as |',
        '|---|---|---|',
        ...(Object.entries(DATABASE_URL_KINDS) as [string, { example: string; scope: string }][]).map(([reach, row]) => `| ${DATABASE_URL_REACH_NAMES[reach]} | \`${row.example.replace(/:[^:@/]+@/, ':<password>@')}\` | ${RULES[row.scope as ScopeVerdict]}, ${severityOf(row.scope as ScopeVerdict, false)} |`),
        '| local host, compose service name (no dot), placeholder (`${…}`, `<…>`, `password`, `xxx`) | `postgres://app:<password>@db:5432/app` | nothing |',
        '',
        '**Fix:** keep it out of the workspace, and give tools and agents a role that cannot drop or delete (a read-only or read-write database role without ownership, a publishable key).',
      ].join('\n'),
    },
    'token/unknown-scope-credential': {
      title: 'Credential whose scope cannot be told offline and that can destroy resources',
      severity: 'high',
      precision: 'medium',
      help: [
        'A credential of a kind that can be account-wide or narrow, with the same format either way (an AWS access key, a Cloudflare API token, an npm token, a Neon API key). Reported as possibly broad.',
        '',
        '**Fix:** check its real permissions (`blast-radius scan --verify` asks GitHub for a token\'s scopes), replace it with the narrowest credential that works, and keep it out of files an agent can read.',
      ].join('\n'),
    },
    'token/narrow-credential': {
      title: 'Narrowly scoped credential in the workspace',
      severity: 'low',
      precision: 'high',
      help: [
        'A credential that is read-only, deploy-only or limited to one project or environment (a Railway project token, an OpenAI project key, a Stripe restricted key). It cannot destroy much on its own.',
        '',
        '**Fix:** nothing urgent; still keep it in a secret store rather than in the workspace, and rotate it if it was ever committed.',
      ].join('\n'),
    },
  },
  check(ctx) {
    const { file, report, fact, config } = ctx;
    const safe = new Set(config.tokens.safeVariables);
    const k8s = kubernetesSecretHits(file, safe);
    const hinted = file.matches(ANY_TOKEN_HINT);
    const hits = [...k8s, ...(hinted ? prefixedHits(file.text) : []), ...(hinted ? namedHits(file.text, safe) : []), ...(file.matches(DB_URL_HINT) ? databaseHits(file.text) : []), ...(file.matches(JWT_HINT) ? jwtHits(file.text) : []), ...storeHits(file), ...repoKubeconfigHits(file), ...terraformHits(file), ...gcpHits(file), ...extraHits(ctx)].map(readScope);
    // Checked once something is found: it needs the decoded text, which most files never need.
    if (hits.length === 0 || MINIFIED(file)) return;
    const reach = reachOf(file);
    const seen = new Set<string>();
    for (const hit of hits.sort((a, b) => a.offset - b.offset)) {
      const plain = hit.also?.[0] ?? hit.value;
      if (seen.has(hit.value) || seen.has(plain) || isPlaceholder(plain)) continue;
      seen.add(hit.value);
      seen.add(plain);
      const variable = hit.variable ?? variableAt(file, hit.offset);
      const safeVariable = variable !== undefined && safe.has(variable);
      const scope = hit.scope ?? hit.kind.scope;
      const ruleId = hit.kind.rule ?? RULES[scope];
      const location = file.atOffset(hit.offset, hit.value.length);
      const redacted = redact(hit.value);
      const holder = reach.holder(location.line, variable);
      const where = variable ? ` in ${variable}` : '';
      // Test code and test data mostly hold fake tokens: the message says so; the engine reports them low.
      const inTests = file.root === 'repo' && isTestCode(file.path);
      const severity = hit.kind.rule ? undefined : severityOf(scope, hit.kind.destructive);
      report(ruleId, location, {
        message: `${hit.kind.label} ${redacted}${where}: scope ${scope} — ${hit.reason ?? hit.kind.reason}. ${inTests ? 'It sits in test code, where tokens are usually fakes; if it is real, ' : ''}${inTests ? FIX[scope].charAt(0).toLowerCase() + FIX[scope].slice(1) : FIX[scope]}`,
        ...(severity ? { severity } : {}),
        confidence: scope === 'UNKNOWN' ? 'medium' : 'high',
        secrets: [hit.value, ...(hit.also ?? [])],
        key: `${hit.kind.id}:${variable ?? ''}:${redacted}`,
        properties: { provider: hit.kind.provider, tokenKind: hit.kind.id, scope, reach: reach.reach, ...(variable ? { variable } : {}) },
        ...(hit.userPattern || safeVariable ? {} : { verify: { provider: hit.kind.provider, tokenKind: hit.kind.id, value: plain } }),
        ...(safeVariable ? { suppressedBy: `tokens.safe-variables lists ${variable}` } : {}),
      });
      if (safeVariable) continue;
      const credential: CredentialFact = {
        kind: 'credential',
        provider: hit.kind.provider,
        tokenKind: hit.kind.id,
        scope,
        destructive: hit.kind.destructive,
        reason: hit.reason ?? hit.kind.reason,
        redacted,
        reach: reach.reach,
        ruleId,
        location,
        ...(variable ? { variable } : {}),
        ...(holder ? { holder } : {}),
      };
      fact(credential);
    }
  },
});
