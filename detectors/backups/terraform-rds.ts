// AWS RDS and Aurora in Terraform whose backups die with the instance (backups.md §3.3): with
// `delete_automated_backups` true (the provider default), `skip_final_snapshot = true` and no
// `deletion_protection`, one DeleteDBInstance call removes the database and every backup; with
// `backup_retention_period = 0` there are no automated backups at all. Values that are variables
// or locals are unknown, not findings (as checkov does). HCL is parsed by HashiCorp's parser.

import type { BackupFact, DataStoreFact } from '../../src/engine/facts.js';
import { hclPosition } from '../../src/parsers/hcl.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import { defineDetector, type FileContext, type Location } from '../../src/engine/types.js';

type Attrs = Record<string, unknown>;

const unresolved = (v: unknown): boolean => typeof v === 'string' && v.includes('${');

/** true, false, or undefined when absent or not static. */
function flag(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

export interface RdsVerdict {
  noBackups: boolean;
  diesWithInstance: boolean;
}

export function judgeRds(type: string, a: Attrs): RdsVerdict | undefined {
  if (Object.values(a).some(unresolved) && [a.backup_retention_period, a.skip_final_snapshot, a.delete_automated_backups, a.deletion_protection].some(unresolved)) return undefined;
  const retention = a.backup_retention_period === undefined ? undefined : Number(a.backup_retention_period);
  const noBackups = retention === 0;
  // Provider defaults: delete_automated_backups = true (instances only), deletion_protection = false.
  const deletesAutomated = type === 'aws_rds_cluster' ? true : flag(a.delete_automated_backups) !== false;
  const diesWithInstance = deletesAutomated && flag(a.skip_final_snapshot) === true && flag(a.deletion_protection) !== true;
  return noBackups || diesWithInstance ? { noBackups, diesWithInstance } : undefined;
}

function at(file: SourceFile, type: string, name: string, attribute?: string): Location {
  const pos = (attribute ? hclPosition(file.text, 'resource', [type, name], attribute) : undefined) ?? hclPosition(file.text, 'resource', [type, name]);
  return file.at(pos?.line ?? 1, pos?.column ?? 1);
}

async function checkTerraform({ file, report, fact }: FileContext): Promise<void> {
  if (!/aws_(?:db_instance|rds_cluster)/.test(file.text)) return;
  const hcl = await file.hcl();
  const resources = (hcl.value?.resource ?? {}) as Record<string, Record<string, Attrs[] | Attrs>>;
  for (const type of ['aws_db_instance', 'aws_rds_cluster']) {
    for (const [name, body] of Object.entries(resources[type] ?? {})) {
      const attrs = (Array.isArray(body) ? body[0] : body) ?? {};
      const location = at(file, type, name);
      const storeId = `terraform:${file.path}#${type}.${name}`;
      const store: DataStoreFact = { kind: 'data-store', id: storeId, platform: 'aws', engine: String(attrs.engine ?? 'rds'), name: `${type}.${name}`, container: { type: 'database-instance', name: `RDS ${type === 'aws_rds_cluster' ? 'cluster' : 'instance'} ${name}`, platform: 'aws' }, location };
      fact(store);
      const verdict = judgeRds(type, attrs);
      const backup: BackupFact = { kind: 'backup', storeId, description: 'RDS automated backups and snapshots', container: store.container, leavesBlastRadius: false, location };
      if (!verdict) {
        fact(backup);
        continue;
      }
      const attribute = verdict.noBackups ? 'backup_retention_period' : 'skip_final_snapshot';
      const where = at(file, type, name, attribute);
      report('backup/rds-backups-deleted-with-instance', where, {
        message: verdict.noBackups
          ? `${type}.${name} sets backup_retention_period = 0: there are no automated backups, so deleting or corrupting the database leaves nothing to restore. Set a retention of 7 days or more and copy backups to another account with AWS Backup.`
          : `${type}.${name} would lose every backup in one delete call: automated backups are deleted with the ${type === 'aws_rds_cluster' ? 'cluster' : 'instance'}${type === 'aws_db_instance' ? ' (delete_automated_backups defaults to true)' : ''}, skip_final_snapshot = true leaves no final snapshot, and deletion_protection is off. Set deletion_protection = true, skip_final_snapshot = false${type === 'aws_db_instance' ? ', delete_automated_backups = false' : ''}, and copy backups to another account.`,
        key: `${type}.${name}`,
        properties: { resource: `${type}.${name}`, noBackups: verdict.noBackups },
      });
      fact({ ...backup, ruleId: 'backup/rds-backups-deleted-with-instance', location: where });
    }
  }
}

export default defineDetector({
  id: 'backups/terraform-rds',
  files: ['**/*.tf', '**/*.tf.json'],
  rules: {
    'backup/rds-backups-deleted-with-instance': {
      title: 'RDS database whose backups are deleted with it',
      severity: 'high',
      precision: 'high',
      help: [
        'An `aws_db_instance` or `aws_rds_cluster` is configured so one delete removes the database and all its backups: automated backups are deleted with the instance (`delete_automated_backups` defaults to `true`), `skip_final_snapshot = true` leaves no final snapshot, and `deletion_protection` is off. Or `backup_retention_period = 0` turns automated backups off entirely. An agent or a `terraform destroy` with the account\'s credentials then leaves nothing to restore.',
        '',
        '**Fix:** set `deletion_protection = true`, `skip_final_snapshot = false` with a `final_snapshot_identifier`, `delete_automated_backups = false`, a `backup_retention_period` of 7 or more, and copy backups to another account or region (AWS Backup `copy_action`, or `aws_db_instance_automated_backups_replication`).',
      ].join('\n'),
    },
  },
  check: checkTerraform,
});
