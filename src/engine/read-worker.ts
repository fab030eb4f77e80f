// The read-ahead thread of a large scan: walks the tree and reads its files, in the walk's
// order, and hands them to the main thread in batches whose memory is transferred, not copied,
// with, while the main thread has batches waiting, the answers to the detectors' hints (whole-file
// tests, the token prefilter above all, answered on the bytes by literal-scan.ts): whichever
// thread has time to spare answers them. The main thread runs the detectors meanwhile, so the
// system calls run on the second core. At most `credits` batches wait unread: memory stays
// bounded however large the tree.

import { parentPort, workerData } from 'node:worker_threads';
import { hintAnswerer } from './literal-scan.js';
import { readFile, type ReadOutcome } from './read-file.js';
import { countInto, walkTree, type SkippedFolder } from './walk.js';

export interface ReadAheadInput {
  root: string;
  ignore: readonly string[];
  include: readonly string[];
  maxFileSize: number;
  /** The detectors' hints, at most 31: each file's answers come back as bits. */
  hints: readonly { source: string; flags: string }[];
  /** One Int32: batches the main thread will still accept; it adds one for each batch it takes. */
  credits: SharedArrayBuffer;
  /** The credits it starts with. */
  batchesAhead: number;
}

export interface ReadBatch {
  files: { path: string; outcome: ReadOutcome }[];
  /** Files the walk has found so far. */
  found: number;
  /** On the last batch: the walk's skips by reason. */
  skipped?: Record<string, number>;
  /** On the last batch: the folders skipped by name. */
  folders?: SkippedFolder[];
}

const BATCH_FILES = 256;
const BATCH_BYTES = 4 * 1024 * 1024;
const FIRST_BATCHES = 4;
const FIRST_BATCH_FILES = 32;

const { root, ignore, include, maxFileSize, hints, credits, batchesAhead } = workerData as ReadAheadInput;
const folders: SkippedFolder[] = [];
const answer = hintAnswerer(hints.map((h) => new RegExp(h.source, h.flags)));
const available = new Int32Array(credits);
const skipped: Record<string, number> = {};
let files: ReadBatch['files'] = [];
let transfer: ArrayBuffer[] = [];
let bytes = 0;
let found = 0;
let posted = 0;

function post(last: boolean): void {
  for (let c = Atomics.load(available, 0); c <= 0; c = Atomics.load(available, 0)) Atomics.wait(available, 0, c);
  Atomics.sub(available, 0, 1);
  const batch: ReadBatch = { files, found, ...(last ? { skipped, folders } : {}) };
  parentPort?.postMessage(batch, transfer);
  posted++;
  files = [];
  transfer = [];
  bytes = 0;
}

for (const entry of walkTree(root, { ignore, include, folders }, countInto(skipped))) {
  found++;
  // Each file in its own ArrayBuffer (not Node's shared pool), so it can be transferred.
  const outcome = readFile(entry.absPath, maxFileSize, (n) => new Uint8Array(new ArrayBuffer(n)));
  files.push({ path: entry.path, outcome });
  if ('bytes' in outcome) {
    transfer.push(outcome.bytes.buffer as ArrayBuffer);
    bytes += outcome.bytes.length;
    // Hints only while the main thread is behind (a batch of this thread's is still waiting for
    // it); otherwise it is waiting for this thread and answers them itself, the same way.
    const behind = Atomics.load(available, 0) < batchesAhead;
    const bits = behind ? answer(Buffer.from(outcome.bytes.buffer, outcome.bytes.byteOffset, outcome.bytes.byteLength)) : undefined;
    if (bits !== undefined) outcome.hints = bits;
  }
  // The first batches are small, so the detectors start while this thread reads on.
  if (files.length >= (posted < FIRST_BATCHES ? FIRST_BATCH_FILES : BATCH_FILES) || bytes >= BATCH_BYTES) post(false);
}
post(true);
