// Regular expressions that come from repository files (a config's `tokens.patterns`, VS Code's
// `/regex/` auto-approve keys, Zed's terminal patterns, Claude Code hook matchers) run on RE2's
// engine (re2js, a JavaScript port of RE2): linear time whatever the pattern, so `(a+)+$` cannot
// stall a scan. Loaded on first use; a pattern RE2 cannot compile (backreferences, lookaround)
// is treated as matching nothing.

import { createRequire } from 'node:module';
import type * as Re2 from 're2js';

let loaded: typeof Re2 | undefined;
const re2 = (): typeof Re2 => (loaded ??= createRequire(import.meta.url)('re2js') as typeof Re2);

export interface LinearRegex {
  /** Whether the pattern matches anywhere in the text. */
  test(text: string): boolean;
  /** Every non-overlapping match: its text and where it starts. */
  matches(text: string): { text: string; index: number }[];
}

const cache = new Map<string, LinearRegex | undefined>();

/** Compiles a pattern from a repository file (flags `i`, `m`, `s`); undefined when RE2 cannot. */
export function linearRegex(pattern: string, flags = ''): LinearRegex | undefined {
  const id = `${flags}/${pattern}`;
  if (cache.has(id)) return cache.get(id);
  const { RE2JS } = re2();
  let compiled: Re2.RE2JS | undefined;
  try {
    const f = (flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) | (flags.includes('m') ? RE2JS.MULTILINE : 0) | (flags.includes('s') ? RE2JS.DOTALL : 0);
    compiled = RE2JS.compile(pattern, f);
  } catch {
    compiled = undefined;
  }
  const regex: LinearRegex | undefined = compiled && {
    test: (text) => (compiled as Re2.RE2JS).matcher(text).find(),
    matches: (text) => {
      const found: { text: string; index: number }[] = [];
      const m = (compiled as Re2.RE2JS).matcher(text);
      while (m.find()) {
        const start = m.start();
        const end = m.end();
        if (end === start) break;
        found.push({ text: text.slice(start, end), index: start });
      }
      return found;
    },
  };
  if (cache.size > 1000) cache.clear();
  cache.set(id, regex);
  return regex;
}
