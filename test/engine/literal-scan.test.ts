// Hints answered on the bytes: the literal scanner gives the regular expression's answer on the
// decoded text, whatever the bytes (UTF-8, invalid UTF-8, UTF-16, literals at either end).

import { describe, expect, it } from 'vitest';
import { ANY_TOKEN_HINT } from '../../detectors/tokens/catalog.js';
import { hintAnswerer, literalAlternatives, LiteralScanner } from '../../src/engine/literal-scan.js';
import { decodeText } from '../../src/engine/read-file.js';
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
});
