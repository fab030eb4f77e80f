// The read-ahead thread: a scan that reads through it finds exactly what a scan reading on the
// main thread finds, whatever the files, and a FIFO never hangs either. The thread's script is
// the built one (npm test builds before running vitest).

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectors } from '../../detectors/index.js';
import { readTree, type ReadAheadOptions } from '../../src/engine/read-ahead.js';
import { readFile } from '../../src/engine/read-file.js';
import { scan } from '../../src/engine/scan.js';
import type { ScanResult } from '../../src/engine/types.js';
import { absolutePath } from '../../src/engine/walk.js';

const REPO = resolve(import.meta.dirname, '../..');
const WORKER = join(REPO, 'build/cli/read-worker.cjs');
const TOKEN = 'ghp_Rb7kQ2xW9mLp4Tz6Yv8Nc3Hd5Jf1Gs0AaQeW';

const comparable = (r: ScanResult): unknown => ({ findings: r.findings, notifications: r.notifications, facts: r.facts, skipped: r.stats.skipped, files: r.stats.filesScanned, bytes: r.stats.bytesScanned });

describe('read-ahead thread', () => {
  it('is built', () => {
    expect(existsSync(WORKER)).toBe(true);
  });

  it('gives the same scan as reading on the main thread, over every fixture', async () => {
    const root = mkdtempSync(join(tmpdir(), 'br-read-ahead-'));
    cpSync(join(REPO, 'fixtures'), root, { recursive: true });
    writeFileSync(join(root, 'utf16.env'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`GH_TOKEN=${TOKEN}\n`, 'utf16le')]));
    writeFileSync(join(root, 'binary.json'), Buffer.from([0x7b, 0x00, 0x01, 0x02, 0xff]));
    writeFileSync(join(root, 'big.env'), `GH_TOKEN=${TOKEN}\n${'x'.repeat(3 * 1024 * 1024)}\n`);
    const here = await scan({ root, detectors, readAhead: { minFiles: Infinity } });
    const ahead = await scan({ root, detectors, readAhead: { minFiles: 0, workerFile: WORKER } });
    expect(here.stats.filesScanned).toBeGreaterThan(100);
    expect(comparable(ahead)).toEqual(comparable(here));
  });

  it('walks in the same order on either thread, and hands back every file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'br-read-order-'));
    const names = Array.from({ length: 700 }, (_, i) => `d${i % 7}/f${i}.txt`);
    for (const [i, name] of names.entries()) {
      mkdirSync(join(root, name, '..'), { recursive: true });
      writeFileSync(join(root, name), i % 100 === 0 ? 'y'.repeat(2 * 1024 * 1024) : `file ${i}\n`);
    }
    const seen = async (readAhead: ReadAheadOptions): Promise<string[]> => {
      const out: string[] = [];
      for await (const { entry, read } of readTree(root, { ...readAhead, ignore: [], maxFileSize: 10 * 1024 * 1024, hints: [], count: () => undefined })) {
        if (!('bytes' in read)) throw new Error('unexpected skip');
        out.push(`${entry.path}:${read.bytes.length > 1000 ? 'big' : read.bytes.toString()}`);
      }
      return out;
    };
    const here = await seen({ minFiles: Infinity });
    expect(here).toHaveLength(700);
    expect(here).toContain('d3/f10.txt:file 10\n');
    expect(await seen({ minFiles: 0, workerFile: WORKER })).toEqual(here);
  });

  it.skipIf(process.platform === 'win32')('skips a FIFO, on either thread, without blocking', async () => {
    const root = mkdtempSync(join(tmpdir(), 'br-fifo-'));
    writeFileSync(join(root, 'real.env'), `GH_TOKEN=${TOKEN}\n`);
    execFileSync('mkfifo', [join(root, '.env')]);
    for (const readAhead of [{ minFiles: Infinity }, { minFiles: 0, workerFile: WORKER }]) {
      const result = await scan({ root, detectors, readAhead });
      expect(result.findings.map((f) => f.location.path)).toEqual(['real.env']);
      expect(result.stats.skipped['not-a-file']).toBe(1);
    }
    // Read directly, a FIFO is refused by the regular-file check, not waited on.
    expect(readFile(join(root, '.env'), 1024)).toEqual({ skipped: 'not-a-file' });
  });
});

describe('absolutePath', () => {
  it('is path.join of a resolved root and a walked path, without normalising again', () => {
    for (const [root, path] of [['/r', 'a/b.txt'], ['/r/s', '.env'], ['/', 'x/y'], ['/r', 'a b/ü.ts']] as const) expect(absolutePath(root, path)).toBe(join(root, path));
  });
});
