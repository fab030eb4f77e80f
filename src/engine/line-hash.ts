// GitHub's `primaryLocationLineHash`, computed as github/codeql-action does in
// src/fingerprints.ts: a rolling hash over a 100-character window of the file's bytes with
// spaces and tabs skipped and CR/CRLF folded to LF, an end-of-file marker (65535) after the last
// byte, emitted for each line start as `<hex>:<n>` where n counts earlier lines with the same
// hash. 64-bit wrapping arithmetic. test/engine/line-hash.test.ts checks codeql-action's vectors.

const BLOCK_SIZE = 100;
const MOD = 37n;
const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const EOF = 65535;

const wrap = (n: bigint): bigint => BigInt.asIntN(64, n);

let firstModCache: bigint | undefined;
function firstMod(): bigint {
  if (firstModCache === undefined) {
    let m = 1n;
    for (let i = 0; i < BLOCK_SIZE; i++) m = wrap(m * MOD);
    firstModCache = m;
  }
  return firstModCache;
}

/** Hash of every line of a file, index 0 for line 1. */
export function lineHashes(content: Buffer | string): string[] {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const window = new Array<number>(BLOCK_SIZE).fill(0);
  const lineNumbers = new Array<number>(BLOCK_SIZE).fill(-1);
  const counts = new Map<string, number>();
  const out: string[] = [];
  const fm = firstMod();
  let hash = 0n;
  let index = 0;
  let lineNumber = 0;
  let lineStart = true;
  let prevCR = false;

  const outputHash = (): void => {
    const hex = BigInt.asUintN(64, hash).toString(16);
    const n = (counts.get(hex) ?? 0) + 1;
    counts.set(hex, n);
    out[(lineNumbers[index] ?? 1) - 1] = `${hex}:${n}`;
    lineNumbers[index] = -1;
  };
  const update = (current: number): void => {
    const begin = window[index] ?? 0;
    window[index] = current;
    hash = wrap(wrap(MOD * hash + BigInt(current)) - wrap(fm * BigInt(begin)));
    index = (index + 1) % BLOCK_SIZE;
  };

  const feed = (byte: number): void => {
    let current = byte;
    if (current === SPACE || current === TAB || (prevCR && current === LF)) {
      prevCR = false;
      return;
    }
    if (current === CR) {
      current = LF;
      prevCR = true;
    } else prevCR = false;
    if (lineNumbers[index] !== -1) outputHash();
    if (lineStart) {
      lineStart = false;
      lineNumber++;
      lineNumbers[index] = lineNumber;
    }
    if (current === LF) lineStart = true;
    update(current);
  };
  for (const byte of bytes) feed(byte);
  feed(EOF);
  for (let i = 0; i < BLOCK_SIZE; i++) {
    if (lineNumbers[index] !== -1) outputHash();
    update(0);
  }
  return out;
}
