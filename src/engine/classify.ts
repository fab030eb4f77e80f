// A file's kind from its name, falling back to a look at its first bytes for files with no
// telling extension (a `config` that is INI, a script with a shebang).

import type { FileKind } from './types.js';

const BY_EXTENSION = new Map<string, FileKind>(Object.entries({
  '.yml': 'yaml', '.yaml': 'yaml',
  '.json': 'json', '.jsonc': 'json', '.json5': 'json', '.code-workspace': 'json',
  '.toml': 'toml',
  '.tf': 'hcl', '.tfvars': 'hcl', '.hcl': 'hcl',
  '.ini': 'ini', '.cfg': 'ini', '.conf': 'text', '.properties': 'ini',
  '.sh': 'shell', '.bash': 'shell', '.zsh': 'shell', '.ksh': 'shell',
  '.ts': 'ts', '.tsx': 'ts', '.mts': 'ts', '.cts': 'ts', '.js': 'ts', '.jsx': 'ts', '.mjs': 'ts', '.cjs': 'ts',
  '.env': 'env',
  // Prose, whatever its first lines look like (a README opening with a YAML example is not YAML).
  '.md': 'text', '.markdown': 'text', '.mdx': 'text', '.mdc': 'text', '.rst': 'text', '.txt': 'text', '.adoc': 'text',
} satisfies Record<string, FileKind>));

// Maps, not objects: a file named `constructor` or `__proto__` is no kind.
const BY_NAME = new Map<string, FileKind>(Object.entries({
  '.npmrc': 'ini', '.pypirc': 'ini', '.gitconfig': 'ini', '.yarnrc': 'text', '.netrc': 'text', '_netrc': 'text',
  credentials: 'ini', 'makefile': 'shell', 'gnumakefile': 'shell', 'dockerfile': 'text', '.envrc': 'env',
  crontab: 'shell', 'procfile': 'text', '.flaskenv': 'env', 'kubeconfig': 'yaml',
} satisfies Record<string, FileKind>));

const TEST_CODE =
  /(?:^|\/)(?:tests?|__tests__|spec|specs|testdata|test-data|test[_-]fixtures|__fixtures__|fixtures|__mocks__|mocks|e2e|e2e[_-]tests?|integration[_-]tests?|scenario[_-]tests?|kuttl)\/|\.(?:test|spec)\.[cm]?[jt]sx?$|_test\.(?:go|py)$|(?:^|\/)test_[^/]*\.py$|(?:^|\/)\d*-?(?:assert|errors)\.ya?ml$/;

/**
 * Test code and test data (a `tests/`, `e2e-tests/` or `testdata/` folder, `*.test.ts`,
 * `test_*.py`, kuttl's `NN-assert.yaml` …): what it holds rarely runs against real systems. Every
 * family reports there at low (src/engine/scan.ts).
 */
export const isTestCode = (path: string): boolean => TEST_CODE.test(path);

const EXAMPLE_CODE = /(?:^|\/)(?:examples?|samples?|demos?|quickstarts?|[\w-]+-examples?)\/|(?:^|\/)[^/]*\.(?:example|sample)(?:\.[^/]*)?$/i;

/**
 * Example and sample code (`examples/`, `samples/`, `demo/`, `*.example.yml`): people copy it as
 * it is, so findings stand, at medium at most, marked as examples.
 */
export const isExampleCode = (path: string): boolean => !isTestCode(path) && EXAMPLE_CODE.test(path);

/** A file's kind from its name, or from its first characters (`head`, or a function giving them) when the name says nothing. */
export function classify(path: string, head: string | (() => string)): FileKind {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const lower = name.toLowerCase();
  if (lower.endsWith('.tf.json')) return 'hcl';
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env')) return 'env';
  const byName = BY_NAME.get(lower);
  if (byName) return byName;
  if (/^(?:docker-)?compose\b.*\.ya?ml$/.test(lower)) return 'yaml';
  const dot = lower.lastIndexOf('.');
  if (dot > 0) {
    const byExt = BY_EXTENSION.get(lower.slice(dot));
    if (byExt) return byExt;
  }
  if (path.includes('.kube/') && !name.includes('.')) return 'yaml';
  return sniff(typeof head === 'string' ? head : head());
}

function sniff(head: string): FileKind {
  const start = head.trimStart();
  if (/^#!.*\b(?:ba|z|k|da)?sh\b/.test(start)) return 'shell';
  if (/^#!.*\bnode\b/.test(start)) return 'ts';
  if (start.startsWith('{') || start.startsWith('[{')) return 'json';
  if (/^\[[A-Za-z0-9 ._"-]+\]\s*$/m.test(start.slice(0, 200)) && /^[\w.-]+\s*=/m.test(start)) return 'ini';
  if (/^(?:apiVersion|kind|services|version):/m.test(start.slice(0, 500))) return 'yaml';
  return 'text';
}
