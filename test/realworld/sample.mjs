// Reads a real-world sample in either shape: one entry per file ({repo, path, commit, label,
// entries}), or one per repository with its files ({repo, commit, files: [{path, label, entries,
// commit?}]}, as the dotfiles sample is written). Returns one entry per file.

import { readFileSync } from 'node:fs';

export function readSample(path) {
  const sample = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(sample)) throw new Error(`${path} must be a JSON array`);
  return sample.flatMap((item) =>
    Array.isArray(item?.files) ? item.files.map((f) => ({ repo: item.repo, commit: f.commit ?? item.commit, layout: item.layout, ...f, entries: f.entries ?? [] })) : [{ ...item, entries: item.entries ?? item.findings ?? [] }],
  );
}
