// Compose projects whose backup sidecar writes where the database lives (backups.md §1): into the
// database's own named volume or host path (C1, C2), into another volume of the same project
// with no remote target (C3: `docker compose down -v` deletes both), or to a "remote" object
// store that is a service of the same project (C5). Override files are merged in compose's order
// and `${VAR}` / `${VAR:-default}` are interpolated from the project's `.env`.

import { posix } from 'node:path';
import type { BackupFact, DataStoreFact } from '../../src/engine/facts.js';
import { compareText } from '../../src/engine/order.js';
import { parseDotenv } from '../../src/parsers/dotenv.js';
import { yamlValue } from '../../src/parsers/yaml.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import { defineDetector, type Location, type ProjectContext } from '../../src/engine/types.js';
import { DUMP_VERB } from './commands.js';

const COMPOSE = /(?:^|\/)(?:docker-)?compose(?:[.-][\w-]+)*\.ya?ml$/;
const DATABASE_IMAGE = /(?:^|\/)(postgres|postgis|timescaledb|mysql|mariadb|mongo|redis|valkey|clickhouse-server|couchdb|neo4j)(?::|$|@)/;
const SIDECARS: { image: RegExp; destination: (env: Record<string, string>) => string | undefined; remote: (env: Record<string, string>) => string | undefined }[] = [
  { image: /postgres-backup-local/, destination: (e) => e.BACKUP_DIR ?? '/backups', remote: () => undefined },
  { image: /docker-volume-backup/, destination: (e) => e.BACKUP_ARCHIVE ?? '/archive', remote: (e) => e.AWS_S3_BUCKET_NAME ?? e.WEBDAV_URL ?? e.SSH_HOST_NAME ?? e.AZURE_STORAGE_CONTAINER_NAME ?? e.DROPBOX_REFRESH_TOKEN },
  { image: /db-backup/, destination: (e) => e.DEFAULT_FILESYSTEM_PATH ?? '/backup', remote: (e) => (/s3|blobxfer/i.test(e.DEFAULT_BACKUP_LOCATION ?? e.DB01_BACKUP_LOCATION ?? '') ? (e.DEFAULT_S3_BUCKET ?? e.DB01_S3_BUCKET ?? 'S3') : undefined) },
  { image: /mysql-backup/, destination: (e) => (e.DB_DUMP_TARGET?.startsWith('/') ? e.DB_DUMP_TARGET : undefined), remote: (e) => (/^(?:s3|smb):\/\//.test(e.DB_DUMP_TARGET ?? '') ? e.DB_DUMP_TARGET : undefined) },
  { image: /pg-backup/, destination: () => '/backups', remote: (e) => (e.STORAGE_BACKEND === 'S3' ? (e.BUCKET ?? 'S3') : undefined) },
  { image: /restic/, destination: (e) => (e.RESTIC_REPOSITORY?.startsWith('/') ? e.RESTIC_REPOSITORY : undefined), remote: (e) => (/^(?:s3|b2|azure|gs|sftp|rest|swift|rclone):/.test(e.RESTIC_REPOSITORY ?? '') ? e.RESTIC_REPOSITORY : undefined) },
  // borgbackup images: BORG_REPO is a local path or `ssh://user@host/…` (borg's own docs).
  { image: /borg(?:backup|matic)?\b/, destination: (e) => (e.BORG_REPO?.startsWith('/') ? e.BORG_REPO : undefined), remote: (e) => (/^ssh:\/\/|^[\w.-]+@[\w.-]+:/.test(e.BORG_REPO ?? '') ? e.BORG_REPO : undefined) },
  // kopia: a filesystem repository is a path; s3, b2, gcs, azure, sftp, rclone ones are remote.
  { image: /kopia/, destination: (e) => e.KOPIA_REPOSITORY_PATH ?? (e.KOPIA_REPOSITORY?.startsWith('/') ? e.KOPIA_REPOSITORY : undefined), remote: (e) => e.KOPIA_S3_BUCKET ?? e.KOPIA_B2_BUCKET ?? e.KOPIA_GCS_BUCKET ?? (/^(?:s3|b2|gcs|azure|sftp|rclone):/.test(e.KOPIA_REPOSITORY ?? '') ? e.KOPIA_REPOSITORY : undefined) },
  // duplicity: the target URL, `file:///…` local or a remote scheme.
  { image: /duplicity/, destination: (e) => (/^file:\/\//.test(e.DUPLICITY_TARGET ?? e.DST ?? '') ? (e.DUPLICITY_TARGET ?? e.DST ?? '').slice(7) : undefined), remote: (e) => (/^(?:s3|boto3\+s3|gs|b2|azure|sftp|scp|rsync|webdav|rclone)/.test(e.DUPLICITY_TARGET ?? e.DST ?? '') ? (e.DUPLICITY_TARGET ?? e.DST) : undefined) },
  // WAL-G: WALG_FILE_PREFIX is a local path; WALG_S3_PREFIX, WALG_GS_PREFIX, WALG_AZ_PREFIX, WALG_SSH_PREFIX are remote.
  { image: /wal-g|walg/, destination: (e) => e.WALG_FILE_PREFIX, remote: (e) => e.WALG_S3_PREFIX ?? e.WALG_GS_PREFIX ?? e.WALG_AZ_PREFIX ?? e.WALG_SSH_PREFIX },
];
const ENDPOINT_KEYS = /(?:ENDPOINT(?:_URL)?|HOST_BASE|S3_HOST|S3_URL|RESTIC_REPOSITORY|DB_DUMP_TARGET|BORG_REPO|KOPIA_REPOSITORY|WALG_S3_PREFIX|AWS_ENDPOINT)$/;

interface Mount {
  kind: 'volume' | 'bind';
  /** Volume name, or normalised host path. */
  source: string;
  target: string;
  readOnly: boolean;
  location: Location;
}

interface Service {
  name: string;
  /** Names other containers reach it by: the service name, `hostname`, `container_name`. */
  aliases: string[];
  image: string;
  command: string;
  env: Record<string, string>;
  mounts: Mount[];
  /** Compose profiles the service is started under (none: always). */
  profiles: string[];
  location: Location;
}

function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a: string | undefined, def: string | undefined, b: string | undefined) => vars[(a ?? b) as string] ?? def ?? '');
}

function envOf(raw: unknown, vars: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (const item of raw) {
      const [k, ...rest] = String(item).split('=');
      if (k) env[k] = interpolate(rest.join('='), vars);
    }
  } else if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) env[k] = interpolate(v === null || v === undefined ? '' : String(v), vars);
  }
  return env;
}

/** A bind source as a host path: absolute as written (`/srv/data`), or relative to the compose file's folder. */
const hostPath = (dir: string, src: string): string => (src.startsWith('/') ? posix.normalize(src) : posix.normalize(posix.join(dir, src)));

function mountsOf(raw: unknown, file: SourceFile, docRoot: unknown, servicePath: readonly string[], dir: string, vars: Record<string, string>): Mount[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((m: unknown, i): Mount[] => {
    const location = file.yamlLocation(docRoot, [...servicePath, 'volumes', i]);
    if (typeof m === 'string') {
      const [src = '', target = '', mode = ''] = interpolate(m, vars).split(':');
      if (!target) return [];
      const bind = /^[./~]/.test(src);
      return [{ kind: bind ? 'bind' : 'volume', source: bind ? hostPath(dir, src) : src, target, readOnly: mode.split(',').includes('ro'), location }];
    }
    if (m && typeof m === 'object') {
      const o = m as { type?: string; source?: string; target?: string; read_only?: boolean };
      if (!o.source || !o.target || (o.type !== 'volume' && o.type !== 'bind')) return [];
      const src = interpolate(o.source, vars);
      return [{ kind: o.type, source: o.type === 'bind' ? hostPath(dir, src) : src, target: o.target, readOnly: o.read_only === true, location }];
    }
    return [];
  });
}

function commandText(v: unknown): string {
  return Array.isArray(v) ? v.map(String).join(' ') : typeof v === 'string' ? v : '';
}

/**
 * Compose's first file format put the services at the top level, with no `services:` key: each
 * top-level entry with an `image` or a `build` is a service (`x-` extension fields are not).
 */
function legacyServices(value: unknown): Record<string, Record<string, unknown>> {
  if (!value || typeof value !== 'object' || Array.isArray(value) || 'version' in value) return {};
  const entries = Object.entries(value as Record<string, unknown>).filter(([k, v]) => !k.startsWith('x-') && v !== null && typeof v === 'object' && ('image' in v || 'build' in v));
  return Object.fromEntries(entries) as Record<string, Record<string, unknown>>;
}

/** One service as one file writes it, before `extends` and other files are merged in. */
interface Written {
  name: string;
  raw: Record<string, unknown>;
  file: SourceFile;
  docRoot: unknown;
  path: string[];
  dir: string;
}

/** Each file's services, read once: `extends` looks a file up once per service that names it. */
const written = new WeakMap<SourceFile, Map<string, Written>>();

/** The services a compose file (or a fragment `extends` or `include` names) writes, by name. */
function writtenServices(file: SourceFile): Map<string, Written> {
  const known = written.get(file);
  if (known) return known;
  const doc = file.yaml().docs[0];
  const out = new Map<string, Written>();
  written.set(file, out);
  if (!doc) return out;
  const value = yamlValue(doc) as { services?: Record<string, unknown> } | undefined;
  const legacy = value?.services === undefined;
  for (const [name, raw] of Object.entries(value?.services ?? legacyServices(value))) {
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) out.set(name, { name, raw: raw as Record<string, unknown>, file, docRoot: doc.contents, path: legacy ? [name] : ['services', name], dir: posix.dirname(file.path) });
  }
  return out;
}

const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/** A service as written, with nothing inherited. */
function ownService(w: Written, vars: Record<string, string>): Service {
  const s = w.raw;
  return {
    name: w.name,
    aliases: [w.name, s.hostname, s.container_name].filter((a): a is string => typeof a === 'string'),
    image: typeof s.image === 'string' ? interpolate(s.image, vars) : '',
    command: [commandText(s.entrypoint), commandText(s.command)].join(' ').trim(),
    env: envOf(s.environment, vars),
    mounts: mountsOf(s.volumes, w.file, w.docRoot, w.path, w.dir, vars),
    profiles: stringList(s.profiles),
    location: w.file.yamlLocation(w.docRoot, w.path),
  };
}

/**
 * `over` merged onto `base` as compose merges (its merge rules): scalars and the command replaced,
 * the environment merged by name, volumes by target (a later mount of the same target wins).
 */
function merged(base: Service | undefined, over: Service): Service {
  if (!base) return over;
  const targets = new Set(over.mounts.map((m) => m.target));
  return {
    name: over.name,
    aliases: [...new Set([...over.aliases, ...base.aliases.filter((a) => a !== base.name)])],
    image: over.image || base.image,
    command: over.command || base.command,
    env: { ...base.env, ...over.env },
    mounts: [...base.mounts.filter((m) => !targets.has(m.target)), ...over.mounts],
    profiles: over.profiles.length > 0 ? over.profiles : base.profiles,
    // The last file that sets the service is where its merged settings are changed.
    location: over.location,
  };
}

/** How many `extends` a service may chain through (compose itself refuses cycles). */
const MAX_EXTENDS = 8;

/**
 * A service with what it `extends` (`extends: name`, or `{ service, file }` relative to its own
 * file) folded in, base first. The chain is followed in a loop, at most MAX_EXTENDS deep, and
 * stops at a service it has already seen.
 */
function extendedService(w: Written, vars: Record<string, string>, lookup: (path: string) => SourceFile | undefined): Service {
  const chain: Written[] = [w];
  const seen = new Set([`${w.file.path}#${w.name}`]);
  for (let cur = w; chain.length <= MAX_EXTENDS; ) {
    const ext = cur.raw.extends;
    const ref = typeof ext === 'string' ? { service: ext } : ext && typeof ext === 'object' ? (ext as { service?: unknown; file?: unknown }) : undefined;
    if (!ref || typeof ref.service !== 'string') break;
    const file = typeof ref.file === 'string' ? lookup(posix.join(cur.dir, interpolate(ref.file, vars))) : cur.file;
    const base = file ? writtenServices(file).get(ref.service) : undefined;
    if (!base || seen.has(`${base.file.path}#${base.name}`)) break;
    seen.add(`${base.file.path}#${base.name}`);
    chain.push(base);
    cur = base;
  }
  let service: Service | undefined;
  for (let i = chain.length - 1; i >= 0; i--) service = merged(service, ownService(chain[i] as Written, vars));
  return service as Service;
}

const includes = new WeakMap<SourceFile, unknown[]>();

/** A file's top-level `include:` entries, read once (a base file is in every variant's project). */
function includesOf(file: SourceFile): unknown[] {
  let items = includes.get(file);
  if (!items) {
    const doc = file.yaml().docs[0];
    const value = doc ? (yamlValue(doc) as { include?: unknown } | undefined) : undefined;
    items = Array.isArray(value?.include) ? value.include : [];
    includes.set(file, items);
  }
  return items;
}

/** How many files a project's `include:` lists may bring in, all told. */
const MAX_INCLUDES = 32;

/** The files a project reads: its own, then what their top-level `include:` names (relative to the including file). */
function withIncludes(files: SourceFile[], vars: Record<string, string>, lookup: (path: string) => SourceFile | undefined): SourceFile[] {
  const out = [...files];
  const seen = new Set(files.map((f) => f.path));
  for (let i = 0; i < out.length && out.length < files.length + MAX_INCLUDES; i++) {
    const file = out[i] as SourceFile;
    for (const item of includesOf(file)) {
      const paths = typeof item === 'string' ? [item] : item && typeof item === 'object' ? stringList((item as { path?: unknown }).path) : [];
      for (const p of paths) {
        const included = lookup(posix.join(posix.dirname(file.path), interpolate(p, vars)));
        if (included && !seen.has(included.path)) {
          seen.add(included.path);
          out.push(included);
        }
      }
    }
  }
  return out;
}

/** A folder's `.env` variables, and each service as resolved with them: one per `.env` for a whole scan (a base file is in every variant's project). */
type Resolved = Map<SourceFile | undefined, { vars: Record<string, string>; services: Map<Written, Service> }>;

/** The services of one compose project: base file first, overrides merged over it in name order, included files after. */
function projectServices(files: SourceFile[], envFile: SourceFile | undefined, lookup: (path: string) => SourceFile | undefined, resolved: Resolved): Service[] {
  let env = resolved.get(envFile);
  if (!env) {
    env = { vars: Object.fromEntries((envFile ? parseDotenv(envFile.text) : []).map((e) => [e.key, e.value])), services: new Map() };
    resolved.set(envFile, env);
  }
  const { vars, services } = env;
  const byName = new Map<string, Service>();
  for (const file of withIncludes(files, vars, lookup)) {
    for (const w of writtenServices(file).values()) {
      let service = services.get(w);
      if (!service) {
        service = extendedService(w, vars, lookup);
        services.set(w, service);
      }
      byName.set(w.name, merged(byName.get(w.name), service));
    }
  }
  return [...byName.values()];
}

/** A service whose name or command says backup (`zammad-backup`, `backup`, `/usr/local/bin/backup.sh`). */
function saysBackup(s: Service): boolean {
  return /(?:^|[-_])backups?(?:$|[-_])/i.test(s.name) || /(?:^|[\s/-])[\w-]*backups?\b/i.test(s.command);
}

/** A database service: a database image not run to back one up (a `postgres` image running `pg_dump`, a service named backup). */
const isDatabase = (s: Service): boolean => DATABASE_IMAGE.test(s.image) && !saysBackup(s) && !DUMP_VERB.test(s.command);
const within = (path: string, parent: string): boolean => path === parent || path.startsWith(`${parent.replace(/\/$/, '')}/`);

interface Verdict {
  tier: 'same-volume' | 'inside-data' | 'same-project' | 'remote-in-project';
  dataMount: Mount;
  backupMount?: Mount;
}

function judge(db: Service, backup: Service, services: Service[]): Verdict | undefined {
  const sidecar = SIDECARS.find((s) => s.image.test(backup.image));
  const remote = sidecar?.remote(backup.env) ?? (/\b(?:aws\s+s3|rclone|gsutil|mc\s+cp)\b/.test(backup.command) || (!sidecar && namesRemote(backup)) ? 'remote' : undefined);
  const destinationPath = sidecar?.destination(backup.env);
  const writable = backup.mounts.filter((m) => !m.readOnly);
  const destinations = destinationPath ? writable.filter((m) => within(destinationPath, m.target)) : writable;
  const dataMounts = db.mounts;
  for (const b of destinations) {
    for (const d of dataMounts) {
      if (b.kind === d.kind && b.source === d.source) return { tier: 'same-volume', dataMount: d, backupMount: b };
      if (b.kind === 'bind' && d.kind === 'bind' && within(b.source, d.source)) return { tier: 'inside-data', dataMount: d, backupMount: b };
    }
  }
  const first = dataMounts[0];
  if (!first) return undefined;
  if (remote) {
    const endpoints = Object.entries(backup.env).filter(([k]) => ENDPOINT_KEYS.test(k)).map(([, v]) => v);
    const endpoint = endpoints.join(' ');
    const inProject = services.find((s) => s !== backup && s.name.length > 1 && endpoints.some((e) => pointsAtService(e, s.name)));
    return inProject || /localhost|127\.0\.0\.1|host\.docker\.internal/.test(endpoint) ? { tier: 'remote-in-project', dataMount: first } : undefined;
  }
  const local = destinations.find((m) => m.kind === 'volume') ?? destinations.find((m) => m.kind === 'bind');
  return local ? { tier: 'same-project', dataMount: first, backupMount: local } : undefined;
}

/** Variables a backup service names its database host with. */
const HOST_KEYS = ['POSTGRES_HOST', 'POSTGRESQL_HOST', 'PGHOST', 'MYSQL_HOST', 'MARIADB_HOST', 'DB_HOST', 'DB01_HOST', 'DATABASE_HOST', 'MONGO_HOST', 'MONGODB_HOST'];
const hostOf = (s: Service): string | undefined => HOST_KEYS.map((k) => s.env[k]).find((v) => v !== undefined && v !== '');

function targets(db: Service, backup: Service): boolean {
  const host = hostOf(backup);
  if (host) return db.aliases.includes(host);
  return backup.command.includes(db.name) || /backup/i.test(backup.image) || DUMP_VERB.test(backup.command);
}

/** Settings that send a backup somewhere off the host (a bucket, a remote, an SSH target). */
const REMOTE_HINT = /S3|BUCKET|AWS_|B2_|GCS|AZURE|RCLONE|SFTP|SSH|WEBDAV|REMOTE|ENDPOINT|DROPBOX|SWIFT/i;

/** A copy command to a remote in the service's command, or a variable naming a remote target. */
const namesRemote = (s: Service): boolean => /\b(?:aws\s+s3|rclone|gsutil|mc\s+cp|scp|rsync\s+\S+@)/.test(s.command) || Object.entries(s.env).some(([k, v]) => REMOTE_HINT.test(k) && v !== '');

/**
 * A service made to back up (its name or command says backup: `zammad-backup`, `backup`) that
 * writes to a volume or host path, or names a remote target: judged like a backup sidecar (a
 * remote that is a service of the project is no remote).
 */
const namedBackup = (s: Service): boolean => saysBackup(s) && (s.mounts.some((m) => !m.readOnly) || namesRemote(s));

const namesHost = (s: Service): boolean => hostOf(s) !== undefined;

/** A service's name as messages give it, with the compose profiles it runs under. */
const named = (s: Service): string => `"${s.name}"${s.profiles.length > 0 ? ` (compose profile${s.profiles.length > 1 ? 's' : ''} ${s.profiles.map((p) => `"${p}"`).join(', ')})` : ''}`;

const describeMount = (m: Mount): string => (m.kind === 'volume' ? `named volume "${m.source}"` : `host path ${m.source}`);

/** Variants (`docker-compose.prod.yml`, `compose.backup.yaml`) judged over their base, per folder. */
const MAX_VARIANTS = 64;

function checkCompose(ctx: ProjectContext): void {
  const resolved: Resolved = new Map();
  const composeFiles = ctx.files(['**/compose*.y*ml', '**/docker-compose*.y*ml']).filter((f) => COMPOSE.test(f.path));
  const folders = new Map<string, SourceFile[]>();
  for (const f of composeFiles) {
    const dir = posix.dirname(f.path);
    const list = folders.get(dir);
    if (list) list.push(f);
    else folders.set(dir, [f]);
  }
  // Compose reads `compose.yaml` (or `docker-compose.yml`) with its `*.override.yml` by default;
  // any other compose file of the folder (`docker-compose-s3.yml`, `compose.backup.yaml`) is a
  // variant run as `-f <base> -f <variant>`: each is judged as its own project over the base.
  const projects: [string, SourceFile[]][] = [];
  const isBase = (f: SourceFile): boolean => /^(?:docker-)?compose\.ya?ml$/.test(f.name);
  const isOverride = (f: SourceFile): boolean => /\.override\.ya?ml$/.test(f.name);
  // A folder of variants with no base of its own (`overrides/compose.backup-cron.yaml`, run as
  // `-f compose.yaml -f overrides/…`) takes the base of the nearest folder above that has one.
  const baseAbove = (dir: string): { dir: string; files: SourceFile[] } | undefined => {
    for (let d = dir; d !== '.' && d !== ''; ) {
      d = posix.dirname(d);
      const bases = (folders.get(d) ?? []).filter(isBase);
      if (bases.length > 0) return { dir: d, files: bases };
    }
    return undefined;
  };
  for (const [dir, files] of folders) {
    files.sort((a, b) => compareText(a.name, b.name));
    const defaults = [...files.filter(isBase), ...files.filter(isOverride)];
    if (defaults.length > 0) projects.push([dir, defaults]);
    const above = defaults.length === 0 ? baseAbove(dir) : undefined;
    // Each variant is a project over the base; past MAX_VARIANTS in one folder a variant is read
    // alone, so a folder of thousands of variants does not read its base thousands of times.
    files
      .filter((f) => !isBase(f) && !isOverride(f))
      .forEach((variant, i) => projects.push(i >= MAX_VARIANTS ? [dir, [variant]] : above ? [above.dir, [...above.files, variant]] : [dir, [...files.filter(isBase), variant]]));
  }
  const reported = new Set<string>();
  const report: typeof ctx.report = (ruleId, location, input) => {
    // One finding per line a user changes, however many services share it (one extended by another).
    const key = `${ruleId}:${location.path}:${location.line}:${location.column}`;
    if (reported.has(key)) return;
    reported.add(key);
    ctx.report(ruleId, location, input);
  };
  for (const [dir, files] of projects) {
    const services = projectServices(files, ctx.file('repo', dir === '.' ? '.env' : `${dir}/.env`), (path) => ctx.file('repo', path), resolved);
    const dbs = services.filter(isDatabase);
    const backups = services.filter((s) => !isDatabase(s) && (SIDECARS.some((c) => c.image.test(s.image)) || DUMP_VERB.test(s.command) || /\b(?:restic|borg|rclone)\b/.test(s.command) || namedBackup(s)));
    // The project's one database of record (caches such as Redis and Valkey aside).
    const records = dbs.filter((d) => !/(?:^|\/)(?:redis|valkey|memcached)(?::|$|@)/.test(d.image));
    const onlyDatabase = records.length === 1 ? records[0] : undefined;
    for (const db of dbs) {
      const storeId = `compose:${dir}#${db.name}`;
      const dataMount = db.mounts[0];
      const container = dataMount ? { type: dataMount.kind === 'volume' ? ('volume' as const) : ('directory' as const), name: describeMount(dataMount), platform: 'docker' } : { type: 'compose-project' as const, name: `compose project ${dir}`, platform: 'docker' };
      const store: DataStoreFact = { kind: 'data-store', id: storeId, platform: 'docker', engine: /(postgres|postgis|timescale)/.test(db.image) ? 'postgres' : (DATABASE_IMAGE.exec(db.image)?.[1] ?? 'database'), name: `compose service "${db.name}"`, container, location: db.location };
      ctx.fact(store);
      // A backup service that names no host protects the project's one database, when it has one.
      for (const backup of backups.filter((b) => targets(db, b) || (namedBackup(b) && onlyDatabase === db && !namesHost(b)))) {
        const v = judge(db, backup, services);
        const at = v?.backupMount?.location ?? backup.location;
        const fact: BackupFact = { kind: 'backup', storeId, description: `backup service "${backup.name}" (${backup.image || 'custom command'})`, container: v ? container : { type: 'off-site', name: 'remote target', platform: 'other' }, leavesBlastRadius: v === undefined, location: at };
        if (!v) {
          ctx.fact(fact);
          continue;
        }
        const related = [{ location: v.dataMount.location, message: `"${db.name}" keeps its data in ${describeMount(v.dataMount)}` }];
        if (v.tier === 'same-volume' || v.tier === 'inside-data') {
          report('backup/compose-backup-on-data-volume', at, {
            message: `Backup service ${named(backup)} writes its dumps ${v.tier === 'same-volume' ? 'into' : 'inside'} ${describeMount(v.dataMount)}, where "${db.name}" keeps its data: deleting that volume (docker volume rm, compose down -v) destroys the database and every backup at once. Send the backups to storage off this host, e.g. offen/docker-volume-backup with AWS_S3_BUCKET_NAME in another account.`,
            related,
            key: `${storeId}:${backup.name}`,
          });
          ctx.fact({ ...fact, ruleId: 'backup/compose-backup-on-data-volume' });
        } else {
          const why = v.tier === 'remote-in-project'
            ? `its "remote" target is a service of the same compose project`
            : v.backupMount?.kind === 'bind'
              ? `it writes to ${describeMount(v.backupMount)} on the same host with no remote target`
              : `it writes to ${describeMount(v.backupMount as Mount)} of the same compose project with no remote target`;
          report('backup/compose-backup-same-project', at, {
            message: `Backup service ${named(backup)} protects "${db.name}", but ${why}: ${v.backupMount?.kind === 'bind' ? 'the loss of this host or its disk' : 'one `docker compose down -v` or the loss of this host'} removes data and backups together. Copy the backups to object storage in another account or region.`,
            related,
            key: `${storeId}:${backup.name}`,
          });
          ctx.fact({ ...fact, ruleId: 'backup/compose-backup-same-project' });
        }
      }
    }
    // An application's data, not a database image: the volume a backup service mounts is the data
    // it backs up; writing only into that same volume keeps the backups on it.
    for (const backup of backups) {
      const writable = backup.mounts.filter((m) => !m.readOnly);
      if (writable.length === 0 || sendsOff(backup)) continue;
      for (const app of services.filter((x) => x !== backup && !isDatabase(x) && !backups.includes(x))) {
        // The app's data: what it mounts writable (a volume it only reads is not its data).
        const shared = app.mounts.filter((m) => !m.readOnly && backup.mounts.some((b) => b.kind === m.kind && b.source === m.source));
        if (shared.length === 0 || !writable.every((w) => shared.some((m) => m.kind === w.kind && m.source === w.source))) continue;
        const at = writable[0] as Mount;
        report('backup/compose-backup-on-data-volume', at.location, {
          message: `Backup service ${named(backup)} backs up the data of "${app.name}" and writes its backups into the same ${describeMount(at)}, with no remote target: deleting that volume (docker volume rm, compose down -v) destroys the data and every backup at once. Write the archives elsewhere and copy them to storage off this host.`,
          related: [{ location: (shared[0] as Mount).location, message: `"${app.name}" keeps its data in ${describeMount(shared[0] as Mount)}` }],
          key: `compose:${dir}#${backup.name}:${at.source}`,
        });
        break;
      }
    }
  }
}

/** Whether a backup service names somewhere off the host for its archives (sidecar settings, a remote in its command or variables). */
function sendsOff(backup: Service): boolean {
  const sidecar = SIDECARS.find((c) => c.image.test(backup.image));
  return sidecar?.remote(backup.env) !== undefined || namesRemote(backup);
}

/** Whether an endpoint (`http://minio:9000`, `minio:9000`, `s3:minio:/bucket`) names a service of the project. */
function pointsAtService(endpoint: string, service: string): boolean {
  const name = service.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`//${name}(?::|/|$)|^${name}(?::|$)|:${name}:`).test(endpoint);
}

/** A YAML file of services under another name: a fragment that `extends: { file }` or `include:` may name. */
const SERVICES_KEY = /^services:[ \t]*(?:#.*)?$/m;

export default defineDetector({
  id: 'backups/compose',
  projectFiles: ['**/*.y*ml', '**/.env'],
  keeps: (file) => file.name === '.env' || COMPOSE.test(file.path) || SERVICES_KEY.test(file.text),
  rules: {
    'backup/compose-backup-on-data-volume': {
      title: 'Compose backup sidecar writes onto the database\'s own volume',
      severity: 'high',
      precision: 'high',
      help: [
        'A backup container in a compose project (postgres-backup-local, docker-volume-backup, db-backup, a `pg_dump` cron …) writes its dumps into the same named volume or host directory the database keeps its data in. One `docker volume rm`, `docker compose down -v` or disk loss deletes the data and all its backups: the incident in miniature.',
        '',
        '**Fix:** give backups their own destination off this host: an S3 bucket in another account (`offen/docker-volume-backup` with `AWS_S3_BUCKET_NAME`, `restic -r s3:…`), with versioning or object lock, and credentials that cannot delete.',
      ].join('\n'),
    },
    'backup/compose-backup-same-project': {
      title: 'Compose backups stay inside the same compose project',
      severity: 'medium',
      precision: 'medium',
      help: [
        'The backup container writes to another volume of the same compose project with no remote target, or uploads to a "remote" object store (MinIO, localhost S3) that is itself a service of the project. `docker compose down -v` or the loss of the host removes the data and the backups together.',
        '',
        '**Fix:** add a remote target outside the project and host (an S3 bucket in another account or region, a restic or borg repository on another machine), and keep local copies only as a fast-restore cache.',
      ].join('\n'),
    },
  },
  checkProject: checkCompose,
});
