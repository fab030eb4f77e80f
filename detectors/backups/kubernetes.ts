// Kubernetes manifests and operator resources whose backups live where the data lives
// (backups.md §2.2): a dump CronJob writing to the database's own PVC (K1) or to another PVC of the
// same namespace with nothing copied off the cluster (K2); VolumeSnapshots whose class deletes the
// physical snapshot with its object, as the only backup (K3); CloudNativePG clusters or
// ScheduledBackups relying on volume snapshots alone (K5); object stores that are a service of the
// same cluster (Velero K4, CloudNativePG and Barman Cloud ObjectStore K6); Percona's
// `delete-backups` and per-backup `delete-backup` finalizers (K8); operator backup repositories
// that are only PVCs (Crunchy/Percona pgBackRest K7, Percona PXC/MongoDB filesystem storage K9).
// Each file yields facts keyed by PVC (`k8s-pvc:<namespace>/<claim>`) or cluster, so objects in
// different files are joined in the correlation stage. Helm templates are not YAML until
// rendered: they are skipped with a notification.

import type { Document } from 'yaml';
import type { BackupFact, DataStoreFact, Fact } from '../../src/engine/facts.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import { defineDetector, type CorrelationContext, type FileContext, type Location, type ProjectContext } from '../../src/engine/types.js';
import { isHelmTemplate, yamlValue } from '../../src/parsers/yaml.js';
import { DUMP_VERB, OFF_HOST } from './commands.js';
import { KUSTOMIZATION, mergeObject, renderings, targets, type Patch, type Rendering } from './kustomize.js';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const DB_IMAGE = /(?:^|\/)(?:postgres|postgresql|postgis|timescaledb|mysql|mariadb|mongo|mongodb|redis|valkey|clickhouse)(?::|@|$)/i;
/** An endpoint served from inside the cluster: a `*.svc` name or a MinIO service. */
export const IN_CLUSTER = /^(?:https?:\/\/)?(?:[a-z0-9-]+\.)*(?:svc(?:\.cluster\.local)?|minio)(?::\d+)?(?:\/|$)|^(?:https?:\/\/)?minio[a-z0-9-]*(?::\d+)?(?:\/|$)/i;
const ENGINE = (image: string): string => /mysql|mariadb/i.test(image) ? 'mysql' : /mongo/i.test(image) ? 'mongodb' : /redis|valkey/i.test(image) ? 'redis' : /clickhouse/i.test(image) ? 'clickhouse' : 'postgres';

interface Workload {
  kind: string;
  name: string;
  /** Undefined when neither the object nor a kustomization sets it: it is not "default". */
  namespace: string | undefined;
  pod: Obj;
  /** Path to the pod spec inside the document. */
  podPath: (string | number)[];
  doc: Document.Parsed;
  value: Obj;
}

const KINDS = 'StatefulSet|Deployment|DaemonSet|Job|CronJob|Cluster|ScheduledBackup|VolumeSnapshot|VolumeSnapshotClass|ObjectStore|BackupStorageLocation|PostgresCluster|PerconaPGCluster|PerconaXtraDBCluster|PerconaServerMongoDB|InnoDBCluster|MySQLBackup|MongoDBOpsManager|PerconaXtraDBClusterBackup|PerconaServerMongoDBBackup|PerconaPGBackup|Template|OperatorConfiguration';
/**
 * The documents worth parsing: a top-level kind (block style, column 0) this detector reads, or
 * Percona's finalizer, or no top-level kind line to judge by (JSON style, odd indentation). A
 * release manifest's CustomResourceDefinitions, often megabytes, are left unparsed.
 */
const READ_KINDS = new RegExp(`(?<![\\s\\S])(?![\\s\\S]*^kind:)|^kind:[ \\t]*["']?(?:${KINDS})\\b|percona\\.com/delete-backup|logical_backup_s3_endpoint`, 'm');

function workloadOf(doc: Document.Parsed, value: Obj): Workload | undefined {
  const kind = str(value.kind) ?? '';
  const meta = obj(value.metadata);
  const base = { kind, name: str(meta.name) ?? kind.toLowerCase(), namespace: str(meta.namespace), doc, value };
  if (['StatefulSet', 'Deployment', 'DaemonSet', 'Job'].includes(kind)) return { ...base, pod: obj(obj(obj(value.spec).template).spec), podPath: ['spec', 'template', 'spec'] };
  if (kind === 'CronJob') return { ...base, pod: obj(obj(obj(obj(obj(value.spec).jobTemplate).spec).template).spec), podPath: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] };
  return undefined;
}

/** PVC claim names a pod mounts, by volume name; StatefulSet templates give `<template>-<set>-0`. */
function claims(w: Workload): Map<string, string> {
  const byVolume = new Map<string, string>();
  for (const v of arr(w.pod.volumes)) {
    const claim = str(obj(obj(v).persistentVolumeClaim).claimName);
    const name = str(obj(v).name);
    if (claim && name) byVolume.set(name, claim);
  }
  if (w.kind === 'StatefulSet') {
    for (const t of arr(obj(w.value.spec).volumeClaimTemplates)) {
      const name = str(obj(obj(t).metadata).name);
      if (name) byVolume.set(name, `${name}-${w.name}-0`);
    }
  }
  return byVolume;
}

function containerText(c: Obj): string {
  return [...arr(c.command), ...arr(c.args)].filter((x): x is string => typeof x === 'string').join(' ');
}

const UNSET = '(namespace unset)';
const pvcId = (namespace: string | undefined, claim: string): string => `k8s-pvc:${namespace ?? UNSET}/${claim.replace(/-\d+$/, '')}`;
const pvcContainer = (namespace: string | undefined, claim: string): BackupFact['container'] => ({ type: 'pvc', name: namespace === undefined ? `PVC ${claim} (namespace unset)` : `PVC ${claim} in namespace ${namespace}`, platform: 'kubernetes' });

/** Images made to dump a database on a schedule (`pgdumper`, `postgres-backup-local`, `mysql-backup`, `db-backup`). */
const DUMP_IMAGE = /(?:^|\/)(?:pg|postgres|mysql|mariadb|mongo)[-_]?(?:dump(?:er)?|backup)|(?:^|\/)(?:postgres-backup-local|db-backup|pg-backup)(?::|$)/i;

/** Where a workload's parts are written: its name, and each container's command (a patch's, when a patch sets it). */
interface Places {
  name: Location;
  container: (index: number, c: Obj) => Location;
}

/** A command whose program (first, or after `sh -c`) is a script named for backups: `/backup.sh -1`, `backup-db`, `./scripts/backup`. */
const BACKUP_SCRIPT = /(?:^|\s-c\s+["']?)(?:\S*\/)?[\w-]*backup[\w-]*(?:\.sh)?(?=\s|$)/i;

function workloadFacts(fact: (f: BackupFact | DataStoreFact) => void, w: Workload, places: Places): void {
  const containers = arr(w.pod.containers).map(obj);
  const volumes = claims(w);
  const db = containers.find((c) => DB_IMAGE.test(str(c.image) ?? ''));
  if (db && w.kind !== 'CronJob' && w.kind !== 'Job') {
    for (const m of arr(db.volumeMounts).map(obj)) {
      const claim = volumes.get(str(m.name) ?? '');
      if (!claim) continue;
      const location = places.name;
      const store: DataStoreFact = { kind: 'data-store', id: pvcId(w.namespace, claim), platform: 'kubernetes', engine: ENGINE(str(db.image) ?? ''), name: `${w.kind} ${shownName(w.namespace, w.name)} (${str(db.image)})`, container: pvcContainer(w.namespace, claim), location };
      fact(store);
    }
    return;
  }
  // Dump jobs: CronJobs and Jobs, and long-running workloads that dump on their own schedule (a
  // Deployment looping `pg_dump` every 15 minutes).
  // A CronJob or Job running a backup script (`/backup.sh`, `backup-db`) is a dump job too.
  const job = w.kind === 'CronJob' || w.kind === 'Job';
  const dumps = (c: Obj): boolean => DUMP_VERB.test(containerText(c)) || DUMP_IMAGE.test(str(c.image) ?? '') || (job && BACKUP_SCRIPT.test(containerText(c)));
  if (w.kind !== 'CronJob' && w.kind !== 'Job' && !containers.some(dumps)) return;
  containers.forEach((c, i) => {
    const text = containerText(c);
    if (!dumps(c)) return;
    const offHost = OFF_HOST.test(text);
    const location = places.container(i, c);
    for (const m of arr(c.volumeMounts).map(obj)) {
      const claim = volumes.get(str(m.name) ?? '');
      if (!claim) continue;
      fact({
        kind: 'backup',
        storeId: pvcId(w.namespace, claim),
        description: `${w.kind} ${shownName(w.namespace, w.name)} dumping to ${str(m.mountPath) ?? '/'} on PVC ${claim}`,
        container: offHost ? { type: 'off-site', name: 'storage outside the cluster', platform: 'other' } : pvcContainer(w.namespace, claim),
        leavesBlastRadius: offHost,
        location,
      });
    }
  });
}

interface Report {
  rule: string;
  at: Location;
  message: string;
  key: string;
}

/**
 * Facts the correlation stage joins across files: CloudNativePG clusters and whether they reach an
 * object store outside the cluster, snapshot-only ScheduledBackups (K5), VolumeSnapshots and the
 * classes that delete the snapshot with its object (K3).
 */
/**
 * `namespace/name`, or `name (namespace unset)`: an object without a namespace lands in whatever
 * namespace it is applied to, which the file does not say (it is not "default").
 */
const shownName = (namespace: string | undefined, name: string): string => (namespace === undefined ? `${name} (namespace unset)` : `${namespace}/${name}`);

function snapshotFacts(ctx: FileContext, doc: Document.Parsed, v: Obj, snapshotOnly: boolean): void {
  const api = str(v.apiVersion) ?? '';
  const kind = str(v.kind) ?? '';
  const meta = obj(v.metadata);
  const namespace = str(meta.namespace) ?? 'default';
  const name = str(meta.name) ?? kind;
  const spec = obj(v.spec);
  const at = (path: (string | number)[]): Location => ctx.file.yamlLocation(doc.contents, path);
  const inNamespace = { type: 'namespace' as const, name: `namespace ${namespace}`, platform: 'kubernetes' };
  if (api.startsWith('postgresql.cnpg.io/') && kind === 'Cluster') {
    const storeId = `cnpg:${namespace}/${name}`;
    ctx.fact({ kind: 'data-store', id: storeId, platform: 'kubernetes', engine: 'postgres', name: `CloudNativePG cluster ${shownName(str(meta.namespace), name)}`, container: inNamespace, location: at(['metadata', 'name']) });
    const endpoint = str(obj(obj(spec.backup).barmanObjectStore).endpointURL);
    const objectStore = obj(spec.backup).barmanObjectStore !== undefined && !(endpoint && IN_CLUSTER.test(endpoint));
    const plugin = arr(spec.plugins).some((p) => str(obj(p).name) === 'barman-cloud.cloudnative-pg.io');
    if (objectStore || plugin) ctx.fact({ kind: 'backup', storeId, description: 'object-store backups', container: { type: 'off-site', name: 'object storage', platform: 'other' }, leavesBlastRadius: true, location: at(['spec']) });
    if (snapshotOnly) ctx.fact({ kind: 'backup', storeId, description: 'volume snapshots', container: inNamespace, leavesBlastRadius: false, ruleId: 'backup/cnpg-snapshots-only', location: at(['spec', 'backup', 'volumeSnapshot']) });
  }
  if (api.startsWith('postgresql.cnpg.io/') && kind === 'ScheduledBackup' && str(spec.method) === 'volumeSnapshot') {
    const cluster = str(obj(spec.cluster).name) ?? '';
    ctx.fact({ kind: 'backup', storeId: `cnpg:${namespace}/${cluster}`, description: `ScheduledBackup ${namespace}/${name} taking volume snapshots`, container: inNamespace, leavesBlastRadius: false, location: at(['spec', 'method']) });
  }
  if (api.startsWith('snapshot.storage.k8s.io/') && kind === 'VolumeSnapshot') {
    const cls = str(spec.volumeSnapshotClassName) ?? '';
    ctx.fact({ kind: 'backup', storeId: `k8s-snapshot-class:${cls}`, description: `VolumeSnapshot ${namespace}/${name}`, container: inNamespace, leavesBlastRadius: false, location: at(['metadata', 'name']) });
  }
  if (api.startsWith('snapshot.storage.k8s.io/') && kind === 'VolumeSnapshotClass' && str(v.deletionPolicy) === 'Delete') {
    ctx.fact({ kind: 'backup', storeId: `k8s-snapshot-class:${name}`, description: `VolumeSnapshotClass ${name} (deletionPolicy: Delete)`, container: { type: 'cluster', name: 'the cluster\'s snapshot storage', platform: 'kubernetes' }, leavesBlastRadius: false, location: at(['deletionPolicy']) });
  }
}

/** Where a backup storage or repository keeps its backups, when that is inside the cluster. */
type Inside = { inside: 'pvc' } | { inside: 'object-store'; endpoint: string };

/** A Percona XtraDB, MongoDB or PostgreSQL v1 storage: `filesystem` or `local` is a PVC; `s3` may be served from the cluster. */
function storageInside(s: Obj): Inside | undefined {
  if (str(s.type) === 'filesystem' || str(s.type) === 'local') return { inside: 'pvc' };
  const endpoint = str(obj(s.s3).endpointUrl) ?? str(s.endpointUrl);
  return str(s.type) === 's3' && endpoint && IN_CLUSTER.test(endpoint) ? { inside: 'object-store', endpoint } : undefined;
}

/** A Crunchy or Percona v2 pgBackRest repository: a `volume` only is a PVC; an `s3` one may be served from the cluster. */
function repoInside(r: Obj): Inside | undefined {
  if (r.volume !== undefined && !r.s3 && !r.gcs && !r.azure) return { inside: 'pvc' };
  const endpoint = str(obj(r.s3).endpoint);
  return endpoint && IN_CLUSTER.test(endpoint) ? { inside: 'object-store', endpoint } : undefined;
}

function operatorFindings(ctx: FileContext, doc: Document.Parsed, v: Obj, snapshotDelete: boolean): Report[] {
  const { file } = ctx;
  const api = str(v.apiVersion) ?? '';
  const kind = str(v.kind) ?? '';
  const meta = obj(v.metadata);
  const name = shownName(str(meta.namespace), str(meta.name) ?? kind);
  const spec = obj(v.spec);
  const at = (path: (string | number)[]): Location => file.yamlLocation(doc.contents, path);
  const out: Report[] = [];
  if (arr(meta.finalizers).includes('percona.com/delete-backups')) {
    out.push({ rule: 'backup/percona-finalizer-deletes-backups', at: at(['metadata', 'finalizers']), key: `finalizer:${name}`, message: `${kind} ${name} carries the percona.com/delete-backups finalizer: deleting the cluster makes the operator delete its backups from every repository, S3 included. Remove the finalizer so backups outlive the cluster.` });
  } else if (arr(meta.finalizers).includes('percona.com/delete-backup')) {
    out.push({ rule: 'backup/percona-finalizer-deletes-backups', at: at(['metadata', 'finalizers']), key: `finalizer:${name}`, message: `${kind} ${name} carries the percona.com/delete-backup finalizer: deleting this backup object (or its namespace) makes the operator delete the backup files from storage too. Remove the finalizer so backups outlive their Kubernetes objects.` });
  }
  // The barman-cloud plugin keeps its destination in an ObjectStore resource (backups.md K6).
  if (api.startsWith('barmancloud.cnpg.io/') && kind === 'ObjectStore') {
    const endpoint = str(obj(spec.configuration).endpointURL);
    if (endpoint && IN_CLUSTER.test(endpoint)) out.push({ rule: 'backup/k8s-object-store-in-cluster', at: at(['spec', 'configuration', 'endpointURL']), key: `objectstore:${name}`, message: `Barman Cloud ObjectStore ${name} sends CloudNativePG backups to ${endpoint}, an object store served from inside the cluster: losing the cluster or its namespace loses the backups too. Point it at a bucket in another account or provider.` });
  }
  if (api.startsWith('postgresql.cnpg.io/') && kind === 'Cluster') {
    const backup = obj(spec.backup);
    const store = obj(backup.barmanObjectStore);
    const plugin = arr(spec.plugins).some((p) => str(obj(p).name) === 'barman-cloud.cloudnative-pg.io');
    const endpoint = str(store.endpointURL);
    if (endpoint && IN_CLUSTER.test(endpoint)) {
      out.push({ rule: 'backup/k8s-object-store-in-cluster', at: at(['spec', 'backup', 'barmanObjectStore', 'endpointURL']), key: `cnpg-endpoint:${name}`, message: `CloudNativePG cluster ${name} archives to ${endpoint}, an object store served from inside the cluster: losing the cluster or its namespace loses the backups too. Point barmanObjectStore at a bucket in another account or provider.` });
    } else if (backup.volumeSnapshot !== undefined && Object.keys(store).length === 0 && !plugin) {
      out.push({ rule: 'backup/cnpg-snapshots-only', at: at(['spec', 'backup', 'volumeSnapshot']), key: `cnpg-snap:${name}`, message: `CloudNativePG cluster ${name} is backed up only by volume snapshots${snapshotDelete ? ', and a VolumeSnapshotClass here deletes the physical snapshot with its VolumeSnapshot (deletionPolicy: Delete)' : ''}: they live in the same storage system and namespace as the data. Add barmanObjectStore or the barman-cloud plugin pointing at a bucket outside the cluster.` });
    }
  }
  if (kind === 'BackupStorageLocation' && api.startsWith('velero.io/')) {
    const url = str(obj(spec.config).s3Url);
    if (url && IN_CLUSTER.test(url)) out.push({ rule: 'backup/k8s-object-store-in-cluster', at: at(['spec', 'config', 's3Url']), key: `velero:${name}`, message: `Velero stores backups at ${url}, an object store served from inside the cluster it backs up: a cluster loss takes the backups too. Use a bucket in another account or provider.` });
  }
  const repos = arr(obj(obj(spec.backups).pgbackrest).repos).map(obj);
  if ((api.startsWith('postgres-operator.crunchydata.com/') || api.startsWith('pgv2.percona.com/')) && repos.length > 0 && repos.every((r) => repoInside(r)?.inside === 'pvc')) {
    out.push({ rule: 'backup/k8s-backups-in-cluster', at: at(['spec', 'backups', 'pgbackrest', 'repos']), key: `pgbackrest:${name}`, message: `${kind} ${name} keeps every pgBackRest repository on a PVC in its own namespace: deleting the namespace or losing the cluster storage removes data and backups together. Add an s3, gcs or azure repository in another account.` });
  }
  // pgBackRest repositories in object storage served from inside the cluster (a MinIO of its own).
  const s3Repos = repos.filter((r) => r.s3 !== undefined);
  if ((api.startsWith('postgres-operator.crunchydata.com/') || api.startsWith('pgv2.percona.com/')) && s3Repos.length > 0 && !repos.some((r) => r.gcs || r.azure) && s3Repos.every((r) => repoInside(r)?.inside === 'object-store')) {
    const endpoint = str(obj((s3Repos[0] as Obj).s3).endpoint) ?? '';
    out.push({ rule: 'backup/k8s-object-store-in-cluster', at: at(['spec', 'backups', 'pgbackrest', 'repos']), key: `pgbackrest-s3:${name}`, message: `${kind} ${name} sends its pgBackRest backups to ${endpoint}, an object store served from inside the cluster: losing the cluster or its namespace loses the backups too. Point the s3 repository at a bucket in another account or provider.` });
  }
  const backup = obj(spec.backup);
  const storages = new Map(Object.entries(obj(backup.storages)).map(([k, v]) => [k, obj(v)]));
  if ((api.startsWith('pxc.percona.com/') || api.startsWith('psmdb.percona.com/') || api.startsWith('pg.percona.com/')) && storages.size > 0 && backup.enabled !== false) {
    // The storages the schedules use, when there are schedules; otherwise every storage.
    const scheduled = arr(backup.schedule).map((x) => str(obj(x).storageName) ?? str(obj(x).storage)).filter((x): x is string => x !== undefined);
    const used = (scheduled.length > 0 ? [...new Set(scheduled)].map((n) => storages.get(n) ?? (n === 'local' ? { type: 'local' } : {})) : [...storages.values()]).map(storageInside);
    const where = scheduled.length > 0 ? at(['spec', 'backup', 'schedule']) : at(['spec', 'backup', 'storages']);
    const what = scheduled.length > 0 ? 'the storages its backup schedules use are' : 'its backup storages are';
    const store = used.find((u) => u?.inside === 'object-store');
    // Percona PG v1 keeps a local pgBackRest repository beside the storages: local unless a schedule or storage is in object storage.
    if (used.length > 0 && used.every((u) => u?.inside === 'pvc')) {
      out.push({ rule: 'backup/k8s-backups-in-cluster', at: where, key: `percona-fs:${name}`, message: `${kind} ${name}: ${what} filesystem or local repositories, PVCs inside the cluster: they go with the namespace or the cluster storage. Add an s3, gcs or azure storage in another account and schedule backups to it.` });
    } else if (store?.inside === 'object-store' && used.every((u) => u !== undefined)) {
      out.push({ rule: 'backup/k8s-object-store-in-cluster', at: where, key: `percona-s3:${name}`, message: `${kind} ${name}: ${what} an object store served from inside the cluster (${store.endpoint})${used.some((u) => u?.inside === 'pvc') ? ' or filesystem PVCs' : ''}: losing the cluster or its namespace loses the backups too. Use a bucket in another account or provider.` });
    }
  }
  // Zalando's postgres-operator: logical backups (pg_dumpall CronJobs) upload to the endpoint its
  // configuration names, as a ConfigMap's data or an OperatorConfiguration's logical_backup section.
  const zalando = kind === 'OperatorConfiguration' ? { path: ['configuration', 'logical_backup', 'logical_backup_s3_endpoint'], value: str(obj(obj(v.configuration).logical_backup).logical_backup_s3_endpoint) } : kind === 'ConfigMap' ? { path: ['data', 'logical_backup_s3_endpoint'], value: str(obj(v.data).logical_backup_s3_endpoint) } : undefined;
  if (zalando?.value && IN_CLUSTER.test(zalando.value)) {
    out.push({ rule: 'backup/k8s-object-store-in-cluster', at: at(zalando.path), key: `zalando:${name}`, message: `${kind} ${name} sends the postgres-operator's logical backups to ${zalando.value}, an object store served from inside the cluster: losing the cluster or its namespace loses the backups too. Set logical_backup_s3_endpoint to a bucket in another account or provider.` });
  }
  // MySQL Operator for Kubernetes: dump profiles whose only storage is a PVC.
  if (api.startsWith('mysql.oracle.com/') && (kind === 'InnoDBCluster' || kind === 'MySQLBackup')) {
    const profiles = kind === 'InnoDBCluster' ? arr(spec.backupProfiles).map(obj) : [obj(spec.backupProfile)].filter((p) => Object.keys(p).length > 0);
    const stores = profiles.map((p) => obj(obj(p.dumpInstance ?? p.snapshot).storage));
    if (stores.length > 0 && stores.every((st) => st.persistentVolumeClaim !== undefined && !st.s3 && !st.oci && !st.azure)) {
      out.push({ rule: 'backup/k8s-backups-in-cluster', at: at(kind === 'InnoDBCluster' ? ['spec', 'backupProfiles'] : ['spec', 'backupProfile']), key: `mysql-pvc:${name}`, message: `${kind} ${name} dumps only to PersistentVolumeClaims, inside the cluster: deleting the namespace or losing the cluster storage removes the data and its backups together. Add an s3, oci or azure storage in another account.` });
    }
  }
  // MongoDB Ops Manager: backups kept only in stores inside the cluster (blockstores are MongoDB replica sets it runs there).
  if (api.startsWith('mongodb.com/') && kind === 'MongoDBOpsManager' && backup.enabled === true) {
    const s3 = arr(backup.s3Stores).map(obj);
    const inside = arr(backup.blockStores).length + arr(backup.fileSystemStores).length;
    const remoteS3 = s3.filter((x) => !IN_CLUSTER.test(str(x.s3BucketEndpoint) ?? ''));
    if (inside + s3.length > 0 && remoteS3.length === 0) {
      out.push({ rule: 'backup/k8s-backups-in-cluster', at: at(['spec', 'backup']), key: `opsmanager:${name}`, message: `${kind} ${name} keeps its backup snapshots only in stores inside the cluster (blockstores, file system stores${s3.length > 0 ? ', or S3 served from the cluster' : ''}): losing the cluster or its namespace loses the backups too. Add an s3Stores entry for a bucket in another account.` });
    }
  }
  return out;
}

/** K5 across files: a snapshot-only ScheduledBackup for a cluster with no object store; K3: Delete classes behind the only backups. */
function snapshotFindings(ctx: CorrelationContext, facts: readonly Fact[]): void {
  const backups = facts.filter((f): f is BackupFact => f.kind === 'backup');
  const clusters = new Set(facts.filter((f) => f.kind === 'data-store' && f.id.startsWith('cnpg:')).map((f) => (f as DataStoreFact).id));
  const offsite = (storeId: string): boolean => backups.some((b) => b.storeId === storeId && b.leavesBlastRadius);
  for (const b of backups.filter((x) => x.storeId.startsWith('cnpg:') && x.description.startsWith('ScheduledBackup'))) {
    if (!clusters.has(b.storeId) || offsite(b.storeId) || backups.some((x) => x.storeId === b.storeId && x.ruleId)) continue;
    b.ruleId = 'backup/cnpg-snapshots-only';
    ctx.report('backup/cnpg-snapshots-only', b.location, {
      message: `${b.description} of CloudNativePG cluster ${b.storeId.slice('cnpg:'.length)}, which has no object store: its only backups live in the same storage system and namespace as the data. Add barmanObjectStore or the barman-cloud plugin pointing at a bucket outside the cluster.`,
      key: `scheduled:${b.description}`,
      properties: { platform: 'kubernetes' },
    });
  }
  const k8sOffsite = backups.some((b) => b.leavesBlastRadius && (b.storeId.startsWith('cnpg:') || b.storeId.startsWith('k8s-pvc:')));
  for (const cls of backups.filter((x) => x.storeId.startsWith('k8s-snapshot-class:') && x.description.startsWith('VolumeSnapshotClass'))) {
    const snapshots = backups.filter((x) => x.storeId === cls.storeId && x.description.startsWith('VolumeSnapshot '));
    if (snapshots.length === 0 || k8sOffsite) continue;
    cls.ruleId = 'backup/k8s-snapshot-class-delete';
    ctx.report('backup/k8s-snapshot-class-delete', cls.location, {
      message: `${cls.description} is used by ${snapshots.map((x) => x.description).slice(0, 3).join(', ')}${snapshots.length > 3 ? ' and more' : ''}, and nothing here copies data out of the cluster: deleting a VolumeSnapshot, or its namespace, deletes the physical snapshot too. Set deletionPolicy: Retain and keep an off-cluster backup.`,
      key: cls.storeId,
      related: snapshots.slice(0, 5).map((x) => ({ location: x.location, message: `${x.description} uses this class` })),
      properties: { platform: 'kubernetes' },
    });
  }
}

/** A file that may hold Kubernetes objects: `kind:` and `apiVersion:` lines (anchored by line, so a run of blank lines is read once). */
const isManifest = (file: SourceFile): boolean => file.text.includes('kind:') && /^[ \t]*kind:\s*\S/m.test(file.text) && /^[ \t]*apiVersion:/m.test(file.text);

/** A file holding a workload this detector reads (block style, column 0), or no top-level kind line to judge by. */
const HOLDS_WORKLOAD = /(?<![\s\S])(?![\s\S]*^kind:)|^kind:[ \t]*["']?(?:StatefulSet|Deployment|DaemonSet|Job|CronJob|Template)\b/m;

/** The key a container's command is written under, for its location. */
const commandKey = (c: Obj): string => (arr(c.command).length ? 'command' : arr(c.args).length ? 'args' : 'image');

/** A workload as one rendering deploys it: patches merged over it in order, the rendering's namespace set last. */
function rendered(file: SourceFile, doc: Document.Parsed, value: Obj, rendering: Rendering, prefix: (string | number)[]): { w: Workload; places: Places } | undefined {
  const applied = rendering.patches.filter((p) => targets(p, value));
  const merged = applied.reduce((v, p) => mergeObject(v, p.value), value);
  const w = workloadOf(doc, merged);
  if (!w) return undefined;
  if (rendering.namespace !== undefined) w.namespace = rendering.namespace;
  const podOf = (v: Obj): Obj => (workloadOf(doc, v)?.pod ?? {});
  return {
    w,
    places: {
      name: file.yamlLocation(doc.contents, [...prefix, 'metadata', 'name']),
      container: (index, c) => {
        // The last patch that writes this container's command, image or mounts is where it is changed.
        const name = str(c.name);
        for (let i = applied.length - 1; i >= 0; i--) {
          const p = applied[i] as Patch;
          const patched = arr(podOf(p.value).containers);
          const j = patched.findIndex((x) => name !== undefined && str(obj(x).name) === name);
          const pc = obj(patched[j]);
          if (j === -1 || !(pc.command || pc.args || pc.image || pc.volumeMounts)) continue;
          const inline = p.origin.path.length > 0;
          return p.origin.file.yamlLocation(p.origin.root, inline ? p.origin.path : [...w.podPath, 'containers', j, commandKey(pc)]);
        }
        const own = arr(workloadOf(doc, value)?.pod.containers).findIndex((x) => str(obj(x).name) === name);
        return file.yamlLocation(doc.contents, [...prefix, ...w.podPath, 'containers', own === -1 ? index : own, commandKey(c)]);
      },
    },
  };
}

/**
 * Data stores and dump jobs, across files: each workload as it is deployed, once per kustomize
 * overlay that renders its file (with that overlay's patches and namespace), or as written when no
 * kustomization names it.
 */
function checkWorkloads(ctx: ProjectContext, files: readonly SourceFile[]): void {
  const { byFile: byOverlay, patchFiles } = renderings(files.filter((f) => KUSTOMIZATION.test(f.path)), (path) => ctx.file('repo', path));
  const seen = new Set<string>();
  const fact = (f: BackupFact | DataStoreFact): void => {
    const key = JSON.stringify([f.kind, f.kind === 'backup' ? f.storeId : f.id, f.location.path, f.location.line, f.location.column]);
    if (seen.has(key)) return;
    seen.add(key);
    ctx.fact(f);
  };
  for (const file of files) {
    // The project's kept files include other detectors' (compose files, workflows): manifests only.
    if (KUSTOMIZATION.test(file.path) || patchFiles.has(file.path) || !isManifest(file) || !HOLDS_WORKLOAD.test(file.text) || isHelmTemplate(file.path, file.text)) continue;
    for (const doc of file.yaml(READ_KINDS).docs) {
      const value = obj(yamlValue(doc));
      // An OpenShift Template's objects are manifests written inside it.
      const objects = str(value.kind) === 'Template' ? arr(value.objects).map((o, i) => ({ v: obj(o), prefix: ['objects', i] })) : [{ v: value, prefix: [] }];
      for (const { v, prefix } of objects) {
        if (!workloadOf(doc, v)) continue;
        for (const rendering of byOverlay.get(file.path) ?? [{ patches: [] }]) {
          const r = rendered(file, doc, v, rendering, prefix);
          if (r) workloadFacts(fact, r.w, r.places);
        }
      }
    }
  }
}

/** Percona cluster resources and the backup objects that name them (read across files). */
const HOLDS_PERCONA = /^kind:[ \t]*["']?Percona/m;

/** Where a Percona cluster keeps a named storage (XtraDB, MongoDB, PostgreSQL v1) or pgBackRest repository (PostgreSQL v2), when inside the cluster. */
function perconaTarget(kind: string, spec: Obj, storage: string): Inside | undefined {
  const repos = arr(obj(obj(spec.backups).pgbackrest).repos).map(obj);
  if (kind === 'PerconaPGCluster' && repos.length > 0) {
    const repo = repos.find((r) => str(r.name) === storage);
    return repo ? repoInside(repo) : undefined;
  }
  return storageInside(obj(obj(obj(spec.backup).storages)[storage]));
}

/** The cluster a Percona backup object names, and the storage it writes to. */
const BACKUP_OBJECTS: Record<string, { cluster: string; clusterKey: string; storageKey: string }> = {
  PerconaXtraDBClusterBackup: { cluster: 'PerconaXtraDBCluster', clusterKey: 'pxcCluster', storageKey: 'storageName' },
  PerconaServerMongoDBBackup: { cluster: 'PerconaServerMongoDB', clusterKey: 'clusterName', storageKey: 'storageName' },
  PerconaPGBackup: { cluster: 'PerconaPGCluster', clusterKey: 'pgCluster', storageKey: 'repoName' },
};

/**
 * On-demand Percona backups (`PerconaXtraDBClusterBackup`, `PerconaServerMongoDBBackup`,
 * `PerconaPGBackup`) resolved against the cluster resource they name, in another file: a backup
 * whose storage is a PVC or an object store of the cluster itself stays in the cluster.
 */
function checkPerconaBackups(ctx: ProjectContext, files: readonly SourceFile[]): void {
  const docs = files.filter((f) => isManifest(f) && HOLDS_PERCONA.test(f.text) && !isHelmTemplate(f.path, f.text)).flatMap((file) => file.yaml(READ_KINDS).docs.map((doc) => ({ file, doc, v: obj(yamlValue(doc)) })));
  // Cluster resources by kind and name: a file of thousands of backup objects looks each up once.
  const clusters = new Map<string, typeof docs>();
  for (const d of docs) {
    if (!Object.values(BACKUP_OBJECTS).some((b) => b.cluster === str(d.v.kind))) continue;
    const key = `${str(d.v.kind)}/${str(obj(d.v.metadata).name)}`;
    const same = clusters.get(key);
    if (same) same.push(d);
    else clusters.set(key, [d]);
  }
  for (const { file, doc, v } of docs) {
    const kind = str(v.kind) ?? '';
    const ref = Object.hasOwn(BACKUP_OBJECTS, kind) ? BACKUP_OBJECTS[kind] : undefined;
    if (!ref) continue;
    const spec = obj(v.spec);
    const clusterName = str(spec[ref.clusterKey]);
    const storage = str(spec[ref.storageKey]);
    const namespace = str(obj(v.metadata).namespace);
    if (!clusterName || !storage) continue;
    // The same namespace, or either one unset (the manifests are applied to one namespace).
    const cluster = (clusters.get(`${ref.cluster}/${clusterName}`) ?? []).find(({ v: c }) => namespace === undefined || str(obj(c.metadata).namespace) === undefined || str(obj(c.metadata).namespace) === namespace);
    const target = cluster ? perconaTarget(ref.cluster, obj(cluster.v.spec), storage) : undefined;
    if (!cluster || !target) continue;
    const name = shownName(namespace, str(obj(v.metadata).name) ?? str(v.kind) ?? '');
    const where = cluster.file.path;
    const at = file.yamlLocation(doc.contents, ['spec', ref.storageKey]);
    const related = [{ location: cluster.file.yamlLocation(cluster.doc.contents, ['metadata', 'name']), message: `${ref.cluster} ${clusterName} defines ${storage}` }];
    if (target.inside === 'pvc') {
      ctx.report('backup/k8s-backups-in-cluster', at, { message: `${str(v.kind)} ${name} writes to ${storage}, which ${ref.cluster} ${clusterName} (${where}) keeps on a PVC inside the cluster: deleting the namespace or losing the cluster storage removes the data and this backup together. Back up to an s3, gcs or azure storage in another account.`, key: `percona-backup:${name}`, related, properties: { platform: 'kubernetes' } });
    } else {
      ctx.report('backup/k8s-object-store-in-cluster', at, { message: `${str(v.kind)} ${name} writes to ${storage}, which ${ref.cluster} ${clusterName} (${where}) points at ${target.endpoint}, an object store served from inside the cluster: losing the cluster or its namespace loses this backup too. Use a bucket in another account or provider.`, key: `percona-backup:${name}`, related, properties: { platform: 'kubernetes' } });
    }
  }
}

export default defineDetector({
  id: 'backups/kubernetes',
  projectFiles: ['**/*.yaml', '**/*.yml', '**/Kustomization'],
  keeps: (file) => KUSTOMIZATION.test(file.path) || (isManifest(file) && (HOLDS_WORKLOAD.test(file.text) || HOLDS_PERCONA.test(file.text))),
  checkProject: (ctx) => {
    const files = ctx.files(['**/*.yaml', '**/*.yml', '**/Kustomization']);
    checkWorkloads(ctx, files);
    checkPerconaBackups(ctx, files);
  },
  files: ['**/*.yaml', '**/*.yml'],
  accepts: isManifest,
  rules: {
    'backup/k8s-dump-on-data-pvc': {
      title: 'Kubernetes backup job writes dumps onto the database\'s own PVC',
      severity: 'high',
      precision: 'high',
      help: [
        'A CronJob or Job runs `pg_dump`, `mysqldump` or `mongodump` and writes to the same PersistentVolumeClaim the database mounts (for a StatefulSet, `<template>-<name>-0`). Deleting that PVC, its namespace, or losing the volume removes the data and every backup at once.',
        '',
        '**Fix:** stream the dump off the cluster (`pg_dump … | aws s3 cp - s3://…` into a bucket in another account), or use the operator\'s object-store backups; a second PVC in the same namespace is not enough.',
      ].join('\n'),
    },
    'backup/k8s-dump-same-namespace': {
      title: 'Kubernetes backup job keeps dumps on a PVC in the database\'s namespace',
      severity: 'medium',
      precision: 'medium',
      help: [
        'A dump job writes to a separate PVC in the same namespace as the database and copies nothing off the cluster. `kubectl delete namespace` deletes both claims, and with the usual `reclaimPolicy: Delete` their volumes go too.',
        '',
        '**Fix:** upload each dump to object storage outside the cluster (another account or provider), with credentials that can write but not delete.',
      ].join('\n'),
    },
    'backup/cnpg-snapshots-only': {
      title: 'CloudNativePG cluster backed up only by volume snapshots',
      severity: 'medium',
      precision: 'high',
      help: [
        'The CloudNativePG `Cluster` has `spec.backup.volumeSnapshot` and neither `barmanObjectStore` nor the `barman-cloud.cloudnative-pg.io` plugin. Snapshots live in the same storage system and namespace; with a VolumeSnapshotClass `deletionPolicy: Delete` deleting the VolumeSnapshot deletes the snapshot itself. CloudNativePG\'s docs name object storage as the way to disaster recovery.',
        '',
        '**Fix:** add `barmanObjectStore` (or the barman-cloud plugin and an `ObjectStore`) pointing at a bucket in another account, keeping snapshots as a fast local tier.',
      ].join('\n'),
    },
    'backup/k8s-snapshot-class-delete': {
      title: 'Volume snapshots that are the only backup and are deleted with their objects',
      severity: 'medium',
      precision: 'medium',
      help: [
        'VolumeSnapshots use a VolumeSnapshotClass with `deletionPolicy: Delete`, and nothing in the scanned manifests copies data out of the cluster. Deleting a VolumeSnapshot deletes its VolumeSnapshotContent and the physical snapshot; VolumeSnapshots are namespaced, so deleting the namespace removes them all (kubernetes.io, Volume Snapshot Classes).',
        '',
        '**Fix:** set `deletionPolicy: Retain` on the class used for backups, and add an off-cluster backup (an object-store tier for the database operator, or dumps uploaded to a bucket in another account).',
      ].join('\n'),
    },
    'backup/k8s-object-store-in-cluster': {
      title: 'Backups sent to an object store inside the same cluster',
      severity: 'high',
      precision: 'medium',
      help: [
        'Velero\'s BackupStorageLocation `s3Url`, CloudNativePG\'s `barmanObjectStore.endpointURL`, a Crunchy or Percona pgBackRest `s3.endpoint`, the S3 `endpointUrl` of the Percona storages the schedules use, or Zalando\'s `logical_backup_s3_endpoint` (operator ConfigMap, `OperatorConfiguration` or chart values) points at a service of the cluster itself (`*.svc`, `*.svc.cluster.local`, `minio:9000`). Velero documents in-cluster MinIO as a getting-started setup only: when the cluster or its storage is lost, the backups are lost with it.',
        '',
        '**Fix:** point the backup location at object storage outside the cluster, in another account or provider, with versioning or object lock.',
      ].join('\n'),
    },
    'backup/k8s-backups-in-cluster': {
      title: 'Database backups kept only inside the cluster',
      severity: 'medium',
      precision: 'high',
      help: [
        'Every pgBackRest repository of a Crunchy or Percona PostgreSQL cluster is a `volume` (a PVC in the same namespace); the Percona XtraDB, MongoDB or PostgreSQL v1 storages the backup schedules use (every storage, when there are no schedules) are of type `filesystem` or `local`; every dump profile of the MySQL Operator (`InnoDBCluster` `backupProfiles`, `MySQLBackup`) writes to a `persistentVolumeClaim`; MongoDB Ops Manager keeps its snapshots only in blockstores or file system stores; or a dump job (a CronJob, a Job, a Deployment looping `pg_dump`) writes only to a PVC and nothing copies the dumps off the cluster, whether or not the database it dumps is in these manifests. The backups share the cluster, and usually the namespace and storage, of the data.',
        '',
        '**Fix:** add a repository or storage of type s3, gcs or azure in another account, and keep the PVC repository only as a fast local copy.',
      ].join('\n'),
    },
    'backup/percona-finalizer-deletes-backups': {
      title: 'Percona finalizer deletes every backup when the cluster is deleted',
      severity: 'high',
      precision: 'high',
      help: [
        'The `percona.com/delete-backups` finalizer makes the Percona operator remove the cluster\'s backups from all configured repositories, S3 included, when the cluster resource is deleted: one `kubectl delete` removes data and backups together. The per-backup `percona.com/delete-backup` finalizer (Percona MySQL) deletes a backup\'s files when its backup object is deleted, as a namespace delete does.',
        '',
        '**Fix:** remove the finalizer from `metadata.finalizers`, and protect the backup bucket with object lock or a retention policy.',
      ].join('\n'),
    },
  },
  check(ctx) {
    const { file } = ctx;
    if (isHelmTemplate(file.path, file.text)) {
      // One note per chart (the engine drops repeats): its templates are not YAML until rendered.
      const cut = file.path.search(/\/templates\//);
      const chart = cut === -1 ? './' : file.path.slice(0, cut + 1);
      ctx.notify({ level: 'note', id: 'skipped-template', message: `${chart}: Helm templates, not YAML until rendered; run \`helm template\` and scan the output to check them`, location: file.at(1) });
      return;
    }
    const docs = file.yaml(READ_KINDS).docs.flatMap((doc) => {
      const v = obj(yamlValue(doc));
      return str(v.kind) === 'List' ? [] : [{ doc, v }];
    });
    const snapshotDelete = docs.some(({ v }) => str(v.kind) === 'VolumeSnapshotClass' && str(v.deletionPolicy) === 'Delete');
    for (const { doc, v } of docs) {
      const reports = operatorFindings(ctx, doc, v, snapshotDelete);
      for (const r of reports) ctx.report(r.rule, r.at, { message: r.message, key: r.key, properties: { platform: 'kubernetes' } });
      snapshotFacts(ctx, doc, v, reports.some((r) => r.rule === 'backup/cnpg-snapshots-only'));
    }
  },
  correlate(ctx: CorrelationContext) {
    const facts: readonly Fact[] = ctx.facts;
    snapshotFindings(ctx, facts);
    const stores = facts.filter((f): f is DataStoreFact => f.kind === 'data-store' && f.platform === 'kubernetes');
    const backups = facts.filter((f): f is BackupFact => f.kind === 'backup' && f.storeId.startsWith('k8s-pvc:') && !f.leavesBlastRadius);
    // A job several overlays deploy (dev, prod) is one entry to change: one finding at its line,
    // naming every namespace it is deployed to, under the most severe rule any of them earns.
    const RANK = ['backup/k8s-dump-on-data-pvc', 'backup/k8s-dump-same-namespace', 'backup/k8s-backups-in-cluster'];
    const byEntry = new Map<string, { rule: string; b: BackupFact; input: Parameters<CorrelationContext['report']>[2]; namespaces: string[] }>();
    for (const b of backups) {
      const same = stores.find((s) => s.id === b.storeId);
      const namespace = b.storeId.slice('k8s-pvc:'.length).split('/')[0] ?? '';
      const neighbour = stores.find((s) => s.id.startsWith(`k8s-pvc:${namespace}/`));
      const verdict = same
        ? {
            rule: 'backup/k8s-dump-on-data-pvc',
            input: {
              message: `${b.description}: the same PVC ${same.name} keeps its data on, so deleting the claim or the namespace destroys the database and every dump at once. Stream the dump to object storage in another account instead (pg_dump … | aws s3 cp - s3://…).`,
              key: b.storeId,
              related: [{ location: same.location, message: `${same.name} mounts the same claim` }],
              properties: { platform: 'kubernetes' },
            },
          }
        : !neighbour
          ? {
              // The database is elsewhere (another repository, a Service name): the dumps still never leave the cluster.
              rule: 'backup/k8s-backups-in-cluster',
              input: {
                message: `${b.description}, and nothing copies it off the cluster: the database it dumps is not in these manifests, but its only backups stay on a PVC of this cluster, deleted with the claim or the namespace and lost with the cluster's storage. Upload each dump to object storage outside the cluster.`,
                key: b.storeId,
                properties: { platform: 'kubernetes' },
              },
            }
          : {
              rule: 'backup/k8s-dump-same-namespace',
              input: {
                message: `${b.description}, in the namespace of ${neighbour.name}, and nothing copies it off the cluster: deleting the namespace removes the database and its dumps together. Upload each dump to object storage outside the cluster.`,
                key: b.storeId,
                related: [{ location: neighbour.location, message: `${neighbour.name} runs in the same namespace` }],
                properties: { platform: 'kubernetes' },
              },
            };
      b.ruleId = verdict.rule;
      const entry = `${b.location.root}:${b.location.path}:${b.location.line}:${b.location.column}`;
      const prior = byEntry.get(entry);
      if (!prior) byEntry.set(entry, { ...verdict, b, namespaces: [namespace] });
      else {
        prior.namespaces.push(namespace);
        if (RANK.indexOf(verdict.rule) < RANK.indexOf(prior.rule)) Object.assign(prior, verdict, { b });
      }
    }
    for (const { rule, b, input, namespaces } of byEntry.values()) {
      const others = [...new Set(namespaces)].filter((n) => !b.storeId.startsWith(`k8s-pvc:${n}/`));
      const also = others.length > 0 ? ` The same job is deployed to ${others.map((n) => (n === UNSET ? 'an unset namespace' : `namespace ${n}`)).join(', ')} as well (another kustomize overlay).` : '';
      ctx.report(rule, b.location, { ...input, message: `${input.message}${also}` });
    }
  },
});
