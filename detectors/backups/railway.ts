// Railway databases whose only backups are Railway's own volume backups. Railway documents that
// "wiping a volume deletes all backups" and that restores only work into the same project
// (railwayapp/docs volumes/backups.md, backups.md §4.1 R1): the incident's exact loss. A Railway
// database is recognised by a database URL on a Railway host (`*.railway.internal`,
// `*.proxy.rlwy.net`) or a database in `.railway/railway.ts`; an off-platform dump job anywhere in
// the repository (a CI workflow, a cron service, a script piping a dump to another provider)
// clears the finding.

import type { BackupFact, DataStoreFact } from '../../src/engine/facts.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import { defineDetector } from '../../src/engine/types.js';
import { hasOffHostBackup } from './commands.js';
import { SCRIPT_FILES } from './scripts.js';

const RAILWAY_DB_URL = /\b(postgres(?:ql)?|mysql|mongodb|redis):\/\/[^\s"'@]*@([a-z0-9-]+)\.(?:railway\.internal|proxy\.rlwy\.net)\b/g;
const RAILWAY_TS_DB = /\b(postgres|mysql|mongo|redis)\(\s*["']([^"']+)["']/g;
const ENV_FILES = ['**/.env', '**/.env.*', '**/*.env'];
const RAILWAY_FILES = ['railway.json', 'railway.toml', '**/railway.json', '**/railway.toml', '.railway/**'];

interface RailwayDatabase {
  engine: string;
  service: string;
  file: SourceFile;
  offset: number;
  length: number;
}

/** `service("name", { … })` in `.railway/railway.ts`; its body runs to the next service or at most 4 kB. */
const RAILWAY_TS_SERVICE = /\bservice\(\s*["']([^"']{1,100})["']/g;
const DATABASE_IMAGE = /\b(postgres(?:ql)?|postgis|timescaledb|pgvector|mysql|mariadb|mongo(?:db)?|redis|valkey)(?::|\b)/i;

function databases(files: SourceFile[]): RailwayDatabase[] {
  const found = new Map<string, RailwayDatabase>();
  for (const file of files) {
    const re = file.path.endsWith('railway.ts') ? RAILWAY_TS_DB : RAILWAY_DB_URL;
    for (const m of file.text.matchAll(re)) {
      const engine = (m[1] ?? 'postgres').replace(/^postgresql$/, 'postgres').replace(/^mongo$/, 'mongodb');
      const service = m[2] ?? engine;
      if (!found.has(service)) found.set(service, { engine, service, file, offset: m.index, length: m[0].length });
    }
    // Services that keep data on a Railway volume: a database image, or any service with volume mounts.
    if (!file.path.endsWith('railway.ts')) continue;
    const starts = [...file.text.matchAll(RAILWAY_TS_SERVICE)];
    starts.forEach((m, i) => {
      const body = file.text.slice(m.index, Math.min(starts[i + 1]?.index ?? file.text.length, m.index + 4096));
      if (!/\bvolumeMounts\s*:/.test(body)) return;
      const image = /\bimage\s*[:(]\s*\(?\s*["']([^"']{1,200})["']/.exec(body)?.[1] ?? '';
      const engine = DATABASE_IMAGE.exec(image)?.[1]?.toLowerCase().replace(/^postgresql$|^postgis$|^timescaledb$|^pgvector$/, 'postgres').replace(/^mongo$/, 'mongodb') ?? 'volume data';
      const service = m[1] as string;
      if (!found.has(service)) found.set(service, { engine, service, file, offset: m.index, length: m[0].length });
    });
  }
  return [...found.values()];
}

export default defineDetector({
  id: 'backups/railway',
  projectFiles: [...ENV_FILES, ...RAILWAY_FILES, ...SCRIPT_FILES],
  rules: {
    'backup/railway-volume-backups-only': {
      title: 'Railway database whose only backups are deleted with its volume',
      severity: 'high',
      precision: 'medium',
      help: [
        'The repository uses a Railway-hosted database, and nothing in it copies the data off Railway. Railway\'s volume backups belong to the volume: its documentation says "wiping a volume deletes all backups", and restores only work into the same project. One `volumeDelete` call with a broad token removes the data and every backup; point-in-time recovery buckets live in the same project.',
        '',
        '**Fix:** add an off-platform backup job: a Railway cron service or a CI workflow that runs `pg_dump -Fc "$DATABASE_URL" | aws s3 cp - s3://…` into a versioned or object-locked bucket in another provider or account, with credentials that can write but not delete.',
      ].join('\n'),
    },
  },
  checkProject({ files, report, fact }) {
    const dbs = databases(files([...ENV_FILES, '.railway/**']));
    if (dbs.length === 0) return;
    const offsite = files([...SCRIPT_FILES, ...RAILWAY_FILES]).find((f) => hasOffHostBackup(f.text));
    for (const db of dbs) {
      const location = db.file.atOffset(db.offset, db.length);
      const storeId = `railway:${db.service}`;
      const container = { type: 'volume' as const, name: `the Railway volume of ${db.service}`, platform: 'railway' };
      const what = db.engine === 'volume data' ? `service "${db.service}", which keeps its data on a Railway volume,` : `${db.engine} "${db.service}"`;
      const store: DataStoreFact = { kind: 'data-store', id: storeId, platform: 'railway', engine: db.engine, name: `Railway ${db.engine === 'volume data' ? 'volume of' : db.engine} "${db.service}"`, container, location };
      fact(store);
      const platformBackups: BackupFact = { kind: 'backup', storeId, description: 'Railway volume backups', container, leavesBlastRadius: false, location };
      if (offsite) {
        fact(platformBackups);
        const at = offsite.at(1);
        fact({ kind: 'backup', storeId, description: `off-platform dump job in ${offsite.path}`, container: { type: 'off-site', name: 'storage outside Railway', platform: 'other' }, leavesBlastRadius: true, location: at });
        continue;
      }
      fact({ ...platformBackups, ruleId: 'backup/railway-volume-backups-only' });
      report('backup/railway-volume-backups-only', location, {
        message: `Railway ${what} has no backup outside Railway in this repository: its volume backups live in the Railway volume and are deleted with it. Add a cron or CI job that copies it to storage in another account (pg_dump … | aws s3 cp - s3://…).`,
        key: storeId,
        properties: { platform: 'railway', service: db.service },
      });
    }
  },
});
