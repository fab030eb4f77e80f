// Vitest global setup: every test's temporary files go under one folder made for this run
// (TMPDIR, which os.tmpdir() reads and the test workers inherit), removed when the run ends, so
// the suite leaves nothing behind in the system's temporary folder.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'blast-radius-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
