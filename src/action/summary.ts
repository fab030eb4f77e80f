// The Action's job summary (Markdown: counts, the gate, each chain drawn as its path, a table of
// findings) and its annotations. GitHub shows at most 10 error, 10 warning and 10 notice
// annotations per step and a summary of at most 1 MiB, so both are capped and say so.

import { SEVERITIES, type Finding, type Location, type ScanResult } from '../engine/types.js';
import { codeSpan, markdownText } from '../report/escape.js';

export const ANNOTATIONS_PER_LEVEL = 10;
const TABLE_ROWS = 200;

interface Annotator {
  error(message: string, properties?: AnnotationProperties): void;
  warning(message: string, properties?: AnnotationProperties): void;
  notice(message: string, properties?: AnnotationProperties): void;
}

interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  startColumn?: number;
}

const levelOf = (f: Finding): keyof Annotator => (f.severity === 'critical' || f.severity === 'high' ? 'error' : f.severity === 'medium' ? 'warning' : 'notice');

/** One annotation per finding in the repository, the most severe first, at most 10 per level. */
export function annotate(findings: readonly Finding[], to: Annotator): number {
  const used = { error: 0, warning: 0, notice: 0 };
  let n = 0;
  for (const f of findings) {
    if (f.location.root !== 'repo') continue;
    const level = levelOf(f);
    if (used[level] >= ANNOTATIONS_PER_LEVEL) continue;
    used[level]++;
    n++;
    to[level](f.message, { title: `${f.ruleId} (${f.severity})`, file: f.location.path, startLine: f.location.line, startColumn: f.location.column });
  }
  return n;
}

const where = (l: Location): string => codeSpan(`${l.root === 'home' ? '~/' : ''}${l.path}:${l.line}`);

export interface SummaryOptions {
  failOn: string;
  gated: number;
  /** Findings new in this pull request, when the base could be compared. */
  fresh?: readonly Finding[];
  newOnly?: boolean;
  /** Suppressions the pull request adds (suppressed at the head, not at the base). */
  addedSuppressions?: readonly Finding[];
  /** Instruction files (config, baseline) the pull request changes; the base's versions applied. */
  instructionsChanged?: readonly string[];
}

export function summaryMarkdown(result: ScanResult, options: SummaryOptions): string {
  const lines: string[] = ['## blast-radius', ''];
  const counts = SEVERITIES.map((s) => `${result.findings.filter((f) => f.severity === s).length} ${s}`).join(', ');
  lines.push(`**${result.findings.length} findings** (${counts}) in ${result.stats.filesScanned} files.`);
  const freshIds = new Set(options.fresh?.map((f) => f.fingerprint));
  if (options.fresh) lines.push(`${options.fresh.length} of them are new in this pull request.`);
  lines.push(
    options.failOn === 'none'
      ? 'Gate: off (`fail-on: none`).'
      : `Gate: fail on ${options.failOn} and above${options.newOnly ? ', new findings only' : ''}: **${options.gated === 0 ? 'passed' : `${options.gated} finding(s) fail it`}**.`,
    '',
  );
  const chains = result.findings.filter((f) => f.ruleId.startsWith('chain/'));
  if (chains.length > 0) {
    lines.push('### Chains', '');
    for (const c of chains) {
      lines.push(`**${c.severity}** \`${c.ruleId}\`: ${markdownText(c.message)}`, '');
      for (const [i, s] of (c.steps ?? []).entries()) lines.push(`${i + 1}. ${where(s.location)} ${markdownText(s.message)}`);
      lines.push('');
    }
  }
  if (result.findings.length > 0) {
    lines.push('### Findings', '', `| Severity | Rule | Location | Message |${options.fresh ? ' New |' : ''}`, `|---|---|---|---|${options.fresh ? '---|' : ''}`);
    for (const f of result.findings.slice(0, TABLE_ROWS)) {
      lines.push(`| ${f.severity} | \`${f.ruleId}\` | ${where(f.location)} | ${markdownText(f.message)} |${options.fresh ? (freshIds.has(f.fingerprint) ? ' yes |' : ' |') : ''}`);
    }
    if (result.findings.length > TABLE_ROWS) lines.push('', `…and ${result.findings.length - TABLE_ROWS} more in the SARIF file and the code scanning alerts.`);
  }
  if (options.instructionsChanged?.length) {
    lines.push('', `This pull request changes ${options.instructionsChanged.map(codeSpan).join(', ')}: the base commit's version applied.`);
  }
  if (result.suppressed.length > 0) {
    const added = new Set(options.addedSuppressions?.map((f) => f.fingerprint));
    lines.push('', '### Suppressed', '', `| How | Rule | Location | Reason |${options.addedSuppressions ? ' Added here |' : ''}`, `|---|---|---|---|${options.addedSuppressions ? '---|' : ''}`);
    for (const f of result.suppressed.slice(0, TABLE_ROWS)) {
      lines.push(`| ${f.suppressed?.kind ?? ''} | \`${f.ruleId}\` | ${where(f.location)} | ${markdownText(f.suppressed?.reason ?? '')} |${options.addedSuppressions ? (added.has(f.fingerprint) ? ' **yes** |' : ' |') : ''}`);
    }
    if (result.suppressed.length > TABLE_ROWS) lines.push('', `…and ${result.suppressed.length - TABLE_ROWS} more.`);
  }
  return `${lines.join('\n')}\n`;
}
