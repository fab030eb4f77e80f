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
import { SHELL_PROBES } from './probes.js';

/** Events whose payload (comment, issue, PR from a fork) an outside user controls. */
export const UNTRUSTED_EVENTS = new Set(['issue_comment', 'pull_request_target', 'issues', 'discussion', 'discussion_comment', 'pull_request_review_comment', 'pull_request_review', 'workflow_run']);

const ACTIONS: { match: RegExp; tool: string }[] = [
  { match: /^anthropics\/claude-code-action(?:@|\/|$)/, tool: 'ci:claude-code-action' },
  { match: /^openai\/codex-action(?:@|\/|$)/, tool: 'ci:codex-action' },
  { match: /^google-github-actions\/run-gemini-cli(?:@|\/|$)/, tool: 'ci:run-gemini-cli' },
];

export const RUN_BYPASS: { match: RegExp; tool: string; flag: RegExp }[] = [
  { match: /\bclaude\b/, tool: 'ci:claude-cli', flag: /--dangerously-skip-permissions|--permission-mode[= ]bypassPermissions|--allowedTools[= ]["']?[^"'\n]*\bBash(?:\(\*\))?(?=[,"'\s]|$)/ },
  { match: /\bcodex\b/, tool: 'ci:codex-cli', flag: /--dangerously-bypass-approvals-and-sandbox|--yolo|--sandbox[= ]danger-full-access|sandbox_mode=["']?danger-full-access/ },
  { match: /\bgemini\b/, tool: 'ci:gemini-cli', flag: /--yolo|(?:^|\s)-y(?:\s|$)|--approval-mode[= ]yolo/ },
  { match: /\bcursor-agent\b/, tool: 'ci:cursor-agent', flag: /--force|(?:^|\s)-f(?:\s|$)/ },
  { match: /\bamp\b/, tool: 'ci:amp', flag: /--dangerously-allow-all/ },
  { match: /\bopencode\s+run\b/, tool: 'ci:opencode', flag: /--auto\b/ },
  // Amazon Q Developer CLI (docs.aws.amazon.com/amazonq … command-line-reference) and its successor, Kiro CLI.
  { match: /\b(?:q|kiro-cli)\s+chat\b/, tool: 'ci:amazon-q', flag: /--trust-all-tools\b/ },
];

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

/** Whether the step's own inputs or its job's `if:` keep outside users out. */
function restrictsAuthors(job: Json, step: Json): boolean {
  const cond = `${String(job.if ?? '')} ${String(step.if ?? '')}`;
  if (/author_association|github\.actor\s*==|contains\(\s*fromJSON\(\s*'\[?"?(?:OWNER|MEMBER|COLLABORATOR)/i.test(cond)) return true;
  const w = (step.with ?? {}) as Json;
  // claude-code-action checks the actor has write access unless widened (docs/security.md).
  if (w.allowed_non_write_users === '*' || w.allowed_bots === '*' || w['allow-users'] === '*') return false;
  return /claude-code-action|codex-action/.test(String(step.uses ?? ''));
}

interface Gate {
  open: boolean;
  why: string;
  key: (string | number)[];
}

function actionGate(tool: string, w: Json): Gate | undefined {
  const args = String(w.claude_args ?? w['codex-args'] ?? '');
  const settings = typeof w.settings === 'string' ? w.settings : JSON.stringify(w.settings ?? '');
  if (tool === 'ci:claude-code-action') {
    if (/--dangerously-skip-permissions|--permission-mode[= ]bypassPermissions/.test(args)) return { open: true, why: 'claude_args bypasses permissions', key: ['claude_args'] };
    if (/--allowedTools[= ]["']?[^"'\n]*\bBash(?:\(\*\))?(?=[,"'\s]|$)/.test(args) || /"allow"\s*:\s*\[[^\]]*"Bash(?:\(\*\))?"/.test(settings)) return { open: true, why: 'every shell command is allowed', key: [w.claude_args ? 'claude_args' : 'settings'] };
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

function checkWorkflow({ file, report, fact }: FileContext): void {
  const doc = file.yaml().docs[0] as Document.Parsed | undefined;
  if (!doc || !isMap(doc.contents)) return;
  const wf = (yamlValue(doc) ?? {}) as Json;
  const triggers = triggersOf(wf.on ?? wf.true);
  const untrusted = triggers.filter((t) => UNTRUSTED_EVENTS.has(t));
  for (const [jobId, jobValue] of Object.entries((wf.jobs ?? {}) as Record<string, Json>)) {
    // An empty `- ` item is null: keep its index so locations still line up.
    const steps = Array.isArray(jobValue?.steps) ? (jobValue.steps as unknown[]).map((s) => (s !== null && typeof s === 'object' ? s : {}) as Json) : [];
    if (!isSeq(yamlNodeAt(doc.contents, ['jobs', jobId, 'steps']))) continue;
    steps.forEach((step, i) => {
      const uses = typeof step.uses === 'string' ? step.uses : '';
      const run = typeof step.run === 'string' ? step.run : '';
      const action = ACTIONS.find((a) => a.match.test(uses));
      const cli = !action && run ? RUN_BYPASS.find((r) => r.match.test(run) && r.flag.test(run)) : undefined;
      const mode = !action && !cli && GOOSE_RUN.test(run) ? (gooseMode(run, step.env, jobValue.env, wf.env) ?? 'auto') : undefined;
      if (!action && !cli && mode === undefined) return;
      const tool = action?.tool ?? cli?.tool ?? 'ci:goose';
      const w = (step.with ?? {}) as Json;
      const gate: Gate = action
        ? (actionGate(tool, w) as Gate)
        : cli
          ? { open: true, why: 'the command line passes a bypass flag', key: ['run'] }
          : { open: mode === 'auto', why: mode === 'auto' ? 'goose runs in auto mode, since GOOSE_MODE is unset or auto' : `GOOSE_MODE is ${mode}`, key: ['run'] };
      const stepPath = ['jobs', jobId, 'steps', i];
      const stepLocation = file.yamlLocation(doc.contents, [...stepPath, action ? 'uses' : 'run']);
      const gateLocation = gate.open && gate.key[0] ? file.yamlLocation(doc.contents, [...stepPath, ...(action ? ['with'] : []), ...gate.key]) : stepLocation;
      const secrets = secretNames(wf.env, jobValue.env, step.env, step.with);
      const permissions = jobValue.permissions ?? wf.permissions;
      const perms: NonNullable<AgentSurfaceFact['ci']>['permissions'] = permissions === undefined ? 'default' : permissions === 'write-all' || permissions === 'read-all' ? permissions : ((permissions ?? {}) as Record<string, string>);
      const exposed = untrusted.length > 0 && !restrictsAuthors(jobValue, step);
      const probes: Partial<Record<ProbeId, ProbeOutcome>> = Object.fromEntries(SHELL_PROBES.map((p) => [p.id, gate.open ? 'allow' : 'deny']));
      const name = tool.replace(/^ci:/, '');
      let ruleId: string | undefined;
      if (gate.open) {
        report('agent/ci-agent-ungated', gateLocation, {
          message: `${name} in job "${jobId}" runs without an approval gate (${gate.why}): any command the model decides on runs with the job's token${secrets.length ? ` and secrets ${secrets.join(', ')}` : ''}. ${tool === 'ci:goose' ? 'Give the job contents: read and no secrets beyond the model key, or run goose without the developer extension (no shell).' : 'Remove the bypass and allow only the commands the task needs.'}`,
          severity: exposed ? 'critical' : 'high',
          properties: { tool, job: jobId, secrets, triggers },
        });
        ruleId = 'agent/ci-agent-ungated';
      }
      if (exposed && (secrets.length > 0 || gate.open)) {
        report('agent/ci-agent-untrusted-trigger', stepLocation, {
          message: `${name} in job "${jobId}" runs on ${untrusted.join(', ')}, which outside users can trigger, and nothing restricts who: a comment or issue can steer it${secrets.length ? ` while it holds ${secrets.join(', ')}` : ''}. Check author_association in the job's if:, or trigger only on trusted events.`,
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
  files: ['.github/workflows/*.yml', '.github/workflows/*.yaml'],
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
