// The JSON report: a stable, documented shape (docs/json-report.md). Version 1 only grows by
// adding fields; nothing is renamed or removed within a version.

import type { Finding, ScanResult } from '../engine/types.js';
import { countBySeverity, displayPath } from './severity.js';

export interface JsonReportOptions {
  toolVersion: string;
}

const finding = (f: Finding): Record<string, unknown> => ({
  ruleId: f.ruleId,
  severity: f.severity,
  confidence: f.confidence,
  message: f.message,
  location: { ...f.location, display: displayPath(f.location.root, f.location.path) },
  related: f.related,
  ...(f.steps ? { steps: f.steps } : {}),
  fingerprint: f.fingerprint,
  ...(f.properties ? { properties: f.properties } : {}),
});

export function toJson(result: ScanResult, options: JsonReportOptions): string {
  const report = {
    version: 1,
    tool: { name: 'blast-radius', version: options.toolVersion },
    root: result.root,
    ...(result.home ? { home: result.home } : {}),
    summary: {
      findings: result.findings.length,
      bySeverity: countBySeverity(result.findings),
      suppressed: result.stats.suppressed,
      filesScanned: result.stats.filesScanned,
      bytesScanned: result.stats.bytesScanned,
      skipped: result.stats.skipped,
      skippedFolders: result.stats.skippedFolders ?? [],
      durationMs: result.stats.durationMs,
    },
    findings: result.findings.map(finding),
    suppressedFindings: result.suppressed.map((f) => ({ ...finding(f), suppressed: f.suppressed })),
    notifications: result.notifications,
  };
  return JSON.stringify(report, null, 2) + '\n';
}
