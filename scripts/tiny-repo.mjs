// The tiny repository start-up is judged on (issue 8: a scan under 150 ms): five small files and
// no findings. The benchmark times a scan of it; the build records the main bundle's code cache
// on one, so the cache holds what every scan needs and little else.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes the tiny repository into `dir` (created if missing) and returns `dir`. */
export function writeTinyRepo(dir) {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'README.md'), '# tiny\n\nA small service.\n');
  writeFileSync(join(dir, 'package.json'), '{"name":"tiny","version":"1.0.0","type":"module","scripts":{"start":"node src/index.js"}}\n');
  writeFileSync(join(dir, 'src', 'index.ts'), 'export const port = Number(process.env.PORT ?? 3000);\n');
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\n.env\n');
  writeFileSync(join(dir, '.env'), 'PORT=3000\n');
  return dir;
}
