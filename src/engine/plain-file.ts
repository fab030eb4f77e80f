// Files the scan takes instructions from (`.blast-radius.yml`, a baseline) are read only when they
// are plain files of a sane size: a repository can make `.blast-radius.yml` a symlink to /dev/zero
// (which would grow the process without end) or to a file outside it (whose text a parse error
// would echo). Errors name the file and the reason, never its content.

import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';

/** The largest config or baseline read. */
export const MAX_INSTRUCTION_FILE = 1024 * 1024;

export class PlainFileError extends Error {}

/**
 * The text of a regular file of at most `max` bytes. With `noSymlink`, a symbolic link is refused
 * too (for files found inside the scanned repository, which a pull request controls).
 */
export function readPlainFile(path: string, what: string, options: { noSymlink?: boolean; max?: number } = {}): string {
  const max = options.max ?? MAX_INSTRUCTION_FILE;
  if (options.noSymlink) {
    if (isSymlink(path)) throw new PlainFileError(`${what} ${path} is a symbolic link; it must be a regular file in the repository`);
  }
  let fd: number;
  try {
    // Non-blocking, so a FIFO in its place fails the regular-file check instead of hanging.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new PlainFileError(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new PlainFileError(`${what} ${path} is not a regular file`);
    if (stat.size > max) throw new PlainFileError(`${what} ${path} is larger than ${max} bytes`);
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, null);
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Whether a path is a symbolic link (false when it does not exist). */
export function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
