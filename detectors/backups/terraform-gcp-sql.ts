// Google Cloud SQL instances in Terraform whose backups die with the instance (backups.md §3.5, §9):
// deleting a Cloud SQL instance deletes its backups unless `retain_backups_on_delete` is set or a
// final backup is taken, so an instance with `deletion_protection = false` and neither is one API
// call from losing data and every backup; an instance with `backup_configuration.enabled` false or
// absent (the provider default) has no automated backups at all. Read replicas take no backups and
// are skipped. Values that are variables or locals are unknown, not findings.

import type { BackupFact, DataStoreFact } from '../../src/engine/facts.js';
import { defineDetector, type FileContext } from '../../src/engine/types.js';
import { block, blocks, flag, resourceAt, resourceId, TERRAFORM_FILES, unresolved, type Attrs, type TfResource } from './terraform.js';

export interface CloudSqlVerdict {
  /** Automated backups: on, off, or unknown (a variable). */
  backups: boolean | undefined;
  /** Backups outlive an instance delete: retained on delete or a final backup is configured. */
  retained: boolean | undefined;
  /** Terraform's `deletion_protection` is on (its default): it stops `terraform destroy` only. */
  terraformOnly: boolean;
  /**
   * Deletion is blocked where an agent would delete: the API-side `deletion_protection_enabled`.
   * Terraform's own `deletion_protection` only stops `terraform destroy`; `gcloud sql instances
   * delete` or one API call with a broad credential still deletes the instance and its backups.
   */
  protectedFromDelete: boolean | undefined;
}

/** A boolean that may be set in `settings` or at the top level (the provider has moved some keys). */
function setting(attrs: Attrs, key: string): unknown {
  return block(attrs, ['settings'])?.[key] ?? attrs[key];
}

function finalBackup(attrs: Attrs): boolean | undefined {
  const config = blocks(block(attrs, ['settings'])?.final_backup_config)[0] ?? blocks(attrs.final_backup_config)[0];
  if (!config) return false;
  return unresolved(config.enabled) ? undefined : flag(config.enabled) !== false;
}

export function judgeCloudSql(attrs: Attrs): CloudSqlVerdict | undefined {
  if (attrs.master_instance_name !== undefined) return undefined;
  const backupConfig = block(attrs, ['settings', 'backup_configuration']);
  const enabled = backupConfig?.enabled;
  const backups = unresolved(enabled) ? undefined : flag(enabled) === true;
  const retain = setting(attrs, 'retain_backups_on_delete');
  const final = finalBackup(attrs);
  const retained = unresolved(retain) || final === undefined ? undefined : flag(retain) === true || final;
  const apiProtection = setting(attrs, 'deletion_protection_enabled');
  // The API-side flag defaults to false.
  const protectedFromDelete = unresolved(apiProtection) ? undefined : flag(apiProtection) === true;
  return { backups, retained, protectedFromDelete, terraformOnly: flag(attrs.deletion_protection) !== false && !unresolved(attrs.deletion_protection) };
}

const engineOf = (version: unknown): string => {
  const v = typeof version === 'string' ? version.toLowerCase() : '';
  return v.startsWith('mysql') ? 'mysql' : v.startsWith('sqlserver') ? 'sqlserver' : v.startsWith('postgres') ? 'postgres' : 'cloudsql';
};

function checkTerraform({ file, report, fact }: FileContext): void {
  if (!file.text.includes('google_sql_database_instance')) return;
  const hcl = file.hcl();
  const resources = (hcl.value?.resource ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, body] of Object.entries(resources.google_sql_database_instance ?? {})) {
    const instance: TfResource = { type: 'google_sql_database_instance', name, attrs: blocks(body)[0] ?? {}, file };
    const verdict = judgeCloudSql(instance.attrs);
    if (!verdict) continue;
    const location = resourceAt(instance);
    const storeId = resourceId(instance);
    const label = `google_sql_database_instance.${name}`;
    const store: DataStoreFact = { kind: 'data-store', id: storeId, platform: 'gcp', engine: engineOf(instance.attrs.database_version), name: label, container: { type: 'database-instance', name: `Cloud SQL instance ${name}`, platform: 'gcp' }, location };
    fact(store);
    if (verdict.backups === false) {
      const where = block(instance.attrs, ['settings', 'backup_configuration']) ? resourceAt(instance, 'backup_configuration') : resourceAt(instance, 'settings');
      report('backup/cloudsql-backups-disabled', where, {
        message: `${label} has no automated backups: settings.backup_configuration.enabled is ${block(instance.attrs, ['settings', 'backup_configuration']) ? 'false or unset (it defaults to false)' : 'absent (it defaults to false)'}. Deleting or corrupting the database leaves nothing to restore. Enable backup_configuration with point-in-time recovery, and export to a bucket in another project.`,
        key: label,
        properties: { resource: label },
      });
      continue;
    }
    const backup: BackupFact = { kind: 'backup', storeId, description: 'Cloud SQL automated backups', container: verdict.retained ? { type: 'project', name: 'the GCP project', platform: 'gcp' } : store.container, leavesBlastRadius: false, location };
    if (verdict.backups === undefined || verdict.retained !== false || verdict.protectedFromDelete !== false) {
      fact(backup);
      continue;
    }
    const where = verdict.terraformOnly ? resourceAt(instance, 'settings') : resourceAt(instance, 'deletion_protection');
    fact({ ...backup, ruleId: 'backup/cloudsql-backups-deleted-with-instance', location: where });
    report('backup/cloudsql-backups-deleted-with-instance', where, {
      message: `${label} would lose every backup in one delete call: deleting a Cloud SQL instance deletes its backups unless retain_backups_on_delete is set or a final backup is taken, and neither is configured${verdict.terraformOnly ? '. Its Terraform deletion_protection only stops terraform destroy: gcloud sql instances delete, or one API call with a broad credential, still deletes it, since settings.deletion_protection_enabled is not set' : ', and deletion protection is off'}. Set settings.deletion_protection_enabled = true and settings.retain_backups_on_delete = true (deletion_protection = true too), and export backups to another project.`,
      key: label,
      properties: { resource: label },
    });
  }
}

export default defineDetector({
  id: 'backups/terraform-gcp-sql',
  files: TERRAFORM_FILES,
  rules: {
    'backup/cloudsql-backups-deleted-with-instance': {
      title: 'Cloud SQL instance whose backups are deleted with it',
      severity: 'high',
      precision: 'medium',
      help: [
        'A `google_sql_database_instance` has no `settings.deletion_protection_enabled`, no `retain_backups_on_delete` and no final backup. Deleting a Cloud SQL instance deletes its backups unless they are retained or a final backup is requested, so one delete call removes the database and every backup (terraform-google-modules/terraform-google-sql-db#727). Terraform\'s own `deletion_protection` (on by default) stops only `terraform destroy`: `gcloud sql instances delete` or an API call with a broad credential, what an agent would run, is not stopped by it.',
        '',
        '**Fix:** set `deletion_protection = true` and `settings.deletion_protection_enabled = true`, set `settings.retain_backups_on_delete = true`, and export backups to a bucket in another project (deleting the project still deletes everything in it).',
      ].join('\n'),
    },
    'backup/cloudsql-backups-disabled': {
      title: 'Cloud SQL instance without automated backups',
      severity: 'high',
      precision: 'high',
      help: [
        'A `google_sql_database_instance` (not a read replica) has `settings.backup_configuration.enabled` false or absent, and the provider defaults it to false: there are no automated backups and no point-in-time recovery, so a delete or a bad migration leaves nothing to restore. Checked by checkov CKV_GCP_14 and trivy AVD-GCP-0024 as well.',
        '',
        '**Fix:** add `backup_configuration { enabled = true, point_in_time_recovery_enabled = true }` (`binary_log_enabled` for MySQL) under `settings`, set `retain_backups_on_delete = true`, and export to a bucket in another project.',
      ].join('\n'),
    },
  },
  check: checkTerraform,
});
