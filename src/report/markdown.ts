// The Markdown report: counts, the gate, each chain drawn as its path, a table of findings and one
// of suppressions. The Action writes it as the job summary; `--format markdown` prints it for pull
// request comments and other CIs. A leaf: it takes a finished result. Repository text is escaped.

import { SEVERITIES, type Finding, type Location, type ScanResult } from '../engine/types.js';
import { codeSpan, markdownText } from './escape.js';

const TABLE_ROWS = 200;

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
    for (const c of chains.slice(0, TABLE_ROWS / 4)) {
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
  if (chains.length > TABLE_ROWS / 4) lines.push('', `…and ${chains.length - TABLE_ROWS / 4} more chains in the SARIF file.`);
  return capped(`${lines.join('\n')}\n`);
}

/** GitHub refuses a job summary over 1 MiB; the report stays under it with room to spare. */
export const MAX_SUMMARY_BYTES = 1_000_000;

/** The report cut at a line boundary under the limit (severe findings come first), saying how much was cut. */
function capped(markdown: string): string {
  if (Buffer.byteLength(markdown) <= MAX_SUMMARY_BYTES) return markdown;
  const lines = markdown.split('\n');
  let size = 0;
  let kept = 0;
  while (kept < lines.length && size + Buffer.byteLength(lines[kept] as string) + 1 <= MAX_SUMMARY_BYTES - 200) size += Buffer.byteLength(lines[kept++] as string) + 1;
  return `${lines.slice(0, kept).join('\n')}\n\n…the report was cut here (${lines.length - kept} more lines) to stay under GitHub's 1 MiB summary limit; every finding is in the SARIF file.\n`;
}
