// product.md §4: how a severity reads in SARIF and how it is counted.

import type { Finding, Severity } from '../engine/types.js';
import { SEVERITIES } from '../engine/types.js';

export const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
};

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** `~/.railway/config.json` for home files, the plain relative path otherwise. */
export function displayPath(root: 'repo' | 'home', path: string): string {
  return root === 'home' ? `~/${path}` : path;
}
