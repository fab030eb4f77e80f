// AWS backups in Terraform that stay inside the account and region of the data they protect, and
// can be deleted there (backups.md §3.4): AWS Backup plan rules with no `copy_action` to another
// account or region, backup vaults with no vault lock, S3 buckets that hold backups but can be
// emptied (`force_destroy`, no versioning, no object lock), and DLM snapshot policies with no
// cross-region copy. One account-wide credential, or a compromised account, deletes data and
// backups together. A module is a directory: a vault and its lock may sit in different files.
// Values that are variables or locals are unknown, never findings.

import type { BackupFact, Container, DataStoreFact } from '../../src/engine/facts.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import { defineDetector, type ProjectContext } from '../../src/engine/types.js';
import { block, blocks, flag, nestedBlockAt, referenced, resourceAt, resourceId, terraformModules, TERRAFORM_FILES, unresolved, type Attrs, type TfResource } from './terraform.js';

const BACKUP_NAME = /backup|dump|snapshot/i;

/** Resources AWS Backup can protect whose facts this detector states (RDS facts come from terraform-rds.ts). */
const PROTECTED: Record<string, { engine: string; container: Container['type'] }> = {
  aws_dynamodb_table: { engine: 'dynamodb', container: 'database-instance' },
  aws_docdb_cluster: { engine: 'documentdb', container: 'database-instance' },
  aws_neptune_cluster: { engine: 'neptune', container: 'database-instance' },
  aws_efs_file_system: { engine: 'efs', container: 'volume' },
  aws_ebs_volume: { engine: 'ebs', container: 'volume' },
  aws_fsx_lustre_file_system: { engine: 'fsx', container: 'volume' },
};
const RDS = new Set(['aws_db_instance', 'aws_rds_cluster']);
/** Parsing HCL costs milliseconds a file: only files naming a resource this detector reads are kept and parsed. */
const namesRelevantResource = (file: SourceFile): boolean => /\baws_(?:backup_|s3_bucket|dlm_|db_instance|rds_cluster)/.test(file.text);

const byName = (resources: TfResource[], type: string, name: string | undefined): TfResource | undefined => resources.find((r) => r.type === type && r.name === name);
const ofType = (resources: TfResource[], type: string): TfResource[] => resources.filter((r) => r.type === type);
const staticText = (v: unknown): string => (typeof v === 'string' ? v.replace(/\$\{[^}]*\}/g, '') : '');

/** Whether a vault has a vault lock in the module: true, false, or undefined when a lock names a vault we cannot resolve. */
export function vaultLocked(vault: TfResource, resources: TfResource[]): boolean | undefined {
  let unknown = false;
  for (const lock of ofType(resources, 'aws_backup_vault_lock_configuration')) {
    const name = lock.attrs.backup_vault_name;
    const target = referenced(name, 'aws_backup_vault');
    if (target === vault.name) return true;
    if (target === undefined && unresolved(name)) unknown = true;
    if (typeof name === 'string' && !unresolved(name) && name === vault.attrs.name) return true;
  }
  return unknown ? undefined : false;
}

export interface PlanRuleVerdict {
  index: number;
  rule: Attrs;
  /** `none`: no copy_action; `same`: every copy goes to a vault of the same provider (account and region). */
  copy: 'none' | 'same' | 'elsewhere';
}

export function judgePlanRules(plan: TfResource, resources: TfResource[]): PlanRuleVerdict[] {
  return blocks(plan.attrs.rule).map((rule, index) => {
    const copies = blocks(rule.copy_action);
    if (copies.length === 0) return { index, rule, copy: 'none' };
    const source = byName(resources, 'aws_backup_vault', referenced(rule.target_vault_name, 'aws_backup_vault'));
    const stays = copies.every((c) => {
      const dest = byName(resources, 'aws_backup_vault', referenced(c.destination_vault_arn, 'aws_backup_vault'));
      return source !== undefined && dest !== undefined && dest.attrs.provider === source.attrs.provider;
    });
    return { index, rule, copy: stays ? 'same' : 'elsewhere' };
  });
}

export interface BucketVerdict {
  forceDestroy: boolean;
  versioned: boolean;
  locked: boolean;
  replicated: boolean;
  /** Versioning or lock set through a value we cannot resolve. */
  unknown: boolean;
}

export function isBackupBucket(bucket: TfResource): boolean {
  const tags = { ...(bucket.attrs.tags as Attrs | undefined), ...(bucket.attrs.tags_all as Attrs | undefined) };
  const tagText = Object.entries(tags).map(([k, v]) => `${k}=${staticText(v)}`).join(' ');
  return [bucket.name, staticText(bucket.attrs.bucket), staticText(bucket.attrs.bucket_prefix), tagText].some((s) => BACKUP_NAME.test(s));
}

export function judgeBucket(bucket: TfResource, resources: TfResource[]): BucketVerdict {
  let unknown = false;
  const related = (type: string): Attrs[] =>
    ofType(resources, type)
      .map((r) => r.attrs)
      .filter((a) => {
        const target = referenced(a.bucket, 'aws_s3_bucket');
        if (target === undefined && unresolved(a.bucket)) unknown = true;
        return target === bucket.name || (typeof a.bucket === 'string' && !unresolved(a.bucket) && a.bucket === bucket.attrs.bucket);
      });
  const statuses = related('aws_s3_bucket_versioning').map((v) => block(v, ['versioning_configuration'])?.status);
  if (statuses.some(unresolved)) unknown = true;
  const inlineVersioning = flag(block(bucket.attrs, ['versioning'])?.enabled);
  const versioned = statuses.includes('Enabled') || inlineVersioning === true;
  const objectLock = bucket.attrs.object_lock_enabled;
  if (unresolved(objectLock) || unresolved(bucket.attrs.force_destroy)) unknown = true;
  const locked = flag(objectLock) === true || block(bucket.attrs, ['object_lock_configuration'])?.object_lock_enabled === 'Enabled' || related('aws_s3_bucket_object_lock_configuration').length > 0;
  const replicated = related('aws_s3_bucket_replication_configuration').length > 0;
  return { forceDestroy: flag(bucket.attrs.force_destroy) === true, versioned, locked, replicated, unknown };
}

/** For a DLM policy none of whose schedules copies snapshots to another region or shares them with another account: the schedule to point at. */
export function dlmStaysLocal(policy: TfResource): number | undefined {
  const details = block(policy.attrs, ['policy_details']);
  if (!details || policy.attrs.state === 'DISABLED') return undefined;
  const type = details.policy_type;
  if (type !== undefined && type !== 'EBS_SNAPSHOT_MANAGEMENT' && type !== 'IMAGE_MANAGEMENT') return undefined;
  const schedules = blocks(details.schedule);
  const copies = (s: Attrs): boolean => blocks(s.cross_region_copy_rule).length > 0 || blocks(s.share_rule).length > 0;
  return schedules.length > 0 && !schedules.some(copies) ? 0 : undefined;
}

/** The resources each backup plan protects, through `aws_backup_selection.resources`. */
function protectedBy(plan: TfResource, resources: TfResource[]): TfResource[] {
  const out: TfResource[] = [];
  for (const selection of ofType(resources, 'aws_backup_selection')) {
    if (referenced(selection.attrs.plan_id, 'aws_backup_plan') !== plan.name) continue;
    const arns = Array.isArray(selection.attrs.resources) ? selection.attrs.resources : [];
    for (const arn of arns) {
      const m = typeof arn === 'string' ? /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.arn\}$/.exec(arn) : null;
      const target = m ? byName(resources, m[1] ?? '', m[2]) : undefined;
      if (target && (RDS.has(target.type) || PROTECTED[target.type])) out.push(target);
    }
  }
  return out;
}

function checkPlans(ctx: ProjectContext, resources: TfResource[]): void {
  for (const plan of ofType(resources, 'aws_backup_plan')) {
    const stores = protectedBy(plan, resources);
    for (const store of stores) {
      const kind = PROTECTED[store.type];
      if (!kind) continue;
      const fact: DataStoreFact = { kind: 'data-store', id: resourceId(store), platform: 'aws', engine: kind.engine, name: `${store.type}.${store.name}`, container: { type: kind.container, name: `${store.type}.${store.name}`, platform: 'aws' }, location: resourceAt(store) };
      ctx.fact(fact);
    }
    for (const verdict of judgePlanRules(plan, resources)) {
      const location = nestedBlockAt(plan, 'rule', verdict.index);
      const ruleName = typeof verdict.rule.rule_name === 'string' && !unresolved(verdict.rule.rule_name) ? verdict.rule.rule_name : `#${verdict.index + 1}`;
      const vaultRef = referenced(verdict.rule.target_vault_name, 'aws_backup_vault');
      const vault = byName(resources, 'aws_backup_vault', vaultRef);
      const vaultName = vault ? `aws_backup_vault.${vault.name}` : staticText(verdict.rule.target_vault_name) || 'its vault';
      const locked = vault ? vaultLocked(vault, resources) === true : false;
      const flagged = verdict.copy !== 'elsewhere';
      if (flagged) {
        ctx.report('backup/aws-backup-no-copy', location, {
          message: verdict.copy === 'none'
            ? `aws_backup_plan.${plan.name} rule "${ruleName}" keeps its only recovery points in ${vaultName}, in the same account and region as the data: no copy_action sends them elsewhere. Add a copy_action to a vault in a separate backup account or another region.`
            : `aws_backup_plan.${plan.name} rule "${ruleName}" copies recovery points to a vault declared with the same provider as ${vaultName}, so the copy stays in the same account and region. Point copy_action at a vault in a separate backup account or another region.`,
          key: `aws_backup_plan.${plan.name}#${ruleName}`,
          properties: { resource: `aws_backup_plan.${plan.name}`, rule: ruleName, copy: verdict.copy },
        });
      }
      for (const store of stores) {
        const local: BackupFact = { kind: 'backup', storeId: resourceId(store), description: `AWS Backup plan ${plan.name} rule "${ruleName}" into ${vaultName}${locked ? ' (vault lock)' : ''}`, container: { type: 'region', name: `${vaultName} in the same account and region`, platform: 'aws' }, leavesBlastRadius: locked, location, ...(flagged ? { ruleId: 'backup/aws-backup-no-copy' } : {}) };
        ctx.fact(local);
        if (!flagged) ctx.fact({ kind: 'backup', storeId: resourceId(store), description: `AWS Backup copy_action of plan ${plan.name} rule "${ruleName}"`, container: { type: 'account', name: 'a vault in another account or region', platform: 'aws' }, leavesBlastRadius: true, location });
      }
    }
  }
}

function checkVaults(ctx: ProjectContext, resources: TfResource[]): void {
  for (const vault of ofType(resources, 'aws_backup_vault')) {
    const locked = vaultLocked(vault, resources);
    if (locked !== false || unresolved(vault.attrs.force_destroy)) continue;
    const forceDestroy = flag(vault.attrs.force_destroy) === true;
    ctx.report('backup/aws-backup-vault-unlocked', resourceAt(vault, forceDestroy ? 'force_destroy' : undefined), {
      message: forceDestroy
        ? `aws_backup_vault.${vault.name} sets force_destroy = true and has no vault lock: terraform destroy deletes every recovery point in it along with the vault. Remove force_destroy and add an aws_backup_vault_lock_configuration (compliance mode: changeable_for_days).`
        : `aws_backup_vault.${vault.name} has no aws_backup_vault_lock_configuration: anyone with backup:DeleteRecoveryPoint in this account can delete its recovery points. Add a vault lock in compliance mode (min_retention_days, changeable_for_days).`,
      severity: forceDestroy ? 'high' : undefined,
      key: `aws_backup_vault.${vault.name}`,
      properties: { resource: `aws_backup_vault.${vault.name}`, forceDestroy },
    });
  }
}

function checkBuckets(ctx: ProjectContext, resources: TfResource[]): void {
  for (const bucket of ofType(resources, 'aws_s3_bucket').filter(isBackupBucket)) {
    const v = judgeBucket(bucket, resources);
    const location = resourceAt(bucket);
    const storeId = resourceId(bucket);
    const label = typeof bucket.attrs.bucket === 'string' && !unresolved(bucket.attrs.bucket) ? `s3://${bucket.attrs.bucket}` : `aws_s3_bucket.${bucket.name}`;
    const container: Container = { type: 'bucket', name: label, platform: 'aws' };
    ctx.fact({ kind: 'data-store', id: storeId, platform: 'aws', engine: 's3', name: `backup bucket ${label}`, container, location });
    const risky = v.forceDestroy || (!v.versioned && !v.locked && !v.unknown);
    const backup: BackupFact = { kind: 'backup', storeId, description: v.locked ? `Object Lock in ${label}` : v.versioned ? `object versions in ${label}` : `objects in ${label}`, container, leavesBlastRadius: false, location };
    if (v.replicated) ctx.fact({ kind: 'backup', storeId, description: `S3 replication of ${label}`, container: { type: 'bucket', name: 'a replica bucket', platform: 'aws' }, leavesBlastRadius: true, location: resourceAt(bucket) });
    if (!risky) {
      ctx.fact(backup);
      continue;
    }
    const where = resourceAt(bucket, v.forceDestroy ? 'force_destroy' : undefined);
    ctx.fact({ ...backup, ruleId: 'backup/s3-backup-bucket-deletable', location: where });
    ctx.report('backup/s3-backup-bucket-deletable', where, {
      message: v.forceDestroy
        ? `${label} holds backups and sets force_destroy = true: terraform destroy of this configuration empties and deletes it along with everything else in the same state${v.locked || v.versioned ? '' : ', and without versioning or Object Lock a single delete also loses every object'}. Remove force_destroy, add lifecycle { prevent_destroy = true }, and enable versioning with Object Lock.`
        : `${label} holds backups but has neither versioning (aws_s3_bucket_versioning with status = "Enabled") nor Object Lock: one delete or overwrite loses a backup for good. Enable versioning and Object Lock, and replicate to a bucket in another account.`,
      severity: v.forceDestroy ? 'high' : undefined,
      key: `aws_s3_bucket.${bucket.name}`,
      properties: { resource: `aws_s3_bucket.${bucket.name}`, ...v },
    });
  }
}

function checkDlm(ctx: ProjectContext, resources: TfResource[]): void {
  for (const policy of ofType(resources, 'aws_dlm_lifecycle_policy')) {
    const storeId = resourceId(policy);
    const location = resourceAt(policy);
    const container: Container = { type: 'region', name: 'the same AWS account and region', platform: 'aws' };
    ctx.fact({ kind: 'data-store', id: storeId, platform: 'aws', engine: 'ebs', name: `EBS volumes targeted by aws_dlm_lifecycle_policy.${policy.name}`, container, location });
    const local = dlmStaysLocal(policy);
    const snapshots: BackupFact = { kind: 'backup', storeId, description: `EBS snapshots of aws_dlm_lifecycle_policy.${policy.name}`, container, leavesBlastRadius: false, location };
    if (local === undefined) {
      ctx.fact(snapshots);
      ctx.fact({ ...snapshots, description: `cross-region or cross-account snapshot copies of aws_dlm_lifecycle_policy.${policy.name}`, container: { type: 'account', name: 'another region or account', platform: 'aws' }, leavesBlastRadius: true });
      continue;
    }
    const where = nestedBlockAt(policy, 'schedule', local);
    ctx.fact({ ...snapshots, ruleId: 'backup/dlm-no-cross-region-copy', location: where });
    ctx.report('backup/dlm-no-cross-region-copy', where, {
      message: `aws_dlm_lifecycle_policy.${policy.name} keeps every EBS snapshot in the same account and region as the volumes: no schedule has a cross_region_copy_rule or share_rule. Add a cross_region_copy_rule (or share to a backup account) so a regional outage or an account-wide delete leaves a copy.`,
      key: `aws_dlm_lifecycle_policy.${policy.name}`,
      properties: { resource: `aws_dlm_lifecycle_policy.${policy.name}` },
    });
  }
}

export default defineDetector({
  id: 'backups/terraform-aws-backup',
  projectFiles: TERRAFORM_FILES,
  keeps: namesRelevantResource,
  rules: {
    'backup/aws-backup-no-copy': {
      title: 'AWS Backup plan rule that keeps recovery points only in the same account and region',
      severity: 'medium',
      precision: 'medium',
      help: [
        'An `aws_backup_plan` rule has no `copy_action`, or copies only to a vault declared with the same provider (so the same account and region). Every recovery point then lives where the data lives: a credential with account-wide rights, a compromised account or a regional outage takes the data and its backups together. The AWS Config rule `rds-resources-protected-by-backup-plan` checks the same isolation through `crossRegionList` and `crossAccountList`.',
        '',
        '**Fix:** add `copy_action { destination_vault_arn = … }` to a vault in a separate backup account (ideally with a vault lock) or at least another region, with its own `lifecycle` retention.',
      ].join('\n'),
    },
    'backup/aws-backup-vault-unlocked': {
      title: 'AWS Backup vault without a vault lock',
      severity: 'medium',
      precision: 'medium',
      help: [
        'An `aws_backup_vault` has no `aws_backup_vault_lock_configuration`, so anyone with `backup:DeleteRecoveryPoint` in the account (an agent with an admin credential, an attacker) can delete its recovery points, and `force_destroy = true` lets `terraform destroy` delete every recovery point with the vault. Severity is high when `force_destroy` is set.',
        '',
        '**Fix:** add an `aws_backup_vault_lock_configuration` with `min_retention_days` and `changeable_for_days` (compliance mode, which nobody can remove once the grace period ends), remove `force_destroy`, and copy recovery points to a vault in another account.',
      ].join('\n'),
    },
    'backup/dlm-no-cross-region-copy': {
      title: 'DLM snapshot policy with no cross-region or cross-account copy',
      severity: 'low',
      precision: 'medium',
      help: [
        'An `aws_dlm_lifecycle_policy` takes EBS snapshots, but none of its schedules has a `cross_region_copy_rule` or `share_rule`: every snapshot stays in the account and region of the volumes, mutable by the same credentials that can delete the volumes.',
        '',
        '**Fix:** add `cross_region_copy_rule { target = "<other region>" … }` to the schedule, or share snapshots with a separate backup account (`share_rule`) and copy them there.',
      ].join('\n'),
    },
    'backup/s3-backup-bucket-deletable': {
      title: 'S3 bucket holding backups that one delete can empty',
      severity: 'medium',
      precision: 'medium',
      help: [
        'An `aws_s3_bucket` whose name, prefix or tags say it holds backups (`backup`, `dump`, `snapshot`) has neither versioning (`aws_s3_bucket_versioning` with `status = "Enabled"`) nor Object Lock, or sets `force_destroy = true`. Without versioning or a lock, one delete or overwrite loses a backup for good; with `force_destroy`, one `terraform destroy` of the same state empties the bucket along with the database it protects. Severity is high with `force_destroy`.',
        '',
        '**Fix:** remove `force_destroy`, add `lifecycle { prevent_destroy = true }`, enable versioning and Object Lock (`object_lock_enabled = true` with an `aws_s3_bucket_object_lock_configuration`), and replicate to a bucket in another account.',
      ].join('\n'),
    },
  },
  async checkProject(ctx) {
    const relevant = ctx.files(TERRAFORM_FILES).filter(namesRelevantResource);
    for (const resources of terraformModules(relevant).values()) {
      checkPlans(ctx, resources);
      checkVaults(ctx, resources);
      checkBuckets(ctx, resources);
      checkDlm(ctx, resources);
    }
  },
});
