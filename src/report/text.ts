// The human report: chains first as numbered paths, then findings grouped by file, then the
// notifications and one summary line. Colours only when asked (the CLI decides from the TTY).

import type { Finding, ScanResult, Severity } from '../engine/types.js';
import { compareText } from '../engine/order.js';
import { SEVERITIES } from '../engine/types.js';
import { terminalSafe } from './escape.js';
import { countBySeverity, displayPath } from './severity.js';

export interface TextReportOptions {
  color: boolean;
  /** Omit the per-finding detail and print only the summary line and chains. */
  quiet?: boolean;
}

const CODES: Record<Severity | 'dim' | 'bold', [number, number]> = {
  critical: [35, 39],
  high: [31, 39],
  medium: [33, 39],
  low: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
};

export function toText(result: ScanResult, options: TextReportOptions): string {
  const paint = (style: keyof typeof CODES, s: string): string => (options.color ? `\u001b[${CODES[style][0]}m${s}\u001b[${CODES[style][1]}m` : s);
  const label = (s: Severity): string => paint(s, s.toUpperCase().padEnd(8));
  const where = (f: { location: Finding['location'] }): string => `${terminalSafe(displayPath(f.location.root, f.location.path))}:${f.location.line}:${f.location.column}`;
  const out: string[] = [];

  const chains = result.findings.filter((f) => f.ruleId.startsWith('chain/'));
  const others = result.findings.filter((f) => !f.ruleId.startsWith('chain/'));

  for (const f of chains) {
    out.push(`${label(f.severity)} ${paint('bold', f.ruleId)}  ${where(f)}`);
    out.push(`  ${terminalSafe(f.message)}`);
    (f.steps ?? []).forEach((step, i) => {
      out.push(`  ${i + 1}. ${terminalSafe(step.message)}`);
      out.push(`     ${paint('dim', `at ${where(step)}`)}`);
    });
    out.push('');
  }

  if (!options.quiet) {
    const byFile = new Map<string, Finding[]>();
    for (const f of others) {
      const key = terminalSafe(displayPath(f.location.root, f.location.path));
      byFile.set(key, [...(byFile.get(key) ?? []), f]);
    }
    for (const [path, findings] of [...byFile].sort(([a], [b]) => compareText(a, b))) {
      out.push(paint('bold', path));
      for (const f of findings.sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column)) {
        out.push(`  ${String(f.location.line).padStart(4)}:${String(f.location.column).padEnd(3)} ${label(f.severity)} ${f.ruleId}`);
        out.push(`           ${terminalSafe(f.message)}`);
        for (const r of f.related) out.push(`           ${paint('dim', `↳ ${terminalSafe(r.message)} (${where(r)})`)}`);
      }
      out.push('');
    }
    if (result.suppressed.length > 0) {
      out.push(paint('bold', `${result.suppressed.length} suppressed`));
      for (const f of result.suppressed) out.push(`  ${where(f)} ${f.ruleId} (${f.suppressed?.kind ?? 'suppressed'}${f.suppressed?.reason ? `: ${terminalSafe(f.suppressed.reason)}` : ''})`);
      out.push('');
    }
    if (result.notifications.length > 0) {
      out.push(paint('bold', `${result.notifications.length} notification${result.notifications.length === 1 ? '' : 's'}`));
      for (const n of result.notifications) out.push(`  ${n.level}: ${terminalSafe(n.message)}`);
      out.push('');
    }
  }

  const folders = result.stats.skippedFolders ?? [];
  if (folders.length > 0 && !options.quiet) out.push(skippedFoldersLine(folders, result.stats.skipped['skipped-folder'] ?? folders.length));
  out.push(summaryLine(result, paint));
  return out.join('\n') + '\n';
}

const FOLDER_REASON_TEXT: Record<string, string> = { 'version-control': 'version control', dependencies: 'dependencies', 'build-output': 'build output: only credential and agent files read', cache: 'cache' };

/** One line naming the folders skipped by name (the first few of each reason), and how to bring one back. */
function skippedFoldersLine(folders: readonly { path: string; reason: string }[], total: number): string {
  const byReason = new Map<string, string[]>();
  for (const f of folders) byReason.set(f.reason, [...(byReason.get(f.reason) ?? []), f.path]);
  const parts = [...byReason].map(([reason, paths]) => `${paths.slice(0, 3).map((p) => `${terminalSafe(p)}/`).join(', ')}${paths.length > 3 ? ` and ${paths.length - 3} more` : ''} (${FOLDER_REASON_TEXT[reason] ?? reason})`);
  return `Skipped ${total} folder${total === 1 ? '' : 's'} by name: ${parts.join('; ')}. \`include:\` in .blast-radius.yml or --include scans one.`;
}

function summaryLine(result: ScanResult, paint: (style: keyof typeof CODES, s: string) => string): string {
  const counts = countBySeverity(result.findings);
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => paint(s, `${counts[s]} ${s}`));
  const suppressed = result.stats.suppressed.inline + result.stats.suppressed.config + result.stats.suppressed.baseline;
  const skipped = Object.values(result.stats.skipped).reduce((a, b) => a + b, 0);
  const total = result.findings.length;
  const head = total === 0 ? 'No findings' : `${total} finding${total === 1 ? '' : 's'} (${parts.join(', ')})`;
  return `${head} in ${result.stats.filesScanned} files (${skipped} skipped, ${suppressed} suppressed) in ${result.stats.durationMs} ms.`;
}
