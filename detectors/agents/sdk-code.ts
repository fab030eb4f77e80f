// Agents built in TypeScript/JavaScript code (agent-configs.md §2 and §17). ts-morph is loaded
// only for files that import one of these SDKs:
// - Claude Agent SDK `query({ options })`: `permissionMode: 'bypassPermissions'` runs every tool
//   unasked and turns a `canUseTool` callback into dead code; `allowedTools` naming bare `Bash`
//   pre-approves every shell command.
// - Vercel AI SDK and OpenAI Agents SDK `tool({ execute })`, Mastra `createTool({ execute })`:
//   an `execute` that shells out, deletes files or drops data, with no `needsApproval`
//   (`requireApproval` for Mastra), runs whenever the model calls it.
// - LangChain/LangGraph `createAgent` / `createReactAgent` given such tools with no
//   human-in-the-loop middleware and no `interrupt()`.
// Constants and object literals in the same file are followed; a value that is not static is said
// so in a notification rather than guessed. Python's Claude Agent SDK options are read in
// sdk-python.ts.

import type { CallExpression, Node, ObjectLiteralExpression } from 'ts-morph';
import type { McpServerReach, ProbeId, ProbeOutcome } from '../../src/engine/facts.js';
import type { SourceFile } from '../../src/engine/source-file.js';
import { defineDetector, type FileContext, type Location } from '../../src/engine/types.js';
import { parseTypeScript, safeToParse, type ParsedSource } from '../../src/parsers/typescript.js';
import { describeMcpServer, sdkSurface, SHELL_PROBES } from './probes.js';
import { checkPythonSdk, PYTHON_SDK } from './sdk-python.js';

type Morph = ParsedSource['morph'];
type TsNode = Node;
type ObjectLiteral = ObjectLiteralExpression;

const SDK_IMPORT = /['"](?:@anthropic-ai\/claude-agent-sdk|@anthropic-ai\/claude-code|ai|@openai\/agents|langchain|@langchain\/[\w/-]+|@mastra\/core(?:\/[\w-]+)?)['"]/;

/** Which SDK function an imported name is. */
const SDK_FUNCTIONS: { module: RegExp; name: string; role: 'claude-query' | 'tool' | 'agent' | 'hitl' }[] = [
  { module: /^@anthropic-ai\/claude-(?:agent-sdk|code)$/, name: 'query', role: 'claude-query' },
  { module: /^ai$/, name: 'tool', role: 'tool' },
  { module: /^@openai\/agents$/, name: 'tool', role: 'tool' },
  { module: /^@mastra\/core(?:\/tools)?$/, name: 'createTool', role: 'tool' },
  { module: /^(?:langchain|@langchain\/core\/tools)$/, name: 'tool', role: 'tool' },
  { module: /^langchain$/, name: 'createAgent', role: 'agent' },
  { module: /^@langchain\/langgraph\/prebuilt$/, name: 'createReactAgent', role: 'agent' },
  { module: /^langchain$/, name: 'humanInTheLoopMiddleware', role: 'hitl' },
];

const SHELL_CALL = /\b(?:exec|execSync|execFile|execFileSync|spawn|spawnSync|execa|execaCommand|execaSync)\s*\(|\$`/;
const RM_CALL = /\b(?:rm|rmSync|rmdir|rmdirSync|unlink|unlinkSync)\s*\(/;
const SQL_DROP = /\b(?:DROP\s+(?:DATABASE|TABLE|SCHEMA)|TRUNCATE\s+TABLE)\b|\.\w+\.(?:delete|deleteMany)\s*\(/i;
// A delete request, or an SDK call that destroys something named (`destroyVolume`, `terminateInstances`);
// a bare `.destroy()` / `.terminate()` closes a stream or a worker and destroys nothing.
const HTTP_DELETE = /method\s*:\s*['"]DELETE['"]|\.(?:destroy|terminate)[A-Z]\w*\s*\(/;

/** What SDK_IMPORT and PYTHON_SDK need (their module names' distinctive parts), answered on the bytes as files are read. */
const SDK_HINT = /'ai'|"ai"|@anthropic-ai\/claude-|@openai\/agents|langchain|@mastra\/core|claude_agent_sdk|claude_code_sdk/;

const CLAUDE_SDK = /['"]@anthropic-ai\/claude-(?:agent-sdk|code)['"]/;

/**
 * Whether parsing can lead to a finding: a Claude Agent SDK import, or a destructive call
 * somewhere in the text for a tool body to hold (bodies are read in this file only). Most files
 * that import an SDK define no such tool, and TypeScript's parser is the costliest step of a scan.
 */
const canFind = (text: string): boolean => importsRole(text) && (CLAUDE_SDK.test(text) || SHELL_CALL.test(text) || RM_CALL.test(text) || SQL_DROP.test(text) || HTTP_DELETE.test(text));

/** `import { … } from '<sdk>'` (named imports only, the ones the analysis follows), its braces' text and module. */
const NAMED_IMPORT = /\bimport\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?\{([^{}]{0,4000})\}\s*from\s*['"]([^'"\n]{1,200})['"]/g;

/**
 * Whether the text imports, by name, an SDK function a finding starts from (`query`, `tool`,
 * `createTool`, `createAgent`, `createReactAgent`): the analysis reads nothing else, and most files
 * that import an SDK import other things (`generateText`, types). TypeScript's parser, the
 * costliest step of a scan, is then never loaded for them.
 */
function importsRole(text: string): boolean {
  for (const m of text.matchAll(NAMED_IMPORT)) {
    const [, names = '', module = ''] = m;
    for (const spec of names.split(',')) {
      const name = spec.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0];
      if (SDK_FUNCTIONS.some((f) => f.role !== 'hitl' && f.name === name && f.module.test(module))) return true;
    }
  }
  return false;
}

/** What a tool body can do, as probes it would pass. */
export function bodyProbes(body: string): Partial<Record<ProbeId, ProbeOutcome>> {
  const probes: Partial<Record<ProbeId, ProbeOutcome>> = {};
  if (SHELL_CALL.test(body)) for (const p of SHELL_PROBES) probes[p.id] = 'allow';
  if (RM_CALL.test(body)) probes['rm-rf-project'] = 'allow';
  if (SQL_DROP.test(body)) probes['drop-database'] = 'allow';
  if (HTTP_DELETE.test(body)) probes['mcp-destructive-tool'] = 'allow';
  return probes;
}

interface Scope {
  morph: Morph;
  file: SourceFile;
  roles: Map<string, (typeof SDK_FUNCTIONS)[number]['role']>;
}

/** Follows identifiers to their `const` initialisers (a few steps) and unwraps `as` and parentheses. */
function resolve(scope: Scope, node: TsNode | undefined, depth = 0): TsNode | undefined {
  const { Node } = scope.morph;
  if (!node || depth > 4) return node;
  if (Node.isAsExpression(node) || Node.isParenthesizedExpression(node) || Node.isSatisfiesExpression(node)) return resolve(scope, node.getExpression(), depth + 1);
  if (Node.isIdentifier(node)) {
    const decl = node.getSourceFile().getVariableDeclaration(node.getText());
    return decl ? resolve(scope, decl.getInitializer(), depth + 1) : node;
  }
  return node;
}

function property(scope: Scope, obj: TsNode | undefined, name: string): { value?: TsNode; at?: TsNode } {
  const { Node } = scope.morph;
  if (!obj || !Node.isObjectLiteralExpression(obj)) return {};
  const p = (obj as ObjectLiteral).getProperty(name);
  if (!p) return {};
  if (Node.isPropertyAssignment(p)) return { value: resolve(scope, p.getInitializer()), at: p };
  if (Node.isShorthandPropertyAssignment(p)) return { value: resolve(scope, p.getNameNode()), at: p };
  if (Node.isMethodDeclaration(p)) return { value: p, at: p };
  return { at: p };
}

function staticString(scope: Scope, node: TsNode | undefined): string | undefined {
  const { Node } = scope.morph;
  return node && (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) ? node.getLiteralText() : undefined;
}

const locate = (file: SourceFile, node: TsNode): Location => file.atOffset(node.getStart(), Math.min(node.getWidth(), 200));

function mcpServersOf(scope: Scope, obj: TsNode | undefined, autoApproved: boolean): McpServerReach[] {
  const { Node } = scope.morph;
  if (!obj || !Node.isObjectLiteralExpression(obj)) return [];
  const servers: McpServerReach[] = [];
  for (const p of (obj as ObjectLiteral).getProperties()) {
    if (!Node.isPropertyAssignment(p)) continue;
    const entry = resolve(scope, p.getInitializer());
    const command = staticString(scope, property(scope, entry, 'command').value);
    const argsNode = property(scope, entry, 'args').value;
    const args = argsNode && Node.isArrayLiteralExpression(argsNode) ? argsNode.getElements().map((e) => staticString(scope, e)).filter((s): s is string => s !== undefined) : [];
    const envNode = property(scope, entry, 'env').value;
    const env = envNode && Node.isObjectLiteralExpression(envNode) ? Object.fromEntries((envNode as ObjectLiteral).getProperties().filter((e) => Node.isPropertyAssignment(e) || Node.isShorthandPropertyAssignment(e)).map((e) => [(e as { getName(): string }).getName(), ''])) : {};
    servers.push(describeMcpServer({ name: p.getName().replace(/^['"]|['"]$/g, ''), ...(command ? { command } : {}), args, env }, locate(scope.file, p), autoApproved));
  }
  return servers;
}

function checkClaudeQuery(scope: Scope, ctx: FileContext, call: CallExpression): void {
  const { file } = scope;
  const options = resolve(scope, property(scope, resolve(scope, call.getArguments()[0]), 'options').value);
  if (!options) return;
  const mode = property(scope, options, 'permissionMode');
  const modeValue = staticString(scope, mode.value);
  const allowed = property(scope, options, 'allowedTools');
  const allowedList = allowed.value && scope.morph.Node.isArrayLiteralExpression(allowed.value) ? allowed.value.getElements().map((e) => staticString(scope, e)) : [];
  const canUseTool = property(scope, options, 'canUseTool').at !== undefined;
  if (mode.at && modeValue === undefined) {
    ctx.notify({ level: 'note', id: 'not-static', message: `${file.path}: the Claude Agent SDK permissionMode here is computed at run time; blast-radius cannot tell whether it bypasses permissions`, location: locate(file, mode.at) });
  }
  const bypass = modeValue === 'bypassPermissions';
  const bareBash = allowedList.find((t) => t === 'Bash' || t === 'Bash(*)');
  const probes: Partial<Record<ProbeId, ProbeOutcome>> = {};
  for (const p of SHELL_PROBES) probes[p.id] = bypass || bareBash ? 'allow' : modeValue === 'dontAsk' ? 'deny' : 'ask';
  const servers = mcpServersOf(scope, resolve(scope, property(scope, options, 'mcpServers').value), bypass);
  if (servers.some((s) => s.destructive)) probes['mcp-destructive-tool'] = bypass ? 'allow' : 'ask';
  const opener = bypass ? mode.at : bareBash ? allowed.at : undefined;
  const at = locate(file, opener ?? call);
  if (opener) {
    const why = bypass
      ? `permissionMode "bypassPermissions" runs every tool, Bash and MCP tools included, without asking${canUseTool ? '; the canUseTool callback is never reached, so the approval it implements is dead code' : ''}`
      : `allowedTools lists "${bareBash}", which pre-approves every shell command`;
    ctx.report('agent/claude-agent-sdk-ungated', at, {
      message: `Claude Agent SDK query() here: ${why}${servers.some((s) => s.destructive) ? `; MCP servers ${servers.filter((s) => s.destructive).map((s) => s.name).join(', ')} can delete` : ''}. Use permissionMode "default" with a canUseTool callback that asks a human, and disallowedTools such as "Bash(rm *)".`,
      key: `query:${call.getStartLineNumber()}`,
      properties: { tool: 'sdk:claude-agent-sdk', permissionMode: modeValue ?? null, ...(!bypass && bareBash ? { entry: bareBash } : {}) },
    });
  }
  ctx.fact(sdkSurface(`sdk:${file.path}:${call.getStartLineNumber()}`, 'sdk:claude-agent-sdk', probes, at, opener ? 'agent/claude-agent-sdk-ungated' : undefined, servers));
}

function functionBody(scope: Scope, node: TsNode | undefined): string | undefined {
  const { Node } = scope.morph;
  if (!node) return undefined;
  if (Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isMethodDeclaration(node) || Node.isFunctionDeclaration(node)) return node.getBody()?.getText() ?? '';
  return undefined;
}

/** An ungated destructive tool definition: its location, what it can do, and its name. */
function ungatedTool(scope: Scope, call: CallExpression): { at: TsNode; probes: Partial<Record<ProbeId, ProbeOutcome>>; name: string } | undefined {
  const args = call.getArguments();
  // LangChain's tool(fn, { name }) takes the function first; the others take one options object.
  const first = resolve(scope, args[0]);
  const options = scope.morph.Node.isObjectLiteralExpression(first) ? first : resolve(scope, args[1]);
  const execute = functionBody(scope, first) !== undefined ? { value: first, at: first } : property(scope, options, 'execute');
  const body = functionBody(scope, execute.value);
  if (body === undefined || !execute.at) return undefined;
  const probes = bodyProbes(body);
  if (Object.keys(probes).length === 0) return undefined;
  const gate = property(scope, options, 'needsApproval').at ?? property(scope, options, 'requireApproval').at;
  const gateValue = property(scope, options, 'needsApproval').value ?? property(scope, options, 'requireApproval').value;
  if (gate && !(gateValue && gateValue.getText() === 'false')) return undefined;
  const name = staticString(scope, property(scope, options, 'name').value) ?? staticString(scope, property(scope, options, 'id').value) ?? call.getParentIfKind(scope.morph.SyntaxKind.VariableDeclaration)?.getName() ?? 'tool';
  return { at: execute.at, probes, name };
}

async function checkSdkCode(ctx: FileContext): Promise<void> {
  const { file } = ctx;
  if (!safeToParse(file.text)) {
    ctx.notify({ level: 'warning', id: 'parse-error', message: `${file.path}: parentheses nested too deeply (or left open) to analyse the agent SDK calls safely; not analysed`, location: file.at(1) });
    return;
  }
  try {
    const parsed = await parseTypeScript(file.path, file.text);
    analyse(ctx, parsed.morph, parsed.source);
  } catch (e) {
    // TypeScript's parser and ts-morph's walks recurse: a file built to exhaust the stack (`- - - …x`
    // thousands long) is a parse error, never a failed detector.
    if (!(e instanceof RangeError)) throw e;
    ctx.notify({ level: 'warning', id: 'parse-error', message: `${file.path}: nested too deeply to analyse the agent SDK calls; not analysed`, location: file.at(1) });
  }
}

function analyse(ctx: FileContext, morph: Morph, source: ParsedSource['source']): void {
  const { file } = ctx;
  const scope: Scope = { morph, file, roles: new Map() };
  for (const imp of source.getImportDeclarations()) {
    // Read the raw node: ts-morph throws on a specifier that is not a string literal (broken source).
    const specifier = imp.compilerNode.moduleSpecifier;
    if (!morph.ts.isStringLiteral(specifier)) continue;
    const module = specifier.text;
    for (const named of imp.getNamedImports()) {
      const fn = SDK_FUNCTIONS.find((f) => f.module.test(module) && f.name === named.getName());
      if (fn) scope.roles.set(named.getAliasNode()?.getText() ?? named.getName(), fn.role);
    }
  }
  if (scope.roles.size === 0) return;
  const calls = source.getDescendantsOfKind(morph.SyntaxKind.CallExpression);
  const roleOf = (c: CallExpression): string | undefined => scope.roles.get(c.getExpression().getText());
  const hitl = calls.some((c) => roleOf(c) === 'hitl') || /\binterrupt\s*\(/.test(file.text);
  const ungated: { at: TsNode; probes: Partial<Record<ProbeId, ProbeOutcome>>; name: string }[] = [];
  for (const call of calls) {
    const role = roleOf(call);
    try {
      if (role === 'claude-query') checkClaudeQuery(scope, ctx, call);
      const t = role === 'tool' ? ungatedTool(scope, call) : undefined;
      if (t) ungated.push(t);
    } catch (e) {
      // Broken source can leave ts-morph nodes it refuses to read: say so for this call, go on.
      ctx.notify({ level: 'note', id: 'parse-error', message: `${file.path}: cannot analyse the ${role ?? 'SDK'} call at line ${call.getStartLineNumber()} (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`, location: file.at(call.getStartLineNumber()) });
    }
  }
  const agents = calls.filter((c) => roleOf(c) === 'agent');
  const langchain = agents.length > 0 && !hitl;
  for (const t of ungated) {
    if (agents.length > 0 && !langchain) continue;
    const runs = Object.keys(t.probes).join(', ');
    const at = locate(file, t.at);
    ctx.report('agent/sdk-tool-without-approval', at, {
      message: `Agent tool "${t.name}" can ${runs} whenever the model calls it: its execute function shells out, deletes or drops data, and nothing asks a human first. Add needsApproval: true (Vercel AI SDK, OpenAI Agents SDK), requireApproval: true (Mastra) or humanInTheLoopMiddleware (LangChain).`,
      key: `tool:${t.name}`,
      properties: { tool: 'sdk', name: t.name },
    });
    ctx.fact(sdkSurface(`sdk:${file.path}#${t.name}`, 'sdk:agent-tool', t.probes, at, 'agent/sdk-tool-without-approval'));
  }
}

export default defineDetector({
  id: 'agents/sdk-code',
  files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}', '**/*.py'],
  hints: [SDK_HINT],
  accepts: (file) =>
    file.matches(SDK_HINT) &&
    file.text.length < 2_000_000 &&
    (file.path.endsWith('.py') ? PYTHON_SDK.test(file.text) && /permission_mode|allowed_tools/.test(file.text) : !/\.d\.ts$/.test(file.path) && SDK_IMPORT.test(file.text) && canFind(file.text)),
  rules: {
    'agent/claude-agent-sdk-ungated': {
      title: 'Claude Agent SDK agent runs tools without permission checks',
      severity: 'high',
      precision: 'high',
      help: [
        'A Claude Agent SDK `query()` runs with `permissionMode: "bypassPermissions"` (every tool, Bash and MCP included, runs unasked, and a `canUseTool` callback is never reached) or with `allowedTools` naming bare `Bash`, which pre-approves every shell command. In Python the same options are `ClaudeAgentOptions(permission_mode=..., allowed_tools=...)`.',
        '',
        '**Fix:** use `permissionMode: "default"` with a `canUseTool` callback that asks a human for destructive calls, list only specific tools in `allowedTools`, and add `disallowedTools` such as `"Bash(rm *)"`, `"mcp__railway__*"`.',
      ].join('\n'),
    },
    'agent/sdk-tool-without-approval': {
      title: 'Agent tool that shells out or deletes without an approval step',
      severity: 'high',
      precision: 'medium',
      help: [
        'A tool defined for an agent (Vercel AI SDK or OpenAI Agents SDK `tool()`, Mastra `createTool()`, LangChain `tool()` given to `createAgent`) has an `execute` function that runs shell commands, removes files, drops tables or sends DELETE requests, and nothing asks a human before the model calls it.',
        '',
        '**Fix:** add `needsApproval: true` (Vercel AI SDK, OpenAI Agents SDK), `requireApproval: true` (Mastra), or `humanInTheLoopMiddleware({ interruptOn: { <tool>: true } })` (LangChain), and narrow what the tool may run.',
      ].join('\n'),
    },
  },
  check: (ctx) => (ctx.file.path.endsWith('.py') ? checkPythonSdk(ctx) : checkSdkCode(ctx)),
});
