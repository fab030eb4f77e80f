// JSON and JSONC (comments, trailing commas) with positions, through jsonc-parser.

import { MAX_NESTING, nestsDeeperThan } from './depth.js';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

export interface JsonFile {
  tree: Node | undefined;
  value: unknown;
  errors: { message: string; offset: number }[];
  /** Offsets of object keys given twice (JSON.parse and the tools keep the last one). */
  duplicates: { key: string; offset: number }[];
}

export function parseJsonc(text: string): JsonFile {
  // jsonc-parser descends recursively: refuse what would overflow the stack.
  if (nestsDeeperThan(text, MAX_NESTING, true)) return { tree: undefined, value: undefined, errors: [{ message: `nested deeper than ${MAX_NESTING} levels, not parsed`, offset: 0 }], duplicates: [] };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const value = tree ? (getNodeValue(tree) as unknown) : undefined;
  return { tree, value, errors: errors.map((e) => ({ message: printParseErrorCode(e.error), offset: e.offset })), duplicates: duplicateKeys(tree) };
}

/** The value of a JSON or JSONC text, or undefined when it does not parse or nests too deep to parse safely. */
export function jsoncValue(text: string): unknown {
  return parseJsonc(text).value;
}

/** Walks the tree without recursion (documents may nest thousands deep). */
function duplicateKeys(tree: Node | undefined): JsonFile['duplicates'] {
  const found: JsonFile['duplicates'] = [];
  const stack: Node[] = tree ? [tree] : [];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const key = prop.children?.[0];
        if (typeof key?.value !== 'string') continue;
        if (seen.has(key.value)) found.push({ key: key.value, offset: key.offset });
        seen.add(key.value);
      }
    }
    for (const child of node.children ?? []) if (child.type === 'object' || child.type === 'array' || child.type === 'property') stack.push(child);
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/**
 * Offset of the property at a path: the key when it is an object member (so a finding points at
 * `"defaultMode": …`), the element itself in an array.
 */
export function jsonOffset(file: JsonFile, path: readonly (string | number)[]): { offset: number; length: number } | undefined {
  if (!file.tree) return undefined;
  const node = findNodeAtLocation(file.tree, [...path]);
  if (!node) return undefined;
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  const target = key ?? node;
  return { offset: target.offset, length: (key ? node.offset + node.length : target.offset + target.length) - target.offset };
}
