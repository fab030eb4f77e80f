// Reads the walk's files for the scan, in order. A large tree is read by a second thread
// (read-worker.ts) while this one runs the detectors; a small one is read here, where starting a
// thread would cost more than it saves. The bundles ship the thread's script as read-worker.cjs
// beside themselves; without it (running from source, as the tests do) everything is read here.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readFile, type ReadOutcome } from './read-file.js';
import type { ReadAheadInput } from './read-worker.js';

export interface ReadAheadOptions {
  /** Trees with fewer files are read on the main thread. */
  minFiles?: number;
  /** The thread's script; by default read-worker.cjs beside this module (or bundle). */
  workerFile?: string;
}

const MIN_FILES = 2000;
/** Batches the thread may read ahead of the detectors (each at most 4 MB or 256 files). */
const BATCHES_AHEAD = 6;

/** A file's bytes (as a Buffer), or why it was not read. */
export type ReadResult = { bytes: Buffer; hints?: number } | Exclude<ReadOutcome, { bytes: Uint8Array }>;

const asResult = (outcome: ReadOutcome): ReadResult =>
  'bytes' in outcome
    ? { ...outcome, bytes: Buffer.isBuffer(outcome.bytes) ? outcome.bytes : Buffer.from(outcome.bytes.buffer, outcome.bytes.byteOffset, outcome.bytes.byteLength) }
    : outcome;

export const defaultWorkerFile = (): string => fileURLToPath(new URL('./read-worker.cjs', import.meta.url));

/** At most this many hints fit the answer bits. */
export const MAX_HINTS = 31;

/**
 * Reads `paths` in order. With the thread, each file's `hints` bits answer `hints` (as
 * `re.test(text)` would on the decoded text); read here, the answers are left to the caller.
 */
export async function* readAll(paths: readonly string[], maxFileSize: number, options: ReadAheadOptions = {}, hints: readonly RegExp[] = []): AsyncGenerator<ReadResult> {
  const workerFile = options.workerFile ?? defaultWorkerFile();
  if (paths.length < (options.minFiles ?? MIN_FILES) || !existsSync(workerFile)) {
    for (const path of paths) yield asResult(readFile(path, maxFileSize));
    return;
  }
  const credits = new SharedArrayBuffer(4);
  const available = new Int32Array(credits);
  available[0] = BATCHES_AHEAD;
  const input: ReadAheadInput = { paths, maxFileSize, credits, hints: hints.slice(0, MAX_HINTS).map((re) => ({ source: re.source, flags: re.flags })) };
  // Loaded here, not at start-up: node:worker_threads brings node:stream along.
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(workerFile, { workerData: input });
  const batches: ReadOutcome[][] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  let exited = false;
  worker.on('message', (batch: ReadOutcome[]) => {
    batches.push(batch);
    wake?.();
  });
  worker.on('error', (e: Error) => {
    failure = e;
    wake?.();
  });
  worker.on('exit', () => {
    exited = true;
    wake?.();
  });
  let received = 0;
  try {
    while (received < paths.length) {
      const batch = batches.shift();
      if (!batch) {
        if (failure) throw new Error(`the file reading thread failed: ${failure.message}`);
        if (exited) throw new Error('the file reading thread stopped before reading every file');
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      // Hand the credit back at once, so the thread reads the next batch while this one is scanned.
      Atomics.add(available, 0, 1);
      Atomics.notify(available, 0);
      for (const outcome of batch) {
        received++;
        yield asResult(outcome);
      }
    }
  } finally {
    await worker.terminate();
  }
}
