// Glob matching for the detectors' file lists, with picomatch's semantics (`dot: true`). Most
// globs are a folder part (none, a literal folder, `**/` or `**/` and a literal folder) and a file
// name with at most one `*` (`package.json`, `**/*.tf`, `.github/workflows/*.yml`, `**/.env.*`,
// `**/.windsurf/workflows/*.md`), a literal folder and
// `/**`, or one brace group of such: those are answered with string tests. The rest go to
// picomatch, compiled only once a path starts with the glob's literal head and ends with its
// literal tail. Each distinct glob is compiled once per process.

import picomatch from 'picomatch';

export type PathTest = (path: string) => boolean;

/** Picomatch's `*` and `**` never match a newline, which a file name may hold: glob against a copy without them. */
export const globPath = (path: string): string => (path.includes('\n') || path.includes('\r') ? path.replace(/[\r\n]/g, ' ') : path);

const compiled = new Map<string, PathTest>();
const SPECIAL = /[*?[\]{}()!+@\\]/;

const isLiteral = (s: string): boolean => !SPECIAL.test(s);

/** A test for a file name with at most one `*` (which matches any run of characters but `/`). */
function nameTest(pattern: string): ((name: string) => boolean) | undefined {
  const star = pattern.indexOf('*');
  if (star === -1) return isLiteral(pattern) ? (name) => name === pattern : undefined;
  const head = pattern.slice(0, star);
  const tail = pattern.slice(star + 1);
  if (!isLiteral(head) || !isLiteral(tail)) return undefined;
  // A lone `*` matches a non-empty name; beside literals it may match nothing (`*.yml` matches `.yml`).
  const min = Math.max(1, head.length + tail.length);
  return (name) => name.length >= min && name.startsWith(head) && name.endsWith(tail);
}

function compile(glob: string): PathTest {
  if (glob === '**') return (path) => path.length > 0;
  // One brace group of literal alternatives (`**/*.{ts,js}`): one glob each.
  const brace = /^([^{}]*)\{([^{}]*)\}([^{}]*)$/.exec(glob);
  if (brace && !brace[2]?.includes('\\')) return anyGlob((brace[2] as string).split(',').map((alt) => `${brace[1]}${alt}${brace[3]}`));
  if (glob.endsWith('/**') && isLiteral(glob.slice(0, -3))) {
    const folder = glob.slice(0, -2);
    const itself = glob.slice(0, -3);
    return (path) => path === itself || path.startsWith(folder);
  }
  const anyFolder = glob.startsWith('**/');
  const rest = anyFolder ? glob.slice(3) : glob;
  if (anyFolder && isLiteral(rest)) {
    const tail = `/${rest}`;
    return (path) => path === rest || path.endsWith(tail);
  }
  const slash = rest.lastIndexOf('/');
  const folder = slash === -1 ? '' : rest.slice(0, slash + 1);
  const name = nameTest(rest.slice(slash + 1));
  if (name && isLiteral(folder)) {
    // The file's own folder (the path up to `cut`) is `folder`; after `**/` it may also end with `/folder`.
    const nested = `/${folder}`;
    return (path) => {
      const cut = path.lastIndexOf('/') + 1;
      const inFolder = (cut === folder.length && path.startsWith(folder)) || (anyFolder && (folder === '' || path.endsWith(nested, cut)));
      return inFolder && name(cut === 0 ? path : path.slice(cut));
    };
  }
  // The rest go to picomatch, compiled the first time a path starts and ends as the glob must.
  let special = -1;
  for (let i = 0; i < glob.length; i++) if (SPECIAL.test(glob.charAt(i))) special = i;
  const prefix = glob.slice(0, glob.search(SPECIAL));
  const suffix = glob.slice(special + 1);
  let matcher: PathTest | undefined;
  return (path) => path.startsWith(prefix) && path.endsWith(suffix) && (matcher ??= picomatch(glob, { dot: true }))(path);
}

export function globTest(glob: string): PathTest {
  let test = compiled.get(glob);
  if (!test) {
    test = compile(glob);
    compiled.set(glob, test);
  }
  return test;
}

/** True when any of `globs` matches. A long list tests only the globs the file's name allows. */
export function anyGlob(globs: readonly string[]): PathTest {
  const unique = [...new Set(globs)];
  const tests = unique.map(globTest);
  if (tests.length === 1) return tests[0] as PathTest;
  if (tests.length < 4) {
    return (path) => {
      for (const test of tests) if (test(path)) return true;
      return false;
    };
  }
  const pick = candidateLists(unique.map((g) => [g]));
  return (path) => {
    for (const i of pick(path)) if ((tests[i] as PathTest)(path)) return true;
    return false;
  };
}

/**
 * A path's file name and extension. A file's path is looked up by several lists in a row (the
 * detectors', then each long list's own): the last answer is kept, so the name is cut and hashed once.
 */
let last = { path: '', name: '', extension: undefined as string | undefined };
function nameOf(path: string): { name: string; extension: string | undefined } {
  if (path !== last.path) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const dot = name.lastIndexOf('.');
    last = { path, name, extension: dot === -1 ? undefined : name.slice(dot + 1) };
  }
  return last;
}

/** The file names a glob can match: one exact name, a name ending (`.tf`), a name start, or any name. */
type NameClass = { exact: string } | { ext: string } | { start: string } | { any: true };

function nameClasses(glob: string): NameClass[] {
  const brace = /^([^{}]*)\{([^{}]*)\}([^{}]*)$/.exec(glob);
  if (brace && !brace[2]?.includes('\\')) return (brace[2] as string).split(',').flatMap((alt) => nameClasses(`${brace[1]}${alt}${brace[3]}`));
  const name = glob.slice(glob.lastIndexOf('/') + 1);
  if (glob.includes('{') || glob.includes('}')) return [{ any: true }];
  if (isLiteral(name)) return [{ exact: name }];
  const star = name.indexOf('*');
  if (star === -1 || name.indexOf('*', star + 1) !== -1) return [{ any: true }];
  const head = name.slice(0, star);
  const tail = name.slice(star + 1);
  if (!isLiteral(head) || !isLiteral(tail)) return [{ any: true }];
  // The ending's last extension is enough to look the file up; the glob's own test does the rest.
  const dot = tail.lastIndexOf('.');
  if (dot !== -1) return [{ ext: tail.slice(dot + 1) }];
  return head ? [{ start: head }] : [{ any: true }];
}

/**
 * For each file path, the indexes (ascending) of the glob lists that may match it: a superset,
 * found from the file name by map lookups instead of testing every list. Each list's own test
 * still decides.
 */
export function candidateLists(lists: readonly (readonly string[] | undefined)[]): (path: string) => readonly number[] {
  const exact = new Map<string, Set<number>>();
  const ext = new Map<string, Set<number>>();
  /** Name heads (`compose` of `compose*`), by their first character. */
  const start = new Map<string, { head: string; index: number }[]>();
  const any = new Set<number>();
  const add = (map: Map<string, Set<number>>, key: string, index: number): void => {
    const set = map.get(key) ?? new Set();
    set.add(index);
    map.set(key, set);
  };
  lists.forEach((globs, index) => {
    for (const glob of globs ?? []) {
      for (const c of nameClasses(glob)) {
        if ('exact' in c) add(exact, c.exact, index);
        else if ('ext' in c) add(ext, c.ext, index);
        else if ('start' in c) start.set(c.start.charAt(0), [...(start.get(c.start.charAt(0)) ?? []), { head: c.start, index }]);
        else any.add(index);
      }
    }
  });
  const compute = (name: string, extension: string | undefined): readonly number[] => {
    const set = new Set(any);
    for (const i of exact.get(name) ?? []) set.add(i);
    if (extension !== undefined) for (const i of ext.get(extension) ?? []) set.add(i);
    for (const s of start.get(name.charAt(0)) ?? []) if (name.startsWith(s.head)) set.add(s.index);
    return [...set].sort((a, b) => a - b);
  };
  const startsAny = (name: string): boolean => {
    for (const s of start.get(name.charAt(0)) ?? []) if (name.startsWith(s.head)) return true;
    return false;
  };
  // Answers are remembered by extension, or by name for the names an exact or start class picks
  // (at most this many of each: a tree of unique names or extensions).
  const LIMIT = 50_000;
  const byName = new Map<string, readonly number[]>();
  const byExtension = new Map<string, readonly number[]>();
  let bare: readonly number[] | undefined;
  return (path) => {
    const { name, extension } = nameOf(path);
    if (exact.has(name) || startsAny(name)) {
      let found = byName.get(name);
      if (!found) {
        found = compute(name, extension);
        if (byName.size < LIMIT) byName.set(name, found);
      }
      return found;
    }
    if (extension === undefined) return (bare ??= compute(name, undefined));
    let found = byExtension.get(extension);
    if (!found) {
      found = compute(name, extension);
      if (byExtension.size < LIMIT) byExtension.set(extension, found);
    }
    return found;
  };
}
