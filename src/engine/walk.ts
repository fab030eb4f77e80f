// Every text file under a root, git-ignored files included (an agent reads `.env` whether git
// tracks it or not), minus `.git/`, dependency, vendored and build-output folders, binaries,
// lock files and minified bundles. Symlinks are never followed out of the root. Every skip is
// counted by reason. Regular files are not stat'ed here: reading them (read-file.ts) checks the
// size cap with the descriptor it already holds.

import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import picomatch from 'picomatch';
import { globPath } from './globs.js';
import { compareText } from './order.js';
import { join, relative, sep } from 'node:path';

/** Why a folder is skipped by its name. */
export type FolderReason = 'version-control' | 'dependencies' | 'build-output' | 'cache';

const FOLDER_REASONS: Record<string, FolderReason> = Object.assign(Object.create(null) as Record<string, FolderReason>, {
  '.git': 'version-control',
  ...Object.fromEntries(['node_modules', 'bower_components', 'jspm_packages', 'vendor', 'third_party', 'third-party', '.venv', 'venv', '.gradle', '.terraform', '.terragrunt-cache', '.yarn', '.pnpm-store'].map((d) => [d, 'dependencies'])),
  ...Object.fromEntries(['dist', 'build', 'out', 'target', '.next', '.nuxt', '.svelte-kit', '.output', '.serverless'].map((d) => [d, 'build-output'])),
  ...Object.fromEntries(['.turbo', '.parcel-cache', 'coverage', '.nyc_output', '__pycache__', '.tox', '.mypy_cache', '.pytest_cache', '.cache'].map((d) => [d, 'cache'])),
});

export const SKIPPED_DIRECTORIES = Object.keys(FOLDER_REASONS);

/**
 * Files that hold credentials or agent settings wherever they are: inside a build-output folder
 * they are still read (a `build/.env` copied there holds the same secrets as the original).
 */
const CREDENTIAL_FILE = /(^|\/)(\.env(\.[^/]*)?|\.npmrc|\.netrc|\.pypirc|\.git-credentials|\.dockercfg|\.mcp\.json|\.pgpass|[^/]*kubeconfig[^/]*|credentials(\.json)?|[^/]*\.tfvars|[^/]*\.tfstate|secrets?\.(json|ya?ml|toml|env))$|(^|\/)\.(claude|cursor|gemini|codex|kiro|roo|windsurf)\/|(^|\/)\.(docker|kube|aws)\/(config(\.json)?|credentials)$|(^|\/)\.vscode\/(settings|mcp)\.json$/i;

/** A folder skipped by name, for the report. */
export interface SkippedFolder {
  path: string;
  reason: FolderReason;
}

/** The most skipped folders a report lists; the rest are counted. */
export const MAX_LISTED_FOLDERS = 200;

export interface WalkOptions {
  /** Globs of paths not to scan (`ignore:`). */
  ignore: readonly string[];
  /** Globs of skipped-by-name folders to scan all the same (`include:`, `--include`). */
  include?: readonly string[];
  /** Receives each folder skipped by name (at most MAX_LISTED_FOLDERS). */
  folders?: SkippedFolder[];
}

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

/**
 * The absolute path of a walked file: `root` (resolved, as the walk is given it) and the walk's
 * own relative path, whose names came from readdir (no `.` or `..`), so nothing needs normalising.
 * path.join would normalise it again, a cost paid once per file.
 */
export function absolutePath(root: string, path: string): string {
  const native = sep === '/' ? path : path.replaceAll('/', sep);
  return root.endsWith(sep) ? root + native : root + sep + native;
}

export function skipReasonForName(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (LOCK_FILES.has(name)) return 'lock-file';
  if (/\.min\.(?:js|css|mjs)$/.test(name) || name.endsWith('.map') || /\.bundle\.js$/.test(name)) return 'minified';
  const dot = name.lastIndexOf('.');
  if (dot > 0 && BINARY_EXTENSIONS.has(name.slice(dot + 1))) return 'binary';
  return undefined;
}

/** Counts skips by reason (one unless `n` says). */
export type SkipCounter = (reason: string, n?: number) => void;

/** A counter adding into `counts`. */
export const countInto =
  (counts: Record<string, number>): SkipCounter =>
  (reason, n = 1) => {
    counts[reason] = (counts[reason] ?? 0) + n;
  };

/**
 * Every file under `root` worth reading, depth first with each folder's names in code-unit order,
 * produced as the walk goes: nothing holds the whole list, however large the tree. Synchronous
 * readdir: on a warm tree a listing is microseconds, much less than a thread-pool round trip per
 * folder, and names with newlines come through (picomatch's globstar never matches them). Skipped
 * folders are pruned by name; the config's ignores are globs on the path.
 */
export function* walkTree(root: string, options: WalkOptions, count: SkipCounter): Generator<WalkEntry> {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return;
  }
  const ignored = options.ignore.length > 0 ? picomatch([...options.ignore], { dot: true }) : undefined;
  const includeGlob = options.include && options.include.length > 0 ? picomatch([...options.include], { dot: true }) : undefined;
  // `include: [dist]` and `include: ["dist/**"]` both bring the folder back.
  const included = (path: string): boolean => includeGlob !== undefined && (includeGlob(path) || includeGlob(`${path}/`) || includeGlob(`${path}/x`));
  /** In a skipped build-output folder only credential and agent files are read (`credentialsOnly`). */
  function* folder(dir: string, credentialsOnly = false): Generator<WalkEntry> {
    let items: Dirent[];
    try {
      items = readdirSync(dir ? join(root, dir) : root, { withFileTypes: true });
    } catch {
      count('unreadable-directory');
      return;
    }
    items.sort((a, b) => compareText(a.name, b.name));
    for (const dirent of items) {
      const path = dir ? `${dir}/${dirent.name}` : dirent.name;
      if (ignored?.(globPath(path))) {
        count('ignored-by-config');
        continue;
      }
      // A name that is not UTF-8 reaches Node with U+FFFD in it and cannot be opened by that name.
      if (dirent.name.includes('\ufffd')) {
        count('non-utf8-name');
        continue;
      }
      if (dirent.isDirectory()) {
        const reason = FOLDER_REASONS[dirent.name];
        if (reason === undefined || included(globPath(path))) yield* folder(path, credentialsOnly);
        else {
          count('skipped-folder');
          if (options.folders && options.folders.length < MAX_LISTED_FOLDERS) options.folders.push({ path, reason });
          if (reason === 'build-output') yield* folder(path, true);
        }
        continue;
      }
      if (credentialsOnly && !CREDENTIAL_FILE.test(path)) continue;
      const entry = fileEntry(root, realRoot, path, dirent, count);
      if (entry) yield entry;
    }
  }
  yield* folder('');
}

/** The files under `root` that `patterns` name (fast-glob: the home directory's known stores), sorted. */
export async function walkPatterns(root: string, patterns: readonly string[], count: SkipCounter): Promise<WalkEntry[]> {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return [];
  }
  // fast-glob is loaded only here, not on every start.
  const found = (await import('fast-glob')).default.sync([...patterns], {
    cwd: root,
    dot: true,
    // Symlinks come back as entries (not followed): each is resolved and kept only when it stays
    // inside the root, so a link out of the root is counted, never read.
    onlyFiles: false,
    followSymbolicLinks: false,
    suppressErrors: true,
    objectMode: true,
    ignore: SKIPPED_DIRECTORIES.map((d) => `**/${d}/**`),
  });
  const entries: WalkEntry[] = [];
  for (const { dirent, path } of found) {
    if (dirent.isDirectory()) continue;
    const entry = fileEntry(root, realRoot, path, dirent, count);
    if (entry) entries.push(entry);
  }
  return entries.sort((a, b) => compareText(a.path, b.path));
}


/** The entry for a listed file, or undefined when it is skipped (and counted). */
function fileEntry(root: string, realRoot: string, path: string, dirent: Pick<Dirent, 'isFile' | 'isSymbolicLink'>, count: SkipCounter): WalkEntry | undefined {
  const reason = skipReasonForName(path);
  if (reason) {
    count(reason);
    return undefined;
  }
  const absPath = absolutePath(root, path);
  if (dirent.isSymbolicLink()) {
    let target;
    try {
      target = symlinkTarget(absPath, realRoot);
    } catch {
      count('unreadable');
      return undefined;
    }
    if (target === 'outside') {
      count('symlink-outside-root');
      return undefined;
    }
    if (!target.isFile()) {
      count('not-a-file');
      return undefined;
    }
  } else if (!dirent.isFile()) {
    // FIFOs, sockets and devices: opening one could block or never end.
    count('not-a-file');
    return undefined;
  }
  return { path, absPath };
}

function symlinkTarget(absPath: string, realRoot: string): 'outside' | Stats {
  const target = realpathSync(absPath);
  const rel = relative(realRoot, target);
  if (rel === '' || rel.startsWith('..') || rel.startsWith(sep) || /^[A-Za-z]:/.test(rel)) return 'outside';
  return statSync(target);
}
