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
import { defineDetector, type CorrelationContext, type FileContext, type Location } from '../../src/engine/types.js';
import { isHelmTemplate, yamlValue } from '../../src/parsers/yaml.js';
import { DUMP_VERB, OFF_HOST } from './commands.js';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const DB_IMAGE = /(?:^|\/)(?:postgres|postgresql|postgis|timescaledb|mysql|mariadb|mongo|mongodb|redis|valkey|clickhouse)(?::|@|$)/i;
const IN_CLUSTER = /^(?:https?:\/\/)?(?:[a-z0-9-]+\.)*(?:svc(?:\.cluster\.local)?|minio)(?::\d+)?(?:\/|$)|^(?:https?:\/\/)?minio[a-z0-9-]*(?::\d+)?(?:\/|$)/i;
const ENGINE = (image: string): string => /mysql|mariadb/i.test(image) ? 'mysql' : /mongo/i.test(image) ? 'mongodb' : /redis|valkey/i.test(image) ? 'redis' : /clickhouse/i.test(image) ? 'clickhouse' : 'postgres';

interface Workload {
  kind: string;
  name: string;
  namespace: string;
  pod: Obj;
  /** Path to the pod spec inside the document. */
  podPath: (string | number)[];
  doc: Document.Parsed;
  value: Obj;
}

const KINDS = 'StatefulSet|Deployment|DaemonSet|Job|CronJob|Cluster|ScheduledBackup|VolumeSnapshot|VolumeSnapshotClass|ObjectStore|BackupStorageLocation|PostgresCluster|PerconaPGCluster|PerconaXtraDBCluster|PerconaServerMongoDB';
/**
 * The documents worth parsing: a top-level kind (block style, column 0) this detector reads, or
 * Percona's finalizer, or no top-level kind line to judge by (JSON style, odd indentation). A
 * release manifest's CustomResourceDefinitions, often megabytes, are left unparsed.
 */
const READ_KINDS = new RegExp(`(?<![\\s\\S])(?![\\s\\S]*^kind:)|^kind:[ \\t]*["']?(?:${KINDS})\\b|percona\\.com/delete-backup`, 'm');

function workloadOf(doc: Document.Parsed, value: Obj): Workload | undefined {
  const kind = str(value.kind) ?? '';
  const meta = obj(value.metadata);
  const base = { kind, name: str(meta.name) ?? kind.toLowerCase(), namespace: str(meta.namespace) ?? 'default', doc, value };
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

const pvcId = (namespace: string, claim: string): string => `k8s-pvc:${namespace}/${claim.replace(/-\d+$/, '')}`;
const pvcContainer = (namespace: string, claim: string): BackupFact['container'] => ({ type: 'pvc', name: `PVC ${claim} in namespace ${namespace}`, platform: 'kubernetes' });

/** Images made to dump a database on a schedule (`pgdumper`, `postgres-backup-local`, `mysql-backup`, `db-backup`). */
const DUMP_IMAGE = /(?:^|\/)(?:pg|postgres|mysql|mariadb|mongo)[-_]?(?:dump(?:er)?|backup)|(?:^|\/)(?:postgres-backup-local|db-backup|pg-backup)(?::|$)/i;

function workloadFacts(ctx: FileContext, w: Workload): void {
  const { file } = ctx;
  const containers = arr(w.pod.containers).map(obj);
  const volumes = claims(w);
  const db = containers.find((c) => DB_IMAGE.test(str(c.image) ?? ''));
  if (db && w.kind !== 'CronJob' && w.kind !== 'Job') {
    for (const m of arr(db.volumeMounts).map(obj)) {
      const claim = volumes.get(str(m.name) ?? '');
      if (!claim) continue;
      const location = file.yamlLocation(w.doc.contents, ['metadata', 'name']);
      const store: DataStoreFact = { kind: 'data-store', id: pvcId(w.namespace, claim), platform: 'kubernetes', engine: ENGINE(str(db.image) ?? ''), name: `${w.kind} ${w.name} (${str(db.image)})`, container: pvcContainer(w.namespace, claim), location };
      ctx.fact(store);
    }
    return;
  }
  // Dump jobs: CronJobs and Jobs, and long-running workloads that dump on their own schedule (a
  // Deployment looping `pg_dump` every 15 minutes).
  const dumps = (c: Obj): boolean => DUMP_VERB.test(containerText(c)) || DUMP_IMAGE.test(str(c.image) ?? '');
  if (w.kind !== 'CronJob' && w.kind !== 'Job' && !containers.some(dumps)) return;
  containers.forEach((c, i) => {
    const text = containerText(c);
    if (!dumps(c)) return;
    const offHost = OFF_HOST.test(text);
    const location = file.yamlLocation(w.doc.contents, [...w.podPath, 'containers', i, arr(c.command).length ? 'command' : arr(c.args).length ? 'args' : 'image']);
    for (const m of arr(c.volumeMounts).map(obj)) {
      const claim = volumes.get(str(m.name) ?? '');
      if (!claim) continue;
      ctx.fact({
        kind: 'backup',
        storeId: pvcId(w.namespace, claim),
        description: `${w.kind} ${w.name} dumping to ${str(m.mountPath) ?? '/'} on PVC ${claim}`,
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
  if ((api.startsWith('postgres-operator.crunchydata.com/') || api.startsWith('pgv2.percona.com/')) && repos.length > 0 && repos.every((r) => r.volume !== undefined && !r.s3 && !r.gcs && !r.azure)) {
    out.push({ rule: 'backup/k8s-backups-in-cluster', at: at(['spec', 'backups', 'pgbackrest', 'repos']), key: `pgbackrest:${name}`, message: `${kind} ${name} keeps every pgBackRest repository on a PVC in its own namespace: deleting the namespace or losing the cluster storage removes data and backups together. Add an s3, gcs or azure repository in another account.` });
  }
  const storages = Object.values(obj(obj(spec.backup).storages)).map(obj);
  if ((api.startsWith('pxc.percona.com/') || api.startsWith('psmdb.percona.com/')) && storages.length > 0 && storages.every((s) => str(s.type) === 'filesystem')) {
    out.push({ rule: 'backup/k8s-backups-in-cluster', at: at(['spec', 'backup', 'storages']), key: `percona-fs:${name}`, message: `${kind} ${name} has only filesystem backup storages, PVCs inside the cluster: they go with the namespace or the cluster storage. Add an s3 or azure storage in another account.` });
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

export default defineDetector({
  id: 'backups/kubernetes',
  files: ['**/*.yaml', '**/*.yml'],
  accepts: (file) => file.text.includes('kind:') && /^\s*kind:\s*\S/m.test(file.text) && /^\s*apiVersion:/m.test(file.text),
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
        'Velero\'s BackupStorageLocation `s3Url` or CloudNativePG\'s `barmanObjectStore.endpointURL` points at a service of the cluster itself (`*.svc`, `*.svc.cluster.local`, `minio:9000`). Velero documents in-cluster MinIO as a getting-started setup only: when the cluster or its storage is lost, the backups are lost with it.',
        '',
        '**Fix:** point the backup location at object storage outside the cluster, in another account or provider, with versioning or object lock.',
      ].join('\n'),
    },
    'backup/k8s-backups-in-cluster': {
      title: 'Database backups kept only inside the cluster',
      severity: 'medium',
      precision: 'high',
      help: [
        'Every pgBackRest repository of a Crunchy or Percona PostgreSQL cluster is a `volume` (a PVC in the same namespace), or every Percona XtraDB/MongoDB backup storage is of type `filesystem`; or a dump job (a CronJob, a Job, a Deployment looping `pg_dump`) writes only to a PVC and nothing copies the dumps off the cluster, whether or not the database it dumps is in these manifests. The backups share the cluster, and usually the namespace and storage, of the data.',
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
      const w = workloadOf(doc, v);
      if (w) workloadFacts(ctx, w);
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
    for (const b of backups) {
      const same = stores.find((s) => s.id === b.storeId);
      const namespace = b.storeId.slice('k8s-pvc:'.length).split('/')[0] ?? '';
      const neighbour = stores.find((s) => s.id.startsWith(`k8s-pvc:${namespace}/`));
      if (same) {
        b.ruleId = 'backup/k8s-dump-on-data-pvc';
        ctx.report('backup/k8s-dump-on-data-pvc', b.location, {
          message: `${b.description}: the same PVC ${same.name} keeps its data on, so deleting the claim or the namespace destroys the database and every dump at once. Stream the dump to object storage in another account instead (pg_dump … | aws s3 cp - s3://…).`,
          key: b.storeId,
          related: [{ location: same.location, message: `${same.name} mounts the same claim` }],
          properties: { platform: 'kubernetes' },
        });
      } else if (!neighbour) {
        // The database is elsewhere (another repository, a Service name): the dumps still never leave the cluster.
        b.ruleId = 'backup/k8s-backups-in-cluster';
        ctx.report('backup/k8s-backups-in-cluster', b.location, {
          message: `${b.description}, and nothing copies it off the cluster: the database it dumps is not in these manifests, but its only backups stay on a PVC of this cluster, deleted with the claim or the namespace and lost with the cluster's storage. Upload each dump to object storage outside the cluster.`,
          key: b.storeId,
          properties: { platform: 'kubernetes' },
        });
      } else {
        b.ruleId = 'backup/k8s-dump-same-namespace';
        ctx.report('backup/k8s-dump-same-namespace', b.location, {
          message: `${b.description}, in the namespace of ${neighbour.name}, and nothing copies it off the cluster: deleting the namespace removes the database and its dumps together. Upload each dump to object storage outside the cluster.`,
          key: b.storeId,
          related: [{ location: neighbour.location, message: `${neighbour.name} runs in the same namespace` }],
          properties: { platform: 'kubernetes' },
        });
      }
    }
  },
});
