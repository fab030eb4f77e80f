// Helm charts of databases judged by their values, without rendering templates: what the chart
// does with a value is known from the chart itself. Two widely used charts keep every backup in
// the cluster unless their values say otherwise:
// - Crunchy Data's `postgrescluster` chart (postgres-operator-examples helm/postgres): with none of
//   `s3`, `gcs`, `azure`, `pgBackRestConfig`, or an object-store repo in `multiBackupRepos`, its
//   template falls back to one pgBackRest repository on a PVC (templates/postgres.yaml);
// - Bitnami's `postgresql` chart: `backup.enabled: true` turns on a pg_dumpall CronJob writing to a
//   PVC (`backup.cronjob.storage`), with no upload step.
// And Zalando's `postgres-operator` chart uploads its logical backups to
// `configLogicalBackup.logical_backup_s3_endpoint`, reported when that is a service of the cluster.

import type { Document } from 'yaml';
import { yamlValue } from '../../src/parsers/yaml.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import { defineDetector, type Location, type ProjectContext } from '../../src/engine/types.js';
import { IN_CLUSTER } from './kubernetes.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const set = (v: unknown): boolean => v !== undefined && v !== null && v !== '' && !(typeof v === 'object' && Object.keys(v as object).length === 0);

function chartName(ctx: ProjectContext, values: SourceFile): string | undefined {
  const dir = values.path.includes('/') ? values.path.slice(0, values.path.lastIndexOf('/') + 1) : '';
  const chart = ctx.file('repo', `${dir}Chart.yaml`);
  const doc = chart?.yaml().docs[0];
  const name = doc ? obj(yamlValue(doc)).name : undefined;
  return typeof name === 'string' ? name : undefined;
}

function check(ctx: ProjectContext): void {
  for (const values of ctx.files(['**/values.yaml', '**/values.yml'])) {
    const doc = values.yaml().docs[0] as Document.Parsed | undefined;
    if (!doc) continue;
    const v = obj(yamlValue(doc));
    // Without its Chart.yaml beside it, the postgrescluster chart's values still name themselves: `postgresVersion`.
    const name = chartName(ctx, values) ?? (v.postgresVersion !== undefined && (v.instances !== undefined || v.pgBouncerConfig !== undefined || /pgBackRest/i.test(values.text)) ? 'postgrescluster' : undefined);
    if (!name) continue;
    const at = (path: string[]): Location => values.yamlLocation(doc.contents, path);
    if (/^postgrescluster$|crunchy/i.test(name)) {
      const objectStoreRepo = Array.isArray(v.multiBackupRepos) && v.multiBackupRepos.some((r) => set(obj(r).s3) || set(obj(r).gcs) || set(obj(r).azure));
      if (set(v.s3) || set(v.gcs) || set(v.azure) || set(v.pgBackRestConfig) || objectStoreRepo) continue;
      ctx.report('backup/k8s-backups-in-cluster', v.postgresVersion !== undefined ? at(['postgresVersion']) : values.at(1), {
        message: `Helm values of Crunchy's postgrescluster chart (${values.path}) set none of s3, gcs, azure, pgBackRestConfig or an object-store repository in multiBackupRepos: the chart then keeps its one pgBackRest repository on a PVC in the cluster's namespace, so deleting the namespace or losing the cluster storage removes data and backups together. Set s3 (or gcs, azure) to a bucket in another account.`,
        key: `helm-crunchy:${values.path}`,
        properties: { platform: 'kubernetes', chart: name },
      });
    } else if (name === 'postgres-operator') {
      // Zalando's chart: its logical backup CronJobs upload to configLogicalBackup.logical_backup_s3_endpoint.
      const endpoint = obj(v.configLogicalBackup).logical_backup_s3_endpoint;
      if (typeof endpoint !== 'string' || !IN_CLUSTER.test(endpoint)) continue;
      ctx.report('backup/k8s-object-store-in-cluster', at(['configLogicalBackup', 'logical_backup_s3_endpoint']), {
        message: `Helm values of Zalando's postgres-operator chart (${values.path}) send its logical backups to ${endpoint}, an object store served from inside the cluster: losing the cluster or its namespace loses the backups too. Set logical_backup_s3_endpoint to a bucket in another account or provider.`,
        key: `helm-zalando:${values.path}`,
        properties: { platform: 'kubernetes', chart: name },
      });
    } else if (/^postgresql(-ha)?$/.test(name)) {
      const backup = obj(v.backup);
      if (backup.enabled !== true) continue;
      ctx.report('backup/k8s-backups-in-cluster', at(['backup', 'enabled']), {
        message: `Helm values of the postgresql chart (${values.path}) turn on backup.enabled: its CronJob runs pg_dumpall into a PVC of the same cluster and uploads nothing, so the dumps go with the namespace or the cluster storage. Add a job that copies each dump to object storage in another account.`,
        key: `helm-bitnami:${values.path}`,
        properties: { platform: 'kubernetes', chart: name },
      });
    }
  }
}

export default defineDetector({
  id: 'backups/helm-values',
  projectFiles: ['**/Chart.yaml', '**/values.yaml', '**/values.yml'],
  rules: {},
  checkProject: check,
});
