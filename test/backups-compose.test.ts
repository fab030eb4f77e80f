// Compose projects as the backup rules read them: `extends` (short form, another file, cycles),
// top-level `include` (loops), volumes merged by their target, and variants in a folder of overrides.

import { describe, expect, it } from 'vitest';
import { detectors } from '../detectors/index.js';
import { scan } from '../src/engine/scan.js';
import { writeTree } from './support/files.js';

const tree = (files: Record<string, string>): string => writeTree('br-compose-', files);

const backupFindings = async (root: string) => (await scan({ root, detectors })).findings.filter((f) => f.ruleId.startsWith('backup/')).map((f) => [f.ruleId, f.location.path, f.location.line]);

describe('compose projects in the backup rules', () => {
  it('follows the short form of extends within a file', async () => {
    const root = tree({
      'compose.yaml': 'services:\n  db:\n    image: postgres:17\n    volumes:\n      - pgdata:/var/lib/postgresql/data\n  dumper:\n    image: prodrigestivill/postgres-backup-local:17\n    volumes:\n      - pgdata:/backups\n  backup:\n    extends: dumper\n    environment:\n      POSTGRES_HOST: db\n',
    });
    expect(await backupFindings(root)).toEqual([['backup/compose-backup-on-data-volume', 'compose.yaml', 9]]);
  });

  it('stops at services that extend each other and files that include each other', async () => {
    const root = tree({
      'compose.yaml': 'include:\n  - other.yml\nservices:\n  a:\n    extends: { file: other.yml, service: b }\n',
      'other.yml': 'include:\n  - compose.yaml\nservices:\n  b:\n    extends: { file: compose.yaml, service: a }\n    image: postgres:17\n',
    });
    expect(await backupFindings(root)).toEqual([]);
  });

  it('lets a later mount of the same target replace the inherited one', async () => {
    const root = tree({
      'compose.yaml': 'services:\n  db:\n    image: postgres:17\n    volumes:\n      - pgdata:/var/lib/postgresql/data\n  backup:\n    extends: { file: common.yml, service: dumper }\n    volumes:\n      - /mnt/nas/backups:/backups\n    environment:\n      POSTGRES_HOST: db\n',
      'common.yml': 'services:\n  dumper:\n    image: prodrigestivill/postgres-backup-local:17\n    volumes:\n      - pgdata:/backups\n',
    });
    expect(await backupFindings(root)).toEqual([['backup/compose-backup-same-project', 'compose.yaml', 9]]);
  });

  it('judges a variant in a folder with no base over the base of the folder above', async () => {
    const root = tree({
      'compose.yaml': 'services:\n  db:\n    image: postgres:17\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata:\n',
      'overrides/compose.backup.yaml': 'services:\n  backup:\n    image: prodrigestivill/postgres-backup-local:17\n    environment:\n      POSTGRES_HOST: db\n    volumes:\n      - pgdata:/backups\n',
    });
    expect(await backupFindings(root)).toEqual([['backup/compose-backup-on-data-volume', 'overrides/compose.backup.yaml', 7]]);
  });
});
