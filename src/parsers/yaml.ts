// YAML with positions: every document of a stream, anchors and merge keys resolved, alias
// expansion bounded (a "billion laughs" file becomes a parse error, not an out-of-memory).

import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Position } from './lines.js';

export interface YamlFile {
  docs: Document.Parsed[];
  lineCounter: LineCounter;
  errors: { message: string; position?: Position }[];
  /** Map keys given twice; the tools that read these files keep the last one. */
  duplicates: Position[];
}

export const MAX_YAML_ALIASES = 1000;

export function parseYaml(text: string): YamlFile {
  const lineCounter = new LineCounter();
  // logLevel 'error': the library's own warnings (a map key that is a collection, say) would go to
  // the process's stderr; problems reach the user as notifications instead.
  const docs = parseAllDocuments(text, { lineCounter, merge: true, uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
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

/** A Helm chart template: not YAML until `helm template` renders it. */
export const isHelmTemplate = (path: string, text: string): boolean => /(?:^|\/)templates\//.test(path) && text.includes('{{');

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

/** The node at a path of map keys and sequence indexes, or undefined. */
export function yamlNodeAt(root: unknown, path: readonly PathKey[]): Node | undefined {
  let node: unknown = root;
  for (const key of path) {
    if (isMap(node)) node = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key))?.value;
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
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last));
    return (pair?.key ?? undefined) as Node | undefined;
  }
  if (isSeq(parent) && typeof last === 'number') return (parent.items[last] ?? undefined) as Node | undefined;
  return undefined;
}
