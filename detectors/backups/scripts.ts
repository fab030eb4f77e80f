// Scripts, Makefiles, package.json scripts, crontabs and CI `run:` blocks that dump a database
// into its own data directory (backups.md §5.2 S1a): deleting the data directory or volume
// deletes the dumps with it, and a dump inside PGDATA can even break the server's own files.

import type { BackupFact, DataStoreFact } from '../../src/engine/facts.js';
import { defineDetector } from '../../src/engine/types.js';
import { dumpCommands, insideDataDirectory } from './commands.js';

export const SCRIPT_FILES = ['**/*.sh', '**/*.bash', '**/Makefile', '**/makefile', '**/package.json', '**/crontab', '**/*.cron', '**/Dockerfile', '.github/workflows/*.yml', '.github/workflows/*.yaml', '**/Procfile', 'bin/*', 'scripts/*'];

export default defineDetector({
  id: 'backups/scripts',
  files: SCRIPT_FILES,
  rules: {
    'backup/dump-into-data-directory': {
      title: 'Database dump written into the database\'s own data directory',
      severity: 'high',
      precision: 'high',
      help: [
        'A script, cron line, npm script or CI step runs `pg_dump`, `mysqldump` or `mongodump` and writes the dump inside the database\'s data directory (`/var/lib/postgresql/data`, `$PGDATA`, `/var/lib/mysql`, `/data/db`). The dump lives on the same volume as the data: deleting the volume, the disk or the directory deletes both, which is how the incident lost its backups.',
        '',
        '**Fix:** stream the dump off the host instead, for example `pg_dump -Fc "$DATABASE_URL" | aws s3 cp - s3://backups-in-another-account/db/$(date +%F).dump`, into a bucket with versioning or object lock in a different account.',
      ].join('\n'),
    },
  },
  check({ file, report, fact }) {
    for (const cmd of dumpCommands(file.text)) {
      const dir = cmd.destination ? insideDataDirectory(cmd.destination) : undefined;
      if (!dir || cmd.offHost) continue;
      const column = (file.lines.lineText(cmd.line).search(/\S/) ?? 0) + 1;
      const location = file.at(cmd.line, column);
      report('backup/dump-into-data-directory', location, {
        message: `This dump writes to ${cmd.destination}, inside the database data directory ${dir}: the backup lives on the same volume as the data, so deleting that volume deletes both. Stream it to storage in another account instead (pg_dump … | aws s3 cp - s3://…).`,
        key: `${cmd.destination}`,
        properties: { destination: cmd.destination, dataDirectory: dir },
      });
      const storeId = `script:${file.path}:${dir}`;
      const store: DataStoreFact = { kind: 'data-store', id: storeId, platform: 'host', engine: /mysql|mariadb/.test(cmd.text) ? 'mysql' : /mongo/.test(cmd.text) ? 'mongodb' : 'postgres', name: `database in ${dir}`, container: { type: 'volume', name: `the volume holding ${dir}`, platform: 'host' }, location };
      const backup: BackupFact = { kind: 'backup', storeId, description: `dump to ${cmd.destination}`, container: store.container, leavesBlastRadius: false, ruleId: 'backup/dump-into-data-directory', location };
      fact(store);
      fact(backup);
    }
  },
});
