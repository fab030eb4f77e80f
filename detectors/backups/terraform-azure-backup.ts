// Azure backup vaults in Terraform whose soft delete is off (backups.md §3.6; azurerm provider docs
// for `azurerm_recovery_services_vault` and `azurerm_data_protection_backup_vault`). Soft delete
// keeps deleted backup data for 14 to 180 days; with it off, deleting the backup items or the
// vault removes every recovery point at once. The defaults keep it on: `soft_delete_enabled`
// defaults to true, `soft_delete` to "On" ("AlwaysOn" also locks it on). When a database of the
// same file sits in the same resource group, one `az group delete` reaches both, and the message
// says so. Values that are variables or locals are unknown, not findings.

import type { SourceFile } from '../../src/engine/source-file.js';
import { defineDetector, type FileContext } from '../../src/engine/types.js';
import { blocks, flag, resourceAt, TERRAFORM_FILES, unresolved, type TfResource } from './terraform.js';

const VAULTS = ['azurerm_recovery_services_vault', 'azurerm_data_protection_backup_vault'];
const DATABASES = [
  'azurerm_postgresql_flexible_server', 'azurerm_postgresql_server', 'azurerm_mysql_flexible_server', 'azurerm_mssql_server',
  'azurerm_cosmosdb_account', 'azurerm_linux_virtual_machine', 'azurerm_windows_virtual_machine', 'azurerm_managed_disk', 'azurerm_storage_account',
];

/** Whether the vault's soft delete is off: true, false, or undefined when a variable decides. */
function softDeleteOff(vault: TfResource): boolean | undefined {
  const value = vault.type === 'azurerm_recovery_services_vault' ? vault.attrs.soft_delete_enabled : vault.attrs.soft_delete;
  if (value === undefined) return false;
  if (unresolved(value)) return undefined;
  return vault.type === 'azurerm_recovery_services_vault' ? flag(value) === false : typeof value === 'string' && value.toLowerCase() === 'off';
}

function resources(file: SourceFile, all: Record<string, Record<string, unknown>>, types: readonly string[]): TfResource[] {
  return types.flatMap((type) => Object.entries(all[type] ?? {}).map(([name, body]) => ({ type, name, attrs: blocks(body)[0] ?? {}, file })));
}

async function checkTerraform({ file, report }: FileContext): Promise<void> {
  if (!VAULTS.some((t) => file.text.includes(t))) return;
  const hcl = await file.hcl();
  const all = (hcl.value?.resource ?? {}) as Record<string, Record<string, unknown>>;
  const databases = resources(file, all, DATABASES);
  for (const vault of resources(file, all, VAULTS)) {
    if (softDeleteOff(vault) !== true) continue;
    const label = `${vault.type}.${vault.name}`;
    const group = vault.attrs.resource_group_name;
    const neighbours = typeof group === 'string' ? databases.filter((d) => d.attrs.resource_group_name === group).map((d) => `${d.type}.${d.name}`) : [];
    const key = vault.type === 'azurerm_recovery_services_vault' ? 'soft_delete_enabled' : 'soft_delete';
    report('backup/azure-vault-soft-delete-off', resourceAt(vault, key), {
      message: `${label} has soft delete off (${key} = ${vault.type === 'azurerm_recovery_services_vault' ? 'false' : '"Off"'}): deleting its backup items or the vault removes every recovery point at once, with no grace period to undo it.${neighbours.length > 0 ? ` It shares its resource group with ${neighbours.join(', ')}, so one resource group delete reaches the data and its backups together.` : ''} ${vault.type === 'azurerm_recovery_services_vault' ? 'Set soft_delete_enabled = true' : 'Set soft_delete = "AlwaysOn", which cannot be turned off again'}, set immutability = "Locked", and keep the vault in another resource group or subscription.`,
      key: label,
      properties: { resource: label, sameResourceGroupAs: neighbours },
    });
  }
}

export default defineDetector({
  id: 'backups/terraform-azure-backup',
  files: TERRAFORM_FILES,
  rules: {
    'backup/azure-vault-soft-delete-off': {
      title: 'Azure backup vault with soft delete turned off',
      severity: 'high',
      precision: 'high',
      help: [
        'An `azurerm_recovery_services_vault` with `soft_delete_enabled = false`, or an `azurerm_data_protection_backup_vault` with `soft_delete = "Off"`: deleted backup data is not kept for the 14 to 180 day soft-delete period, so whoever can delete the backup items or the vault (an agent with a broad Azure credential, a `terraform destroy`) removes every recovery point at once. Kept in the same resource group as the database, one resource group delete reaches both. Checked by KICS ("Backup Vault Without Soft Delete") as well.',
        '',
        '**Fix:** remove the setting or set `soft_delete = "AlwaysOn"` (which cannot be turned off again), set `immutability = "Locked"`, and keep the vault in a resource group or subscription the application\'s credentials cannot delete.',
      ].join('\n'),
    },
  },
  check: checkTerraform,
});
