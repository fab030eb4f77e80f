// Amp (Sourcegraph), agent-configs.md §13: settings `~/.config/amp/settings.json` and, per the only
// public reimplementation found, `.agents/settings.json` in the project. `amp.permissions` is a
// list of `{ tool, matches: { cmd }, action }` rules where the first match wins,
// `amp.commands.allowlist` names base commands that run unasked, and `amp.dangerouslyAllowAll`
// approves everything. None of this was verified against Amp itself, so findings carry low
// confidence.

import type { ProbeId, ProbeOutcome } from '../../src/engine/facts.js';
import { defineDetector, type Location } from '../../src/engine/types.js';
import { capped, describeOpenings, entryOpenings, openingKinds, openingSeverity, openProbes, wildcardQuery } from './openings.js';
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
        'Amp settings approve shell commands in advance: `amp.dangerouslyAllowAll: true`, an `amp.permissions` rule `{ "tool": "Bash", "matches": { "cmd": "*" }, "action": "allow" }` (the first matching rule wins), or `amp.commands.allowlist` entries such as `*`, `rm`, `railway`, `psql`, `terraform`. An entry also covers what the program it names can start: `npm` reaches `npm exec <any package>`, `python3` reaches `python3 -c <any code>`, `uv` reaches `uv run`, `env`, `xargs`, `sudo` and `docker` run any command; each entry is reported at its own line with the worst command it lets through.',
        '',
        '**Fix:** remove `amp.dangerouslyAllowAll`, put `"action": "ask"` or `"reject"` rules for destructive commands before any broad allow, and keep the allowlist to read-only commands.',
      ].join('\n'),
    },
  },
  check({ file, report, fact }) {
    const v = file.json().value as Record<string, unknown> | undefined;
    if (!v || typeof v !== 'object') return;
    const rules = capped((Array.isArray(v['amp.permissions']) ? v['amp.permissions'] : []).filter((r): r is AmpRule => r !== null && typeof r === 'object'));
    const allowlist = capped((Array.isArray(v['amp.commands.allowlist']) ? v['amp.commands.allowlist'] : []).filter((c): c is string => typeof c === 'string'));
    const all = v['amp.dangerouslyAllowAll'] === true;
    const probes: Partial<Record<ProbeId, ProbeOutcome>> = {};
    for (const p of SHELL_PROBES) probes[p.id] = all ? 'allow' : ampOutcome(rules, allowlist, p.command).outcome;
    const layer = file.root === 'home' ? 'user' : 'project';
    let opener: Location | undefined;
    if (all) {
      opener = file.jsonLocation(['amp.dangerouslyAllowAll']);
      report('agent/amp-commands-auto-approved', opener, {
        message: `Amp ${layer} settings set amp.dangerouslyAllowAll: every command and tool call runs without asking. Remove it and put ask or reject rules for destructive commands first.`,
        severity: 'critical',
        confidence: 'low',
        properties: { tool: 'amp' },
      });
    }
    // Each allow rule and allowlist entry, by what it reaches under Amp's first-match order.
    const entries = [
      ...rules.map((r, index) => ({ index, listed: undefined, at: ['amp.permissions', index] as (string | number)[], label: `amp.permissions rule "${typeof r.matches?.cmd === 'string' ? r.matches.cmd : '*'}"`, query: r.tool === 'Bash' && r.action === 'allow' ? wildcardQuery(typeof r.matches?.cmd === 'string' ? r.matches.cmd : '*') : undefined })),
      ...allowlist.map((c, listed) => ({ index: undefined, listed, at: ['amp.commands.allowlist', listed] as (string | number)[], label: `amp.commands.allowlist entry "${c}"`, query: { prefix: c === '*' ? '' : c, open: true } })),
    ];
    for (const e of entries) {
      if (all || !e.query) continue;
      const found = entryOpenings(e.query, (command) => {
        const r = ampOutcome(rules, allowlist, command);
        return r.outcome === 'allow' && (e.index !== undefined ? r.index === e.index : r.listed === e.listed);
      });
      if (found.length === 0) continue;
      openProbes(probes, found);
      const at = file.jsonLocation(e.at);
      opener ??= at;
      report('agent/amp-commands-auto-approved', at, {
        message: `Amp ${layer} ${e.label} ${describeOpenings(found)}. Put ask or reject rules for what it opens first and keep the allowlist to read-only commands.`,
        severity: openingSeverity(found),
        confidence: 'low',
        key: e.label,
        properties: { tool: 'amp', opens: openingKinds(found), example: found[0]?.command },
      });
    }
    fact({ ...workspaceSurface('amp', probes, opener ?? file.at(1), layer, [], opener ? 'agent/amp-commands-auto-approved' : undefined), id: `amp:${file.root}` });
  },
});
