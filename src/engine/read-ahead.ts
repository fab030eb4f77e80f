// Walks and reads a tree for the scan, in the walk's order. A large tree is walked and read by a
// second thread (read-worker.ts) while this one runs the detectors; a small one is read here,
// where starting a thread would cost more than it saves. The bundles ship the thread's script
// as read-worker.cjs beside themselves; without it (running from source, as the tests do)
// everything happens here.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hintAnswerer } from './literal-scan.js';
import { readFile, type ReadOutcome } from './read-file.js';
import type { ReadAheadInput, ReadBatch } from './read-worker.js';
import { absolutePath, countInto, walkTree, type SkipCounter, type SkippedFolder, type WalkEntry } from './walk.js';

export interface ReadAheadOptions {
  /** Trees with at most this many files are read on the main thread. */
  minFiles?: number;
  /** The thread's script; by default read-worker.cjs beside this module (or bundle). */
  workerFile?: string;
}

export interface ReadTreeOptions extends ReadAheadOptions {
  ignore: readonly string[];
  /** Skipped-by-name folders to scan all the same. */
  include?: readonly string[];
  /** Receives the folders skipped by name, once the walk has ended. */
  folders?: SkippedFolder[];
  maxFileSize: number;
  /** Whole-file tests the thread answers for each file (at most MAX_HINTS). */
  hints: readonly RegExp[];
  count: SkipCounter;
}

/** A file's bytes (as a Buffer), or why it was not read. */
export type ReadResult = { bytes: Buffer; hints?: number } | Exclude<ReadOutcome, { bytes: Uint8Array }>;

export interface TreeFile {
  entry: WalkEntry;
  read: ReadResult;
  /** Files the walk has found so far (the total, once it has finished). */
  found: number;
}

const MIN_FILES = 2000;
/** Batches the thread may read ahead of the detectors (each at most 4 MB or 256 files). */
const BATCHES_AHEAD = 6;
/** At most this many hints fit the answer bits. */
export const MAX_HINTS = 31;

export const asResult = (outcome: ReadOutcome): ReadResult =>
  'bytes' in outcome
    ? { ...outcome, bytes: Buffer.isBuffer(outcome.bytes) ? outcome.bytes : Buffer.from(outcome.bytes.buffer, outcome.bytes.byteOffset, outcome.bytes.byteLength) }
    : outcome;

export const defaultWorkerFile = (): string => fileURLToPath(new URL('./read-worker.cjs', import.meta.url));

/**
 * Every file of the tree under `root`, read, in the walk's order. A text file's `hints` bits answer
 * `options.hints` (as `re.test(text)` would on the decoded text); a file read as binary has none.
 */
export async function* readTree(root: string, options: ReadTreeOptions): AsyncGenerator<TreeFile> {
  const minFiles = options.minFiles ?? MIN_FILES;
  // A first look on this thread: a tree that ends within minFiles files is read here, and so is
  // any tree when the thread's script is not there.
  const early: Record<string, number> = {};
  const folders: SkippedFolder[] = [];
  const walk = walkTree(root, { ignore: options.ignore, include: options.include ?? [], folders }, countInto(early));
  const first: WalkEntry[] = [];
  let large = false;
  if (minFiles !== Infinity) {
    for (let next = walk.next(); !next.done; next = walk.next()) {
      first.push(next.value);
      if (first.length > minFiles) {
        large = true;
        break;
      }
    }
  }
  const workerFile = large ? (options.workerFile ?? defaultWorkerFile()) : undefined;
  if (!workerFile || !existsSync(workerFile)) {
    const answer = answered(options.hints);
    const read = (entry: WalkEntry): ReadResult => answer(asResult(readFile(entry.absPath, options.maxFileSize)));
    let found = first.length;
    for (const entry of first) yield { entry, read: read(entry), found };
    for (const entry of walk) yield { entry, read: read(entry), found: ++found };
    for (const [reason, n] of Object.entries(early)) options.count(reason, n);
    options.folders?.push(...folders);
    return;
  }
  // The thread walks again from the start: the first look cost a few milliseconds.
  walk.return(undefined);
  yield* readOnThread(root, workerFile, options);
}

/** Adds the hints' answers to a read file that has none yet (the thread answers only while this one is behind). */
function answered(hints: readonly RegExp[]): (read: ReadResult) => ReadResult {
  const answer = hintAnswerer(hints.slice(0, MAX_HINTS));
  return (read) => {
    if (!('bytes' in read) || read.hints !== undefined) return read;
    const bits = answer(read.bytes);
    return bits === undefined ? read : { ...read, hints: bits };
  };
}

async function* readOnThread(root: string, workerFile: string, options: ReadTreeOptions): AsyncGenerator<TreeFile> {
  const answer = answered(options.hints);
  const credits = new SharedArrayBuffer(4);
  const available = new Int32Array(credits);
  available[0] = BATCHES_AHEAD;
  const input: ReadAheadInput = {
    root,
    ignore: options.ignore,
    include: options.include ?? [],
    maxFileSize: options.maxFileSize,
    credits,
    batchesAhead: BATCHES_AHEAD,
    hints: options.hints.slice(0, MAX_HINTS).map((re) => ({ source: re.source, flags: re.flags })),
  };
  // Loaded here, not at start-up: node:worker_threads brings node:stream along.
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(workerFile, { workerData: input });
  const batches: ReadBatch[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  let exited = false;
  worker.on('message', (batch: ReadBatch) => {
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
  try {
    for (;;) {
      const batch = batches.shift();
      if (!batch) {
        if (failure) throw new Error(`the file reading thread failed: ${failure.message}`);
        if (exited) throw new Error('the file reading thread stopped before the walk ended');
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      // Hand the credit back at once, so the thread reads the next batch while this one is scanned.
      Atomics.add(available, 0, 1);
      Atomics.notify(available, 0);
      for (const { path, outcome } of batch.files) yield { entry: { path, absPath: absolutePath(root, path) }, read: answer(asResult(outcome)), found: batch.found };
      if (batch.skipped) {
        for (const [reason, n] of Object.entries(batch.skipped)) options.count(reason, n);
        options.folders?.push(...(batch.folders ?? []));
        return;
      }
    }
  } finally {
    await worker.terminate();
  }
}
