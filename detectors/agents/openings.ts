// One allow entry, judged by what it reaches: the command model proposes the commands an entry
// covers that escape to arbitrary execution or destroy something, the tool's own matcher confirms
// which of them really run unasked, and the finding names the worst one at the entry's line.

import type { ProbeId, ProbeOutcome } from '../../src/engine/facts.js';
import type { Severity } from '../../src/engine/types.js';
import { probesOpenedBy } from '../../src/policy/probes.js';
import { openingsOf, type Opening, type ReachQuery } from '../../src/policy/reach.js';

export type { Opening };

/**
 * The most approval entries of one kind read from one config. Each entry is asked about a couple of
 * hundred candidate commands, each answered by the tool's whole rule list: a hostile file of
 * thousands of entries would cost their square. Real configs hold a few dozen.
 */
export const MAX_ENTRIES = 500;

/** At most MAX_ENTRIES of a list read from a config. */
export const capped = <T>(list: readonly T[]): T[] => list.slice(0, MAX_ENTRIES);

/** What a glob-style pattern (`npm *`, `git push*`, `*`) covers: its literal head, open when it has a wildcard. */
export function wildcardQuery(pattern: string): Omit<ReachQuery, 'editsApproved'> {
  const star = pattern.search(/[*?]/);
  if (star === -1) return { prefix: pattern, open: false };
  const head = pattern.slice(0, star);
  return { prefix: head, open: true, partial: head.trim() !== '' && !/\s$/.test(head) };
}

/** The commands an entry lets run unasked: proposed by the command model, confirmed by the tool's matcher. */
export function entryOpenings(query: ReachQuery, runsUnasked: (command: string) => boolean): Opening[] {
  return openingsOf(query).filter((o) => runsUnasked(o.command));
}

/** Severity by what an entry opens: arbitrary execution or a destructive family high, workspace runs medium. */
export const openingSeverity = (openings: readonly Opening[]): Severity => (openings.some((o) => o.effect.capability !== 'workspace-run') ? 'high' : 'medium');

const clip = (s: string, n = 80): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** "lets it run `npm exec -- railway volume delete …` without asking (`npm exec` runs any package or command)". */
export function describeOpenings(openings: readonly Opening[]): string {
  const [first] = openings;
  if (!first) return '';
  const others = openings
    .slice(1)
    .filter((o) => o.effect.family !== first.effect.family)
    .slice(0, 2)
    .map((o) => `\`${clip(o.command, 50)}\``);
  const what = first.effect.capability === 'workspace-run' ? `${first.effect.reason}, and file edits are approved in advance, so it runs whatever the agent writes` : first.effect.reason;
  return `lets it run \`${clip(first.command)}\` without asking (${what})${others.length ? `; also ${others.join(', ')}` : ''}`;
}

/** Short labels for properties: `arbitrary-exec:package-runner`, `destructive:docker`. */
export const openingKinds = (openings: readonly Opening[]): string[] => [...new Set(openings.map((o) => `${o.effect.capability}:${o.effect.family}`))];

/** Marks every probe the openings let run as allowed. */
export function openProbes(probes: Partial<Record<ProbeId, ProbeOutcome>>, openings: readonly Opening[]): void {
  for (const o of openings) for (const id of probesOpenedBy(o.effect)) probes[id] = 'allow';
}
