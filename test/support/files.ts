// Reads a directory tree into a map of POSIX relative path → content (or any other reading).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

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
