// Reads a directory tree into a map of POSIX relative path → content (or any other reading), and
// writes one from such a map into a fresh temporary folder.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/** Writes `files` (POSIX relative path → text) under a new temporary folder named from `prefix`, and returns it. */
export function writeTree(prefix: string, files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

export function filesOf(dir: string, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p).split('\\').join('/')] = read(p);
    }
  };
  walk(dir);
  return out;
}
