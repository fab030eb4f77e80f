// The CLI's standard output and error. A pipe, a socket (what a Node parent's spawn gives a child)
// or a file is written with fs.writeSync, as Node itself does for files: creating process.stdout
// or process.stderr loads node:stream and net, about 5 ms of every start. A terminal, or anything
// else, gets Node's own stream, created on first use.

import { fstatSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Tty from 'node:tty';

/** What the CLI writes text to. */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

let pause: Int32Array | undefined;
const streams: NodeJS.WriteStream[] = [];

/** Whether Node's own stdout or stderr stream still holds text it has not written. */
export const outputPending = (): boolean => streams.some((s) => s.writableLength > 0);

/** A report that could not be written whole: the run must not pass as if it had been. */
export class OutputError extends Error {}

/** Writes all of `text` to `fd`; a reader that has gone or a full device is an OutputError. */
function writeAll(fd: number, text: string): boolean {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  while (written < bytes.length) {
    try {
      written += writeSync(fd, bytes, written, bytes.length - written);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN') throw new OutputError(`cannot write to ${fd === 1 ? 'standard output' : 'standard error'} (${code ?? 'error'}): the report is incomplete`);
      // A non-blocking pipe that is full: wait a moment for the reader.
      Atomics.wait((pause ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, 2);
    }
  }
  return true;
}

function isPipeSocketOrFile(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    // A character device that is not a terminal (/dev/null, /dev/full) is written the same way, so
    // its errors are seen at once rather than lost in a stream.
    return stat.isFIFO() || stat.isSocket() || stat.isFile() || (stat.isCharacterDevice() && !(createRequire(import.meta.url)('node:tty') as typeof Tty).isatty(fd));
  } catch {
    return false;
  }
}

/** Standard output (fd 1) or error (fd 2). */
export function standardSink(fd: 1 | 2): TextSink {
  if (isPipeSocketOrFile(fd)) return { isTTY: false, write: (text) => writeAll(fd, text) };
  let created: NodeJS.WriteStream | undefined;
  const stream = (): NodeJS.WriteStream => {
    if (!created) streams.push((created = fd === 1 ? process.stdout : process.stderr));
    return created;
  };
  return {
    get isTTY() {
      return stream().isTTY;
    },
    write: (text) => stream().write(text),
  };
}
