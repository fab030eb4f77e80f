// Shell-level facts about backups, shared by the backup detectors: which commands dump a
// database, where the dump lands, and whether the same pipeline copies it off the host or
// platform (backups.md §5.2: S1a and the off-host verbs).

import { logicalLines } from '../../src/parsers/shell.js';

export const DUMP_VERB = /\b(?:pg_dump|pg_dumpall|pg_basebackup|mysqldump|mariadb-dump|mongodump|redis-cli\s+(?:--rdb|bgsave)|sqlite3\b[^\n|;&]*\s\.(?:dump|backup))\b/;

/** Commands that move data off the host: object stores, remote repositories, other machines. */
export const OFF_HOST = /\baws\s+s3\s+(?:cp|sync|mv)\b|\bgsutil\s+(?:-m\s+)?(?:cp|rsync)\b|\bgcloud\s+storage\s+cp\b|\baz\s+storage\s+blob\s+upload|\bazcopy\b|\brclone\s+(?:copy|sync|move|rcat|copyto)\b|\brestic\b[^|;&]*(?:-r|--repo)[= ]+(?:s3|b2|azure|gs|sftp|rest|swift|rclone):|\bborg\b[^|;&]*ssh:\/\/|\bscp\s|\brsync\b[^|;&]*\S+@\S+:|\bs3cmd\s+put\b|\bmc\s+(?:cp|mirror)\b|\bb2\s+upload|\bcurl\b[^|;&]*(?:--upload-file|-T)\b/;

/** Data directories of the common database images. */
export const DATA_DIRECTORIES = ['/var/lib/postgresql/data', '/var/lib/postgresql', '$PGDATA', '${PGDATA}', '/var/lib/mysql', '/data/db', '/bitnami/postgresql', '/bitnami/mysql', '/bitnami/mongodb', '/var/lib/mongodb'];

/** Where a dump command writes: the target of `>`, `-f`/`--file`, `--out`/`-o`, `--result-file`. */
export function dumpDestination(command: string): string | undefined {
  const m = /(?:>\s*|(?:^|\s)(?:-f|--file|-o|--out|--result-file|--output)(?:=|\s+))["']?([^\s"'|;&]+)/.exec(command);
  return m?.[1];
}

/** The data directory a path lies inside, if any. */
export function insideDataDirectory(path: string): string | undefined {
  return DATA_DIRECTORIES.find((d) => path === d || path.startsWith(`${d}/`));
}

export interface DumpCommand {
  text: string;
  destination?: string;
  offHost: boolean;
}

/** Each line of a script that dumps a database, with where it writes and whether it leaves the host. */
export function dumpCommands(text: string): (DumpCommand & { line: number })[] {
  return logicalLines(text)
    .filter((l) => DUMP_VERB.test(l.text))
    .map(({ text: command, line }) => {
      const destination = dumpDestination(command.slice(command.search(DUMP_VERB)));
      return { text: command, line, ...(destination ? { destination } : {}), offHost: OFF_HOST.test(command) };
    });
}

/** Whether a text copies database dumps off the host anywhere (a dump piped off-host, or an upload of a dump directory). */
export function hasOffHostBackup(text: string): boolean {
  if (!DUMP_VERB.test(text) || !OFF_HOST.test(text)) return false;
  return dumpCommands(text).some((c) => c.offHost) || /\b(?:backup|dump)s?\b/i.test(text.split(/\r?\n/).find((l) => OFF_HOST.test(l)) ?? '');
}
