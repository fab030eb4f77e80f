// Shell command lines as the commands they run. A line such as
// `FOO=1 timeout 5 bash -c 'npx prisma migrate reset && rm -rf ~'` is one command to a glance and
// four to a shell; this module returns the simple commands a shell would execute: split at `&&`,
// `||`, `;`, pipes and subshells, with `$(…)` and backtick substitutions, `bash -c`/`sh -c`/`eval`
// strings and wrappers (`env`, `sudo`, `xargs`, `find -exec` …) followed. Tokenizing (quotes,
// escapes, operators, comments) is shell-quote's; following is a work list, never recursion on the
// input, with a budget on how much of it is read.

import { parse } from 'shell-quote';
import { table } from './table.js';

/** One command a shell would run: its words with quotes removed, and the env assignments before it. */
export interface SimpleCommand {
  words: string[];
  assignments: string[];
  /** The wrappers and shells it was found inside, outermost first (`sudo`, `bash -c`, `xargs`). */
  via: string[];
}

/** Programs that run the command given as their remaining arguments, with the options they take before it. */
const WRAPPERS: Record<string, { valued?: readonly string[]; positional?: number }> = table({
  env: { valued: ['-u', '--unset', '-C', '--chdir', '-S', '--split-string'] },
  command: {},
  builtin: {},
  exec: { valued: ['-a'] },
  nohup: {},
  nice: { valued: ['-n', '--adjustment'] },
  ionice: { valued: ['-c', '-n', '-p'] },
  time: { valued: ['-f', '-o'] },
  timeout: { valued: ['-s', '--signal', '-k', '--kill-after'], positional: 1 },
  sudo: { valued: ['-u', '--user', '-g', '--group', '-C', '-D', '--chdir', '-h', '--host', '-p', '--prompt', '-r', '--role', '-t', '--type', '-U', '--other-user', '-T', '--command-timeout'] },
  doas: { valued: ['-u', '-C'] },
  stdbuf: { valued: ['-i', '-o', '-e'] },
  setsid: {},
  chronic: {},
  unbuffer: {},
  caffeinate: {},
  xargs: { valued: ['-I', '-i', '-L', '-l', '-n', '-P', '-s', '-d', '-E', '-e', '-a', '--arg-file', '--delimiter', '--max-args', '--max-procs', '--replace'] },
  watch: { valued: ['-n', '--interval', '-d', '--differences'] },
  flock: { valued: ['-w', '--timeout', '-E', '-c'], positional: 1 },
  parallel: { valued: ['-j', '--jobs'] },
  entr: {},
  dotenv: { valued: ['-e', '-v', '-c'] },
  dotenvx: {},
  'cross-env': {},
});

/** Whether a program runs the command its arguments name (a wrapper above, or `script -c`). */
export const runsItsArguments = (name: string): boolean => Object.hasOwn(WRAPPERS, name) || name === 'script';

/** Package runners: the package they are given runs with the rest of the words (`npx prisma migrate reset`). */
const RUNNERS: Record<string, readonly string[] | true> = table({
  npx: true, bunx: true, pnpx: true, uvx: true, npm: ['exec', 'x'], pnpm: ['dlx', 'exec'], yarn: ['dlx', 'exec'], bun: ['x'], uv: ['run'],
  pipx: ['run'], poetry: ['run'], pdm: ['run'], hatch: ['run'], bundle: ['exec'], mise: ['exec', 'x'], pixi: ['run', 'exec'], rye: ['run'],
});
const RUNNER_VALUED = new Set(['-p', '--package', '--from', '--with', '-c', '--call', '--python', '--directory', '--project', '-e', '--env']);

/** The command a package runner runs, when the line names one (`npx -y prisma migrate reset` → `prisma migrate reset`). */
function runnerCommand(name: string, words: readonly string[]): string[] | undefined {
  const entry = RUNNERS[name];
  if (!entry) return undefined;
  let i = 1;
  if (entry !== true) {
    while (i < words.length && (words[i] as string).startsWith('-')) i++;
    if (!entry.includes(words[i] as string)) return undefined;
    i++;
  }
  while (i < words.length && (words[i] as string).startsWith('-')) i += RUNNER_VALUED.has(words[i] as string) ? 2 : 1;
  const rest = words.slice(i);
  // `npx prisma@5 …` runs `prisma`.
  if (rest[0]) rest[0] = rest[0].replace(/^(@?[^@]+)@[^/]*$/, '$1').replace(/^@[^/]+\//, '');
  return rest.length > 0 ? rest : undefined;
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'ash', 'busybox', 'pwsh', 'powershell', 'cmd', 'cmd.exe', 'su']);
const SEPARATORS = new Set(['&&', '||', ';', '|', '&', '|&', ';;', '(', ')', '<(', '>(']);
const REDIRECTS = new Set(['>', '>>', '<', '>&', '<&', '<<', '<<<', '>|', '&>', '&>>']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The program's own name: `/usr/bin/python3` and `python3.exe` are `python3`. */
export const programName = (word: string): string => (word.split(/[\\/]/).pop() ?? word).replace(/\.exe$/i, '');

/** Where the command a wrapper runs starts among its words (after the wrapper's own options). */
export const wrappedStart = (name: string, words: readonly string[]): number => words.length - afterWrapper(name, words).length;

/** Words after the wrapper's own options and positional arguments: the command it runs. */
function afterWrapper(name: string, words: readonly string[]): string[] {
  const spec = WRAPPERS[name] ?? {};
  let i = 1;
  let positional = spec.positional ?? 0;
  while (i < words.length) {
    const w = words[i] as string;
    if (w === '--') return words.slice(i + 1);
    if (name === 'env' && ASSIGNMENT.test(w)) i++;
    else if (w.startsWith('-') && w.length > 1) i += spec.valued?.includes(w) ? 2 : 1;
    else if (positional > 0) {
      positional--;
      i++;
    } else break;
  }
  return words.slice(i);
}

/** The string a shell is told to run with `-c` (`/c` for cmd, `-Command` for PowerShell), if any. */
export function shellScript(words: readonly string[]): string | undefined {
  const name = programName(words[0] ?? '').toLowerCase();
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    const lower = w.toLowerCase();
    if ((name === 'cmd' || name === 'cmd.exe') && (lower === '/c' || lower === '/k')) return words.slice(i + 1).join(' ');
    if ((name === 'pwsh' || name === 'powershell') && (lower === '-command' || lower === '-c')) return words.slice(i + 1).join(' ');
    if (/^-[a-z]*c[a-z]*$/i.test(w) && !w.startsWith('--')) return words[i + 1];
    if (!w.startsWith('-')) return undefined;
  }
  return undefined;
}

/** `find … -exec CMD {} ;` and `-execdir`/`-ok`: the commands find runs. */
function findCommands(words: readonly string[]): string[][] {
  const found: string[][] = [];
  for (let i = 1; i < words.length; i++) {
    if (!/^-(exec|execdir|ok|okdir)$/.test(words[i] as string)) continue;
    const end = words.findIndex((w, j) => j > i && (w === ';' || w === '+' || w === '\\;'));
    found.push(words.slice(i + 1, end === -1 ? undefined : end).filter((w) => w !== '{}'));
    if (end === -1) break;
    i = end;
  }
  return found;
}

/** Every `` `…` `` substitution inside a word (shell-quote keeps them as text). */
function backticks(word: string): string[] {
  const parts = word.split('`');
  return parts.filter((_, i) => i % 2 === 1);
}

/**
 * The longest command line read, in characters: a real one is a few kilobytes; a repository can
 * hold a line of megabytes, whose words are not worth the tokenizer's time (about 40 µs a line).
 */
export const MAX_LINE = 64 * 1024;

/** A budget on how many words one line may expand to, so a hostile line costs bounded time. */
const MAX_WORDS = 20_000;
const MAX_SCRIPTS = 256;

/** The simple commands a shell runs for this line, nested shells and wrappers followed. */
export function commandsIn(line: string): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  const scripts: { text: string; via: string[] }[] = [{ text: line, via: [] }];
  const pending: SimpleCommand[] = [];
  let words = 0;
  let scriptsRead = 0;
  while ((scripts.length > 0 || pending.length > 0) && words < MAX_WORDS) {
    const next = scripts.pop();
    if (next) {
      if (++scriptsRead > MAX_SCRIPTS) break;
      pending.push(...splitScript(next.text, next.via));
      continue;
    }
    const cmd = pending.pop() as SimpleCommand;
    words += cmd.words.length;
    const [first] = cmd.words;
    if (first === undefined) continue;
    out.push(cmd);
    for (const w of cmd.words) for (const inner of backticks(w)) scripts.push({ text: inner, via: [...cmd.via, '`…`'] });
    const name = programName(first);
    const lower = name.toLowerCase();
    if (SHELLS.has(lower)) {
      const script = shellScript(cmd.words);
      if (script !== undefined) scripts.push({ text: script, via: [...cmd.via, `${name} -c`] });
    } else if (name === 'eval') scripts.push({ text: cmd.words.slice(1).join(' '), via: [...cmd.via, 'eval'] });
    else if (name === 'find') for (const inner of findCommands(cmd.words)) pending.push({ words: inner, assignments: [], via: [...cmd.via, 'find -exec'] });
    else if (name === 'watch') scripts.push({ text: afterWrapper(name, cmd.words).join(' '), via: [...cmd.via, 'watch'] });
    else if (name === 'script') {
      const i = cmd.words.findIndex((w) => w === '-c' || w === '--command');
      if (i > 0 && cmd.words[i + 1] !== undefined) scripts.push({ text: cmd.words[i + 1] as string, via: [...cmd.via, 'script -c'] });
    } else if (RUNNERS[name] && runnerCommand(name, cmd.words)) pending.push({ words: runnerCommand(name, cmd.words) as string[], assignments: [], via: [...cmd.via, name] });
    else if (Object.hasOwn(WRAPPERS, name)) {
      const rest = afterWrapper(name, cmd.words);
      const assignments = name === 'env' ? cmd.words.slice(1).filter((w) => ASSIGNMENT.test(w)) : [];
      if (rest.length > 0) pending.push({ words: rest, assignments, via: [...cmd.via, name] });
    }
  }
  return out;
}

/** One script's simple commands, before any nesting is followed. */
function splitScript(text: string, via: string[]): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let current: string[] = [];
  let skipNext = false;
  const flush = (): void => {
    let i = 0;
    while (i < current.length && ASSIGNMENT.test(current[i] as string)) i++;
    if (current.length > 0) commands.push({ words: current.slice(i), assignments: current.slice(0, i), via });
    current = [];
  };
  const tokens: ReturnType<typeof parse> = [];
  for (const line of scriptLines(text.slice(0, MAX_LINE * 4).replace(/\r/g, ''))) {
    try {
      // Variables stay as written (`$HOME`), not expanded to the empty string.
      for (const t of parse(line.slice(0, MAX_LINE), (key) => `$${key}`)) tokens.push(t);
      tokens.push({ op: ';' });
    } catch {
      tokens.push({ op: ';' });
    }
  }
  for (const t of tokens) {
    if (typeof t === 'string') {
      if (skipNext) skipNext = false;
      else if (t === '$') continue;
      else current.push(t);
    } else if ('comment' in t) {
      flush();
    } else if ('op' in t) {
      if (t.op === 'glob') current.push((t as { pattern: string }).pattern);
      else if (REDIRECTS.has(t.op)) skipNext = true;
      else if (SEPARATORS.has(t.op)) flush();
    }
  }
  flush();
  return commands;
}

/**
 * The script's lines: newlines outside quotes end a command, as `;` does (shell-quote reads them as
 * blanks, and a comment would swallow the lines after it); a backslash before a newline continues
 * the line. One pass, tracking the quote state.
 */
export function scriptLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  let joined = '';
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quote !== "'") {
      if (text[i + 1] === '\n') {
        joined += `${text.slice(start, i)} `;
        start = i + 2;
      }
      i++;
    } else if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '\n') {
      lines.push(joined + text.slice(start, i));
      joined = '';
      start = i + 1;
    }
  }
  lines.push(joined + text.slice(start));
  return lines.filter((l) => l.trim() !== '');
}

/** The words of a command line with quotes removed (operators and comments dropped): for reading flags. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  for (const line of scriptLines(text.slice(0, MAX_LINE * 4).replace(/\r/g, ''))) {
    try {
      for (const t of parse(line.slice(0, MAX_LINE), (key) => `$${key}`)) if (typeof t === 'string') words.push(t);
    } catch {
      // An unterminated quote: nothing more to read on this line.
    }
  }
  return words;
}
