// TOML through smol-toml. smol-toml keeps no positions, so keys are located back in the text by
// walking table headers and `key =` lines; good enough for the line a finding points at.

import { parse as parseTomlText, TomlError } from 'smol-toml';
import type { Position } from './lines.js';
import { MAX_NESTING, nestsDeeperThan } from './depth.js';

export interface TomlFile {
  value: Record<string, unknown> | undefined;
  error?: { message: string; position?: Position };
}

export function parseToml(text: string): TomlFile {
  if (nestsDeeperThan(text)) return { value: undefined, error: { message: `nested deeper than ${MAX_NESTING} levels, not parsed` } };
  try {
    return { value: parseTomlText(text) as Record<string, unknown> };
  } catch (e) {
    const message = e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
    const position = e instanceof TomlError ? { line: e.line, column: e.column } : undefined;
    return { value: undefined, error: { message, position } };
  }
}

const unquote = (s: string): string => s.trim().replace(/^"(.*)"$|^'(.*)'$/, '$1$2');
const splitDotted = (s: string): string[] => s.split(/\.(?=(?:[^"']|"[^"]*"|'[^']*')*$)/).map(unquote);

/**
 * Position of a key path such as `['profiles', 'fast', 'approval_policy']`: the `key =` line inside
 * the matching `[table]` (or a dotted key), else the table header itself. Undefined when absent.
 */
export function tomlPosition(text: string, path: readonly string[]): Position | undefined {
  const lines = text.split('\n');
  let table: string[] = [];
  let headerHit: Position | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.trim();
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line);
    if (header?.[1]) {
      table = splitDotted(header[1]);
      if (!headerHit && table.length === path.length && sameStart(path, table)) headerHit = { line: i + 1, column: raw.indexOf('[') + 1 };
      continue;
    }
    const kv = /^((?:"[^"]*"|'[^']*'|[A-Za-z0-9_.\- ])+?)\s*=/.exec(line);
    if (!kv?.[1]) continue;
    const full = [...table, ...splitDotted(kv[1])];
    if (sameStart(path, full)) {
      return { line: i + 1, column: raw.length - raw.trimStart().length + 1 };
    }
  }
  return headerHit;
}

function sameStart(path: readonly string[], keys: readonly string[]): boolean {
  return keys.length >= path.length && path.every((p, i) => keys[i] === p);
}
