// Fixes in JSON and JSONC agent settings, made with jsonc-parser's edit API so formatting and
// comments stay. Each finding is located at the entry that opens the gate; the node there decides
// the edit: an allow-list entry is removed (Claude Code's is replaced by narrower rules plus ask
// and deny rules for what it opened), a `true` switch becomes `false`, an `allow` becomes `ask`, a
// permission mode goes back to the tool's default, and an MCP server gets its own safety switch.

import { applyEdits, findNodeAtLocation, findNodeAtOffset, getNodePath, modify, parse as parseJsonc, parseTree, type JSONPath, type Node } from 'jsonc-parser';
import type { Finding } from '../engine/types.js';
import { MAX_NESTING, nestsDeeperThan } from '../parsers/depth.js';
import { effectsOf } from '../policy/commands.js';
import { judgeMcpServer, type SwitchEdit } from '../policy/mcp-servers.js';
import { FAMILY_GATES, MCP_READ_TOOLS, READ_ONLY_RULES, ruleProgram } from './gates.js';

export interface FileEdit {
  text: string;
  /** One line per change, for the user. */
  changes: string[];
  /** Findings this file's fixer could not close, with the reason. */
  left: { finding: Finding; why: string }[];
}

/** Modes that skip or weaken approval, and the tool's default. */
const MODE_DEFAULTS: Record<string, string> = { bypassPermissions: 'default', auto: 'default', acceptEdits: 'default', yolo: 'default', auto_edit: 'default', autoEdit: 'default' };

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset + column - 1;
}

/** The path of the value a finding points at: a property's value when it points at the key. */
function pathAt(tree: Node, offset: number): JSONPath | undefined {
  const node = findNodeAtOffset(tree, offset, false);
  if (!node) return undefined;
  const parent = node.parent;
  if (parent?.type === 'property' && parent.children?.[0] === node && parent.children[1]) return getNodePath(parent.children[1]);
  return getNodePath(node);
}

/** Indentation and line ending as the file has them, for inserted text. */
function formatting(text: string): { insertSpaces: boolean; tabSize: number; eol: string } {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  return { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

const same = (a: JSONPath, b: JSONPath): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Sorts paths so that, in one array, later elements come first: removing one leaves the others' indices. */
function compareDesc(a: JSONPath, b: JSONPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return y - x;
    return String(x) < String(y) ? -1 : 1;
  }
  return b.length - a.length;
}

export interface JsonFixContext {
  /** `.mcp.json` servers beside the settings, for `enableAllProjectMcpServers` turned into an explicit list. */
  projectServers?: () => string[];
}

export function fixJson(text: string, findings: readonly Finding[], context: JsonFixContext = {}): FileEdit {
  const changes: string[] = [];
  const left: FileEdit['left'] = [];
  // jsonc-parser descends recursively: what nests too deep is not edited.
  const tree = nestsDeeperThan(text, MAX_NESTING, true) ? undefined : parseTree(text, [], { allowTrailingComma: true });
  if (!tree) return { text, changes, left: findings.map((finding) => ({ finding, why: 'the file does not parse as JSON' })) };
  const options = { formattingOptions: formatting(text) };
  let out = text;
  const set = (path: JSONPath, value: unknown): void => {
    out = value === undefined && typeof path[path.length - 1] === 'number' ? removeElement(out, path) : applyEdits(out, modify(out, path, value, options));
  };
  /** Appends to an array, on the same line when the array is written on one line. */
  const append = (path: JSONPath, value: unknown): void => {
    const t = parseTree(out, [], { allowTrailingComma: true });
    const array = t ? findNodeAtLocation(t, path) : undefined;
    const lastChild = array?.children?.[array.children.length - 1];
    if (array && lastChild && !out.slice(array.offset, array.offset + array.length).includes('\n')) {
      const at = lastChild.offset + lastChild.length;
      out = `${out.slice(0, at)}, ${JSON.stringify(value)}${out.slice(at)}`;
    } else out = applyEdits(out, modify(out, [...path, array?.children?.length ?? 0], value, { ...options, isArrayInsertion: true }));
  };
  const valueAt = (path: JSONPath): unknown => {
    const t = parseTree(out, [], { allowTrailingComma: true });
    const node = t ? findNodeAtLocation(t, path) : undefined;
    if (!node) return undefined;
    return node.type === 'array' || node.type === 'object' ? parseJsonc(out.slice(node.offset, node.offset + node.length), [], { allowTrailingComma: true }) : node.value;
  };
  // Claude Code rules to add once the entries are removed.
  const addAllow = new Set<string>();
  const addAsk = new Set<string>();
  const addDeny = new Set<string>();

  const located = findings
    .map((finding) => ({ finding, path: pathAt(tree, offsetOf(text, finding.location.line, finding.location.column)) }))
    .sort((a, b) => (a.path && b.path ? compareDesc(a.path, b.path) : 0));
  const done: JSONPath[] = [];
  for (const { finding, path } of located) {
    if (!path) {
      left.push({ finding, why: 'nothing at the location the finding names' });
      continue;
    }
    if (done.some((p) => same(p, path))) continue;
    done.push(path);
    const value = valueAt(path);
    const last = path[path.length - 1];
    const where = path.join('.');
    const rule = finding.ruleId;

    // An MCP server declared without its safety switch.
    if (rule === 'agent/mcp-server-unrestricted' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const server = value as Record<string, unknown>;
      const verdict = judgeMcpServer({ name: String(last), command: Array.isArray(server.command) ? server.command[0] : server.command, args: Array.isArray(server.command) ? server.command.slice(1) : server.args, url: server.url ?? server.serverUrl ?? server.httpUrl, env: server.env ?? server.environment });
      if (!verdict.edit) {
        left.push({ finding, why: `MCP server "${String(last)}" (${verdict.platform ?? 'unknown'}) has no read-only switch: give it a read-only, project-scoped credential or remove it` });
        continue;
      }
      applySwitch(path, server, verdict.edit, set, append);
      changes.push(`${where}: started with its safety switch (${verdict.safetySwitch ?? 'read-only'})`);
      continue;
    }
    // Claude Code hooks that approve by themselves: the hook is removed (its group too when emptied).
    if (rule === 'agent/claude-code-hook-auto-approves' && path[0] === 'hooks' && last === 'command') {
      const hookPath = path.slice(0, -1);
      const group = path.slice(0, -3);
      const hooks = valueAt(path.slice(0, -2));
      set(Array.isArray(hooks) && hooks.length <= 1 ? group : hookPath, undefined);
      changes.push(`${where}: removed the hook that approves every call`);
      continue;
    }
    if (rule === 'agent/claude-code-mcp-approved' && last === 'enableAllProjectMcpServers') {
      set(path, false);
      const servers = context.projectServers?.() ?? [];
      if (servers.length > 0 && valueAt(['enabledMcpjsonServers']) === undefined) set(['enabledMcpjsonServers'], servers);
      changes.push(`enableAllProjectMcpServers: false${servers.length > 0 ? `, with the project's servers listed in enabledMcpjsonServers (${servers.join(', ')})` : ''}`);
      continue;
    }
    if (value === true) {
      set(path, false);
      changes.push(`${where}: true → false`);
      continue;
    }
    if (typeof value === 'string' && typeof last === 'number') {
      set(path, undefined);
      changes.push(`${path.slice(0, -1).join('.')}: removed "${value}"`);
      if (path[0] === 'permissions' && path[1] === 'allow') claudeReplacements(value, finding, addAllow, addAsk, addDeny);
      continue;
    }
    if (typeof value === 'string' && Object.hasOwn(MODE_DEFAULTS, value)) {
      set(path, MODE_DEFAULTS[value]);
      changes.push(`${where}: "${value}" → "${MODE_DEFAULTS[value]}"`);
      continue;
    }
    if (value === 'allow') {
      set(path, 'ask');
      changes.push(`${where}: "allow" → "ask"`);
      continue;
    }
    // Amp and similar permission lists: { "tool": "Bash", "action": "allow", … }.
    if (value !== null && typeof value === 'object' && (value as Record<string, unknown>).action === 'allow') {
      set([...path, 'action'], 'ask');
      changes.push(`${where}.action: "allow" → "ask"`);
      continue;
    }
    // An element of an allow list written as an object (Zed's always_allow patterns).
    if (typeof last === 'number' && /allow|approve/i.test(String(path[path.length - 2]))) {
      set(path, undefined);
      changes.push(`${path.slice(0, -1).join('.')}: removed entry ${last + 1}`);
      continue;
    }
    // VS Code terminal auto-approve entries written as objects: { "approve": true, … }.
    if (value !== null && typeof value === 'object' && (value as Record<string, unknown>).approve === true) {
      set([...path, 'approve'], false);
      changes.push(`${where}.approve: true → false`);
      continue;
    }
    if (typeof value === 'string') {
      const edited = withoutBypassFlags(value);
      if (edited !== value) {
        set(path, edited);
        changes.push(`${where}: removed the flags that skip approval`);
        continue;
      }
    }
    left.push({ finding, why: `no edit known for ${where}` });
  }

  // Claude Code: with the mode back to default, the prompt that bypass mode skipped is not skipped either.
  if (changes.some((c) => c.startsWith('permissions.defaultMode')) && valueAt(['skipDangerousModePermissionPrompt']) === true) {
    set(['skipDangerousModePermissionPrompt'], false);
    changes.push('skipDangerousModePermissionPrompt: true → false');
  }
  if (addAllow.size + addAsk.size + addDeny.size > 0) {
    for (const [kind, rules] of [['allow', addAllow], ['ask', addAsk], ['deny', addDeny]] as const) {
      const existing = valueAt(['permissions', kind]);
      const list = Array.isArray(existing) ? existing : [];
      const fresh = [...rules].filter((r) => !list.includes(r));
      if (fresh.length === 0) continue;
      if (!Array.isArray(existing)) set(['permissions', kind], fresh);
      else for (const r of fresh) append(['permissions', kind], r);
      changes.push(`permissions.${kind}: added ${fresh.map((r) => `"${r}"`).join(', ')}`);
    }
  }
  return { text: out, changes, left };
}

/**
 * The text without one array element and the comma that separated it (the one after it, or for
 * the last element the one before), leaving the rest of the line as written. jsonc-parser's own
 * removal of a last element leaves a stray quote behind (jsonc-parser 3.3), so this is done here.
 */
function removeElement(text: string, path: JSONPath): string {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const node = tree ? findNodeAtLocation(tree, path) : undefined;
  const siblings = node?.parent?.children;
  if (!node || !siblings) return text;
  const i = siblings.indexOf(node);
  const next = siblings[i + 1];
  const prev = siblings[i - 1];
  const lineStart = text.lastIndexOf('\n', node.offset - 1) + 1;
  const ownLine = text.slice(lineStart, node.offset).trim() === '';
  if (next) {
    // Up to the next element: its comma and the blanks before it (the whole line when on its own).
    const end = ownLine ? text.lastIndexOf('\n', next.offset - 1) + 1 || next.offset : next.offset;
    return text.slice(0, ownLine ? lineStart : node.offset) + text.slice(Math.max(end, node.offset + node.length));
  }
  if (prev) {
    const commaFrom = prev.offset + prev.length;
    return text.slice(0, commaFrom) + text.slice(node.offset + node.length);
  }
  return text.slice(0, node.offset) + text.slice(node.offset + node.length);
}

/** Narrower rules for a removed Claude Code allow rule, and ask and deny rules for the families it opened. */
function claudeReplacements(rule: string, finding: Finding, allow: Set<string>, ask: Set<string>, deny: Set<string>): void {
  const program = ruleProgram(rule);
  // Only replacements that run nothing of the workspace: with edits approved, those would reopen it.
  for (const r of (program && READ_ONLY_RULES[program]) || []) if (effectsOf(r.slice(5, -1).replace(/:\*$/, '')).length === 0) allow.add(r);
  const server = /^mcp__([^_]+(?:_[^_]+)*?)(?:__\*)?$/.exec(rule)?.[1];
  if (server) for (const tool of MCP_READ_TOOLS[server] ?? []) allow.add(`mcp__${server}__${tool}`);
  const opens = Array.isArray(finding.properties?.opens) ? (finding.properties.opens as unknown[]) : [];
  for (const o of opens) {
    const [capability, family] = String(o).split(':');
    const gates = capability === 'destructive' && family ? FAMILY_GATES[family] : undefined;
    gates?.ask.forEach((r) => ask.add(r));
    gates?.deny.forEach((r) => deny.add(r));
  }
}

/** Sets an MCP server's safety switch in its own entry (args, env, URL). */
function applySwitch(path: JSONPath, server: Record<string, unknown>, edit: SwitchEdit, set: (path: JSONPath, value: unknown) => void, append: (path: JSONPath, value: unknown) => void): void {
  const commandArray = Array.isArray(server.command);
  const argsKey = commandArray ? 'command' : 'args';
  const args = (Array.isArray(server[argsKey]) ? (server[argsKey] as unknown[]) : []).map((a) => (typeof a === 'string' ? a : ''));
  if (!Array.isArray(server[argsKey]) && (edit.addArgs?.length ?? 0) > 0) set([...path, argsKey], [...(edit.addArgs ?? [])]);
  else {
    // Later elements first, so the earlier indices stay.
    for (let i = args.length - 1; i >= 0; i--) if (edit.dropArgs?.test(args[i] as string) && !(commandArray && i === 0)) set([...path, argsKey, i], undefined);
    const kept = args.filter((a, i) => !(edit.dropArgs?.test(a) && !(commandArray && i === 0)));
    for (const a of edit.addArgs ?? []) if (!kept.includes(a)) append([...path, argsKey], a);
  }
  const envKey = server.environment !== undefined && server.env === undefined ? 'environment' : 'env';
  for (const [k, v] of Object.entries(edit.setEnv ?? {})) set([...path, envKey, k], v);
  for (const k of edit.unsetEnv ?? []) if ((server[envKey] as Record<string, unknown> | undefined)?.[k] !== undefined) set([...path, envKey, k], undefined);
  const urlKey = ['url', 'serverUrl', 'httpUrl'].find((k) => typeof server[k] === 'string');
  if (edit.urlParams && urlKey) {
    try {
      const url = new URL(server[urlKey] as string);
      for (const [k, v] of Object.entries(edit.urlParams)) url.searchParams.set(k, v);
      set([...path, urlKey], url.toString());
    } catch {
      // Not a URL the switch can be added to; the finding stays.
    }
  }
}

/** Command-line flags that skip approval, and what each becomes. */
const BYPASS_FLAGS: [RegExp, string][] = [
  [/\s--dangerously-skip-permissions\b/g, ''],
  [/\s--dangerously-bypass-approvals-and-sandbox\b/g, ''],
  [/\s--allow-dangerously-skip-permissions\b/g, ''],
  [/\s--yolo\b/g, ''],
  [/\s--full-auto\b/g, ''],
  [/\s--allow-all-tools\b/g, ''],
  [/\s--trust-all-tools\b/g, ''],
  [/(--permission-mode[= ])["']?(bypassPermissions|acceptEdits|auto)\b["']?/g, '$1default'],
  [/(--approval-mode[= ])["']?(yolo|auto_edit)\b["']?/g, '$1default'],
  [/((?:--ask-for-approval|\s-a)[= ])["']?never\b["']?/g, '$1on-request'],
  [/((?:--sandbox|\s-s)[= ])["']?danger-full-access\b["']?/g, '$1workspace-write'],
  [/(-c\s+["']?approval_policy=)["']?never\b["']?/g, '$1"on-request"'],
  [/(-c\s+["']?sandbox_mode=)["']?danger-full-access\b["']?/g, '$1"workspace-write"'],
];

/** A command line (or a line holding one) without the flags that skip approval. */
export function withoutBypassFlags(line: string): string {
  // Exec-form arrays (a Dockerfile's CMD ["gemini", "--yolo", …]) hold flags as quoted elements.
  let out = line.replace(/\s*(["'])--(dangerously-skip-permissions|dangerously-bypass-approvals-and-sandbox|yolo|full-auto|allow-all-tools|trust-all-tools)\1\s*,/g, '');
  for (const [re, to] of BYPASS_FLAGS) out = out.replace(re, to);
  // Gemini CLI's -y is --yolo; only on a gemini command line is it that.
  if (/\bgemini\b/.test(out)) out = out.replace(/(\bgemini\b[^\n|;&]*?)\s-y\b/g, '$1');
  return out;
}
