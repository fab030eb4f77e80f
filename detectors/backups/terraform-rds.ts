// AWS RDS and Aurora in Terraform whose backups die with the instance (backups.md §3.3): with
// `delete_automated_backups` true (the provider default), `skip_final_snapshot = true` and no
// `deletion_protection`, one DeleteDBInstance call removes the database and every backup; with
// `backup_retention_period = 0` there are no automated backups at all. Values that are variables
// or locals are unknown, not findings (as checkov does). Calls of the registry modules
// terraform-aws-modules/rds and rds-aurora count too: their inputs have the same names. HCL is
// parsed by HashiCorp's parser.

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

/** The registry modules most RDS and Aurora Terraform goes through; their inputs carry the same names and defaults. */
const RDS_MODULES: { source: RegExp; type: string }[] = [
  { source: /^(?:registry\.terraform\.io\/)?terraform-aws-modules\/rds\/aws(?:\/\/.*)?$/, type: 'aws_db_instance' },
  { source: /^(?:registry\.terraform\.io\/)?terraform-aws-modules\/rds-aurora\/aws(?:\/\/.*)?$/, type: 'aws_rds_cluster' },
];

function at(file: SourceFile, block: string[], attribute?: string): Location {
  const [kind = 'resource', ...labels] = block;
  const pos = (attribute ? hclPosition(file.text, kind, labels, attribute) : undefined) ?? hclPosition(file.text, kind, labels);
  return file.at(pos?.line ?? 1, pos?.column ?? 1);
}

/** Every RDS instance or cluster: resources, and calls of the registry RDS modules. */
function databases(value: Record<string, unknown> | undefined): { type: string; name: string; label: string; block: string[]; attrs: Attrs }[] {
  const first = (body: unknown): Attrs => ((Array.isArray(body) ? body[0] : body) ?? {}) as Attrs;
  const resources = (value?.resource ?? {}) as Record<string, Record<string, unknown>>;
  const found = ['aws_db_instance', 'aws_rds_cluster'].flatMap((type) => Object.entries(resources[type] ?? {}).map(([name, body]) => ({ type, name, label: `${type}.${name}`, block: ['resource', type, name], attrs: first(body) })));
  for (const [name, body] of Object.entries((value?.module ?? {}) as Record<string, unknown>)) {
    const attrs = first(body);
    const known = RDS_MODULES.find((m) => typeof attrs.source === 'string' && m.source.test(attrs.source));
    // A local or wrapped RDS module (`source = "../../"` in the module's own examples, a company
    // wrapper): recognised by the RDS inputs it is given, a database engine and an instance class.
    const shaped = !known && typeof attrs.engine === 'string' && /^(aurora|postgres|mysql|mariadb|oracle|sqlserver|custom-)/.test(attrs.engine) && (attrs.instance_class !== undefined || attrs.allocated_storage !== undefined);
    if (known || shaped) found.push({ type: known?.type ?? (String(attrs.engine).startsWith('aurora') ? 'aws_rds_cluster' : 'aws_db_instance'), name, label: `module.${name}`, block: ['module', name], attrs });
  }
  return found;
}

function checkTerraform({ file, report, fact }: FileContext): void {
  if (!/aws_(?:db_instance|rds_cluster)|terraform-aws-modules\/rds|\binstance_class\b/.test(file.text)) return;
  const hcl = file.hcl();
  for (const { type, name, label, block, attrs } of databases(hcl.value)) {
    const location = at(file, block);
    const storeId = `terraform:${file.path}#${label}`;
    const store: DataStoreFact = { kind: 'data-store', id: storeId, platform: 'aws', engine: String(attrs.engine ?? 'rds'), name: label, container: { type: 'database-instance', name: `RDS ${type === 'aws_rds_cluster' ? 'cluster' : 'instance'} ${name}`, platform: 'aws' }, location };
    fact(store);
    const verdict = judgeRds(type, attrs);
    const backup: BackupFact = { kind: 'backup', storeId, description: 'RDS automated backups and snapshots', container: store.container, leavesBlastRadius: false, location };
    if (!verdict) {
      fact(backup);
      continue;
    }
    const attribute = verdict.noBackups ? 'backup_retention_period' : 'skip_final_snapshot';
    const where = at(file, block, attribute);
    report('backup/rds-backups-deleted-with-instance', where, {
      message: verdict.noBackups
        ? `${label} sets backup_retention_period = 0: there are no automated backups, so deleting or corrupting the database leaves nothing to restore. Set a retention of 7 days or more and copy backups to another account with AWS Backup.`
        : `${label} would lose every backup in one delete call: automated backups are deleted with the ${type === 'aws_rds_cluster' ? 'cluster' : 'instance'}${type === 'aws_db_instance' ? ' (delete_automated_backups defaults to true)' : ''}, skip_final_snapshot = true leaves no final snapshot, and deletion_protection is off. Set deletion_protection = true, skip_final_snapshot = false${type === 'aws_db_instance' ? ', delete_automated_backups = false' : ''}, and copy backups to another account.`,
      key: label,
      properties: { resource: label, noBackups: verdict.noBackups },
    });
    fact({ ...backup, ruleId: 'backup/rds-backups-deleted-with-instance', location: where });
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
