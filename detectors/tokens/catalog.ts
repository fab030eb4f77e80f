// The token catalog: one row per credential kind, as data. Each row says how the credential is
// recognised (a literal prefix and a bounded regex, or the variable / config-key names that hold
// a prefix-less value such as Railway's UUIDs), which scope verdict it gets offline and why, and
// whether it can destroy resources. Facts and regexes come from ../shared/docs/tokens.md §1-2
// (gitleaks, trufflehog and the providers' own CLIs), the synthetic examples from §5.

import type { ScopeVerdict } from '../../src/engine/facts.js';

export interface TokenKind {
  /** Stable id, `<provider>-<kind>`. */
  id: string;
  provider: string;
  /** What a person calls it, used in messages. */
  label: string;
  scope: ScopeVerdict;
  /** Why the verdict, in a few words. */
  reason: string;
  /** Able to delete infrastructure, data, repositories or packages. */
  destructive: boolean;
  /** Literal(s) every match starts with: the cheap prefilter. */
  prefix?: string | readonly string[];
  /** Whole-token regex (bounded quantifiers only); group 0 is the secret. */
  pattern?: RegExp;
  /** Variable or key names whose value is this kind of credential (for prefix-less tokens). */
  names?: readonly string[];
  /** What a value under one of `names` must look like to count. */
  value?: RegExp;
  /** Reported under this rule instead of the verdict's rule. */
  rule?: string;
  /** A synthetic example, for the tests; never a live value. */
  example: string;
}

const B = '(?<![A-Za-z0-9_])';
const E = '(?![A-Za-z0-9_])';
const rx = (body: string): RegExp => new RegExp(`${B}${body}${E}`, 'g');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const CATALOG: readonly TokenKind[] = [
  // Railway: every token is a bare UUID; the variable decides (railwayapp/cli README and src/client.rs).
  { id: 'railway-account-token', provider: 'railway', label: 'Railway account or workspace token', scope: 'BROAD', reason: 'RAILWAY_API_TOKEN holds an account or workspace token, which reaches every project, database and volume in scope', destructive: true, names: ['RAILWAY_API_TOKEN', 'RAILWAY_ACCOUNT_TOKEN', 'RAILWAY_TEAM_TOKEN', 'RAILWAY_WORKSPACE_TOKEN'], value: UUID, example: 'adbb7ee7-4202-47e4-a689-bda409f7c04c' },
  { id: 'railway-project-token', provider: 'railway', label: 'Railway project token', scope: 'NARROW', reason: 'RAILWAY_TOKEN holds a project token limited to one environment of one project', destructive: true, names: ['RAILWAY_TOKEN', 'RAILWAY_PROJECT_TOKEN'], value: UUID, example: 'e48c028b-7ba8-46ea-93fe-472b9dea0432' },
  // GitHub (gitleaks github-pat, github-fine-grained-pat, github-oauth, github-app-token).
  { id: 'github-classic-pat', provider: 'github', label: 'GitHub classic personal access token', scope: 'UNKNOWN', reason: 'classic scopes cannot be read from the token and cover every repository and organisation the user can reach', destructive: true, prefix: 'ghp_', pattern: rx('ghp_[A-Za-z0-9]{36}'), rule: 'token/github-classic-pat', example: 'ghp_OfKCnSn5TWdBkJmtjGaVu3jrezQJd1IcZEsr' },
  { id: 'github-oauth-token', provider: 'github', label: 'GitHub OAuth token', scope: 'BROAD', reason: 'OAuth tokens such as the gh CLI login act as the user with repo and org scopes', destructive: true, prefix: 'gho_', pattern: rx('gho_[A-Za-z0-9]{36}'), example: 'gho_bRYaX1m8sYnIBuBkhcsGPGSRnkgUPSXMQmYZ' },
  { id: 'github-fine-grained-pat', provider: 'github', label: 'GitHub fine-grained personal access token', scope: 'UNKNOWN', reason: 'a fine-grained token may cover all repositories with Administration: write; its grants are only visible online', destructive: true, prefix: 'github_pat_', pattern: rx('github_pat_[A-Za-z0-9_]{82}'), example: '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' },
  { id: 'github-refresh-token', provider: 'github', label: 'GitHub refresh token', scope: 'UNKNOWN', reason: 'a refresh token mints new user-to-server tokens', destructive: true, prefix: 'ghr_', pattern: rx('ghr_[A-Za-z0-9]{36}'), example: 'ghr_Xb3Qm9Lr2Tn7Vw5Ys8Kd4Hf6Jg1Pc0ZaQmYZ' },
  { id: 'github-ephemeral-token', provider: 'github', label: 'GitHub App installation or user-to-server token', scope: 'NARROW', reason: 'installation and user-to-server tokens expire within hours', destructive: true, prefix: ['ghs_', 'ghu_'], pattern: rx('gh[su]_[A-Za-z0-9]{36}'), example: 'ghs_KZB8CRh5sthCFTEtQgQ9nHWnJHjDU0dBfPvT' },
  // GitLab.
  { id: 'gitlab-access-token', provider: 'gitlab', label: 'GitLab personal, project or group access token', scope: 'UNKNOWN', reason: 'personal, project and group tokens share the glpat- prefix; scopes are only visible online', destructive: true, prefix: 'glpat-', pattern: rx('glpat-[0-9A-Za-z_-]{20,300}(?:\\.[0-9a-z]{2}[0-9a-z]{7})?'), example: 'glpat-4vBtPUU-0Oo1TJ0D5CoS' },
  // AWS (gitleaks aws-access-token).
  { id: 'aws-access-key', provider: 'aws', label: 'AWS access key', scope: 'UNKNOWN', reason: 'an IAM user or root key whose policies are not in the file', destructive: true, prefix: 'AKIA', pattern: rx('AKIA[A-Z2-7]{16}'), example: 'AKIAZ7QW3ERTY5UIOP2A' },
  // Stripe.
  { id: 'stripe-secret-key', provider: 'stripe', label: 'Stripe live secret key', scope: 'BROAD', reason: 'a live secret key has full account API access: refunds, payouts, deleting customers', destructive: true, prefix: 'sk_live_', pattern: rx('sk_live_[A-Za-z0-9]{10,247}'), example: 'sk_live_51Hq8ZxLp2Vt7Rw3Nb6Mc9Kd1Fg4Hj0Ss' },
  { id: 'stripe-restricted-key', provider: 'stripe', label: 'Stripe live restricted key', scope: 'NARROW', reason: 'a restricted key carries only the permissions chosen for it', destructive: false, prefix: 'rk_live_', pattern: rx('rk_live_[A-Za-z0-9]{10,247}'), example: 'rk_live_51Hq8ZxLp2Vt7Rw3Nb6Mc9Kd1Fg4Hj0Ss' },
  // Cloudflare (2026 formats).
  { id: 'cloudflare-global-key', provider: 'cloudflare', label: 'Cloudflare Global API Key', scope: 'BROAD', reason: 'the Global API Key acts as the user across every account and zone', destructive: true, prefix: 'cfk_', pattern: rx('cfk_[A-Za-z0-9]{40}[a-f0-9]{8}'), example: 'cfk_Q2wE3rT4yU5iO6pA7sD8fG9hJ0kL1zX2cV3bN4mQ0a1b2c3d' },
  { id: 'cloudflare-api-token', provider: 'cloudflare', label: 'Cloudflare API token', scope: 'UNKNOWN', reason: 'its permission groups are chosen at creation and not visible offline', destructive: true, prefix: ['cfut_', 'cfat_'], pattern: rx('cf[ua]t_[A-Za-z0-9]{40}[a-f0-9]{8}'), example: 'cfut_Q2wE3rT4yU5iO6pA7sD8fG9hJ0kL1zX2cV3bN4mQ0a1b2c3d' },
  { id: 'cloudflare-named-key', provider: 'cloudflare', label: 'Cloudflare API key', scope: 'BROAD', reason: 'CLOUDFLARE_API_KEY holds the Global API Key, which acts as the user everywhere', destructive: true, names: ['CLOUDFLARE_API_KEY', 'CF_API_KEY'], value: /^[a-f0-9]{37}$/, example: '3f9a1c7e5b2d8f4a6c0e9b1d7f3a5c8e2b4d6' },
  // OpenAI and Anthropic.
  { id: 'openai-admin-key', provider: 'openai', label: 'OpenAI admin key', scope: 'BROAD', reason: 'an admin key manages the organisation: keys, projects and users', destructive: true, prefix: 'sk-admin-', pattern: rx('sk-admin-[A-Za-z0-9_-]{20,200}'), example: 'sk-admin-Zx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1Fg4Hj0Ss' },
  { id: 'openai-project-key', provider: 'openai', label: 'OpenAI project key', scope: 'NARROW', reason: 'a project or service-account key is limited to one project', destructive: false, prefix: ['sk-proj-', 'sk-svcacct-'], pattern: rx('sk-(?:proj|svcacct)-[A-Za-z0-9_-]{20,200}'), example: 'sk-proj-Zx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1Fg4Hj0Ss' },
  { id: 'anthropic-admin-key', provider: 'anthropic', label: 'Anthropic admin key', scope: 'BROAD', reason: 'an admin key manages the organisation: members, workspaces and API keys', destructive: true, prefix: 'sk-ant-admin01-', pattern: rx('sk-ant-admin01-[A-Za-z0-9_-]{80,100}AA'), example: `sk-ant-admin01-${'Zx8Qw2Lp5Rt7Yv3N'.repeat(5)}Zx8AA` },
  { id: 'anthropic-api-key', provider: 'anthropic', label: 'Anthropic API key', scope: 'NARROW', reason: 'an API key is limited to one workspace (spend, files, batches)', destructive: false, prefix: 'sk-ant-api03-', pattern: rx('sk-ant-api03-[A-Za-z0-9_-]{80,100}AA'), example: `sk-ant-api03-${'Zx8Qw2Lp5Rt7Yv3N'.repeat(5)}Zx8AA` },
  // Doppler.
  { id: 'doppler-personal-token', provider: 'doppler', label: 'Doppler personal or CLI token', scope: 'BROAD', reason: 'a personal or CLI token reads and writes everything in the account, every stored secret included', destructive: true, prefix: ['dp.pt.', 'dp.ct.'], pattern: rx('dp\\.(?:pt|ct)\\.[A-Za-z0-9]{40,44}'), example: 'dp.pt.Zx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1Fg4Hj0SsQwErTyUi' },
  { id: 'doppler-service-token', provider: 'doppler', label: 'Doppler service token', scope: 'NARROW', reason: 'a service token reaches one config', destructive: false, prefix: 'dp.st.', pattern: rx('dp\\.st\\.(?:[a-z0-9_-]{2,35}\\.)?[A-Za-z0-9]{40,44}'), example: 'dp.st.prd.Zx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1Fg4Hj0SsQwErTyUi' },
  // Package registries.
  { id: 'npm-access-token', provider: 'npm', label: 'npm access token', scope: 'UNKNOWN', reason: 'a token may publish or unpublish every package of the user, with 2FA bypass', destructive: true, prefix: 'npm_', pattern: rx('npm_[A-Za-z0-9]{36}'), example: 'npm_Zx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1Fg4Hj0SsQw12' },
  { id: 'pypi-token', provider: 'pypi', label: 'PyPI API token', scope: 'UNKNOWN', reason: 'a PyPI macaroon may be user-scoped (all projects) or project-scoped', destructive: true, prefix: 'pypi-AgEIcHlwaS5vcmc', pattern: rx('pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}'), example: `pypi-AgEIcHlwaS5vcmc${'Zx8Qw2Lp5Rt7Yv3N'.repeat(4)}` },
  // Hosting platforms.
  { id: 'flyio-user-token', provider: 'flyio', label: 'Fly.io user token', scope: 'BROAD', reason: 'a user token reaches every organisation, app, volume and database of the user', destructive: true, prefix: 'fo1_', pattern: rx('fo1_[A-Za-z0-9_-]{43}'), example: 'fo1_Zx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1Fg4Hj0SsQwErTyUiOpA' },
  { id: 'flyio-macaroon', provider: 'flyio', label: 'Fly.io token', scope: 'UNKNOWN', reason: 'an org token (all apps) and a deploy token (one app) share the FlyV1 format', destructive: true, prefix: 'FlyV1 fm', pattern: /(?<![A-Za-z0-9_])FlyV1 fm[12][ar]?_[A-Za-z0-9+/=_,-]{20,4000}/g, example: 'FlyV1 fm2_lJPECAAAAAAAAZx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1Fg4Hj0Ss' },
  { id: 'digitalocean-token', provider: 'digitalocean', label: 'DigitalOcean token', scope: 'UNKNOWN', reason: 'a full-access or custom-scoped token; full access deletes droplets, volumes and databases', destructive: true, prefix: ['dop_v1_', 'doo_v1_', 'dor_v1_'], pattern: rx('do[opr]_v1_[a-f0-9]{64}'), example: `dop_v1_${'3f9a1c7e5b2d8f4a'.repeat(4)}` },
  { id: 'vercel-token', provider: 'vercel', label: 'Vercel token', scope: 'UNKNOWN', reason: 'a Vercel token may cover the whole account or team', destructive: true, prefix: ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'], pattern: rx('vc[piark]_[A-Za-z0-9]{40,80}'), example: 'vcp_Zx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1Fg4Hj0SsQwErTyUiOpAsDfGhJkLzXcVbNm12' },
  { id: 'vercel-named-token', provider: 'vercel', label: 'Vercel token', scope: 'UNKNOWN', reason: 'VERCEL_TOKEN may cover the whole account or team', destructive: true, names: ['VERCEL_TOKEN', 'VERCEL_API_TOKEN'], value: /^[A-Za-z0-9]{24}$/, example: 'Zx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1' },
  { id: 'netlify-token', provider: 'netlify', label: 'Netlify personal access token', scope: 'BROAD', reason: 'a personal access token acts as the user across teams and sites', destructive: true, prefix: 'nfp_', pattern: rx('nfp_[A-Za-z0-9_]{36}'), example: 'nfp_Zx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1Fg4Hj0SsQw12' },
  { id: 'render-api-key', provider: 'render', label: 'Render API key', scope: 'BROAD', reason: 'a classic API key reaches all of the user\'s workspaces, services and disks', destructive: true, prefix: 'rnd_', pattern: rx('rnd_[A-Za-z0-9]{32}'), example: 'rnd_Zx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1Fg4Hj0Ss' },
  { id: 'neon-api-key', provider: 'neon', label: 'Neon API key', scope: 'UNKNOWN', reason: 'personal, organisation and project keys share a format; an organisation key administers every project', destructive: true, prefix: 'napi_', pattern: rx('napi_[a-z0-9]{40,80}'), example: 'napi_zx8qw2lp5rt7yv3nb6mc9kd1fg4hj0ssqwertyuiop12' },
  { id: 'planetscale-token', provider: 'planetscale', label: 'PlanetScale token', scope: 'UNKNOWN', reason: 'service tokens carry the permissions chosen for them; OAuth tokens act as the user', destructive: true, prefix: 'pscale_', pattern: rx('pscale_(?:tkn|oauth)_[A-Za-z0-9_=.-]{32,64}'), example: 'pscale_tkn_Zx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1Fg4Hj0SsQw' },
  { id: 'supabase-access-token', provider: 'supabase', label: 'Supabase management token', scope: 'BROAD', reason: 'a management token reaches every organisation and project of the user and can delete projects', destructive: true, prefix: 'sbp_', pattern: rx('sbp_(?:oauth_)?[a-f0-9]{40}'), example: `sbp_${'3f9a1c7e5b'.repeat(4)}` },
  { id: 'supabase-secret-key', provider: 'supabase', label: 'Supabase secret key', scope: 'PROJECT-DESTRUCTIVE', reason: 'a secret key bypasses row-level security on its project', destructive: true, prefix: 'sb_secret_', pattern: rx('sb_secret_[A-Za-z0-9_-]{20,80}'), example: 'sb_secret_Zx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1Fg4H' },
  { id: 'heroku-api-key', provider: 'heroku', label: 'Heroku API key', scope: 'BROAD', reason: 'Heroku API keys are global by default: every app, add-on and database of the user', destructive: true, prefix: 'HRKU-', pattern: rx('HRKU-AA[0-9A-Za-z_-]{58}'), example: 'HRKU-AAZx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1Fg4Hj0SsQwErTyUiOpAsDfGhJkLzXcVbNm' },
  { id: 'heroku-named-key', provider: 'heroku', label: 'Heroku API key', scope: 'BROAD', reason: 'HEROKU_API_KEY is global by default: every app, add-on and database of the user', destructive: true, names: ['HEROKU_API_KEY'], value: UUID, example: '5b1f7c3e-9a2d-4e6f-8b0c-1d3e5f7a9b2c' },
  // Secrets and infrastructure platforms.
  { id: 'vault-token', provider: 'vault', label: 'HashiCorp Vault token', scope: 'UNKNOWN', reason: 'policies are not visible in the token; root tokens look the same', destructive: true, prefix: 'hvs.', pattern: rx('hvs\\.[A-Za-z0-9_-]{90,120}'), example: `hvs.${'Zx8Qw2Lp5Rt7Yv3N'.repeat(6)}` },
  { id: 'terraform-cloud-token', provider: 'terraform-cloud', label: 'Terraform Cloud token', scope: 'UNKNOWN', reason: 'user, team and organisation tokens share a format and can queue destroy runs', destructive: true, prefix: '.atlasv1.', pattern: rx('[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}'), example: `Zx8Qw2Lp5Rt7Yv.atlasv1.${'Zx8Qw2Lp5Rt7Yv3N'.repeat(4)}` },
  { id: 'pulumi-token', provider: 'pulumi', label: 'Pulumi access token', scope: 'UNKNOWN', reason: 'personal, team and organisation tokens share a format and can destroy stacks', destructive: true, prefix: 'pul-', pattern: rx('pul-[a-f0-9]{40}'), example: `pul-${'3f9a1c7e5b'.repeat(4)}` },
  { id: 'databricks-token', provider: 'databricks', label: 'Databricks personal access token', scope: 'UNKNOWN', reason: 'a token inherits its user, admin or not', destructive: true, prefix: 'dapi', pattern: rx('dapi[a-f0-9]{32}(?:-\\d)?'), example: `dapi${'3f9a1c7e'.repeat(4)}` },
  { id: 'mongodb-atlas-key', provider: 'mongodb-atlas', label: 'MongoDB Atlas private API key', scope: 'UNKNOWN', reason: 'Atlas keys carry roles from ORG_OWNER to read-only that are not visible offline', destructive: true, names: ['MONGODB_ATLAS_PRIVATE_KEY', 'MCLI_PRIVATE_API_KEY', 'ATLAS_PRIVATE_KEY'], value: UUID, example: '7c2e9a4f-1b3d-4f5a-9c8e-2d4f6a8b0c1e' },
  { id: 'docker-hub-token', provider: 'docker', label: 'Docker Hub access token', scope: 'UNKNOWN', reason: 'a Docker Hub token may push and delete images; its scopes are not visible', destructive: true, prefix: 'dckr_', pattern: rx('dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,32}'), example: 'dckr_pat_Zx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1Fg4' },
  { id: 'slack-token', provider: 'slack', label: 'Slack token', scope: 'NARROW', reason: 'Slack tokens expose workspace data, not infrastructure', destructive: false, prefix: ['xoxb-', 'xoxp-'], pattern: rx('xox[bp]-[0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9-]{20,80}'), example: 'xoxb-583920174632-906142758301-Zx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1' },
  // Azure.
  { id: 'azure-client-secret', provider: 'azure', label: 'Azure Entra client secret', scope: 'UNKNOWN', reason: 'the app\'s role assignments are not in the file', destructive: true, prefix: 'Q~', pattern: rx('[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}'), example: 'Zx87Q~Lp5Rt7Yv3Nb6Mc9Kd1Fg4Hj0SsQwErTy' },
  // Azure Storage (tokens.md §2.22): the account key is full control of the account; a SAS says its own scope (scope.ts).
  { id: 'azure-storage-key', provider: 'azure', label: 'Azure storage account key', scope: 'PROJECT-DESTRUCTIVE', reason: 'an account key has full control of every container, blob, queue, table and share in the storage account', destructive: true, prefix: 'AccountKey=', pattern: rx('[A-Za-z0-9+/]{86}=='), names: ['AZURE_STORAGE_KEY', 'AZURE_STORAGE_ACCOUNT_KEY', 'ARM_ACCESS_KEY', 'STORAGE_ACCOUNT_KEY'], value: /^[A-Za-z0-9+/]{86}==$/, example: 'Zx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1Fg4Hj0SsQwErTyUiOpAsDfGhJkLzXcVbNm12Zx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1Fg==' },
  { id: 'azure-sas-token', provider: 'azure', label: 'Azure Storage SAS token', scope: 'UNKNOWN', reason: 'a shared access signature whose permissions could not be read', destructive: true, prefix: 'sig=', pattern: rx('(?:(?:sv|ss|srt|sp|se|st|spr|sip|sr|si|sdd|skoid|sktid|skt|ske|sks|skv|ses|rscc|rscd|rsce|rscl|rsct)=[^&\\s"\'<>]{1,120}&){2,24}sig=[A-Za-z0-9%+/=]{20,120}'), example: 'sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2027-06-30T00:00:00Z&st=2026-01-01T00:00:00Z&spr=https&sig=Zx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1Fg4Hj0SsQwErTyUiOp%3D' },
];

/** Superuser account names in database URLs (tokens.md §2.24). */
export const SUPERUSERS = new Set(['postgres', 'root', 'admin', 'sa', 'doadmin', 'avnadmin', 'rdsadmin', 'supabase_admin', 'cloudsqlsuperuser', 'mongoadmin']);

/**
 * Database URLs with a literal password, by how far they reach. A superuser name on any server, or
 * any user on a managed public host (whose default user owns its databases), can drop the data;
 * another remote host is a login of unknown rights; a name that says read-only reads. Local hosts
 * and compose service names (no dot) are not judged at all. Each row's example is synthetic.
 */
export const DATABASE_URL_KINDS = {
  superuser: { id: 'database-superuser-url', scope: 'PROJECT-DESTRUCTIVE', destructive: true, example: 'postgres://postgres:Xq9vR2mT7wLp4zKd@db.acme-prod.com:5432/app' },
  managed: { id: 'database-managed-url', scope: 'PROJECT-DESTRUCTIVE', destructive: true, example: 'mongodb+srv://shopapp:Xq9vR2mT7wLp4zKd@cluster0.ab12c.mongodb.net/shop' },
  remote: { id: 'database-url', scope: 'UNKNOWN', destructive: false, example: 'postgres://shopapp:Xq9vR2mT7wLp4zKd@db.acme-prod.com:5432/app' },
  readOnly: { id: 'database-readonly-url', scope: 'NARROW', destructive: false, example: 'postgres://reporting_ro:Xq9vR2mT7wLp4zKd@db.acme-prod.com:5432/app' },
} as const;

/** Managed database services reachable from anywhere: the host decides, whatever the user. */
const MANAGED_DATABASE_HOST = /\.(mongodb\.net|neon\.tech|supabase\.co|supabase\.com|rds\.amazonaws\.com|rlwy\.net|psdb\.cloud|aivencloud\.com|ondigitalocean\.com|render\.com|postgres\.database\.azure\.com|mysql\.database\.azure\.com|cockroachlabs\.cloud|upstash\.io|timescaledb\.io|tembo\.io|xata\.sh)$/i;
/** User names that say the login only reads. */
const READ_ONLY_USER = /^(ro|readonly|read_only|read-only|reader|viewer|analyst)$|(^|[_.-])(ro|readonly|reader|viewer)([_.-]|$)/i;

/** The reach of a database URL's login, or undefined when it is local or not judged. */
export function databaseUrlReach(user: string, host: string): keyof typeof DATABASE_URL_KINDS | undefined {
  const h = host.toLowerCase();
  if (!h.includes('.') || /^(localhost|127\.|0\.0\.0\.0|host\.docker\.internal$)/.test(h) || h.endsWith('.local') || h.endsWith('.localhost')) return undefined;
  if (READ_ONLY_USER.test(user)) return 'readOnly';
  if (SUPERUSERS.has(user.toLowerCase())) return 'superuser';
  if (MANAGED_DATABASE_HOST.test(h)) return 'managed';
  return 'remote';
}

/** Provider that hosts a database URL, from its host name; undefined for self-hosted. */
export function databaseHostPlatform(host: string): string | undefined {
  const h = host.toLowerCase();
  if (h.endsWith('.railway.internal') || h.endsWith('.rlwy.net') || h.includes('railway')) return 'railway';
  if (h.endsWith('.rds.amazonaws.com')) return 'aws';
  if (h.endsWith('.supabase.co') || h.endsWith('.supabase.com')) return 'supabase';
  if (h.endsWith('.neon.tech')) return 'neon';
  if (h.endsWith('.render.com')) return 'render';
  if (h.endsWith('.flycast') || h.endsWith('.fly.dev') || h.endsWith('.internal')) return h.endsWith('.internal') ? undefined : 'flyio';
  if (h.endsWith('.ondigitalocean.com')) return 'digitalocean';
  if (h.endsWith('.psdb.cloud')) return 'planetscale';
  if (h.endsWith('.mongodb.net')) return 'mongodb-atlas';
  if (h.endsWith('.azure.com')) return 'azure';
  if (h.endsWith('.aivencloud.com')) return 'aiven';
  if (h.endsWith('.cockroachlabs.cloud')) return 'cockroachdb';
  if (h.endsWith('.upstash.io')) return 'upstash';
  return undefined;
}

const PREFIXED = CATALOG.filter((k) => k.pattern && k.prefix);
const NAMED = new Map<string, TokenKind>();
for (const k of CATALOG) for (const n of k.names ?? []) NAMED.set(n, k);

export const prefixedKinds = (): readonly TokenKind[] => PREFIXED;
export const kindForName = (name: string): TokenKind | undefined => NAMED.get(name.toUpperCase());

/** Matches text that mentions any prefix-less token's variable name (case-insensitive). */
export const NAME_PREFILTER = new RegExp([...NAMED.keys()].join('|'), 'i');

/** Literals worth a full look; a file containing none of them skips the per-row regexes. */
export const prefixesOf = (kind: TokenKind): readonly string[] => (kind.prefix === undefined ? [] : typeof kind.prefix === 'string' ? [kind.prefix] : kind.prefix);

export const PREFILTER_LITERALS: readonly string[] = [...new Set(PREFIXED.flatMap(prefixesOf))];

/**
 * One cheap pass that rules a file out: any catalog prefix, or a credential variable name in upper
 * or lower case. Most files match nothing and skip both detailed passes below.
 */
export const ANY_TOKEN_HINT = new RegExp(
  [...PREFILTER_LITERALS.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), ...[...NAMED.keys()].flatMap((n) => [n, n.toLowerCase()])].join('|'),
);

/** One pass over a file finds every literal prefix it contains. */
export const PREFILTER = new RegExp(PREFILTER_LITERALS.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');

export interface NameClass {
  provider: string;
  tokenKind: string;
  scope: ScopeVerdict;
  destructive: boolean;
}

/** Common names for prefixed kinds, so a secret NAME (a CI `${{ secrets.X }}`) can be classed too. */
const CONVENTIONAL_NAMES: Record<string, string> = {
  GH_TOKEN: 'github-classic-pat', GITHUB_PAT: 'github-classic-pat', GITHUB_PERSONAL_ACCESS_TOKEN: 'github-classic-pat',
  GITLAB_TOKEN: 'gitlab-access-token', GL_TOKEN: 'gitlab-access-token', AWS_SECRET_ACCESS_KEY: 'aws-access-key', AWS_ACCESS_KEY_ID: 'aws-access-key',
  STRIPE_SECRET_KEY: 'stripe-secret-key', CLOUDFLARE_API_TOKEN: 'cloudflare-api-token', CF_API_TOKEN: 'cloudflare-api-token',
  OPENAI_ADMIN_KEY: 'openai-admin-key', ANTHROPIC_ADMIN_KEY: 'anthropic-admin-key', DOPPLER_TOKEN: 'doppler-personal-token',
  NPM_TOKEN: 'npm-access-token', NODE_AUTH_TOKEN: 'npm-access-token', PYPI_TOKEN: 'pypi-token', TWINE_PASSWORD: 'pypi-token',
  FLY_API_TOKEN: 'flyio-macaroon', FLY_ACCESS_TOKEN: 'flyio-macaroon', DIGITALOCEAN_ACCESS_TOKEN: 'digitalocean-token', DIGITALOCEAN_TOKEN: 'digitalocean-token',
  NETLIFY_AUTH_TOKEN: 'netlify-token', RENDER_API_KEY: 'render-api-key', NEON_API_KEY: 'neon-api-key', PLANETSCALE_SERVICE_TOKEN: 'planetscale-token',
  SUPABASE_ACCESS_TOKEN: 'supabase-access-token', SUPABASE_SERVICE_ROLE_KEY: 'supabase-secret-key', SUPABASE_SECRET_KEY: 'supabase-secret-key',
  VAULT_TOKEN: 'vault-token', TFE_TOKEN: 'terraform-cloud-token', TF_TOKEN_APP_TERRAFORM_IO: 'terraform-cloud-token', PULUMI_ACCESS_TOKEN: 'pulumi-token',
  DATABRICKS_TOKEN: 'databricks-token', DOCKERHUB_TOKEN: 'docker-hub-token', AZURE_CLIENT_SECRET: 'azure-client-secret', ARM_CLIENT_SECRET: 'azure-client-secret',
};

/** What a credential held under this variable name would be, if the name says. */
export function classifyVariableName(name: string): NameClass | undefined {
  const upper = name.toUpperCase();
  const kind = NAMED.get(upper) ?? CATALOG.find((k) => k.id === CONVENTIONAL_NAMES[upper]);
  if (kind) return { provider: kind.provider, tokenKind: kind.id, scope: kind.scope, destructive: kind.destructive };
  if (/^(?:DATABASE|POSTGRES|PG|MYSQL|MONGO(?:DB)?)_(?:PUBLIC_)?(?:URL|URI)$/.test(upper)) return { provider: 'database', tokenKind: 'database-url', scope: 'UNKNOWN', destructive: true };
  return undefined;
}
