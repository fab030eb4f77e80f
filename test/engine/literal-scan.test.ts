// Hints answered on the bytes: the literal scanner gives the regular expression's answer on the
// decoded text, whatever the bytes (UTF-8, invalid UTF-8, UTF-16, literals at either end).

import { describe, expect, it } from 'vitest';
import { ANY_TOKEN_HINT } from '../../detectors/tokens/catalog.js';
import { hintAnswerer, literalAlternatives, LiteralScanner } from '../../src/engine/literal-scan.js';
import { decodeHead, decodeText } from '../../src/engine/read-file.js';
import { prng } from '../../bench/prng.mjs';

describe('literal hints', () => {
  it('reads alternations of literals and refuses anything else', () => {
    expect(literalAlternatives(/ghp_|AKIA|dp\.pt\.|mongodb\+srv:\/\//)).toEqual(['ghp_', 'AKIA', 'dp.pt.', 'mongodb+srv://']);
    for (const re of [/a|b*/, /\bword/, /x|/, /a/i, /(?:a|b)/, /[ab]/, /a.b/, /\d+/, /é/]) expect(literalAlternatives(re)).toBeUndefined();
    expect(literalAlternatives(ANY_TOKEN_HINT)?.length).toBeGreaterThan(50);
  });

  it('answers as the regular expression does on the decoded text, over random and crafted bytes', () => {
    const hints = [ANY_TOKEN_HINT, /eyJ/, /Q~|postgres:\/\/|sb_secret_/, /\bimport\s+x/];
    const answer = hintAnswerer(hints);
    const expected = (bytes: Buffer): number | undefined => {
      const text = decodeText(bytes);
      return text === undefined ? undefined : hints.reduce((bits, re, i) => (re.test(text) ? bits | (1 << i) : bits), 0);
    };
    const literals = [...(literalAlternatives(ANY_TOKEN_HINT) ?? []), 'eyJ', 'Q~', 'postgres://', 'import x', 'é', '\u00ff', 'ghp', 'AKI'];
    const rand = prng(7);
    const samples: Buffer[] = [Buffer.from('ghp_'), Buffer.from('xQ~'), Buffer.from('Q'), Buffer.alloc(0), Buffer.from('\ufeffAKIA'), Buffer.from([0xff, 0xfe, ...Buffer.from('AKIA', 'utf16le')])];
    for (let n = 0; n < 3000; n++) {
      const parts: Buffer[] = [];
      for (let k = Math.floor(rand() * 6); k > 0; k--) {
        const r = rand();
        if (r < 0.4) parts.push(Buffer.from(literals[Math.floor(rand() * literals.length)] as string));
        else if (r < 0.6) parts.push(Buffer.from([Math.floor(rand() * 256)]));
        else parts.push(Buffer.from('abc def\n'.slice(0, 1 + Math.floor(rand() * 8))));
      }
      samples.push(Buffer.concat(parts));
    }
    const wrong = samples.filter((b) => answer(b) !== expected(b)).map((b) => b.toString('latin1'));
    expect(wrong).toEqual([]);
    expect(answer(Buffer.from('a\0b AKIA'))).toBeUndefined();
  });

  it('finds literals at the very start and end, overlapping ones, and stops at nothing shorter than two bytes', () => {
    const scanner = new LiteralScanner([{ bit: 0, literals: ['abcd'] }, { bit: 1, literals: ['bcdx', 'zz'] }]);
    expect(scanner.scan(Buffer.from('abcd'))).toBe(1);
    expect(scanner.scan(Buffer.from('abcdx'))).toBe(3);
    expect(scanner.scan(Buffer.from('..zz'))).toBe(2);
    expect(scanner.scan(Buffer.from('abc'))).toBe(0);
    expect(() => new LiteralScanner([{ bit: 0, literals: ['a'] }])).toThrow(/shorter than two/);
  });

  it('finds every literal at every offset, whichever of its bytes it is anchored by', () => {
    const literals = ['github_pat_', 'sk-ant-api03-', 'mongodb+srv://', 'AccountKey=', 'AKIA', 'eyJ', 'Q~'];
    const scanner = new LiteralScanner(literals.map((l, bit) => ({ bit, literals: [l] })));
    const missed: string[] = [];
    for (const [bit, literal] of literals.entries()) {
      for (let before = 0; before < 7; before++) {
        for (let after = 0; after < 4; after++) {
          const text = `${'ab c'.repeat(3).slice(0, before)}${literal}${'xyz '.slice(0, after)}`;
          if (scanner.scan(Buffer.from(text)) !== 1 << bit) missed.push(text);
          // One byte short of the literal is not it.
          if (scanner.scan(Buffer.from(text.replace(literal, literal.slice(1)))) !== 0) missed.push(`${text} (cut)`);
        }
      }
    }
    expect(missed).toEqual([]);
  });
});

describe('decoding the head of a file', () => {
  it('gives the first characters of the whole decoding, whatever the bytes', () => {
    const rand = prng(11);
    const pieces = ['a', 'é', '€', '😀', '\ufeff', '\n'].map((c) => Buffer.from(c));
    const wrong: string[] = [];
    for (let n = 0; n < 2000; n++) {
      const parts: Buffer[] = [];
      for (let k = Math.floor(rand() * 400); k > 0; k--) parts.push(rand() < 0.9 ? (pieces[Math.floor(rand() * pieces.length)] as Buffer) : Buffer.from([0x80 + Math.floor(rand() * 128)]));
      let bytes = Buffer.concat(parts);
      if (n % 5 === 1) bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytes.toString('utf8'), 'utf16le')]);
      if (n % 5 === 2) bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(bytes.toString('utf8'), 'utf16le').swap16()]);
      const chars = 1 + Math.floor(rand() * 60);
      if (decodeHead(bytes, chars) !== decodeText(bytes)?.slice(0, chars)) wrong.push(bytes.toString('hex'));
    }
    expect(wrong).toEqual([]);
    expect(decodeHead(Buffer.from('ab\0c'), 2)).toBeUndefined();
    // Big-endian UTF-16 with an odd last byte (it crashed the scan): the byte is dropped, as for little-endian.
    expect(decodeText(Buffer.from([0xfe, 0xff, 0, 0x61, 0]))).toBe('a');
    expect(decodeText(Buffer.from([0xff, 0xfe, 0x61, 0, 0]))).toBe('a');
  });
});
