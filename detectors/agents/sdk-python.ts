// Claude Agent SDK for Python (`claude_agent_sdk`, formerly `claude_code_sdk`), agent-configs.md §2:
// `ClaudeAgentOptions(permission_mode="bypassPermissions")` runs every tool unasked, and a
// `can_use_tool` callback is then never reached; `allowed_tools` naming bare `Bash` pre-approves
// every shell command. Read from the text of each options call, with string literals skipped
// while matching its parentheses; an argument that is not a literal is left alone. Options with
// `hooks` are left alone too: a PreToolUse hook runs first and can deny, even in bypass mode.
// In test code the finding is capped at medium.

import { isTestCode } from '../../src/engine/classify.js';
import type { ProbeId, ProbeOutcome } from '../../src/engine/facts.js';
import type { FileContext } from '../../src/engine/types.js';
import { sdkSurface, SHELL_PROBES } from './probes.js';

export const PYTHON_SDK = /^\s*(?:from|import)\s+claude_(?:agent|code)_sdk\b/m;
const OPTIONS_CALL = /\b(?:ClaudeAgentOptions|ClaudeCodeOptions)\s*\(/g;
/** An options call longer than this is not read (a generated file, or unbalanced parentheses). */
const MAX_CALL = 20_000;

/** The text of a call's arguments, from its `(` to the matching `)`; undefined when not closed within MAX_CALL. */
function callArguments(text: string, open: number): string | undefined {
  let depth = 0;
  let quote: string | undefined;
  const end = Math.min(text.length, open + MAX_CALL);
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#') i = text.indexOf('\n', i) === -1 ? end : text.indexOf('\n', i);
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return undefined;
}

export function checkPythonSdk(ctx: FileContext): void {
  const { file } = ctx;
  for (const m of file.text.matchAll(OPTIONS_CALL)) {
    const open = m.index + m[0].length - 1;
    const args = callArguments(file.text, open);
    if (args === undefined) continue;
    const mode = /\bpermission_mode\s*=\s*(["'])(\w+)\1/.exec(args);
    const allowed = /\ballowed_tools\s*=\s*\[([^\]]*)\]/.exec(args);
    const bareBash = allowed ? [...(allowed[1] ?? '').matchAll(/(["'])(Bash(?:\(\*\))?)\1/g)].map((t) => t[2])[0] : undefined;
    const bypass = mode?.[2] === 'bypassPermissions';
    const hooked = /\bhooks\s*=/.test(args);
    const opener = hooked ? undefined : bypass ? mode : bareBash ? allowed : undefined;
    const at = file.atOffset(opener ? open + 1 + opener.index : m.index, opener ? opener[0].length : m[0].length);
    const probes: Partial<Record<ProbeId, ProbeOutcome>> = {};
    for (const p of SHELL_PROBES) probes[p.id] = opener ? 'allow' : mode?.[2] === 'dontAsk' ? 'deny' : 'ask';
    const line = at.line;
    if (opener) {
      const canUseTool = /\bcan_use_tool\s*=/.test(args);
      const inTests = isTestCode(file.path);
      ctx.report('agent/claude-agent-sdk-ungated', at, {
        message: `Claude Agent SDK options here (Python): ${
          bypass
            ? `permission_mode="bypassPermissions" runs every tool, Bash and MCP tools included, without asking${canUseTool ? '; the can_use_tool callback is never reached, so the approval it implements is dead code' : ''}`
            : `allowed_tools lists "${bareBash}", which pre-approves every shell command`
        }.${inTests ? ' It sits in test code, which rarely runs against real systems.' : ''} Use permission_mode="default" with a can_use_tool callback that asks a human, and disallowed_tools such as "Bash(rm *)".`,
        key: `options:${line}`,
        properties: { tool: 'sdk:claude-agent-sdk', permissionMode: mode?.[2] ?? null, language: 'python', ...(!bypass && bareBash ? { entry: bareBash } : {}) },
      });
    }
    ctx.fact(sdkSurface(`sdk:${file.path}:${line}`, 'sdk:claude-agent-sdk', probes, at, opener ? 'agent/claude-agent-sdk-ungated' : undefined));
  }
}
