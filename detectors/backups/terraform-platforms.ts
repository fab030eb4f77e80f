// Hosted databases, servers and disk snapshot schedules declared in Terraform whose platform
// backups die with them or stay in the same project, so one credential that can delete the data
// deletes the backups too (checked against each provider's documentation and source):
// - DigitalOcean: "Deleting a database cluster permanently and irreversibly destroys the cluster,
//   its contents, and its automated backups" (docs.digitalocean.com, databases how-to/destroy);
//   `digitalocean_database_cluster` has no backup or deletion-protection argument.
// - Hetzner Cloud: server backups "are bound to a single server and will automatically be deleted
//   if you delete the server" (docs.hetzner.com/cloud/general/faq); `delete_protection` is lifted
//   by the same API token (the provider's docs say so for Terraform itself).
// - Linode: deleting a Linode deletes its backups, and cancelling backups deletes them
//   (techdocs.akamai.com, delete-linode-instance, post-cancel-backups); a `linode_lock`
//   (`cannot_delete`, `cannot_delete_with_subresources`) blocks the delete and can be removed only
//   by an unrestricted user, so a lock on the instance clears the finding.
// - Google Compute Engine: a `google_compute_resource_policy` snapshot schedule writes snapshots
//   into the disk's own project (the schedule has no target project); with
//   `on_source_disk_delete = "APPLY_RETENTION_POLICY"` they also expire once the disk is gone.
// As for the PaaS databases (paas.ts), a dump job anywhere in the repository that copies data off
// the platform clears every finding. Values that are variables are unknown, never findings.

import type { Container, DataStoreFact } from '../../src/engine/facts.js';
import { defineDetector } from '../../src/engine/types.js';
import { judgeStores, type Store } from './paas.js';
import { SCRIPT_FILES } from './scripts.js';
import { block, flag, referenced, resourceAt, resourceId, terraformModules, TERRAFORM_FILES, unresolved, type TfResource } from './terraform.js';

/** The resource types read here: a file naming none is never parsed. */
const TYPES = /\b(?:digitalocean_database_cluster|hcloud_server|hcloud_volume(?:_attachment)?|linode_instance|linode_lock|linode_volume|google_compute_resource_policy)\b/;

/**
 * The block storage volumes attached to a server in the module (`hcloud_volume.server_id`, an
 * `hcloud_volume_attachment`, `linode_volume.linode_id`): neither platform's server backups
 * include them ("neither includes attached volumes", Hetzner's FAQ; "Linode's backup services do
 * not cover Block Storage Volumes", Linode's docs).
 */
function volumesOf(r: TfResource, resources: readonly TfResource[]): string[] {
  const out = new Set<string>();
  for (const v of resources) {
    if (v.type === 'hcloud_volume' && r.type === 'hcloud_server' && referenced(v.attrs.server_id, 'hcloud_server') === r.name) out.add(label(v));
    if (v.type === 'hcloud_volume_attachment' && r.type === 'hcloud_server' && referenced(v.attrs.server_id, 'hcloud_server') === r.name) {
      const volume = referenced(v.attrs.volume_id, 'hcloud_volume');
      out.add(volume ? `hcloud_volume.${volume}` : label(v));
    }
    if (v.type === 'linode_volume' && r.type === 'linode_instance' && referenced(v.attrs.linode_id, 'linode_instance') === r.name) out.add(label(v));
  }
  return [...out];
}

const label = (r: TfResource): string => `${r.type}.${r.name}`;

/** A store of this file's kind: reported under the resource's address. */
const keyed = (r: TfResource, store: Omit<Store, 'key' | 'properties'>): Store => ({ ...store, key: label(r), properties: { resource: label(r), platform: store.fact.platform } });

function storeOf(r: TfResource, platform: string, engine: string, name: string, container: Container): DataStoreFact {
  return { kind: 'data-store', id: resourceId(r), platform, engine, name, container, location: resourceAt(r) };
}

function digitalOcean(r: TfResource): Store {
  const engine = typeof r.attrs.engine === 'string' && !unresolved(r.attrs.engine) ? r.attrs.engine : 'database';
  const container: Container = { type: 'database-instance', name: `DigitalOcean database cluster ${r.name}`, platform: 'digitalocean' };
  const store = storeOf(r, 'digitalocean', engine === 'pg' ? 'postgres' : engine, `DigitalOcean ${engine} cluster ${label(r)}`, container);
  return keyed(r, {
    rule: 'backup/do-database-backups-deleted-with-cluster',
    at: store.location,
    fact: store,
    platformBackup: { kind: 'backup', description: 'DigitalOcean automated backups of the cluster', container, leavesBlastRadius: false, location: store.location },
    message: `${label(r)} keeps its only backups with the cluster: DigitalOcean destroys a cluster's automated backups when the cluster is deleted, and the cluster has no deletion protection outside Terraform, so one API call with the account's token (doctl databases delete) removes the data and every backup. Nothing in this repository dumps it elsewhere: add a scheduled pg_dump (or mysqldump) to storage in another account.`,
  });
}

function server(r: TfResource, resources: readonly TfResource[]): Store | undefined {
  const locks = resources.filter((x) => x.type === 'linode_lock');
  const hetzner = r.type === 'hcloud_server';
  const backups = flag(hetzner ? r.attrs.backups : r.attrs.backups_enabled);
  if (backups !== true) return undefined;
  if (!hetzner && locks.some((l) => referenced(l.attrs.entity_id, 'linode_instance') === r.name && /^cannot_delete/.test(String(l.attrs.lock_type ?? '')))) return undefined;
  const platform = hetzner ? 'hetzner' : 'linode';
  const container: Container = { type: 'host', name: `${hetzner ? 'Hetzner Cloud server' : 'Linode'} ${r.name}`, platform };
  const store = storeOf(r, platform, 'server-disk', `${hetzner ? 'Hetzner Cloud server' : 'Linode'} ${label(r)}`, container);
  const at = resourceAt(r, hetzner ? 'backups' : 'backups_enabled');
  const volumes = volumesOf(r, resources);
  const guard = hetzner
    ? flag(r.attrs.delete_protection) === true
      ? 'delete_protection is on, but the same API token that can delete the server can lift it'
      : 'delete_protection is off'
    : 'no linode_lock protects it';
  return keyed(r, {
    rule: 'backup/server-backups-deleted-with-server',
    at,
    fact: store,
    platformBackup: { kind: 'backup', description: `${hetzner ? 'Hetzner' : 'Linode'} backups of the server`, container, leavesBlastRadius: false, location: at },
    message: `${label(r)} relies on ${hetzner ? 'Hetzner Cloud' : 'Linode'} backups, which belong to the server: deleting the server deletes them (and turning backups off deletes them too), and ${guard}.${volumes.length > 0 ? ` Its attached volume${volumes.length > 1 ? 's' : ''} ${volumes.join(', ')} ${volumes.length > 1 ? 'are' : 'is'} not in these backups at all: ${hetzner ? 'Hetzner backups and snapshots leave volumes out' : "Linode's Backup service does not cover Block Storage volumes"}.` : ''} Keep a copy outside this ${hetzner ? 'project' : 'account'}: ${hetzner ? 'snapshots or a Storage Box with other credentials' : 'a linode_lock (cannot_delete_with_subresources) and a dump to storage in another account'}.`,
  });
}

function snapshotSchedule(r: TfResource): Store | undefined {
  const schedule = block(r.attrs, ['snapshot_schedule_policy']);
  if (!schedule) return undefined;
  const onDelete = block(schedule, ['retention_policy'])?.on_source_disk_delete;
  const expires = onDelete === 'APPLY_RETENTION_POLICY';
  const container: Container = { type: 'project', name: `the Google Cloud project of ${label(r)}`, platform: 'gcp' };
  const store = storeOf(r, 'gcp', 'persistent-disk', `persistent disks under ${label(r)}`, container);
  const at = expires ? resourceAt(r, 'on_source_disk_delete') : resourceAt(r, 'snapshot_schedule_policy');
  return keyed(r, {
    rule: 'backup/gce-snapshots-in-disk-project',
    at,
    fact: store,
    platformBackup: { kind: 'backup', description: `scheduled snapshots of ${label(r)}`, container, leavesBlastRadius: false, location: at },
    message: `${label(r)} takes scheduled snapshots into the disks' own project (a snapshot schedule cannot name another one): a credential that can delete the disks can delete the snapshots, and deleting the project removes both${expires ? '; with on_source_disk_delete = "APPLY_RETENTION_POLICY" the snapshots also expire once a disk is deleted' : ''}. Copy snapshots or dumps to a project the same credentials cannot reach (Backup and DR in another project, or a dump job).`,
  });
}

export default defineDetector({
  id: 'backups/terraform-platforms',
  projectFiles: [...TERRAFORM_FILES, ...SCRIPT_FILES],
  keeps: (file) => !/\.tf(?:\.json)?$/.test(file.path) || TYPES.test(file.text),
  rules: {
    'backup/do-database-backups-deleted-with-cluster': {
      title: 'DigitalOcean database cluster whose backups are deleted with it',
      severity: 'high',
      precision: 'medium',
      help: [
        'A `digitalocean_database_cluster` keeps its automated backups with the cluster: DigitalOcean documents that deleting a cluster "permanently and irreversibly destroys the cluster, its contents, and its automated backups", and the cluster has no deletion protection outside Terraform (`lifecycle { prevent_destroy }` stops only `terraform destroy`). One API call with the account\'s token removes the data and every backup. Reported when nothing in the repository dumps the database off DigitalOcean.',
        '',
        '**Fix:** add a scheduled job that runs `pg_dump` (or `mysqldump`, `mongodump`) and uploads the dump to a versioned bucket in another account, with credentials that can write but not delete.',
      ].join('\n'),
    },
    'backup/server-backups-deleted-with-server': {
      title: 'Server whose platform backups are deleted with it (Hetzner Cloud, Linode)',
      severity: 'medium',
      precision: 'medium',
      help: [
        'An `hcloud_server` with `backups = true` or a `linode_instance` with `backups_enabled = true` relies on backups that belong to the server: Hetzner deletes a server\'s backups with the server, Linode deletes them with the Linode (and when backups are cancelled). Hetzner\'s `delete_protection` is lifted by the same token that deletes; a `linode_lock` with `cannot_delete` or `cannot_delete_with_subresources` on the instance blocks the delete for restricted users and clears the finding. Volumes attached to the server (`hcloud_volume`, `linode_volume`) are in neither platform\'s server backups, and the message names them.',
        '',
        '**Fix:** keep a copy outside the project or account (Hetzner snapshots, which outlive the server, or a Storage Box with other credentials; a dump job to storage in another account), and on Linode add a `linode_lock` and give automation a restricted token.',
      ].join('\n'),
    },
    'backup/gce-snapshots-in-disk-project': {
      title: 'Compute Engine snapshot schedule that keeps snapshots in the disks\' project',
      severity: 'medium',
      precision: 'medium',
      help: [
        'A `google_compute_resource_policy` with a `snapshot_schedule_policy` writes its snapshots into the project of the disks it is attached to; the schedule cannot name another project. A credential that can delete the disks can delete the snapshots, and deleting the project removes both. With `retention_policy.on_source_disk_delete = "APPLY_RETENTION_POLICY"` the snapshots also expire after a disk is deleted (the default, `KEEP_AUTO_SNAPSHOTS`, keeps them).',
        '',
        '**Fix:** copy backups to a project the same credentials cannot reach (Backup and DR with a vault in another project, or a dump job to storage in another account), and keep `KEEP_AUTO_SNAPSHOTS`.',
      ].join('\n'),
    },
  },
  async checkProject(ctx) {
    const relevant = ctx.files(TERRAFORM_FILES).filter((f) => TYPES.test(f.text));
    if (relevant.length === 0) return;
    const stores: Store[] = [];
    for (const resources of terraformModules(relevant).values()) {
      for (const r of resources) {
        const store =
          r.type === 'digitalocean_database_cluster' ? digitalOcean(r)
          : r.type === 'hcloud_server' || r.type === 'linode_instance' ? server(r, resources)
          : r.type === 'google_compute_resource_policy' ? snapshotSchedule(r)
          : undefined;
        if (store) stores.push(store);
      }
    }
    judgeStores(ctx, stores);
  },
});
