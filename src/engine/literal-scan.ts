// Answers the detectors' hints (whole-file tests such as "does any token prefix occur") on a file's
// bytes, before they are decoded. Most hints are alternations of ASCII literals (`ghp_|AKIA|
// RAILWAY_TOKEN|…`), and V8's regular expressions have no multi-literal search: a hundred
// alternatives starting with common letters cost them about 7 ns a character, most of a large
// scan. LiteralScanner answers them all in one pass over the bytes: on the real benchmark tree
// (144 MB of text) every hint in 0.22 s, where decoding and testing the token hint alone take 1 s.
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

/** Literals are found by a four-byte piece of each (its anchor); shorter ones by the native search. */
const ANCHOR = 4;

/**
 * How common each byte is in source text, roughly (spaces and lower-case letters most, English
 * letter order among those): anchors are chosen where the bytes are rare, so fewer places in a
 * file look like the start of one.
 */
const COMMONNESS = (() => {
  const table = new Uint8Array(256).fill(2);
  const set = (chars: string, weight: number): void => {
    for (const c of chars) table[c.charCodeAt(0)] = weight;
  };
  set('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 4);
  set('_."\'/=-,:()', 6);
  set(' \n\t', 40);
  [...'etaoinsrhldcumfpgwybvkxjqz'].forEach((c, i) => set(c, 30 - i));
  return table;
})();

/** The offset of the anchor of `bytes` (at least ANCHOR long): the four bytes whose three pairs are rarest. */
function anchorOffset(bytes: Uint8Array): number {
  let best = 0;
  let bestCost = Infinity;
  for (let at = 0; at + ANCHOR <= bytes.length; at++) {
    let cost = 0;
    for (let k = 0; k + 1 < ANCHOR; k++) cost += (COMMONNESS[bytes[at + k] as number] as number) * (COMMONNESS[bytes[at + k + 1] as number] as number);
    if (cost < bestCost) {
      bestCost = cost;
      best = at;
    }
  }
  return best;
}

const HASH_BITS = 10;
const hashOf = (word: number): number => Math.imul(word, 0x9e3779b1) >>> (32 - HASH_BITS);

/**
 * Several literal sets searched in one pass: `scan` answers which sets occur, as bits. Each literal
 * of four bytes or more has an anchor, four of its bytes; an anchor holds three pairs of bytes,
 * and of any three consecutive positions one is a multiple of three. So the scan looks up the pair
 * at every third position only, in a table saying at which offset (0, 1 or 2) that pair sits in
 * some anchor; where it does, the four bytes there are looked up among the anchors and the whole
 * literal compared. The lookups do not depend on each other (a skip loop's next step waits for the
 * last load), so the processor overlaps them. Literals of two or three bytes, rare in practice, are
 * each found by the native search for their rarest byte.
 */
export class LiteralScanner {
  /** Bit k set: the pair (first byte low) is at offset k of some anchor. */
  private readonly pairs = new Uint8Array(1 << 16);
  /** Anchors by hash: the first entry of each chain, and the next entry of each entry (-1 ends). */
  private readonly heads = new Int32Array(1 << HASH_BITS).fill(-1);
  private readonly next: number[] = [];
  private readonly words: number[] = [];
  private readonly entries: { bytes: Uint8Array; offset: number; bit: number }[] = [];
  private readonly short: { bytes: Buffer; rare: number; bit: number }[] = [];
  private readonly all: number;

  /** `sets[i]` is the literals of bit `sets[i].bit`. */
  constructor(sets: readonly { bit: number; literals: readonly string[] }[]) {
    let all = 0;
    for (const { bit, literals } of sets) {
      all |= 1 << bit;
      for (const text of literals) {
        const bytes = Buffer.from(text, 'latin1');
        if (bytes.length < 2) throw new Error(`literal hint "${text}" is shorter than two characters`);
        if (bytes.length < ANCHOR) {
          let rare = 0;
          for (let k = 1; k < bytes.length; k++) if ((COMMONNESS[bytes[k] as number] as number) < (COMMONNESS[bytes[rare] as number] as number)) rare = k;
          this.short.push({ bytes, rare, bit });
          continue;
        }
        const offset = anchorOffset(bytes);
        for (let k = 0; k + 1 < ANCHOR; k++) {
          const pair = (bytes[offset + k] as number) | ((bytes[offset + k + 1] as number) << 8);
          this.pairs[pair] = (this.pairs[pair] as number) | (1 << k);
        }
        const word = wordAt(bytes, offset);
        const h = hashOf(word);
        this.next.push(this.heads[h] as number);
        this.heads[h] = this.entries.length;
        this.words.push(word);
        this.entries.push({ bytes, offset, bit });
      }
    }
    this.all = all;
  }

  /** The bits of the sets that occur in `bytes`. */
  scan(bytes: Uint8Array): number {
    let found = 0;
    if (this.short.length > 0) {
      const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (const l of this.short) if ((found & (1 << l.bit)) === 0 && hasShort(buf, l.bytes, l.rare)) found |= 1 << l.bit;
    }
    if (this.entries.length === 0) return found;
    const { pairs, all } = this;
    const n = bytes.length;
    for (let p = 0; p + 1 < n; p += 3) {
      const at = pairs[(bytes[p] as number) | ((bytes[p + 1] as number) << 8)] as number;
      if (at === 0) continue;
      if ((at & 1) !== 0) found |= this.anchoredAt(bytes, p, found);
      if ((at & 2) !== 0) found |= this.anchoredAt(bytes, p - 1, found);
      if ((at & 4) !== 0) found |= this.anchoredAt(bytes, p - 2, found);
      if (found === all) break;
    }
    return found;
  }

  /** The bits (not yet in `found`) of the literals whose anchor starts at `start`. */
  private anchoredAt(bytes: Uint8Array, start: number, found: number): number {
    if (start < 0 || start + ANCHOR > bytes.length) return 0;
    const word = wordAt(bytes, start);
    let bits = 0;
    for (let i = this.heads[hashOf(word)] as number; i !== -1; i = this.next[i] as number) {
      const e = this.entries[i] as { bytes: Uint8Array; offset: number; bit: number };
      if (this.words[i] === word && ((found | bits) & (1 << e.bit)) === 0 && matchesAt(bytes, start - e.offset, e.bytes)) bits |= 1 << e.bit;
    }
    return bits;
  }
}

/** Whether `literal` (two or three bytes) occurs in `buf`: the native search for its byte at `rare`, then a comparison. */
function hasShort(buf: Buffer, literal: Uint8Array, rare: number): boolean {
  const byte = literal[rare] as number;
  for (let i = buf.indexOf(byte, rare); i !== -1; i = buf.indexOf(byte, i + 1)) if (matchesAt(buf, i - rare, literal)) return true;
  return false;
}

const wordAt = (bytes: Uint8Array, at: number): number => (bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16) | ((bytes[at + 3] as number) << 24);

function matchesAt(bytes: Uint8Array, at: number, literal: Uint8Array): boolean {
  if (at < 0 || at + literal.length > bytes.length) return false;
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
