// Kustomize overlays as the backup rules read them: a job judged as each overlay deploys it, one
// finding per line however many overlays deploy it, patch files never judged on their own, and
// strategic merge of containers, volumes and mounts by their keys.

import { describe, expect, it } from 'vitest';
import { detectors } from '../detectors/index.js';
import { mergeObject } from '../detectors/backups/kustomize.js';
import { scan } from '../src/engine/scan.js';
import { writeTree } from './support/files.js';

const tree = (files: Record<string, string>): string => writeTree('br-kustomize-', files);

const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: postgres
spec:
  template:
    spec:
      containers:
        - name: postgres
          image: postgres:16
          volumeMounts:
            - name: data
              mountPath: /var/lib/postgresql/data
  volumeClaimTemplates:
    - metadata:
        name: data
`;

const dumpJob = (command: string, claim?: string): string => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: dump
              image: postgres:16
              command: ["sh", "-c", ${JSON.stringify(command)}]
${claim ? `              volumeMounts:
                - name: target
                  mountPath: /var/lib/postgresql/data
          volumes:
            - name: target
              persistentVolumeClaim:
                claimName: ${claim}
` : ''}`;

const backupFindings = async (root: string) => (await scan({ root, detectors })).findings.filter((f) => f.ruleId.startsWith('backup/'));

describe('kustomize overlays in the backup rules', () => {
  it('reports a job two overlays deploy once, at its line, naming both namespaces', async () => {
    const root = tree({
      'base/kustomization.yaml': 'resources:\n  - db.yaml\n  - job.yaml\n',
      'base/db.yaml': STATEFULSET,
      'base/job.yaml': dumpJob('pg_dump -Fc app > /var/lib/postgresql/data/app.dump', 'data-postgres-0'),
      'overlays/dev/kustomization.yaml': 'namespace: shop-dev\nresources:\n  - ../../base\n',
      'overlays/prod/kustomization.yaml': 'namespace: shop-prod\nresources:\n  - ../../base\n',
    });
    const findings = await backupFindings(root);
    expect(findings.map((f) => [f.ruleId, f.location.path])).toEqual([['backup/k8s-dump-on-data-pvc', 'base/job.yaml']]);
    expect(findings[0]?.message).toMatch(/shop-dev\/nightly/);
    expect(findings[0]?.message).toMatch(/namespace shop-prod as well/);
  });

  it('follows a patch that sends the dump off the cluster, and never judges the patch file alone', async () => {
    const patch = dumpJob('pg_dump -Fc app > /var/lib/postgresql/data/app.dump && aws s3 cp /var/lib/postgresql/data/app.dump s3://offsite/');
    const root = tree({
      'base/kustomization.yaml': 'resources:\n  - db.yaml\n  - job.yaml\n',
      'base/db.yaml': STATEFULSET,
      'base/job.yaml': dumpJob('pg_dump -Fc app > /var/lib/postgresql/data/app.dump', 'data-postgres-0'),
      'overlays/prod/kustomization.yaml': 'namespace: shop\nresources:\n  - ../../base\npatches:\n  - path: upload.yaml\n',
      'overlays/prod/upload.yaml': patch,
    });
    expect(await backupFindings(root)).toEqual([]);
  });

  it('reads an inline patch and reports at its entry in the kustomization', async () => {
    const root = tree({
      'kustomization.yaml': `resources:\n  - db.yaml\n  - job.yaml\npatches:\n  - patch: |-\n${dumpJob('pg_dump -Fc app > /var/lib/postgresql/data/app.dump', 'data-postgres-0').replace(/^/gm, '      ')}\n`,
      'db.yaml': STATEFULSET,
      'job.yaml': dumpJob('pg_dump -Fc app | aws s3 cp - s3://offsite/app.dump'),
    });
    const findings = await backupFindings(root);
    expect(findings.map((f) => [f.ruleId, f.location.path, f.location.line])).toEqual([['backup/k8s-dump-on-data-pvc', 'kustomization.yaml', 5]]);
  });

  it('stops at kustomizations that name each other, judging their files as written', async () => {
    const root = tree({
      'a/kustomization.yaml': 'namespace: a\nresources:\n  - ../b\n  - job.yaml\n',
      'a/job.yaml': dumpJob('pg_dump -Fc app > /backups/app.dump', 'pg-backups'),
      'b/kustomization.yaml': 'namespace: b\nresources:\n  - ../a\n',
    });
    const findings = await backupFindings(root);
    expect(findings.map((f) => f.ruleId)).toEqual(['backup/k8s-backups-in-cluster']);
    expect(findings[0]?.message).toMatch(/namespace unset/);
  });

  it('merges containers and volumes by name and mounts by path, without touching the base', () => {
    const base = { spec: { containers: [{ name: 'a', image: 'x', volumeMounts: [{ mountPath: '/d', name: 'v' }] }, { name: 'b', image: 'y' }], volumes: [{ name: 'v', emptyDir: {} }] } };
    const merged = mergeObject(base, { spec: { containers: [{ name: 'a', command: ['run'], volumeMounts: [{ mountPath: '/d', name: 'w' }, { mountPath: '/e', name: 'v' }] }, { name: 'c', image: 'z' }], volumes: [{ name: 'w', persistentVolumeClaim: { claimName: 'p' } }] } });
    expect(merged).toEqual({
      spec: {
        containers: [
          { name: 'a', image: 'x', command: ['run'], volumeMounts: [{ mountPath: '/d', name: 'w' }, { mountPath: '/e', name: 'v' }] },
          { name: 'b', image: 'y' },
          { name: 'c', image: 'z' },
        ],
        volumes: [{ name: 'v', emptyDir: {} }, { name: 'w', persistentVolumeClaim: { claimName: 'p' } }],
      },
    });
    expect(base.spec.containers[0]?.volumeMounts).toEqual([{ mountPath: '/d', name: 'v' }]);
  });
});
