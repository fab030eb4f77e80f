// Inline suppression: `blast-radius-ignore RULE_ID reason` in a comment on the finding's line or
// the line above (any comment syntax: #, //, /* */, <!-- -->, ;). `RULE_ID` may be a family
// wildcard such as `token/*`. Baselines: a file of fingerprints written by `--write-baseline`.

import { writeFileSync } from 'node:fs';
import { PlainFileError, readPlainFile } from './plain-file.js';
import { compareText } from './order.js';
import type { Finding } from './types.js';

/**
 * `blast-radius-ignore RULE_ID [reason]` on the finding's line or the line above it suppresses
 * that rule there (`family/*` a whole family). A bare `blast-radius-ignore [-- reason]` suppresses
 * every finding there, as `nosemgrep` and `gitleaks:allow` do. Suppressions are always listed.
 */
const MARKER = /blast-radius-ignore(?![\w-])(?:[ \t]+([a-z]+\/(?:\*|[a-z0-9-]+)))?(?:[ \t]+(?:--(?=[ \t]|$)[ \t]*)?(.*?))?[ \t]*(?:\*\/|-->)?[ \t]*$/;

/** The reason ('' when none was given) if the finding at `line` is suppressed inline, else undefined. */
export function inlineSuppression(lines: readonly string[], line: number, ruleId: string): string | undefined {
  for (const l of [line, line - 1]) {
    const m = MARKER.exec(lines[l - 1] ?? '');
    if (!m) continue;
    const target = m[1];
    if (target === undefined || target === ruleId || (target.endsWith('/*') && ruleId.startsWith(target.slice(0, -1)))) return m[2] ?? '';
  }
  return undefined;
}

/** Inline markers that name a rule (or family) no detector has: `[line, name]` pairs. */
export function unknownMarkerRules(text: string, known: ReadonlySet<string>): [number, string][] {
  const out: [number, string][] = [];
  let at = text.indexOf('blast-radius-ignore');
  while (at !== -1 && out.length < 100) {
    const start = text.lastIndexOf('\n', at) + 1;
    const end = text.indexOf('\n', at);
    const target = MARKER.exec(text.slice(start, end === -1 ? undefined : end))?.[1];
    const family = target?.endsWith('/*') ? target.slice(0, -2) : undefined;
    if (target !== undefined && !known.has(target) && !(family !== undefined && [...known].some((id) => id.startsWith(`${family}/`)))) out.push([text.slice(0, start).split('\n').length, target]);
    at = end === -1 ? -1 : text.indexOf('blast-radius-ignore', end);
  }
  return out;
}

export interface BaselineFile {
  version: 1;
  tool: 'blast-radius';
  findings: { fingerprint: string; ruleId: string; path: string }[];
}

export class BaselineError extends Error {}

export function readBaseline(path: string, inRepository = false): Set<string> {
  let data: BaselineFile;
  try {
    data = JSON.parse(readPlainFile(path, 'baseline', { noSymlink: inRepository })) as BaselineFile;
  } catch (e) {
    throw new BaselineError(e instanceof PlainFileError ? e.message : `cannot read baseline ${path}: not valid JSON`);
  }
  if (!data || !Array.isArray(data.findings)) throw new BaselineError(`baseline ${path} has no "findings" list`);
  return new Set(data.findings.map((f) => f.fingerprint).filter((f): f is string => typeof f === 'string'));
}

export function writeBaseline(path: string, findings: readonly Finding[]): void {
  const data: BaselineFile = {
    version: 1,
    tool: 'blast-radius',
    findings: findings
      .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: `${f.location.root === 'home' ? '~/' : ''}${f.location.path}` }))
      .sort((a, b) => compareText(a.path, b.path) || compareText(a.ruleId, b.ruleId) || compareText(a.fingerprint, b.fingerprint)),
  };
  writeFileSync(path, JSON.stringify(data, null, 2) + '\n');
}
