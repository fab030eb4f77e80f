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
var BINARY_SNIFF_BYTES = 8e3;
function decodeText(buf) {
  if (buf.length >= 2 && buf[0] === 255 && buf[1] === 254) return buf.subarray(2).toString("utf16le");
  if (buf.length >= 2 && buf[0] === 254 && buf[1] === 255) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return swapped.toString("utf16le");
  }
  const head = buf.subarray(0, BINARY_SNIFF_BYTES);
  if (head.includes(0)) return void 0;
  const text = buf.toString("utf8");
  return text.charCodeAt(0) === 65279 ? text.slice(1) : text;
}
var errorCode = (e) => e.code ?? "error";

// src/engine/read-worker.ts
var BATCH_FILES = 256;
var BATCH_BYTES = 4 * 1024 * 1024;
var { paths, maxFileSize, hints, credits } = import_node_worker_threads.workerData;
var tests = hints.map((h) => new RegExp(h.source, h.flags));
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
    const text = tests.length > 0 ? decodeText(Buffer.from(outcome.bytes.buffer, outcome.bytes.byteOffset, outcome.bytes.byteLength)) : void 0;
    if (text !== void 0) outcome.hints = tests.reduce((bits, re, i) => re.test(text) ? bits | 1 << i : bits, 0);
  }
  if (outcomes.length >= BATCH_FILES || bytes >= BATCH_BYTES) flush();
}
if (outcomes.length > 0) flush();
