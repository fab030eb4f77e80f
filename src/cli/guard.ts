// `blast-radius guard`: a PreToolUse hook for Claude Code (and a BeforeTool hook for Gemini CLI).
// The agent runs it before every tool call with the call as JSON on standard input; it prints a
// decision only for a call that destroys something (deny) or may (ask), and nothing otherwise.
// It always exits 0: a hook that fails must not block every call, and one that crashes must not
// pass as a decision. Malformed input gets no decision and one line on standard error.
//
// It runs on every tool call, so it loads only the command model: the YAML library is read only
// when the project has a `.blast-radius.yml`, and nothing touches the network.

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { ConfigError, loadConfig } from '../engine/config.js';
import { PlainFileError, readPlainFile } from '../engine/plain-file.js';
import { jsoncValue } from '../parsers/jsonc.js';
import { judgeMcpTool, judgeShellCommand, type GuardContext, type GuardVerdict } from '../policy/guard.js';
import type { McpServerConfig } from '../policy/mcp-servers.js';
import { standardSink, type TextSink } from './stdio.js';

export { outputPending } from './stdio.js';

export interface GuardIo {
  stdout: TextSink;
  stderr: TextSink;
  env: NodeJS.ProcessEnv;
  cwd: string;
  readStdin: () => Promise<string>;
}

export type HookFormat = 'claude' | 'gemini';

/** The largest hook payload read; a tool call's JSON is a few kilobytes. */
const MAX_INPUT = 4 * 1024 * 1024;

export const GUARD_USAGE = `Usage: blast-radius guard [--agent claude|gemini]

  Reads one tool call as a hook's JSON on standard input and prints a decision for a call that
  destroys something (deny) or may (ask). Prints nothing for anything else. Always exits 0.

  Claude Code: a PreToolUse hook in .claude/settings.json (\`blast-radius fix --guard --write\`).
  Gemini CLI:  a BeforeTool hook in .gemini/settings.json (the agent is told by hook_event_name).
  Teams accept commands with guard.allow in .blast-radius.yml.
`;

/** Settings files the guard's own policy lives in: an agent changing them is asked about first. */
const POLICY_FILES = /(^|\/)(\.blast-radius\.ya?ml|\.claude\/settings(\.local)?\.json|\.gemini\/settings\.json)$/;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Reads standard input whole, up to MAX_INPUT bytes. */
export function readStandardInput(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    process.stdin.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_INPUT) {
        process.stdin.destroy();
        reject(new Error(`input is larger than ${MAX_INPUT} bytes`));
      } else chunks.push(chunk);
    });
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

function readJsonFile(path: string): unknown {
  try {
    return jsoncValue(readPlainFile(path, 'settings'));
  } catch (e) {
    if (e instanceof PlainFileError) return undefined;
    throw e;
  }
}

/** The MCP servers the project declares, by name: `.mcp.json` for Claude Code, `.gemini/settings.json` for Gemini CLI. */
function projectServers(dir: string, format: HookFormat): Record<string, McpServerConfig> {
  const path = format === 'gemini' ? join(dir, '.gemini', 'settings.json') : join(dir, '.mcp.json');
  if (!existsSync(path)) return {};
  const doc = readJsonFile(path);
  const servers = isObject(doc) && isObject(doc.mcpServers) ? doc.mcpServers : {};
  const out: Record<string, McpServerConfig> = Object.create(null) as Record<string, McpServerConfig>;
  for (const [name, server] of Object.entries(servers)) if (isObject(server)) out[name] = { ...server, name };
  return out;
}

/** `guard.allow` of the project's `.blast-radius.yml`, when it has one. */
function projectAllow(dir: string): string[] {
  const path = join(dir, '.blast-radius.yml');
  if (!existsSync(path)) return [];
  return loadConfig(path, true).guard.allow;
}

/** The decision on one hook payload, or undefined to let the call run. */
export function decide(payload: Record<string, unknown>, format: HookFormat, context: GuardContext): GuardVerdict | undefined {
  const tool = typeof payload.tool_name === 'string' ? payload.tool_name : '';
  const input = isObject(payload.tool_input) ? payload.tool_input : {};
  if (tool === 'Bash' || tool === 'run_shell_command' || tool === 'shell') {
    return typeof input.command === 'string' ? judgeShellCommand(input.command, context) : undefined;
  }
  if (tool.startsWith('mcp__')) return judgeMcpTool(tool, context);
  const file = typeof input.file_path === 'string' ? input.file_path : typeof input.path === 'string' ? input.path : undefined;
  if (file !== undefined && /^(Write|Edit|MultiEdit|write_file|replace)$/.test(tool) && POLICY_FILES.test(file.replace(/\\/g, '/')))
    return { decision: 'ask', reason: `blast-radius guard: ${basename(file)} holds the agent's own approval policy; a person decides whether it changes` };
  return undefined;
}

function render(verdict: GuardVerdict, format: HookFormat): string {
  if (format === 'gemini') {
    // Gemini CLI's BeforeTool has no "ask": what needs a person is refused with the reason.
    const reason = verdict.decision === 'ask' ? `${verdict.reason} (needs a person: run it yourself, or accept it with guard.allow in .blast-radius.yml)` : verdict.reason;
    return JSON.stringify({ decision: 'deny', reason });
  }
  return JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: verdict.decision, permissionDecisionReason: verdict.reason } });
}

/** `blast-radius guard [--agent claude|gemini]`. Always 0, except for a usage error (2). */
export async function runGuard(argv: readonly string[], io: GuardIo): Promise<number> {
  let forced: HookFormat | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') {
      io.stdout.write(GUARD_USAGE);
      return 0;
    }
    const value = arg.startsWith('--agent=') ? arg.slice(8) : arg === '--agent' ? argv[++i] : undefined;
    if (value === undefined || !/^(claude|gemini)$/i.test(value)) {
      io.stderr.write(`blast-radius guard: ${value === undefined ? `unknown argument "${arg}"` : `--agent must be claude or gemini (got "${value}")`}\n${GUARD_USAGE}`);
      return 2;
    }
    forced = value.toLowerCase() as HookFormat;
  }
  try {
    return await guardCall(forced, io);
  } catch (e) {
    return fail(`internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, io);
  }
}

function fail(message: string, io: GuardIo): number {
  io.stderr.write(`blast-radius guard: ${message}; no decision made\n`);
  return 0;
}

async function guardCall(forced: HookFormat | undefined, io: GuardIo): Promise<number> {
  let payload: unknown;
  try {
    payload = JSON.parse(await io.readStdin());
  } catch (e) {
    return fail(e instanceof SyntaxError ? 'standard input is not JSON' : `cannot read standard input (${e instanceof Error ? e.message : String(e)})`, io);
  }
  if (!isObject(payload) || typeof payload.tool_name !== 'string') return fail('standard input is not a tool-call hook payload (no tool_name)', io);
  const format: HookFormat = forced ?? (payload.hook_event_name === 'BeforeTool' ? 'gemini' : 'claude');
  const cwd = typeof payload.cwd === 'string' && payload.cwd !== '' ? payload.cwd : io.cwd;
  const project = io.env.CLAUDE_PROJECT_DIR || io.env.GEMINI_PROJECT_DIR || cwd;
  let allow: string[] = [];
  try {
    allow = projectAllow(project);
  } catch (e) {
    // A config that cannot be read accepts nothing: the guard keeps its full policy.
    if (!(e instanceof ConfigError)) throw e;
    io.stderr.write(`blast-radius guard: ${e.message}; guard.allow is not applied\n`);
  }
  const context: GuardContext = { cwd, home: io.env.HOME || homedir(), allow, mcpServers: payload.tool_name.startsWith('mcp__') ? projectServers(project, format) : {} };
  const verdict = decide(payload, format, context);
  if (verdict) io.stdout.write(`${render(verdict, format)}\n`);
  return 0;
}

/** The guard as bin/blast-radius.cjs runs it, from its own small bundle (build/cli/guard.cjs). */
export const guardMain = (argv: readonly string[]): Promise<number> =>
  runGuard(argv, { stdout: standardSink(1), stderr: standardSink(2), env: process.env, cwd: process.cwd(), readStdin: readStandardInput });
