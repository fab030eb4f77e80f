const __bundleUrl = require('node:url').pathToFileURL(__filename).href;
"use strict";
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// src/engine/read-worker.ts
var read_worker_exports = {};
module.exports = __toCommonJS(read_worker_exports);
var import_node_worker_threads = require("node:worker_threads");

// src/engine/read-file.ts
var import_node_fs = require("node:fs");
var OPEN_FLAGS = import_node_fs.constants.O_RDONLY | (import_node_fs.constants.O_NONBLOCK ?? 0);
function readFile(absPath, maxFileSize2, allocate = (n) => Buffer.allocUnsafe(n)) {
  let fd;
  try {
    fd = (0, import_node_fs.openSync)(absPath, OPEN_FLAGS);
  } catch (e) {
    return { error: errorCode(e) };
  }
  try {
    const stat = (0, import_node_fs.fstatSync)(fd);
    if (!stat.isFile()) return { skipped: "not-a-file" };
    if (stat.size > maxFileSize2) return { skipped: "too-large" };
    const bytes2 = allocate(stat.size);
    let read = 0;
    while (read < bytes2.length) {
      const n = (0, import_node_fs.readSync)(fd, bytes2, read, bytes2.length - read, null);
      if (n === 0) break;
      read += n;
    }
    return { bytes: read === bytes2.length ? bytes2 : bytes2.subarray(0, read) };
  } catch (e) {
    return { error: errorCode(e) };
  } finally {
    (0, import_node_fs.closeSync)(fd);
  }
}
var errorCode = (e) => e.code ?? "error";

// src/engine/read-worker.ts
var BATCH_FILES = 256;
var BATCH_BYTES = 4 * 1024 * 1024;
var { paths, maxFileSize, credits } = import_node_worker_threads.workerData;
var available = new Int32Array(credits);
var outcomes = [];
var transfer = [];
var bytes = 0;
function flush() {
  for (let c = Atomics.load(available, 0); c <= 0; c = Atomics.load(available, 0)) Atomics.wait(available, 0, c);
  Atomics.sub(available, 0, 1);
  import_node_worker_threads.parentPort?.postMessage(outcomes, transfer);
  outcomes = [];
  transfer = [];
  bytes = 0;
}
for (const path of paths) {
  const outcome = readFile(path, maxFileSize, (n) => new Uint8Array(new ArrayBuffer(n)));
  outcomes.push(outcome);
  if ("bytes" in outcome) {
    transfer.push(outcome.bytes.buffer);
    bytes += outcome.bytes.length;
  }
  if (outcomes.length >= BATCH_FILES || bytes >= BATCH_BYTES) flush();
}
if (outcomes.length > 0) flush();
