// Amp (Sourcegraph), agent-configs.md §13: settings `~/.config/amp/settings.json` and, per the only
// public reimplementation found, `.agents/settings.json` in the project. `amp.permissions` is a
// list of `{ tool, matches: { cmd }, action }` rules where the first match wins,
// `amp.commands.allowlist` names base commands that run unasked, and `amp.dangerouslyAllowAll`
// approves everything. None of this was verified against Amp itself, so findings carry low
// confidence.

import type { ProbeId, ProbeOutcome } from '../../src/engine/facts.js';
import { defineDetector, type Location } from '../../src/engine/types.js';
import { SHELL_PROBES, wildcardMatch, workspaceSurface } from './probes.js';

interface AmpRule {
  tool?: unknown;
  matches?: { cmd?: unknown };
  action?: unknown;
}

/** First matching `amp.permissions` rule, then the base-command allowlist; Amp asks otherwise. */
export function ampOutcome(rules: readonly AmpRule[], allowlist: readonly string[], command: string): { outcome: ProbeOutcome; index?: number; listed?: number } {
  const index = rules.findIndex((r) => r.tool === 'Bash' && (typeof r.matches?.cmd !== 'string' || wildcardMatch(r.matches.cmd, command)));
  const rule = rules[index];
  if (rule) return { outcome: rule.action === 'allow' ? 'allow' : rule.action === 'reject' ? 'deny' : 'ask', index };
  const base = command.split(/\s+/)[0] ?? '';
  const listed = allowlist.findIndex((c) => c === '*' || c === base);
  return listed >= 0 ? { outcome: 'allow', listed } : { outcome: 'ask' };
}

export default defineDetector({
  id: 'agents/amp',
  files: ['.agents/settings.json', '~/.config/amp/settings.json'],
  rules: {
    'agent/amp-commands-auto-approved': {
      title: 'Amp runs destructive shell commands without asking',
      severity: 'high',
      precision: 'low',
      help: [
        'Amp settings approve shell commands in advance: `amp.dangerouslyAllowAll: true`, an `amp.permissions` rule `{ "tool": "Bash", "matches": { "cmd": "*" }, "action": "allow" }` (the first matching rule wins), or `amp.commands.allowlist` entries such as `*`, `rm`, `railway`, `psql`, `terraform`.',
        '',
        '**Fix:** remove `amp.dangerouslyAllowAll`, put `"action": "ask"` or `"reject"` rules for destructive commands before any broad allow, and keep the allowlist to read-only commands.',
      ].join('\n'),
    },
  },
  check({ file, report, fact }) {
    const v = file.json().value as Record<string, unknown> | undefined;
    if (!v || typeof v !== 'object') return;
    const rules = (Array.isArray(v['amp.permissions']) ? v['amp.permissions'] : []).filter((r): r is AmpRule => r !== null && typeof r === 'object');
    const allowlist = (Array.isArray(v['amp.commands.allowlist']) ? v['amp.commands.allowlist'] : []).filter((c): c is string => typeof c === 'string');
    const all = v['amp.dangerouslyAllowAll'] === true;
    const probes: Partial<Record<ProbeId, ProbeOutcome>> = {};
    let opener: Location | undefined;
    for (const p of SHELL_PROBES) {
      const r = all ? { outcome: 'allow' as const } : ampOutcome(rules, allowlist, p.command);
      probes[p.id] = r.outcome;
      if (r.outcome !== 'allow' || opener) continue;
      opener = all
        ? file.jsonLocation(['amp.dangerouslyAllowAll'])
        : 'index' in r && r.index !== undefined
          ? file.jsonLocation(['amp.permissions', r.index])
          : file.jsonLocation(['amp.commands.allowlist', 'listed' in r ? (r.listed ?? 0) : 0]);
    }
    const runs = SHELL_PROBES.filter((p) => probes[p.id] === 'allow').map((p) => p.id);
    const layer = file.root === 'home' ? 'user' : 'project';
    if (opener) {
      report('agent/amp-commands-auto-approved', opener, {
        message: `Amp ${layer} settings let ${runs.join(', ')} run without asking. Put ask or reject rules for destructive commands first and keep the allowlist to read-only commands.`,
        confidence: 'low',
        properties: { tool: 'amp', probes: runs },
      });
    }
    fact({ ...workspaceSurface('amp', probes, opener ?? file.at(1), layer, [], opener ? 'agent/amp-commands-auto-approved' : undefined), id: `amp:${file.root}` });
  },
});
