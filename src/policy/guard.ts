// The run-time gate: given one tool call an agent is about to make, deny it when it destroys
// something, ask a human when it may and nothing on the line says which, and stay silent
// otherwise. The same command model as the scanner decides (commands.ts); this module adds only
// what a single concrete call can tell and a policy cannot: where the command runs (so
// `rm -rf ./dist` inside the project passes and `rm -rf ~` does not), and which MCP tool is called.

import { isAbsolute, relative, resolve } from 'node:path';
import { effectsOfCommand, type Effect } from './commands.js';
import { judgeMcpServer, type McpServerConfig } from './mcp-servers.js';
import { commandsIn, programName, type SimpleCommand } from './shell.js';

export type GuardVerdict = { decision: 'deny' | 'ask'; reason: string };

export interface GuardContext {
  /** The directory the command runs in (the project, for an agent started there). */
  cwd?: string;
  /** The user's home directory. */
  home?: string;
  /** `guard.allow` from `.blast-radius.yml`: command prefixes (with `*`) and MCP tool names a team accepts. */
  allow?: readonly string[];
  /** MCP servers the project declares, by name, to tell a read-only server from a destructive one. */
  mcpServers?: Readonly<Record<string, McpServerConfig>>;
}

/** Whether a hook command runs `blast-radius guard` (through npx, a path to the bin, or on PATH). */
export const isGuardCommand = (command: string): boolean => /\bblast-radius(?:\.cjs)?["']?(?:@[\w.^~-]+)?\s+guard\b/.test(command);

/**
 * The matchers of Claude Code's PreToolUse hook groups that run `blast-radius guard` (an empty
 * string for a group without one). The scanner counts such a hook as a gate; `fix --guard` adds one.
 */
export function guardHookMatchers(settings: unknown): string[] {
  const groups = (settings as { hooks?: { PreToolUse?: unknown } } | null | undefined)?.hooks?.PreToolUse;
  if (!Array.isArray(groups)) return [];
  return groups.flatMap((group: unknown) => {
    const { matcher, hooks } = (group ?? {}) as { matcher?: unknown; hooks?: unknown };
    const runsGuard = Array.isArray(hooks) && hooks.some((h: unknown) => typeof (h as { command?: unknown } | null)?.command === 'string' && isGuardCommand((h as { command: string }).command));
    return runsGuard ? [typeof matcher === 'string' ? matcher : ''] : [];
  });
}

/** Glob-like `guard.allow` entries: `*` matches any run of characters; the rest is literal. */
function allowMatcher(allow: readonly string[] | undefined): (text: string) => boolean {
  if (!allow || allow.length === 0) return () => false;
  const patterns = allow.map((a) => {
    const parts = a.trim().split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
    // A pattern without a wildcard is a command prefix, as allow rules of the agents are.
    return new RegExp(`^${parts.join('.*')}${a.includes('*') ? '$' : '(\\s.*)?$'}`, 's');
  });
  return (text) => patterns.some((p) => p.test(text));
}

const TEMP = /^(\/tmp|\/var\/tmp|\/private\/tmp|\$TMPDIR|\$\{TMPDIR\})(\/|$)/;

/**
 * Whether `rm` stays inside the project: every target is a path strictly below the working
 * directory (not the directory itself, nor a glob over it) or in a temporary directory.
 */
function removesOnlyInside(words: readonly string[], cwd: string | undefined, home: string | undefined): boolean {
  let options = true;
  const targets: string[] = [];
  for (const w of words.slice(1)) {
    if (options && w === '--') options = false;
    else if (options && w.startsWith('-') && w !== '-') continue;
    else targets.push(w);
  }
  if (targets.length === 0) return false;
  return targets.every((t) => {
    if (TEMP.test(t) && !t.includes('..')) return true;
    if (!cwd || /^[~$]/.test(t) || /^\.?\/?\*?$/.test(t)) return false;
    const abs = resolve(cwd, t);
    const rel = relative(cwd, abs);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return false;
    return !(home && resolve(home) === abs);
  });
}

/** Destructive effects whose outcome a human should weigh rather than a rule forbid outright. */
function askRather(effect: Effect, cmd: SimpleCommand): boolean {
  const [first, ...args] = cmd.words;
  const name = programName(first ?? '');
  const sub = args.find((a) => !a.startsWith('-'));
  if (effect.family === 'iac') return sub === 'apply' || sub === 'import';
  if (effect.family === 'kubernetes') return sub !== 'delete' && sub !== 'drain';
  if (effect.family === 'git') return sub === 'reset' || sub === 'clean';
  if (effect.family === 'github') return !args.some((a) => /^(-X|--method)?=?DELETE$/i.test(a)) && args[0] === 'api';
  if (effect.family === 'http') return !/\b(DELETE|[a-z]+Delete|delete[A-Z]\w*|drop|destroy)\b/.test(args.join(' '));
  if (effect.family === 'platform') return name === 'rclone' && sub === 'sync';
  return false;
}

/** Inline code that deletes, written in the languages agents reach for. */
const DESTRUCTIVE_CODE = /\b(rmtree|rmSync|rmdirSync|unlinkSync|os\.remove|os\.unlink|os\.rmdir|FileUtils\.rm|File\.delete|unlink\(|remove_dir_all|drop\s+(table|database|schema)|truncate\s+table|delete\s+from|flushall|dropDatabase|deleteMany)\b/i;

/** The verdict on one shell command line, or undefined when it may run. */
export function judgeShellCommand(line: string, context: GuardContext = {}): GuardVerdict | undefined {
  const allowed = allowMatcher(context.allow);
  let ask: GuardVerdict | undefined;
  // Innermost first, so the reason names the command that deletes rather than the shell around it.
  const commands = commandsIn(line).sort((a, b) => b.via.length - a.via.length);
  // What a runner or wrapper runs (`npx supabase db reset` runs `supabase db reset`) is accepted
  // with it: the outer command is skipped when it ends with an accepted inner one.
  const accepted = commands.map((c) => c.words.join(' ')).filter(allowed);
  for (const cmd of commands) {
    const text = cmd.words.join(' ');
    if (accepted.some((a) => text === a || text.endsWith(` ${a}`))) continue;
    const first = cmd.words[0] ?? '';
    const name = programName(first);
    for (const effect of effectsOfCommand(cmd)) {
      if (effect.capability === 'destructive') {
        if (effect.family === 'filesystem' && name === 'rm' && removesOnlyInside(cmd.words, context.cwd, context.home)) continue;
        const verdict: GuardVerdict = { decision: askRather(effect, cmd) ? 'ask' : 'deny', reason: reasonFor(effect, cmd) };
        if (verdict.decision === 'deny') return verdict;
        ask ??= verdict;
      } else if (effect.capability === 'arbitrary-exec' && effect.family === 'interpreter' && DESTRUCTIVE_CODE.test(cmd.words.slice(1).join(' '))) {
        ask ??= { decision: 'ask', reason: `blast-radius guard: \`${name}\` runs inline code that deletes files or data` };
      }
    }
    // A program named by a variable (`$CMD`, `bash -c "$X"`) runs whatever the variable holds then.
    if (/^\$/.test(first) && cmd.via.length > 0) ask ??= { decision: 'ask', reason: `blast-radius guard: runs a command held in \`${first}\`, which cannot be judged before it runs` };
    if (name === 'rm' && cmd.via.includes('xargs') && cmd.words.slice(1).every((w) => w.startsWith('-')) && cmd.words.some((w) => /^-\w*[rR]/.test(w)))
      ask ??= { decision: 'ask', reason: 'blast-radius guard: `xargs rm -r` deletes whatever paths it is fed' };
  }
  return ask;
}

function reasonFor(effect: Effect, cmd: SimpleCommand): string {
  const via = cmd.via.length > 0 ? ` (inside ${cmd.via.join(' → ')})` : '';
  return `blast-radius guard: ${effect.reason}${via}`;
}

/** MCP tool names that delete, and those that write or run something. */
const DELETE_WORDS = 'delete|drop|remove|destroy|purge|truncate|wipe|reset|terminate|rm|uninstall|flush';
const WRITE_WORDS = 'execute|exec|run|apply|write|push|merge|update|create|insert|put|set|patch|deploy|restore|migrate';
const capitalized = (verbs: string): string => verbs.replace(/(^|\|)([a-z])/g, (_, bar: string, c: string) => bar + c.toUpperCase());
/** A verb as a word of a snake_case, kebab-case or camelCase tool name (`volume_delete`, `deleteProject`, `volumeDelete`). */
function toolVerb(verbs: string): (tool: string) => boolean {
  const snake = new RegExp(`(^|[_-])(${verbs})([_-]|$)`, 'i');
  const camel = new RegExp(`^(${verbs})[A-Z]|[a-z](${capitalized(verbs)})([A-Z_]|$)`);
  return (tool) => snake.test(tool) || camel.test(tool);
}
const deletes = toolVerb(DELETE_WORDS);
const writes = toolVerb(WRITE_WORDS);

/** Splits `mcp__server__tool` (server names may hold underscores; the tool is after the last `__`). */
export function mcpToolParts(toolName: string): { server: string; tool: string } | undefined {
  const last = toolName.lastIndexOf('__');
  if (!toolName.startsWith('mcp__') || last <= 5 || last + 2 >= toolName.length) return undefined;
  return { server: toolName.slice(5, last), tool: toolName.slice(last + 2) };
}

/** The verdict on one MCP tool call, or undefined when it may run. */
export function judgeMcpTool(toolName: string, context: GuardContext = {}): GuardVerdict | undefined {
  const parts = mcpToolParts(toolName);
  if (!parts) return undefined;
  if (allowMatcher(context.allow)(toolName)) return undefined;
  const config = context.mcpServers?.[parts.server];
  const verdict = config ? judgeMcpServer({ ...config, name: parts.server }) : undefined;
  // A server the table knows to be read-only as configured has no tool that writes.
  if (verdict?.identified && verdict.readOnly) return undefined;
  if (deletes(parts.tool)) return { decision: 'deny', reason: `blast-radius guard: \`${parts.tool}\` on MCP server \`${parts.server}\` deletes${verdict?.safetySwitch ? `; ${verdict.safetySwitch}` : ''}` };
  if (writes(parts.tool) && (verdict === undefined || verdict.destructive))
    return { decision: 'ask', reason: `blast-radius guard: \`${parts.tool}\` on MCP server \`${parts.server}\` writes or runs code` };
  return undefined;
}
