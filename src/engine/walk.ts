// Every text file under a root, git-ignored files included (an agent reads `.env` whether git
// tracks it or not), minus `.git/`, dependency, vendored and build-output folders, binaries,
// lock files and minified bundles. Symlinks are never followed out of the root. Every skip is
// counted by reason. Regular files are not stat'ed here: reading them (read-file.ts) checks the
// size cap with the descriptor it already holds.

import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import picomatch from 'picomatch';
import { join, relative, sep } from 'node:path';

export const SKIPPED_DIRECTORIES = [
  '.git', 'node_modules', 'bower_components', 'jspm_packages', 'vendor', 'third_party', 'third-party',
  'dist', 'build', 'out', 'target', '.next', '.nuxt', '.svelte-kit', '.output', '.turbo', '.parcel-cache',
  'coverage', '.nyc_output', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', '.pytest_cache',
  '.gradle', '.terraform', '.terragrunt-cache', '.serverless', '.cache', '.yarn', '.pnpm-store',
];

const LOCK_FILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock', 'cargo.lock',
  'poetry.lock', 'pipfile.lock', 'uv.lock', 'composer.lock', 'gemfile.lock', 'go.sum', 'podfile.lock', 'packages.lock.json',
  'flake.lock', '.terraform.lock.hcl', 'mix.lock', 'pubspec.lock', 'gradle.lockfile',
]);

const BINARY_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'webp', 'avif', 'tif', 'tiff', 'psd', 'heic', 'mp3', 'mp4', 'mov', 'avi', 'mkv',
  'webm', 'wav', 'flac', 'ogg', 'zip', 'gz', 'tgz', 'bz2', 'xz', 'zst', '7z', 'rar', 'tar', 'jar', 'war', 'ear', 'class',
  'exe', 'dll', 'so', 'dylib', 'a', 'o', 'obj', 'lib', 'bin', 'wasm', 'pyc', 'pyo', 'pdf', 'doc', 'docx', 'xls', 'xlsx',
  'ppt', 'pptx', 'woff', 'woff2', 'ttf', 'otf', 'eot', 'sqlite', 'db', 'dat', 'pack', 'idx', 'node', 'iso', 'dmg', 'img',
]);

export interface WalkEntry {
  /** POSIX path relative to the root. */
  path: string;
  absPath: string;
}

export interface WalkOptions {
  /** Globs to walk; default every file. */
  patterns?: string[];
  /** Extra ignore globs (from the config). */
  ignore?: string[];
}

export interface WalkResult {
  entries: WalkEntry[];
  skipped: Record<string, number>;
}

export function skipReasonForName(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (LOCK_FILES.has(name)) return 'lock-file';
  if (/\.min\.(?:js|css|mjs)$/.test(name) || name.endsWith('.map') || /\.bundle\.js$/.test(name)) return 'minified';
  const dot = name.lastIndexOf('.');
  if (dot > 0 && BINARY_EXTENSIONS.has(name.slice(dot + 1))) return 'binary';
  return undefined;
}

export async function walk(root: string, options: WalkOptions): Promise<WalkResult> {
  const skipped: Record<string, number> = {};
  const count = (reason: string): void => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  };
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return { entries: [], skipped };
  }
  // fast-glob is loaded only for explicit patterns (the home directory), not on every start.
  const found = options.patterns
    ? (await import('fast-glob')).default.sync(options.patterns, {
        cwd: root,
        dot: true,
        // Symlinks come back as entries (not followed): each is resolved below and kept only when
        // it stays inside the root, so a link out of the root is counted, never read.
        onlyFiles: false,
        followSymbolicLinks: false,
        suppressErrors: true,
        objectMode: true,
        ignore: [...SKIPPED_DIRECTORIES.map((d) => `**/${d}/**`), ...(options.ignore ?? [])],
      })
    : listTree(root, options.ignore ?? []);
  const entries: WalkEntry[] = [];
  for (const item of found) {
    const { dirent, path } = item;
    if (dirent.isDirectory()) continue;
    const reason = skipReasonForName(path);
    if (reason) {
      count(reason);
      continue;
    }
    const absPath = join(root, path);
    if (dirent.isSymbolicLink()) {
      let target;
      try {
        target = symlinkTarget(absPath, realRoot);
      } catch {
        count('unreadable');
        continue;
      }
      if (target === 'outside') {
        count('symlink-outside-root');
        continue;
      }
      if (!target.isFile()) {
        count('not-a-file');
        continue;
      }
    } else if (!dirent.isFile()) {
      // FIFOs, sockets and devices: opening one could block or never end.
      count('not-a-file');
      continue;
    }
    entries.push({ path, absPath });
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { entries, skipped };
}

const SKIPPED = new Set(SKIPPED_DIRECTORIES);

/**
 * Every file and symlink under the root, depth first, with synchronous readdir: on a warm tree a
 * listing is microseconds, much less than a thread-pool round trip per directory, and names with
 * newlines come through (picomatch's globstar never matches them). Skipped folders are pruned by
 * name; config ignores are globs on the file's path.
 */
function listTree(root: string, ignore: readonly string[]): { path: string; dirent: Dirent }[] {
  const ignored = ignore.length > 0 ? picomatch([...ignore], { dot: true }) : undefined;
  const found: { path: string; dirent: Dirent }[] = [];
  const stack = [''];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    let items: Dirent[];
    try {
      items = readdirSync(dir ? join(root, dir) : root, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const dirent of items) {
      const path = dir ? `${dir}/${dirent.name}` : dirent.name;
      const skip = ignored?.(path.replace(/[\r\n]/g, ' ')) === true;
      if (dirent.isDirectory()) {
        if (!SKIPPED.has(dirent.name) && !skip) stack.push(path);
      } else if (!skip) found.push({ path, dirent });
    }
  }
  return found;
}

function symlinkTarget(absPath: string, realRoot: string): 'outside' | Stats {
  const target = realpathSync(absPath);
  const rel = relative(realRoot, target);
  if (rel === '' || rel.startsWith('..') || rel.startsWith(sep) || /^[A-Za-z]:/.test(rel)) return 'outside';
  return statSync(target);
}
