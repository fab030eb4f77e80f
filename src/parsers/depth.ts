// Nesting depth, measured before a parser sees the text. The libraries this project parses with
// (jsonc-parser, the yaml library, smol-toml) descend recursively, so a file of a few thousand `[`
// overflows the stack. Real configs nest a few dozen levels; deeper input is refused with a parse
// error, never handed to a parser. (The HCL parser counts its own depth against MAX_NESTING.)

/** The deepest any real config nests; the refusal message names it. */
export const MAX_NESTING = 256;

/**
 * Whether brackets and braces outside quoted strings nest deeper than `max`. One pass; quotes are
 * tracked for `"` (and `'`, unless `json` is set) with backslash escapes, comments are not (a
 * bracket in a comment only makes the count more cautious).
 *
 * With `json`, the count follows jsonc-parser: there are no single-quoted strings (counting one
 * would hide the brackets after it), parentheses are not brackets, and a closer that does not match
 * the innermost opener closes nothing (the parser reports it and stays at its depth).
 */
export function nestsDeeperThan(text: string, max = MAX_NESTING, json = false): boolean {
  let depth = 0;
  let quote = 0;
  // For JSON: the openers still open, as a bit per level (1: `{`), in a growable byte stack.
  const open = json ? new Uint8Array(max + 1) : undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === 92) i++;
      else if (c === quote || c === 10) quote = 0;
    } else if (c === 34 || (c === 39 && !json)) quote = c;
    else if (c === 91 || c === 123 || (c === 40 && !json)) {
      if (++depth > max) return true;
      if (open) open[depth] = c === 123 ? 1 : 0;
    } else if ((c === 93 || c === 125 || (c === 41 && !json)) && depth > 0) {
      if (!open || open[depth] === (c === 125 ? 1 : 0)) depth--;
    }
  }
  return false;
}

/**
 * Whether block indentation nests deeper than `max` levels (YAML maps and lists by indentation):
 * a line more indented than the one before opens a level, and so does each `- ` of a compact
 * nested sequence (`- - - x` is three).
 */
export function indentsDeeperThan(text: string, max = MAX_NESTING): boolean {
  const stack: number[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let indent = 0;
    let markers = 0;
    for (let c = text.charCodeAt(start); start + indent < end && (c === 32 || c === 45); c = text.charCodeAt(start + ++indent)) {
      if (c === 45 && text.charCodeAt(start + indent + 1) === 32) markers++;
    }
    if (start + indent < end && text.charCodeAt(start + indent) !== 35) {
      while (stack.length > 0 && (stack[stack.length - 1] as number) >= indent) stack.pop();
      stack.push(indent);
      if (stack.length + markers > max) return true;
    }
    start = end + 1;
  }
  return false;
}
