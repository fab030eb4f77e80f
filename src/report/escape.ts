// Repository text in human output. File names, keys and values come from the repository, which a
// stranger's pull request controls: in a terminal an escape sequence can rewrite the screen, a
// BiDi override can reorder what is shown, a line break can forge a line (in an Actions log, one
// that GitHub reads as a workflow command); in Markdown a backtick or bracket can open live links
// and remote images. These helpers make such text inert where it is printed.

/** C0 and C1 controls (tab excepted), DEL, and the Unicode BiDi controls and line separators. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const code = (c: string): string => {
  const n = c.charCodeAt(0);
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
};

/** Text for a terminal or a log line: every control character shown as `\xNN` / `\uNNNN`. */
export const terminalSafe = (s: string): string => s.replace(UNSAFE, code);

/**
 * Text for Markdown that renders as itself: controls escaped as above, HTML's `<`, `>` and `&` as
 * entities, and the punctuation that opens inline constructs backslash-escaped (code spans,
 * emphasis, links and images, table cells, strikethrough), so none can be opened. The text goes
 * inline, never at a line's start, so list and heading markers need no escape.
 */
export const markdownText = (s: string): string =>
  terminalSafe(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]()!|~]/g, '\\$&');

/**
 * A Markdown code span (inside which nothing is a link, an image or HTML) that holds `s` whatever
 * it contains: fenced by one more backtick than its longest run of them, controls escaped, and
 * pipes escaped for table cells.
 */
export function codeSpan(s: string): string {
  const text = terminalSafe(s).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
