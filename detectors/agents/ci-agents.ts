// Agents started by GitHub Actions workflows: `anthropics/claude-code-action`,
// `openai/codex-action`, `google-github-actions/run-gemini-cli`, agent CLIs run by `run:` steps
// with their bypass flags (agent-configs.md §3), and `goose run`, gated only by GOOSE_MODE. For
// each step: is its gate removed (bypass flags, shell allowed, no sandbox; run-gemini-cli always
// runs `gemini --yolo`), can untrusted users trigger it (issue_comment, pull_request_target …
// with no author check), and which secrets and token permissions it holds. Those are what a
// prompt injection inherits.

import type { AgentSurfaceFact, ProbeId, ProbeOutcome } from '../../src/engine/facts.js';
import { isMap, isSeq, type Document } from 'yaml';
import { yamlNodeAt, yamlValue } from '../../src/parsers/yaml.js';
import { defineDetector, type FileContext } from '../../src/engine/types.js';
import { shellWords } from '../../src/policy/shell.js';
import { bashRuleQuery, ruleMatches, toolRules } from './claude-code.js';
import { describeOpenings, entryOpenings } from './openings.js';
import { SHELL_PROBES } from './probes.js';

/** Events whose payload (comment, issue, PR from a fork) an outside user controls. */
export const UNTRUSTED_EVENTS = new Set(['issue_comment', 'pull_request_target', 'issues', 'discussion', 'discussion_comment', 'pull_request_review_comment', 'pull_request_review', 'workflow_run']);

const ACTIONS = [
  { name: 'anthropics/claude-code-action', tool: 'ci:claude-code-action' },
  { name: 'openai/codex-action', tool: 'ci:codex-action' },
  { name: 'google-github-actions/run-gemini-cli', tool: 'ci:run-gemini-cli' },
].map((a) => ({ ...a, match: new RegExp(`^${a.name.replace('/', '\\/')}(?:@|\\/|$)`) }));

export const RUN_BYPASS: { match: RegExp; tool: string; flag: RegExp }[] = [
  { match: /\bclaude\b/, tool: 'ci:claude-cli', flag: /--dangerously-skip-permissions|--permission-mode[= ]bypassPermissions|--allowed-?[tT]ools\b/ },
  { match: /\bcodex\b/, tool: 'ci:codex-cli', flag: /--dangerously-bypass-approvals-and-sandbox|--yolo|--sandbox[= ]danger-full-access|sandbox_mode=["']?danger-full-access/ },
  { match: /\bgemini\b/, tool: 'ci:gemini-cli', flag: /--yolo|(?:^|\s)-y(?:\s|$)|--approval-mode[= ]yolo/ },
  { match: /\bcursor-agent\b/, tool: 'ci:cursor-agent', flag: /--force|(?:^|\s)-f(?:\s|$)/ },
  { match: /\bamp\b/, tool: 'ci:amp', flag: /--dangerously-allow-all/ },
  { match: /\bopencode\s+run\b/, tool: 'ci:opencode', flag: /--auto\b/ },
  // Continue's CLI (docs.continue.dev/cli/tool-permissions): `--allow "*"` or `--allow Bash` in headless mode.
  { match: /\bcn\s+(?:[^\n]*\s)?-p\b/, tool: 'ci:continue-cli', flag: /--allow[= ]["']?(?:\*|Bash)["']?(?=[\s,]|$)/ },
  // Amazon Q Developer CLI (docs.aws.amazon.com/amazonq … command-line-reference) and its successor, Kiro CLI.
  { match: /\b(?:q|kiro-cli)\s+chat\b/, tool: 'ci:amazon-q', flag: /--trust-all-tools\b/ },
];

/** The agent CLI a command line starts with its gate removed, and why; for Claude, the allowed tools are judged too. */
export function cliBypass(run: string, atStart = false): { tool: string; why: string; entry?: string } | undefined {
  for (const r of RUN_BYPASS) {
    if (!r.match.test(run) || (atStart && run.search(r.match) !== 0) || !r.flag.test(run)) continue;
    const flag = r.flag.exec(run)?.[0].trim();
    if (r.tool !== 'ci:claude-cli') return { tool: r.tool, why: `it passes ${flag}`, ...(flag ? { entry: flag } : {}) };
    const gate = claudeArgsGate(run);
    if (gate) return { tool: r.tool, why: gate.why, ...(gate.entry ? { entry: gate.entry } : {}) };
  }
  return undefined;
}

type Json = Record<string, unknown>;

/**
 * goose (`goose run` with instructions, text or a recipe) has no bypass flag: it runs every tool
 * call unasked unless GOOSE_MODE says otherwise, and the variable, set on the command line or in
 * the step's, job's or workflow's `env`, wins over any config file (agents/goose.ts).
 */
const GOOSE_RUN = /\bgoose\s+run\b[^\n]*(?:--instructions|--text|--recipe|\s-[it]\b)/;

function gooseMode(run: string, ...envs: unknown[]): string | undefined {
  const inline = /\bGOOSE_MODE=["']?([a-z_]+)/.exec(run)?.[1];
  if (inline) return inline;
  for (const env of envs) {
    const mode = env !== null && typeof env === 'object' ? (env as Json).GOOSE_MODE : undefined;
    if (typeof mode === 'string') return mode;
  }
  return undefined;
}

export function triggersOf(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  if (on && typeof on === 'object') return Object.keys(on);
  return [];
}

const SECRET_REF = /\$\{\{\s*secrets\.([A-Za-z0-9_]+)\s*\}\}/g;

function secretNames(...values: unknown[]): string[] {
  const names = new Set<string>();
  for (const v of values) for (const m of JSON.stringify(v ?? '').matchAll(SECRET_REF)) names.add(m[1] as string);
  return [...names].filter((n) => n !== 'GITHUB_TOKEN');
}

const AUTHOR_CHECK = /author_association|github\.actor\s*==|contains\(\s*fromJSON\(\s*'\[?"?(?:OWNER|MEMBER|COLLABORATOR)/i;

/** A condition split at its top-level `||`, outer parentheses and `${{ }}` removed. */
export function orBranches(cond: string): string[] {
  const text = cond.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1').trim();
  const branches: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quote = !quote;
    else if (quote) continue;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && c === '|' && text[i + 1] === '|') {
      branches.push(text.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  branches.push(text.slice(start));
  return branches.map((b) => b.trim()).filter((b) => b !== '');
}

/**
 * Whether a condition keeps outside users out on every path an untrusted event can take: each
 * `||` branch either checks the author or names only trusted events. An author check on the
 * comment path does not protect the issue path beside it.
 */
export function conditionRestricts(cond: string, untrusted: readonly string[]): boolean {
  if (cond.trim() === '') return false;
  return orBranches(cond).every((branch) => {
    if (AUTHOR_CHECK.test(branch)) return true;
    const events = [...branch.matchAll(/github\.event_name\s*==\s*'([a-z_]+)'/g)].map((m) => m[1] as string);
    // A branch that can only run for trusted events is no path for outsiders.
    return events.length > 0 && !/\|\||!=/.test(branch) && events.every((e) => !untrusted.includes(e));
  });
}

/** Whether the step's own inputs or its job's `if:` keep outside users out. */
function restrictsAuthors(job: Json, step: Json, untrusted: readonly string[]): boolean {
  const jobIf = String(job.if ?? '');
  const stepIf = String(step.if ?? '');
  if (conditionRestricts(jobIf, untrusted) || conditionRestricts(stepIf, untrusted)) return true;
  const w = (step.with ?? {}) as Json;
  // claude-code-action checks the actor has write access unless widened (docs/security.md).
  if (w.allowed_non_write_users === '*' || w.allowed_bots === '*' || w['allow-users'] === '*') return false;
  return /claude-code-action|codex-action/.test(String(step.uses ?? ''));
}

interface Gate {
  open: boolean;
  why: string;
  key: (string | number)[];
  /** The flag or allowed-tool rule that opens it: what a user (or `fix`) changes. */
  entry?: string;
}

/** Values of a Claude Code tool-list flag in all its spellings: `--allowedTools "A" "B"`, `--allowed-tools=A,B`. */
function toolList(words: readonly string[], flag: RegExp): string[] {
  const found: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const m = flag.exec(words[i] as string);
    if (!m) continue;
    const values = m[1] !== undefined ? [m[1]] : [];
    for (let j = i + 1; m[1] === undefined && j < words.length && !(words[j] as string).startsWith('-'); j++) values.push(words[j] as string);
    for (const v of values) found.push(...toolRules(v, { blanks: true }).map((r) => r.value));
  }
  return found;
}

/**
 * Claude Code's gate as a command line or an action's `claude_args` sets it: a bypass flag, or an
 * allowed tool that reaches arbitrary execution or a destructive command that no disallowed tool
 * takes back (judged by the command model, as settings rules are).
 */
export function claudeArgsGate(args: string, extraAllowed: readonly string[] = []): Gate | undefined {
  const bypass = /--dangerously-skip-permissions|--permission-mode[= ]["']?bypassPermissions/.exec(args)?.[0];
  if (bypass) return { open: true, why: 'it bypasses permissions', key: [], entry: bypass };
  const words = shellWords(args);
  const allowed = [...toolList(words, /^--allowed-?[tT]ools(?:=(.*))?$/), ...extraAllowed];
  const denied = toolList(words, /^--disallowed-?[tT]ools(?:=(.*))?$/);
  const editsApproved = allowed.some((r) => /^(Edit|Write|MultiEdit)$/.test(r)) || /--permission-mode[= ]["']?acceptEdits/.test(args);
  for (const rule of allowed) {
    const query = bashRuleQuery(rule);
    if (!query) continue;
    const found = entryOpenings({ ...query, editsApproved }, (command) => ruleMatches(rule, 'Bash', command) && !denied.some((d) => ruleMatches(d, 'Bash', command)));
    if (found.length > 0) return { open: true, why: `"${rule}" ${describeOpenings(found)}`, key: [], entry: rule };
  }
  return undefined;
}

function actionGate(tool: string, w: Json): Gate | undefined {
  const args = String(w.claude_args ?? w['codex-args'] ?? '');
  const settings = typeof w.settings === 'string' ? w.settings : JSON.stringify(w.settings ?? '');
  if (tool === 'ci:claude-code-action') {
    const byArgs = claudeArgsGate(args);
    if (byArgs) return { ...byArgs, why: `claude_args: ${byArgs.why}`, key: ['claude_args'] };
    // The v0 inputs allowed_tools / disallowed_tools, comma-separated.
    const legacy = typeof w.allowed_tools === 'string' ? claudeArgsGate(`--disallowedTools ${JSON.stringify(String(w.disallowed_tools ?? ''))}`, toolRules(w.allowed_tools, { blanks: true }).map((r) => r.value)) : undefined;
    if (legacy) return { ...legacy, why: `allowed_tools: ${legacy.why}`, key: ['allowed_tools'] };
    const allow = /"allow"\s*:\s*\[([^\]]*)\]/.exec(settings)?.[1];
    const bySettings = allow ? claudeArgsGate('', [...allow.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => (m[1] as string).replace(/\\"/g, '"'))) : undefined;
    if (bySettings) return { ...bySettings, why: `settings: ${bySettings.why}`, key: ['settings'] };
    if (/bypassPermissions/.test(settings)) return { open: true, why: 'settings set bypassPermissions', key: ['settings'] };
    return { open: false, why: 'the action\'s default allowlist (no general shell)', key: [] };
  }
  if (tool === 'ci:codex-action') {
    if (w.sandbox === 'danger-full-access' || w['safety-strategy'] === 'unsafe' || /--dangerously-bypass-approvals-and-sandbox|--yolo|danger-full-access/.test(args)) {
      return { open: true, why: 'codex exec never asks and runs without a sandbox', key: [w.sandbox ? 'sandbox' : w['safety-strategy'] ? 'safety-strategy' : 'codex-args'] };
    }
    return { open: false, why: 'codex exec runs inside the workspace sandbox', key: [] };
  }
  if (tool === 'ci:run-gemini-cli') {
    const restricted = /"(?:core|coreTools)"\s*:\s*\[/.test(settings) && !/"run_shell_command"\s*[,\]]/.test(settings);
    return restricted ? { open: false, why: 'settings restrict the core tools', key: [] } : { open: true, why: 'the action runs gemini --yolo and settings do not restrict run_shell_command', key: [w.settings ? 'settings' : ''] };
  }
  return undefined;
}

/**
 * Whether the text can hold an agent step at all: an agent action's name, an agent CLI with its
 * bypass flag, or `goose run`. Parsing YAML is the costly part, and most workflows run no agent.
 * Hex and Unicode escapes in a quoted scalar can spell any name, so text holding them is parsed.
 */
const mayHoldAgentStep = (text: string): boolean =>
  ACTIONS.some((a) => text.includes(a.name)) || /\\[xuU]/.test(text) || GOOSE_RUN.test(text) || RUN_BYPASS.some((r) => r.match.test(text) && r.flag.test(text));

function checkWorkflow({ file, report, fact }: FileContext): void {
  const doc = file.yaml().docs[0] as Document.Parsed | undefined;
  if (!doc || !isMap(doc.contents)) return;
  const wf = (yamlValue(doc) ?? {}) as Json;
  const triggers = triggersOf(wf.on ?? wf.true);
  const untrusted = triggers.filter((t) => UNTRUSTED_EVENTS.has(t));
  // A composite action (`action.yml` with `runs.using: composite`) is one job of steps; who can
  // trigger it depends on the workflows that use it, so it is judged for its gate alone.
  const runs = (wf.runs ?? {}) as Json;
  const composite = !file.path.startsWith('.github/workflows/') && runs.using === 'composite';
  if (!composite && !file.path.startsWith('.github/workflows/')) return;
  const jobs: [string, Json, (string | number)[]][] = composite ? [['composite', runs, ['runs', 'steps']]] : Object.entries((wf.jobs ?? {}) as Record<string, Json>).map(([id, job]) => [id, job, ['jobs', id, 'steps']]);
  for (const [jobId, jobValue, stepsPath] of jobs) {
    // An empty `- ` item is null: keep its index so locations still line up.
    const steps = Array.isArray(jobValue?.steps) ? (jobValue.steps as unknown[]).map((s) => (s !== null && typeof s === 'object' ? s : {}) as Json) : [];
    if (!isSeq(yamlNodeAt(doc.contents, stepsPath))) continue;
    steps.forEach((step, i) => {
      const uses = typeof step.uses === 'string' ? step.uses : '';
      const run = typeof step.run === 'string' ? step.run : '';
      const action = ACTIONS.find((a) => a.match.test(uses));
      const cli = !action && run ? cliBypass(run) : undefined;
      const mode = !action && !cli && GOOSE_RUN.test(run) ? (gooseMode(run, step.env, jobValue.env, wf.env) ?? 'auto') : undefined;
      if (!action && !cli && mode === undefined) return;
      const tool = action?.tool ?? cli?.tool ?? 'ci:goose';
      const w = (step.with ?? {}) as Json;
      const gate: Gate = action
        ? (actionGate(tool, w) as Gate)
        : cli
          ? { open: true, why: `the command line: ${cli.why}`, key: ['run'], ...(cli.entry ? { entry: cli.entry } : {}) }
          : { open: mode === 'auto', why: mode === 'auto' ? 'goose runs in auto mode, since GOOSE_MODE is unset or auto' : `GOOSE_MODE is ${mode}`, key: ['run'] };
      const stepPath = [...stepsPath, i];
      const stepLocation = file.yamlLocation(doc.contents, [...stepPath, action ? 'uses' : 'run']);
      const gateLocation = gate.open && gate.key[0] ? file.yamlLocation(doc.contents, [...stepPath, ...(action ? ['with'] : []), ...gate.key]) : stepLocation;
      const secrets = secretNames(wf.env, jobValue.env, step.env, step.with);
      const permissions = jobValue.permissions ?? wf.permissions;
      const perms: NonNullable<AgentSurfaceFact['ci']>['permissions'] = permissions === undefined ? 'default' : permissions === 'write-all' || permissions === 'read-all' ? permissions : ((permissions ?? {}) as Record<string, string>);
      const exposed = untrusted.length > 0 && !restrictsAuthors(jobValue, step, untrusted);
      const probes: Partial<Record<ProbeId, ProbeOutcome>> = Object.fromEntries(SHELL_PROBES.map((p) => [p.id, gate.open ? 'allow' : 'deny']));
      const name = tool.replace(/^ci:/, '');
      let ruleId: string | undefined;
      if (gate.open) {
        report('agent/ci-agent-ungated', gateLocation, {
          message: `${name} in job "${jobId}" runs without an approval gate (${gate.why}): any command the model decides on runs with the job's token${secrets.length ? ` and secrets ${secrets.join(', ')}` : ''}. ${tool === 'ci:goose' ? 'Give the job contents: read and no secrets beyond the model key, or run goose without the developer extension (no shell).' : 'Remove the bypass and allow only the commands the task needs.'}`,
          severity: exposed ? 'critical' : 'high',
          properties: { tool, job: jobId, secrets, triggers, ...(gate.entry ? { entry: gate.entry } : {}) },
        });
        ruleId = 'agent/ci-agent-ungated';
      }
      // A write-scoped GITHUB_TOKEN is a destructive credential for the repository itself.
      const writes = perms === 'write-all' || (typeof perms === 'object' && ['contents', 'issues', 'pull-requests', 'actions', 'packages'].some((k) => perms[k] === 'write'));
      if (exposed && (secrets.length > 0 || gate.open || writes)) {
        report('agent/ci-agent-untrusted-trigger', stepLocation, {
          message: `${name} in job "${jobId}" runs on ${untrusted.join(', ')}, which outside users can trigger, and nothing restricts who: a comment or issue can steer it${secrets.length ? ` while it holds ${secrets.join(', ')}` : ''}${writes ? `${secrets.length ? ' and' : ' while it holds'} a GITHUB_TOKEN that can write to the repository` : ''}. Check author_association in the job's if:, or trigger only on trusted events.`,
          severity: gate.open ? 'high' : 'medium',
          properties: { tool, job: jobId, secrets, triggers: untrusted },
        });
        ruleId ??= 'agent/ci-agent-untrusted-trigger';
      }
      fact({
        kind: 'agent-surface',
        id: `ci:${file.path}#${jobId}#${i}`,
        tool,
        runsIn: 'ci',
        gate: gate.open ? 'none' : 'gated',
        probes,
        gateLocation,
        layer: 'ci-step',
        shell: gate.open,
        network: true,
        sandboxed: !gate.open,
        mcpServers: [],
        ci: { workflow: file.path, job: jobId, triggers, untrustedTrigger: exposed, secrets, permissions: perms },
        ...(ruleId ? { ruleId } : {}),
      });
    });
  }
}

export default defineDetector({
  id: 'agents/ci-agents',
  files: ['.github/workflows/*.yml', '.github/workflows/*.yaml', '**/action.yml', '**/action.yaml'],
  accepts: (file) => mayHoldAgentStep(file.text),
  rules: {
    'agent/ci-agent-ungated': {
      title: 'CI agent step runs without an approval gate',
      severity: 'high',
      precision: 'high',
      help: [
        'A workflow step runs a coding agent with its gate removed: `claude_args: --dangerously-skip-permissions` or `--allowedTools Bash`, `openai/codex-action` with `sandbox: danger-full-access` or `safety-strategy: unsafe`, `run-gemini-cli` (always `gemini --yolo`) without a `tools.core` allowlist, an agent CLI run with its bypass flag (`--dangerously-skip-permissions`, `--yolo`, `--trust-all-tools` for Amazon Q …), or `goose run` with `GOOSE_MODE` unset or `auto`. Nobody is there to approve in CI, so the allowlist and the sandbox are the only gate.',
        '',
        '**Fix:** remove the bypass flag; allow only the commands the task needs (`--allowedTools "Bash(npm test)"`, `tools.core: ["run_shell_command(npm test)"]`); keep Codex in `workspace-write` or `read-only`; give the job `permissions: contents: read` and only the secrets it needs.',
      ].join('\n'),
    },
    'agent/ci-agent-untrusted-trigger': {
      title: 'CI agent step can be triggered by outside users',
      severity: 'medium',
      precision: 'medium',
      help: [
        'A workflow that runs a coding agent triggers on events outside users control (`issue_comment`, `issues`, `pull_request_target`, `discussion_comment` …) with nothing restricting who: `allowed_non_write_users: "*"`, `allowed_bots: "*"`, or a CLI run with no author check. A comment becomes a prompt injection that runs with the job\'s secrets and token.',
        '',
        '**Fix:** add `if: contains(fromJSON(\'["OWNER","MEMBER","COLLABORATOR"]\'), github.event.comment.author_association)` to the job, keep the action\'s write-access check, and pass no deploy or cloud secrets to agent jobs.',
      ].join('\n'),
    },
  },
  check: checkWorkflow,
});
