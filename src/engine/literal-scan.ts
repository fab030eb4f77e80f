// Answers the detectors' hints (whole-file tests such as "does any token prefix occur") on a file's
// bytes, before they are decoded. Most hints are alternations of ASCII literals (`ghp_|AKIA|
// RAILWAY_TOKEN|…`), and V8's regular expressions have no multi-literal search: a hundred
// alternatives starting with common letters cost them about 7 ns a character, most of a large
// scan. LiteralScanner finds them all in one pass over the bytes at a quarter of that.
//
// The answers equal `re.test(decodeText(bytes))`: ASCII literals match the same places in UTF-8
// bytes as in the decoded text (a byte below 0x80 is always a character of its own, and invalid
// sequences decode to U+FFFD, never to ASCII). UTF-16 files are decoded and tested with the
// regular expression; files that decodeText calls binary get no answers.

import { decodeText, isUtf16, readsAsText } from './read-file.js';

/** The literals of `re` when it is nothing but an alternation of ASCII literals (no flags), else undefined. */
export function literalAlternatives(re: RegExp): string[] | undefined {
  if (re.flags.replace(/[dgy]/g, '') !== '') return undefined;
  const literals: string[] = [];
  let current = '';
  const src = re.source;
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (c === '\\') {
      const next = src[i + 1];
      // Only escaped punctuation is a literal (`\.`, `\-`); `\d`, `\b`, `\u…` are not.
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return undefined;
      current += next;
      i++;
    } else if (c === '|') {
      if (current === '') return undefined;
      literals.push(current);
      current = '';
    } else if ('^$.*+?()[]{}'.includes(c)) {
      return undefined;
    } else {
      current += c;
    }
  }
  if (current === '') return undefined;
  literals.push(current);
  return literals.every((l) => /^[\x20-\x7e]+$/.test(l)) ? literals : undefined;
}

/** Literals are found by their first four bytes; shorter ones by the native search. */
const PREFIX = 4;

interface Literal {
  bytes: Uint8Array;
  bit: number;
}

/**
 * Several literal sets searched in one pass (Wu and Manber's multi-pattern search): `scan` answers
 * which sets occur, as bits. The window is the four bytes a literal starts with; the pair of bytes
 * ending the window says how far it may move on (up to three bytes) before one of the literals'
 * prefixes could end there, so most positions are never looked at. Where it may not move, the
 * window's four bytes pick the literals to compare. Literals of two or three bytes, rare in
 * practice, are each looked for with Buffer's native search.
 */
export class LiteralScanner {
  /** Bytes the window may move on, by the pair of bytes that ends it (first byte low). */
  private readonly shift = new Uint8Array(1 << 16).fill(PREFIX - 1);
  /** Literals of four bytes or more, by their first four bytes (little-endian). */
  private readonly long = new Map<number, Literal[]>();
  private readonly short: { bytes: Buffer; bit: number }[] = [];
  private readonly all: number;

  /** `sets[i]` is the literals of bit `sets[i].bit`. */
  constructor(sets: readonly { bit: number; literals: readonly string[] }[]) {
    let all = 0;
    for (const { bit, literals } of sets) {
      all |= 1 << bit;
      for (const text of literals) {
        const bytes = Buffer.from(text, 'latin1');
        if (bytes.length < 2) throw new Error(`literal hint "${text}" is shorter than two characters`);
        if (bytes.length < PREFIX) {
          this.short.push({ bytes, bit });
          continue;
        }
        const word = wordAt(bytes, 0);
        const list = this.long.get(word) ?? [];
        list.push({ bytes, bit });
        this.long.set(word, list);
        for (let q = 1; q < PREFIX; q++) {
          const pair = (bytes[q - 1] as number) | ((bytes[q] as number) << 8);
          this.shift[pair] = Math.min(this.shift[pair] as number, PREFIX - 1 - q);
        }
      }
    }
    this.all = all;
  }

  /** The bits of the sets that occur in `bytes`. */
  scan(bytes: Uint8Array): number {
    const { shift, long, all } = this;
    const n = bytes.length;
    let found = 0;
    if (this.short.length > 0) {
      const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (const l of this.short) if ((found & (1 << l.bit)) === 0 && buf.indexOf(l.bytes) !== -1) found |= 1 << l.bit;
    }
    if (long.size === 0) return found;
    // `end` is the window's last byte; the window starts PREFIX - 1 bytes before it.
    for (let end = PREFIX - 1; end < n && found !== all; ) {
      const s = shift[(bytes[end - 1] as number) | ((bytes[end] as number) << 8)] as number;
      if (s !== 0) {
        end += s;
        continue;
      }
      const start = end - (PREFIX - 1);
      const candidates = long.get(wordAt(bytes, start));
      if (candidates) for (const l of candidates) if (matchesAt(bytes, start, l.bytes)) found |= 1 << l.bit;
      end++;
    }
    return found;
  }
}

const wordAt = (bytes: Uint8Array, at: number): number => (bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16) | ((bytes[at + 3] as number) << 24);

function matchesAt(bytes: Uint8Array, at: number, literal: Uint8Array): boolean {
  if (at + literal.length > bytes.length) return false;
  for (let k = 0; k < literal.length; k++) if (bytes[at + k] !== literal[k]) return false;
  return true;
}

/**
 * The function that answers `hints` for a file's bytes (bit i answers hint i), or undefined for a
 * file decodeText does not read as text. Literal hints are answered on the bytes; any other hint
 * on the decoded text.
 */
export function hintAnswerer(hints: readonly RegExp[]): (bytes: Buffer) => number | undefined {
  const literal: { bit: number; literals: string[] }[] = [];
  const other: { bit: number; re: RegExp }[] = [];
  hints.forEach((re, bit) => {
    const literals = literalAlternatives(re);
    if (literals) literal.push({ bit, literals });
    else other.push({ bit, re });
  });
  const scanner = new LiteralScanner(literal);
  const byRegex = (text: string, list: readonly { bit: number; re: RegExp }[]): number => list.reduce((bits, { bit, re }) => (re.test(text) ? bits | (1 << bit) : bits), 0);
  return (bytes) => {
    if (!readsAsText(bytes)) return undefined;
    if (isUtf16(bytes)) {
      // UTF-16 (readsAsText let it through for its BOM): the regular expressions, on the decoded text.
      const text = decodeText(bytes) as string;
      return byRegex(text, [...literal.map(({ bit }) => ({ bit, re: hints[bit] as RegExp })), ...other]);
    }
    const bits = scanner.scan(bytes);
    return other.length === 0 ? bits : bits | byRegex(decodeText(bytes) as string, other);
  };
}
