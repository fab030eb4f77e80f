// Shell scripts, Makefile recipes, crontab lines and `run:` blocks as logical commands:
// comments dropped, backslash continuations joined, each command with the line it starts on.

export interface ShellCommand {
  text: string;
  line: number;
}

/** Each logical line: comment lines dropped, backslash continuations joined, with its first line. */
export function logicalLines(text: string, firstLine = 1): ShellCommand[] {
  const out: ShellCommand[] = [];
  const lines = text.split(/\r?\n/);
  let buffer = '';
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    // A comment ends at the newline, even when it ends in a backslash.
    const stripped = buffer === '' && /^\s*#/.test(raw) ? '' : raw;
    if (buffer === '') start = i;
    if (stripped.endsWith('\\')) {
      buffer += stripped.slice(0, -1) + ' ';
      continue;
    }
    buffer += stripped;
    if (buffer.trim() !== '') out.push({ text: buffer.trim(), line: start + firstLine });
    buffer = '';
  }
  if (buffer.trim() !== '') out.push({ text: buffer.trim(), line: start + firstLine });
  return out;
}

/** Each command of each logical line, split at `;`, `&&` and `||` (pipelines stay whole). */
export function shellCommands(text: string, firstLine = 1): ShellCommand[] {
  return logicalLines(text, firstLine).flatMap(({ text: line, line: at }) =>
    line
      // Split at the operator alone and trim after: `\s*` on both sides of it made a long run of
      // blanks quadratic (every start in the run scanned to its end).
      .split(/;|&&|\|\|/)
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .map((part) => ({ text: part, line: at })),
  );
}
