// Reads one file of the scan with open, fstat, read and close, so checking the size cap and that
// it is a regular file costs no system call of its own. The file is opened non-blocking: a FIFO
// that took a file's place after the walk fails the regular-file check instead of hanging the
// scan. Shared by the main thread and the read-ahead thread (read-worker.ts).

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** `hints`: when the reader tested the detectors' hints (only bytes that read as text are tested), bit i is the answer of hint i. */
export type ReadOutcome = { bytes: Uint8Array; hints?: number } | { skipped: 'too-large' | 'not-a-file' } | { error: string };

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export function readFile(absPath: string, maxFileSize: number, allocate: (size: number) => Uint8Array = (n) => Buffer.allocUnsafe(n)): ReadOutcome {
  let fd: number;
  try {
    fd = openSync(absPath, OPEN_FLAGS);
  } catch (e) {
    return { error: errorCode(e) };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { skipped: 'not-a-file' };
    if (stat.size > maxFileSize) return { skipped: 'too-large' };
    const bytes = allocate(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, null);
      if (n === 0) break;
      read += n;
    }
    return { bytes: read === bytes.length ? bytes : bytes.subarray(0, read) };
  } catch (e) {
    return { error: errorCode(e) };
  } finally {
    closeSync(fd);
  }
}

const BINARY_SNIFF_BYTES = 8000;

export const isUtf16 = (buf: Uint8Array): boolean => buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff));

/** Whether decodeText reads these bytes as text: UTF-16 with a BOM, or no NUL byte near the start. */
export const readsAsText = (buf: Uint8Array): boolean => isUtf16(buf) || !buf.subarray(0, BINARY_SNIFF_BYTES).includes(0);

/** Decodes file bytes: UTF-16 with a BOM, otherwise UTF-8 (invalid bytes become U+FFFD); undefined for binary. */
export function decodeText(buf: Buffer): string | undefined {
  if (!readsAsText(buf)) return undefined;
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (isUtf16(buf)) {
    // An odd last byte is no code unit (as for little-endian, whose decoding drops it).
    const swapped = Buffer.from(buf.subarray(2, buf.length - (buf.length % 2)));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * `decodeText(buf)?.slice(0, chars)`, decoding only the bytes those characters can come from: a
 * UTF-16 code unit takes at most three bytes (of UTF-8 or UTF-16), a BOM one more unit, and the
 * decoder's answer for a byte depends on at most the three bytes after it.
 */
export function decodeHead(buf: Buffer, chars: number): string | undefined {
  if (!readsAsText(buf)) return undefined;
  const bytes = 3 * (chars + 1) + 4;
  return decodeText(buf.length <= bytes ? buf : buf.subarray(0, bytes))?.slice(0, chars);
}

const errorCode = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? 'error';
