// Shell scripts, Makefile recipes, crontab lines and `run:` blocks as logical commands:
// comments dropped, backslash continuations joined, each command with the line it starts on.

export interface ShellCommand {
  text: string;
  line: number;
}

export function shellCommands(text: string, firstLine = 1): ShellCommand[] {
  const out: ShellCommand[] = [];
  const lines = text.split(/\r?\n/);
  let buffer = '';
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const stripped = buffer === '' && /^\s*#/.test(raw) ? '' : raw;
    if (buffer === '') start = i;
    if (stripped.endsWith('\\')) {
      buffer += stripped.slice(0, -1) + ' ';
      continue;
    }
    buffer += stripped;
    for (const part of buffer.split(/\s*(?:;|&&|\|\|)\s*/)) {
      const t = part.trim();
      if (t !== '') out.push({ text: t, line: start + firstLine });
    }
    buffer = '';
  }
  if (buffer.trim() !== '') out.push({ text: buffer.trim(), line: start + firstLine });
  return out;
}
