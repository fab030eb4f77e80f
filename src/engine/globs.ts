// Glob matching for the detectors' file lists, with picomatch's semantics (`dot: true`). Most
// globs are a folder part (none, a literal folder, or `**/`) and a file name with at most one `*`
// (`package.json`, `**/*.tf`, `.github/workflows/*.yml`, `**/.env.*`), or a literal folder and
// `/**`: those are answered with string tests, and the rest go to picomatch. Each distinct glob
// is compiled once per process.

import picomatch from 'picomatch';

export type PathTest = (path: string) => boolean;

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
  if (glob.endsWith('/**') && isLiteral(glob.slice(0, -3))) {
    const folder = glob.slice(0, -2);
    const itself = glob.slice(0, -3);
    return (path) => path === itself || path.startsWith(folder);
  }
  const anyFolder = glob.startsWith('**/');
  const rest = anyFolder ? glob.slice(3) : glob;
  const slash = rest.lastIndexOf('/');
  const folder = slash === -1 ? '' : rest.slice(0, slash + 1);
  const name = nameTest(rest.slice(slash + 1));
  // `**/` with a folder after it (`**/a/b.json`) is left to picomatch.
  if (name && isLiteral(folder) && !(anyFolder && folder !== '')) {
    return (path) => {
      const cut = path.lastIndexOf('/') + 1;
      if (!anyFolder && (cut !== folder.length || !path.startsWith(folder))) return false;
      return name(cut === 0 ? path : path.slice(cut));
    };
  }
  return picomatch(glob, { dot: true });
}

export function globTest(glob: string): PathTest {
  let test = compiled.get(glob);
  if (!test) {
    test = compile(glob);
    compiled.set(glob, test);
  }
  return test;
}

/** True when any of `globs` matches. */
export function anyGlob(globs: readonly string[]): PathTest {
  const tests = [...new Set(globs)].map(globTest);
  if (tests.length === 1) return tests[0] as PathTest;
  return (path) => {
    for (const test of tests) if (test(path)) return true;
    return false;
  };
}
