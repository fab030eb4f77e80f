// Terraform HCL, parsed by hcl-syntax.ts into the JSON HashiCorp's hcl2json gives. That JSON has
// no positions, so blocks and attributes are located back in the text by their
// `resource "type" "name" {` header and `attr =` lines.

import { HclSyntaxError, hclToJson } from './hcl-syntax.js';
import type { Position } from './lines.js';

export type HclValue = Record<string, unknown>;

export interface HclFile {
  value: HclValue | undefined;
  error?: { message: string; position?: Position };
}

export function parseHcl(name: string, text: string): HclFile {
  if (name.endsWith('.tf.json')) {
    try {
      return { value: JSON.parse(text) as HclValue };
    } catch (e) {
      return { value: undefined, error: { message: e instanceof Error ? e.message : String(e) } };
    }
  }
  try {
    return { value: hclToJson(text) };
  } catch (e) {
    if (!(e instanceof HclSyntaxError)) throw e;
    const position = toPosition(text, e.offset);
    return { value: undefined, error: { message: `${name}:${position.line},${position.column}: ${e.message}`, position } };
  }
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Position of a block header such as `resource "aws_db_instance" "main"`, or of an attribute
 * inside it when `attribute` is given (the first `attribute =` or `attribute {` after the header
 * at any depth; undefined when the block lacks it).
 */
export function hclPosition(text: string, blockType: string, labels: readonly string[], attribute?: string): Position | undefined {
  const header = new RegExp(`^[ \\t]*${escape(blockType)}${labels.map((l) => `[ \\t]+"?${escape(l)}"?`).join('')}[ \\t]*\\{`, 'm');
  const m = header.exec(text);
  if (!m) return undefined;
  const start = m.index + (m[0].length - m[0].trimStart().length);
  const headerPos = toPosition(text, start);
  if (!attribute) return headerPos;
  const end = blockEnd(text, m.index + m[0].length);
  const body = text.slice(m.index + m[0].length, end);
  const attr = new RegExp(`^[ \\t]*${escape(attribute)}[ \\t]*(?:=|\\{)`, 'm').exec(body);
  if (!attr) return undefined;
  const offset = m.index + m[0].length + attr.index + (attr[0].length - attr[0].trimStart().length);
  return toPosition(text, offset);
}

function blockEnd(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return text.length;
}

function toPosition(text: string, offset: number): Position {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}
