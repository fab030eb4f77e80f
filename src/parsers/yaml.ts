// YAML with positions: every document of a stream, anchors and merge keys resolved, alias
// expansion bounded (a "billion laughs" file becomes a parse error, not an out-of-memory).

import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { indentsDeeperThan, MAX_NESTING, nestsDeeperThan } from './depth.js';
import { LineIndex, type Position } from './lines.js';

/** Offsets of the parsed text to 1-based lines and columns of the file. */
export interface YamlLines {
  linePos(offset: number): { line: number; col: number };
}

export interface YamlFile {
  docs: Document.Parsed[];
  lineCounter: YamlLines;
  errors: { message: string; position?: Position }[];
  /** Map keys given twice; the tools that read these files keep the last one. */
  duplicates: Position[];
}

export const MAX_YAML_ALIASES = 1000;

/** Runs of empty lines at least this long are folded to one before parsing. */
const FOLD_BLANK_RUN = 64;

/**
 * The text with every long run of empty lines folded to a single line break, and a map back to the
 * file's positions. The yaml library spends about 2 µs on each line break, so a file of two million
 * empty lines took four seconds; folded, it takes none. Empty lines carry nothing (inside a block
 * scalar they only shorten its value), so the documents are the same.
 */
function foldBlankRuns(text: string): { text: string; lines: YamlLines } | undefined {
  const run = new RegExp(`\\n(?:\\r?\\n){${FOLD_BLANK_RUN - 1},}`, 'g');
  if (!run.test(text)) return undefined;
  run.lastIndex = 0;
  const parts: string[] = [];
  /** For each fold: its offset in the folded text, and how many characters were removed before it. */
  const folds: { at: number; removed: number }[] = [];
  let last = 0;
  let removed = 0;
  for (const m of text.matchAll(run)) {
    parts.push(text.slice(last, m.index + 1));
    removed += m[0].length - 1;
    folds.push({ at: m.index + 1 - (removed - (m[0].length - 1)), removed });
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  const original = new LineIndex(text);
  const toOriginal = (offset: number): number => {
    let lo = 0;
    let hi = folds.length - 1;
    let shift = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const f = folds[mid] as { at: number; removed: number };
      if (f.at <= offset) {
        shift = f.removed;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return offset + shift;
  };
  return {
    text: parts.join(''),
    lines: {
      linePos: (offset) => {
        const p = original.position(toOriginal(offset));
        return { line: p.line, col: p.column };
      },
    },
  };
}

export function parseYaml(source: string): YamlFile {
  // The library composes and converts nodes recursively: deep nesting would overflow the stack.
  if (nestsDeeperThan(source) || indentsDeeperThan(source)) {
    return { docs: [], lineCounter: new LineCounter(), errors: [{ message: `nested deeper than ${MAX_NESTING} levels, not parsed`, position: { line: 1, column: 1 } }], duplicates: [] };
  }
  const folded = foldBlankRuns(source);
  const text = folded?.text ?? source;
  const counter = new LineCounter();
  const lineCounter: YamlLines = folded?.lines ?? counter;
  // logLevel 'error': the library's own warnings (a map key that is a collection, say) would go to
  // the process's stderr; problems reach the user as notifications instead.
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter: counter, merge: true, uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
  } catch (e) {
    // Nesting the checks above do not see (compact `- - - …` sequences on one line) can still
    // exhaust the parser's recursion: a parse error, like any other.
    if (!(e instanceof RangeError)) throw e;
    return { docs: [], lineCounter, errors: [{ message: 'nested too deeply to parse', position: { line: 1, column: 1 } }], duplicates: [] };
  }
  const list = Array.isArray(docs) ? docs : [];
  const errors: YamlFile['errors'] = [];
  const duplicates: Position[] = [];
  for (const doc of list) {
    for (const e of doc.errors) {
      const pos = lineCounter.linePos(e.pos[0]);
      if (e.code === 'DUPLICATE_KEY') duplicates.push({ line: pos.line, column: pos.col });
      else errors.push({ message: e.message.split('\n')[0] ?? e.message, position: { line: pos.line, column: pos.col } });
    }
  }
  return { docs: list, lineCounter, errors, duplicates };
}

/** A Helm chart template: not YAML until `helm template` renders it (an OpenShift Template's `${{PARAM}}` is not Helm). */
export const isHelmTemplate = (path: string, text: string): boolean => /(?:^|\/)templates\//.test(path) && /(?<!\$)\{\{/.test(text);

const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/**
 * The stream with every document in which `keep` finds nothing emptied to its line breaks: the
 * kept documents keep their lines and columns (not their offsets, so positions must come from
 * the parse of this text). The parser then skips the bulk of, say, a release manifest full of
 * CustomResourceDefinitions when only its Deployments matter.
 */
export function keepDocuments(text: string, keep: RegExp): string {
  const starts = [0, ...[...text.matchAll(DOCUMENT_MARKER)].map((m) => m.index)];
  const parts: string[] = [];
  for (let i = 0; i < starts.length; i++) {
    const chunk = text.slice(starts[i], starts[i + 1] ?? text.length);
    keep.lastIndex = 0;
    parts.push(keep.test(chunk) ? chunk : chunk.replace(/[^\r\n]+/g, ''));
  }
  return parts.join('');
}

/** A document's plain JS value, or undefined when alias expansion exceeds the bound. */
export function yamlValue(doc: Document.Parsed): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch {
    return undefined;
  }
}

/** Start position of a node (1-based). */
export function yamlPosition(file: YamlFile, node: Node | null | undefined): Position | undefined {
  if (!node?.range) return undefined;
  const p = file.lineCounter.linePos(node.range[0]);
  return { line: p.line, column: p.col };
}

type PathKey = string | number;

/** Each map's pairs by key (the first pair of a key, as `find` gives), built on first use: a lookup per service of a map of thousands is then no walk of it. */
const pairsByKey = new WeakMap<object, Map<string, { key: unknown; value: unknown }>>();

function pairAt(map: { items: { key: unknown; value: unknown }[] }, key: PathKey): { key: unknown; value: unknown } | undefined {
  let index = pairsByKey.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) if (isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
    pairsByKey.set(map, index);
  }
  return index.get(String(key));
}

/** The node at a path of map keys and sequence indexes, or undefined. */
export function yamlNodeAt(root: unknown, path: readonly PathKey[]): Node | undefined {
  let node: unknown = root;
  for (const key of path) {
    if (isMap(node)) node = pairAt(node, key)?.value;
    else if (isSeq(node) && typeof key === 'number') node = node.items[key];
    else return undefined;
  }
  return (node ?? undefined) as Node | undefined;
}

/** The key node of the last path element (points at `key:` rather than its value). */
export function yamlKeyAt(root: unknown, path: readonly PathKey[]): Node | undefined {
  if (path.length === 0) return undefined;
  const parent = yamlNodeAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (isMap(parent)) return (pairAt(parent, last as PathKey)?.key ?? undefined) as Node | undefined;
  if (isSeq(parent) && typeof last === 'number') return (parent.items[last] ?? undefined) as Node | undefined;
  return undefined;
}
