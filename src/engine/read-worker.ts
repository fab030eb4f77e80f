// The read-ahead thread of a large scan: reads the files the walk found, in order, and hands
// them to the main thread in batches whose memory is transferred, not copied, with the answers to
// the detectors' hints (whole-file regex tests, the token prefilter above all). The main thread
// runs the detectors meanwhile, so system calls and those tests run on the second core. At most
// `credits` batches wait unread: memory stays bounded however large the tree.

import { parentPort, workerData } from 'node:worker_threads';
import { decodeText, readFile, type ReadOutcome } from './read-file.js';

export interface ReadAheadInput {
  paths: readonly string[];
  maxFileSize: number;
  /** The detectors' hints, at most 31: each file's answers come back as bits. */
  hints: readonly { source: string; flags: string }[];
  /** One Int32: batches the main thread will still accept; it adds one for each batch it takes. */
  credits: SharedArrayBuffer;
}

const BATCH_FILES = 256;
const BATCH_BYTES = 4 * 1024 * 1024;

const { paths, maxFileSize, hints, credits } = workerData as ReadAheadInput;
const tests = hints.map((h) => new RegExp(h.source, h.flags));
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
    // The same decoding as the main thread's, so every answer is the one it would get.
    const text = tests.length > 0 ? decodeText(Buffer.from(outcome.bytes.buffer, outcome.bytes.byteOffset, outcome.bytes.byteLength)) : undefined;
    if (text !== undefined) outcome.hints = tests.reduce((bits, re, i) => (re.test(text) ? bits | (1 << i) : bits), 0);
  }
  if (outcomes.length >= BATCH_FILES || bytes >= BATCH_BYTES) flush();
}
if (outcomes.length > 0) flush();
