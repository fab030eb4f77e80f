// The read-ahead thread of a large scan: reads the files the walk found, in order, and hands
// them to the main thread in batches whose memory is transferred, not copied. The main thread
// runs the detectors meanwhile, so the file system's system calls run on the second core. At
// most `credits` batches wait unread: memory stays bounded however large the tree.

import { parentPort, workerData } from 'node:worker_threads';
import { readFile, type ReadOutcome } from './read-file.js';

export interface ReadAheadInput {
  paths: readonly string[];
  maxFileSize: number;
  /** One Int32: batches the main thread will still accept; it adds one for each batch it takes. */
  credits: SharedArrayBuffer;
}

const BATCH_FILES = 256;
const BATCH_BYTES = 4 * 1024 * 1024;

const { paths, maxFileSize, credits } = workerData as ReadAheadInput;
const available = new Int32Array(credits);
let outcomes: ReadOutcome[] = [];
let transfer: ArrayBuffer[] = [];
let bytes = 0;

function flush(): void {
  for (let c = Atomics.load(available, 0); c <= 0; c = Atomics.load(available, 0)) Atomics.wait(available, 0, c);
  Atomics.sub(available, 0, 1);
  parentPort?.postMessage(outcomes, transfer);
  outcomes = [];
  transfer = [];
  bytes = 0;
}

for (const path of paths) {
  // Each file in its own ArrayBuffer (not Node's shared pool), so it can be transferred.
  const outcome = readFile(path, maxFileSize, (n) => new Uint8Array(new ArrayBuffer(n)));
  outcomes.push(outcome);
  if ('bytes' in outcome) {
    transfer.push(outcome.bytes.buffer as ArrayBuffer);
    bytes += outcome.bytes.length;
  }
  if (outcomes.length >= BATCH_FILES || bytes >= BATCH_BYTES) flush();
}
if (outcomes.length > 0) flush();
