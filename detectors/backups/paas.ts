// Databases on Fly.io, Render, Supabase and Neon whose only backups are the platform's own, kept in
// the same app, service or project as the data (backups.md §4.2, §4.3, §4.5, §4.6). Each platform
// rule says only what backups.md verifies about it: Fly.io snapshots belong to the volume and app
// (a destroyed volume's snapshots are restorable only with its ID, findable for 24 h); Render
// snapshots disks daily (what deletion does to them is not documented); Supabase deletes a
// project's backups with the project; deleting a Neon project deletes all its branches. Render
// managed databases get facts but no rule: their backup semantics are unverified. An off-platform
// dump job anywhere in the repository clears every finding, as for Railway.

import type { BackupFact, Container, DataStoreFact } from '../../src/engine/facts.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import { yamlValue } from '../../src/parsers/yaml.js';
import { defineDetector, type Location, type ProjectContext } from '../../src/engine/types.js';
import { DATA_DIRECTORIES, hasOffHostBackup, OFF_HOST } from './commands.js';
import { SCRIPT_FILES } from './scripts.js';

const FLY_FILES = ['**/fly.toml', '**/fly.*.toml'];
const LITESTREAM_FILES = ['**/litestream.yml', '**/litestream.yaml', '**/etc/litestream.yml'];
const RENDER_FILES = ['**/render.yaml', '**/render.yml'];
const SUPABASE_FILES = ['**/supabase/config.toml'];
const NEON_FILES = ['**/.env', '**/.env.*', '**/*.env', '**/*.tf'];

const DB_IMAGE = /\b(postgres|postgis|timescale(?:db)?|mysql|mariadb|mongo|redis|valkey|clickhouse|couchdb|neo4j|elasticsearch)\b/i;
const DOCKERFILE_DB = /^\s*FROM\s+(?:\S*\/)?(postgres|postgis|timescale\S*|mysql|mariadb|mongo|redis|valkey|clickhouse|couchdb|neo4j|elasticsearch)\b/im;
const SQLITE_HINT = /\bsqlite3?\b|\.sqlite3?\b|\.db["'\s]|\blitefs\b/i;
const SUPABASE_DUMP = /\bsupabase\s+db\s+dump\b/;
const NEON_URL = /\bpostgres(?:ql)?:\/\/[^\s"'@]*@(ep-[a-z0-9-]+)(?:-pooler)?\.[a-z0-9.-]*neon\.tech\b/g;
const NEON_TF = /^\s*resource\s+"neon_project"\s+"([^"]+)"/gm;

type Table = Record<string, unknown>;
const asTable = (v: unknown): Table => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Table) : {});
const asList = (v: unknown): Table[] => (Array.isArray(v) ? v.map(asTable) : v === undefined ? [] : [asTable(v)]);
const dirOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.');
/** The database data directory a mount path holds (the path is it, lies inside it, or is a parent deeper than `/data`). */
const dataDirectoryOf = (path: string): string | undefined =>
  DATA_DIRECTORIES.find((d) => path === d || path.startsWith(`${d}/`) || (d.startsWith(`${path}/`) && path.split('/').length > 2));
const engineOfDataDirectory = (dir: string): string => (/mysql/.test(dir) ? 'mysql' : /mongo|\/data\/db/.test(dir) ? 'mongodb' : 'postgres');
const normaliseEngine = (e: string): string => e.toLowerCase().replace(/^postgis|^timescale.*/, 'postgres').replace(/^mongo$/, 'mongodb').replace(/^mariadb$/, 'mysql');

/** The first file of the repository that copies a database dump off the platform, if any. */
function offPlatformJob(files: SourceFile[]): SourceFile | undefined {
  return files.find((f) => hasOffHostBackup(f.text) || (SUPABASE_DUMP.test(f.text) && OFF_HOST.test(f.text)));
}

/** Whether a Litestream config beside the app replicates to something other than a local file. */
function litestreamOffsite(files: SourceFile[], dir: string): SourceFile | undefined {
  return files.find((f) => (dirOf(f.path) === dir || dirOf(f.path).startsWith(`${dir}/`) || dir === '.') && /^\s*(?:-\s*)?(?:url:\s*["']?(?:s3|gcs|abs|sftp|webdav|nats):\/\/|type:\s*["']?(?:s3|gcs|abs|sftp)\b)/m.test(f.text));
}

export interface FlyMount {
  index: number;
  source: string;
  destination: string;
  scheduledSnapshots: boolean | undefined;
  retention: number | undefined;
}

export function flyMounts(toml: Table): FlyMount[] {
  return asList(toml.mounts).map((m, index) => ({
    index,
    source: String(m.source ?? ''),
    destination: String(m.destination ?? ''),
    scheduledSnapshots: typeof m.scheduled_snapshots === 'boolean' ? m.scheduled_snapshots : undefined,
    retention: typeof m.snapshot_retention === 'number' ? m.snapshot_retention : undefined,
  }));
}

/** The engine a Fly app runs on its volume, from its image, its Dockerfile, its env or the mount path; undefined for no database. */
export function flyDatabase(toml: Table, dockerfile: string | undefined, mount: FlyMount): string | undefined {
  const image = String(asTable(toml.build).image ?? '');
  const fromImage = DB_IMAGE.exec(image)?.[1] ?? (dockerfile ? DOCKERFILE_DB.exec(dockerfile)?.[1] : undefined);
  if (fromImage) return normaliseEngine(fromImage);
  const dataDir = dataDirectoryOf(mount.destination);
  if (dataDir) return engineOfDataDirectory(dataDir);
  const env = Object.entries(asTable(toml.env)).map(([k, v]) => `${k}=${String(v)}`).join('\n');
  if (/^PGDATA=/m.test(env)) return 'postgres';
  if (SQLITE_HINT.test(env) || (dockerfile && SQLITE_HINT.test(dockerfile))) return 'sqlite';
  return undefined;
}

/** Where the n-th `[mounts]`/`[[mounts]]` table (or a key in it) sits. */
function mountAt(file: SourceFile, index: number, key?: string): Location {
  const headers = [...file.text.matchAll(/^[ \t]*\[\[?[ \t]*mounts[ \t]*\]\]?/gm)];
  const header = headers[index];
  if (!header) return file.tomlLocation(['mounts']);
  if (key) {
    const end = headers[index + 1]?.index ?? file.text.length;
    const body = file.text.slice(header.index, end);
    const m = new RegExp(`^[ \\t]*${key}[ \\t]*=`, 'm').exec(body);
    if (m) return file.atOffset(header.index + m.index + (m[0].length - m[0].trimStart().length));
  }
  return file.atOffset(header.index + (header[0].length - header[0].trimStart().length));
}

/** A data store, its platform's own backups, and the rule that reports them when nothing copies the data off the platform. */
export interface Store {
  fact: DataStoreFact;
  platformBackup?: Omit<BackupFact, 'storeId'>;
  rule?: string;
  at: Location;
  message: string;
  severity?: 'high';
  /** The finding's key and properties (by default the store's id, its platform and id). */
  key?: string;
  properties?: Record<string, unknown>;
}

/**
 * Records each store and its platform backups, and reports its rule unless a dump job in the
 * repository copies data off the platform (then that job is recorded as an off-site backup).
 */
export function judgeStores(ctx: ProjectContext, stores: readonly Store[]): void {
  if (stores.length === 0) return;
  const offsite = offPlatformJob(ctx.files(SCRIPT_FILES));
  for (const store of stores) {
    ctx.fact(store.fact);
    const storeId = store.fact.id;
    if (store.platformBackup) ctx.fact({ ...store.platformBackup, storeId, ...(store.rule && !offsite ? { ruleId: store.rule } : {}) });
    if (offsite) {
      ctx.fact({ kind: 'backup', storeId, description: `off-platform dump job in ${offsite.path}`, container: { type: 'off-site', name: `storage outside ${store.fact.platform}`, platform: 'other' }, leavesBlastRadius: true, location: offsite.at(1) });
      continue;
    }
    if (!store.rule) continue;
    ctx.report(store.rule, store.at, { message: store.message, severity: store.severity, key: store.key ?? storeId, properties: store.properties ?? { platform: store.fact.platform, store: storeId } });
  }
}

function flyStores(ctx: ProjectContext): Store[] {
  const out: Store[] = [];
  const litestream = ctx.files(LITESTREAM_FILES);
  for (const file of ctx.files(FLY_FILES)) {
    const toml = file.toml().value;
    if (!toml) continue;
    const dir = dirOf(file.path);
    const app = typeof toml.app === 'string' ? toml.app : dir;
    const dockerfile = ctx.file(file.root, dir === '.' ? 'Dockerfile' : `${dir}/Dockerfile`)?.text;
    for (const mount of flyMounts(toml)) {
      const engine = flyDatabase(toml, dockerfile, mount);
      if (!engine) continue;
      const container: Container = { type: 'volume', name: `Fly.io volume ${mount.source} of app ${app}`, platform: 'flyio' };
      const location = mountAt(file, mount.index);
      const fact: DataStoreFact = { kind: 'data-store', id: `flyio:${file.path}#${mount.source}`, platform: 'flyio', engine, name: `Fly.io ${engine} on volume "${mount.source}" (app ${app})`, container, location };
      if (engine === 'sqlite' && litestreamOffsite(litestream, dir)) {
        const replica = litestreamOffsite(litestream, dir) as SourceFile;
        out.push({ fact, platformBackup: { kind: 'backup', description: `Litestream replica configured in ${replica.path}`, container: { type: 'off-site', name: 'object storage outside Fly.io', platform: 'other' }, leavesBlastRadius: true, location: replica.at(1) }, at: location, message: '' });
        continue;
      }
      const off = mount.scheduledSnapshots === false;
      const snapshots = off ? undefined : { kind: 'backup' as const, description: `Fly.io volume snapshots of ${mount.source} (${mount.retention ?? 5} days)`, container, leavesBlastRadius: false, location };
      out.push({
        fact,
        ...(snapshots ? { platformBackup: snapshots } : {}),
        rule: 'backup/fly-volume-snapshots-only',
        at: off ? mountAt(file, mount.index, 'scheduled_snapshots') : location,
        severity: off ? 'high' : undefined,
        message: off
          ? `Fly.io app ${app} keeps ${engine} data on volume "${mount.source}" with scheduled_snapshots = false and nothing in this repository copies it off Fly.io: there is no backup at all. Re-enable snapshots and add an off-platform dump (or a Litestream replica) to storage in another account.`
          : `Fly.io app ${app} keeps ${engine} data on volume "${mount.source}" and its only backups are Fly.io volume snapshots (kept ${mount.retention ?? 5} days) in the same app and organisation: after a volume is destroyed they can be restored only with its ID, which can be looked up for 24 hours. Add an off-platform dump (or a Litestream replica) to storage in another account.`,
      });
    }
  }
  return out;
}

function renderStores(ctx: ProjectContext): Store[] {
  const out: Store[] = [];
  for (const file of ctx.files(RENDER_FILES)) {
    const doc = file.yaml().docs[0];
    if (!doc) continue;
    const blueprint = asTable(yamlValue(doc));
    asList(blueprint.services).forEach((service, i) => {
      const disk = asTable(service.disk);
      const mountPath = String(disk.mountPath ?? '');
      if (!mountPath) return;
      const image = String(asTable(service.image).url ?? '');
      const dataDir = dataDirectoryOf(mountPath);
      // An app keeping SQLite on the disk says so in a variable: DATABASE_FILENAME=/data/app.db.
      const sqlite = asList(service.envVars).some((v) => {
        const value = String(asTable(v).value ?? '');
        return /\.(db|sqlite3?)$/i.test(value) && value.startsWith(`${mountPath.replace(/\/$/, '')}/`);
      });
      const engineName = DB_IMAGE.exec(image)?.[1] ?? (dataDir ? engineOfDataDirectory(dataDir) : undefined) ?? (sqlite ? 'sqlite' : undefined);
      if (!engineName) return;
      const engine = normaliseEngine(engineName);
      const name = String(service.name ?? `service ${i + 1}`);
      const container: Container = { type: 'volume', name: `Render disk ${String(disk.name ?? mountPath)} of service ${name}`, platform: 'render' };
      const location = file.yamlLocation(doc.contents, ['services', i, 'disk']);
      out.push({
        fact: { kind: 'data-store', id: `render:${file.path}#${name}`, platform: 'render', engine, name: `Render ${engine} "${name}" on a persistent disk`, container, location },
        platformBackup: { kind: 'backup', description: `Render daily disk snapshots of ${name}`, container, leavesBlastRadius: false, location },
        rule: 'backup/render-disk-snapshots-only',
        at: location,
        message: `Render service "${name}" runs ${engine} on a persistent disk (${mountPath}) and nothing in this repository dumps it off Render: its only backups are Render's daily disk snapshots of that same service, and Render does not document that they outlive deleting the service or disk. Add a cron job that dumps it to storage in another account.`,
      });
    });
    asList(blueprint.databases).forEach((db, i) => {
      const name = String(db.name ?? `database ${i + 1}`);
      const location = file.yamlLocation(doc.contents, ['databases', i]);
      // Render managed Postgres backup retention after deletion is unverified (backups.md §4.3): facts only, no rule.
      out.push({ fact: { kind: 'data-store', id: `render:${file.path}#databases.${name}`, platform: 'render', engine: 'postgres', name: `Render Postgres "${name}"`, container: { type: 'database-instance', name: `Render Postgres ${name}`, platform: 'render' }, location }, at: location, message: '' });
    });
  }
  return out;
}

/** Files that show a Supabase project is hosted, not only the local stack `supabase start` runs. */
const SUPABASE_LINK_FILES = ['**/supabase/.temp/project-ref', '**/.env', '**/.env.*', '**/*.env', ...SCRIPT_FILES];
/** A hosted project's ref in a URL, a pooler host, or a link command or variable. */
const HOSTED_SUPABASE = /\b[a-z]{20}\.supabase\.(?:co|com)\b|\.pooler\.supabase\.com\b|--project-ref[= ]+[a-z]{20}\b|\bSUPABASE_PROJECT_(?:REF|ID)\s*[=:]\s*["']?[a-z]{20}\b/;

/**
 * Whether the repository links its Supabase stack to a hosted project: `supabase/.temp/project-ref`
 * (written by `supabase link`), or a project URL, pooler host, `--project-ref` or project-ref
 * variable in an env file, a script or a CI workflow. A `config.toml` alone describes the local
 * stack `supabase start` runs, whose data no hosted backup concerns.
 */
function linkedToHostedProject(ctx: ProjectContext): boolean {
  return ctx.files(SUPABASE_LINK_FILES).some((f) => f.path.endsWith('supabase/.temp/project-ref') || HOSTED_SUPABASE.test(f.text));
}

/** Where a line-anchored match sits, without its leading blanks. */
const matchLocation = (file: SourceFile, m: RegExpMatchArray): Location => file.atOffset((m.index ?? 0) + (m[0].length - m[0].trimStart().length), m[0].trim().length);

/** A hosted project declared with Supabase's Terraform provider: no local stack, always hosted. */
const SUPABASE_TF = /^\s*resource\s+"supabase_project"\s+"([^"]+)"/gm;

function supabaseTerraformStores(ctx: ProjectContext): Store[] {
  const out: Store[] = [];
  for (const file of ctx.files(['**/*.tf'])) {
    if (!file.text.includes('supabase_project')) continue;
    for (const m of file.text.matchAll(SUPABASE_TF)) {
      const project = `supabase_project.${m[1] ?? ''}`;
      const location = matchLocation(file, m);
      const container: Container = { type: 'project', name: `Supabase project ${project}`, platform: 'supabase' };
      out.push({
        fact: { kind: 'data-store', id: `supabase:${file.path}#${project}`, platform: 'supabase', engine: 'postgres', name: `Supabase Postgres of ${project}`, container, location },
        platformBackup: { kind: 'backup', description: 'Supabase daily backups and PITR', container, leavesBlastRadius: false, location },
        rule: 'backup/supabase-backups-deleted-with-project',
        at: location,
        message: `${project} has no backup outside Supabase in this repository: Supabase documents that deleting a project permanently removes all its data, including its backups, and the provider has no deletion protection (prevent_destroy stops only terraform destroy). Add a scheduled job that runs supabase db dump (or pg_dump) and uploads the dump to storage in another account.`,
      });
    }
  }
  return out;
}

function supabaseStores(ctx: ProjectContext): Store[] {
  const configs = ctx.files(SUPABASE_FILES);
  if (configs.length === 0 || !linkedToHostedProject(ctx)) return [];
  return configs.map((file) => {
    const projectId = file.toml().value?.project_id;
    const project = typeof projectId === 'string' ? projectId : dirOf(dirOf(file.path));
    const location = typeof projectId === 'string' ? file.tomlLocation(['project_id']) : file.at(1);
    const container: Container = { type: 'project', name: `Supabase project ${project}`, platform: 'supabase' };
    return {
      fact: { kind: 'data-store', id: `supabase:${file.path}`, platform: 'supabase', engine: 'postgres', name: `Supabase Postgres of project ${project}`, container, location },
      platformBackup: { kind: 'backup', description: 'Supabase daily backups and PITR', container, leavesBlastRadius: false, location },
      rule: 'backup/supabase-backups-deleted-with-project',
      at: location,
      message: `Supabase project ${project} has no backup outside Supabase in this repository: Supabase documents that deleting a project permanently removes all its data, including its backups. Add a scheduled job that runs supabase db dump (or pg_dump) and uploads the dump to storage in another account.`,
    };
  });
}

function neonStores(ctx: ProjectContext): Store[] {
  const found = new Map<string, Store>();
  for (const file of ctx.files(NEON_FILES)) {
    const tf = file.path.endsWith('.tf');
    // A literal each match must hold: far cheaper than the line-anchored regex over every file.
    if (!file.text.includes(tf ? 'neon_project' : 'neon.tech')) continue;
    const matches = tf ? file.text.matchAll(NEON_TF) : file.text.matchAll(NEON_URL);
    for (const m of matches) {
      const project = file.path.endsWith('.tf') ? `neon_project.${m[1] ?? ''}` : `endpoint ${m[1] ?? ''}`;
      if (found.has(project)) continue;
      const location = matchLocation(file, m);
      const container: Container = { type: 'project', name: `the Neon project of ${project}`, platform: 'neon' };
      found.set(project, {
        fact: { kind: 'data-store', id: `neon:${project}`, platform: 'neon', engine: 'postgres', name: `Neon Postgres (${project})`, container, location },
        platformBackup: { kind: 'backup', description: 'Neon history window and branches', container, leavesBlastRadius: false, location },
        rule: 'backup/neon-backups-deleted-with-project',
        at: location,
        message: `Neon Postgres (${project}) has no backup outside Neon in this repository: branches and point-in-time restore live inside the project's history window, and deleting the project deletes every branch and database (recoverable only for 7 days). Add a scheduled pg_dump to storage in another account.`,
      });
    }
  }
  return [...found.values()];
}

export default defineDetector({
  id: 'backups/paas',
  projectFiles: [...FLY_FILES, ...LITESTREAM_FILES, ...RENDER_FILES, ...SUPABASE_FILES, ...SUPABASE_LINK_FILES, ...NEON_FILES, ...SCRIPT_FILES],
  // Terraform files matter here only for a Neon project.
  keeps: (file) => !file.path.endsWith('.tf') || file.text.includes('neon_project') || file.text.includes('supabase_project'),
  rules: {
    'backup/fly-volume-snapshots-only': {
      title: 'Fly.io database whose only backups are its volume snapshots',
      severity: 'medium',
      precision: 'medium',
      help: [
        'A `fly.toml` mounts a volume for a database (a database image or Dockerfile, a data directory, SQLite) and nothing in the repository copies the data off Fly.io. Fly.io volume snapshots are daily and kept 5 days by default; they stay in the same app and organisation, and once a volume is destroyed its snapshots can be restored only with the volume ID, which can be looked up for 24 hours. With `scheduled_snapshots = false` there is no backup at all, and severity is high.',
        '',
        '**Fix:** add an off-platform backup: a Litestream replica to `s3://…` for SQLite, or a scheduled machine or CI job that runs `pg_dump -Fc … | aws s3 cp - s3://…` into a versioned bucket in another account. Keep snapshots on as a fast local tier.',
      ].join('\n'),
    },
    'backup/neon-backups-deleted-with-project': {
      title: 'Neon database with no backup outside its Neon project',
      severity: 'medium',
      precision: 'medium',
      help: [
        'The repository uses a Neon Postgres database (a `*.neon.tech` connection URL or a `neon_project` resource), and nothing in it dumps the data off Neon. Branches are copy-on-write clones inside the same project, restores work only inside the project\'s history window, and deleting the project deletes all its branches and databases (recoverable for 7 days).',
        '',
        '**Fix:** add a scheduled job (a CI workflow or cron) that runs `pg_dump -Fc "$DATABASE_URL" | aws s3 cp - s3://…` into a versioned bucket in another account.',
      ].join('\n'),
    },
    'backup/render-disk-snapshots-only': {
      title: 'Self-managed database on a Render disk with no off-platform dump',
      severity: 'high',
      precision: 'medium',
      help: [
        'A `render.yaml` service runs a database image (or mounts a database data directory) on a persistent `disk`, and nothing in the repository dumps it off Render. Render snapshots disks every 24 hours and keeps them at least seven days, but they belong to the same service, and Render does not document that they survive deleting the service or the disk.',
        '',
        '**Fix:** add a Render cron job or CI workflow that dumps the database (`pg_dump`, `mongodump`, `mysqldump`) and uploads it to a versioned bucket in another account, or move the data to a managed database with its own backups plus an export.',
      ].join('\n'),
    },
    'backup/supabase-backups-deleted-with-project': {
      title: 'Supabase project with no backup outside Supabase',
      severity: 'high',
      precision: 'medium',
      help: [
        'The repository holds a Supabase project (`supabase/config.toml`) linked to a hosted project, or declares one with Supabase\'s Terraform provider (`supabase_project`), (`supabase/.temp/project-ref`, a project URL or pooler host, `--project-ref` or a project-ref variable in an env file, a script or a workflow) and nothing in it exports the database off Supabase. A `config.toml` alone describes the local stack `supabase start` runs and is not reported. Supabase documents that deleting a project permanently removes all its data, including its backups, so one project delete (by an agent with an access token, or by hand) leaves nothing to restore.',
        '',
        '**Fix:** add a scheduled CI job that runs `supabase db dump` (or `pg_dump` on the connection string) and uploads the dump to a versioned bucket in another account, with credentials that can write but not delete.',
      ].join('\n'),
    },
  },
  checkProject(ctx) {
    judgeStores(ctx, [...flyStores(ctx), ...renderStores(ctx), ...supabaseStores(ctx), ...supabaseTerraformStores(ctx), ...neonStores(ctx)]);
  },
});
