// Azure database servers whose backups stay with the server (geo-redundant backup off, no Azure
// Backup instance), and Azure backup vaults in Terraform whose soft delete is off (backups.md §3.6; azurerm provider docs
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

/** Azure database servers whose automated backups stay with the server unless geo-redundant backup is on (it defaults to off). */
const SERVERS = ['azurerm_postgresql_flexible_server', 'azurerm_mysql_flexible_server', 'azurerm_postgresql_server', 'azurerm_mysql_server', 'azurerm_mariadb_server'];
/** Azure Backup protecting a database server: long-term copies in a backup vault. */
const VAULTED = /azurerm_data_protection_backup_instance_(postgresql|mysql)/;

function checkTerraform({ file, report }: FileContext): void {
  const vaults = VAULTS.some((t) => file.text.includes(t));
  const servers = SERVERS.some((t) => file.text.includes(`"${t}"`));
  if (!vaults && !servers) return;
  const hcl = file.hcl();
  const all = (hcl.value?.resource ?? {}) as Record<string, Record<string, unknown>>;
  const databases = resources(file, all, DATABASES);
  if (servers && !VAULTED.test(file.text)) {
    for (const server of resources(file, all, SERVERS)) {
      const geo = server.attrs.geo_redundant_backup_enabled;
      if (unresolved(geo) || flag(geo) === true) continue;
      const label = `${server.type}.${server.name}`;
      report('backup/azure-db-backups-with-server', resourceAt(server, geo === undefined ? undefined : 'geo_redundant_backup_enabled'), {
        message: `${label} keeps its automated backups only with the server, in its own region (geo_redundant_backup_enabled is ${geo === undefined ? 'unset, so off' : 'false'}), and nothing in this file copies them to a backup vault: deleting the server or its resource group with the same credentials removes the data and its backups. Turn on geo_redundant_backup_enabled (set at creation) and add Azure Backup long-term retention in a vault of another resource group or subscription.`,
        key: label,
        properties: { resource: label },
      });
    }
  }
  if (!vaults) return;
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
    'backup/azure-db-backups-with-server': {
      title: 'Azure database server whose backups stay with the server',
      severity: 'medium',
      precision: 'medium',
      help: [
        'An Azure Database for PostgreSQL or MySQL server (flexible or single) without geo-redundant backup (`geo_redundant_backup_enabled` defaults to false) and with no Azure Backup instance for it in the same configuration: its automated backups are kept by the service with the server, in its region, so the credentials that can delete the server or its resource group remove the backups with it. Checked by checkov as well (CKV_AZURE_102 for PostgreSQL).',
        '',
        '**Fix:** set `geo_redundant_backup_enabled = true` (chosen when the server is created), and protect the server with Azure Backup long-term retention (`azurerm_data_protection_backup_instance_postgresql_flexible_server`) in a backup vault of another resource group or subscription, with soft delete on.',
      ].join('\n'),
    },
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
