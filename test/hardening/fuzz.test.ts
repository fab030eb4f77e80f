// Fuzzing: every fixture file is mutated thousands of times (random cuts, byte flips, splices of
// other fixtures, repeated slices, deep nesting, long repetitions, control characters) and
// scanned where its detectors look for it, under a time and a memory budget per round. Whatever the
// bytes, the scan must resolve, no detector may throw, and nothing may be left unhandled.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectors } from '../../detectors/index.js';
import { scan } from '../../src/engine/scan.js';
// The seeded PRNG the benchmarks use (mulberry32), so a failure can be replayed from its seed.
import { prng } from '../../bench/prng.mjs';
import { REPO } from '../support/cli.js';
import { filesOf } from '../support/files.js';


/** Fixture files by the path detectors expect them at (fixture and repo/home folders removed), every variant kept. */
function corpus(): Map<string, Buffer[]> {
  const byPath = new Map<string, Buffer[]>();
  const all = Object.entries(filesOf(join(REPO, 'fixtures'), (p) => p));
  const roots = all.filter(([rel]) => rel.endsWith('/fixture.yml')).map(([rel]) => rel.slice(0, -'fixture.yml'.length));
  for (const [rel, abs] of all) {
    if (rel.endsWith('fixture.yml') || rel.endsWith('expect.json')) continue;
    const root = roots.find((r) => rel.startsWith(r)) ?? '';
    const path = rel.slice(root.length).replace(/^(?:repo|home)\//, '');
    byPath.set(path, [...(byPath.get(path) ?? []), readFileSync(abs)]);
  }
  return byPath;
}

function mutate(input: Buffer, other: Buffer, rand: () => number): Buffer {
  const pick = (n: number): number => Math.floor(rand() * Math.max(1, n));
  let b = Buffer.from(input);
  const rounds = 1 + pick(4);
  for (let r = 0; r < rounds; r++) {
    switch (pick(9)) {
      case 0: // cut at a random point
        b = b.subarray(0, pick(b.length + 1));
        break;
      case 1: // flip bytes
        for (let i = 0; i < 1 + pick(8) && b.length > 0; i++) b[pick(b.length)] = pick(256);
        break;
      case 2: { // splice in part of another fixture
        const at = pick(b.length + 1);
        const from = pick(other.length);
        b = Buffer.concat([b.subarray(0, at), other.subarray(from, from + pick(200)), b.subarray(at)]);
        break;
      }
      case 3: { // repeat a slice (deep nesting, long lines)
        const from = pick(b.length);
        const slice = b.subarray(from, from + 1 + pick(16));
        b = Buffer.concat([b.subarray(0, from), ...Array.from({ length: 1 + pick(200) }, () => slice), b.subarray(from)]);
        break;
      }
      case 4: // structural characters that break parsers
        b = Buffer.concat([b.subarray(0, pick(b.length + 1)), Buffer.from(['{', '[', '"', "'", '&a', '*a', '<<: *a', '\\', '${', '\n---\n', '\0', '\uFFFD'][pick(12)] as string), b]);
        break;
      case 5: { // nest deep: thousands of openers, maybe closed
        const open = ['[', '{', '(', '- ', '  ', '"', 'bash -c "'][pick(7)] as string;
        const n = 100 + pick(3000);
        const close = { '[': ']', '{': '}', '(': ')' }[open] ?? '';
        const at = pick(b.length + 1);
        b = Buffer.concat([b.subarray(0, at), Buffer.from(open.repeat(n)), Buffer.from(rand() < 0.5 ? close.repeat(n) : ''), b.subarray(at)]);
        break;
      }
      case 6: { // control characters, escape sequences, BiDi overrides and line separators
        const at = pick(b.length + 1);
        const controls = ['\u001b[2J', '\r', '\u0085', '\u202e', '\u2028', '\u0000', '\u0007', '::warning::x\n', '\u009b31m'];
        b = Buffer.concat([b.subarray(0, at), Buffer.from(controls[pick(controls.length)] as string), b.subarray(at)]);
        break;
      }
      case 7: { // one long repetition: a line of tens of kilobytes
        const from = pick(b.length);
        const slice = b.subarray(from, from + 1 + pick(32));
        b = Buffer.concat([b.subarray(0, from), ...Array.from({ length: 1000 + pick(3000) }, () => slice), b.subarray(from)]);
        break;
      }
      default: // drop a range
        {
          const from = pick(b.length);
          b = Buffer.concat([b.subarray(0, from), b.subarray(from + pick(64))]);
        }
    }
  }
  return b;
}

describe('fuzzing', () => {
  it('survives thousands of mutated fixture files without a crash or a detector error', async () => {
    const files = [...corpus().entries()];
    expect(files.length).toBeGreaterThan(40);
    const rand = prng(20261124);
    const rounds = 30;
    let mutations = 0;
    for (let round = 0; round < rounds; round++) {
      const root = mkdtempSync(join(tmpdir(), 'br-fuzz-'));
      for (const [i, [path, variants]] of files.entries()) {
        const input = variants[round % variants.length] as Buffer;
        const other = files[(i + 1 + round) % files.length]?.[1][0] ?? Buffer.alloc(0);
        const target = join(root, path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, mutate(input, other, rand));
        mutations++;
      }
      const started = Date.now();
      const result = await scan({ root, detectors });
      const errors = result.notifications.filter((n) => n.id === 'detector-error');
      expect(errors.map((e) => e.message), `round ${round} (seed 20261124)`).toEqual([]);
      // Budgets far above a normal round (well under a second), far below a quadratic blow-up.
      expect(Date.now() - started, `round ${round} took too long`).toBeLessThan(30_000);
      expect(process.memoryUsage().rss, `round ${round} grew the process`).toBeLessThan(2 * 1024 ** 3);
      rmSync(root, { recursive: true, force: true });
    }
    expect(mutations).toBeGreaterThan(2000);
  }, 120_000);
});
