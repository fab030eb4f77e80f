// Runs the Microsoft SARIF Multitool (`validate --rule-kind "Gh;Sarif"`) on a SARIF file and
// returns the problems it reports. The platform binary is called directly: the package's own
// bin.js goes through a shell, which splits "Gh;Sarif" at the semicolon.

import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface MultitoolProblem {
  level: string;
  ruleId: string;
  message: string;
}

function multitoolBinary(): string {
  const require = createRequire(import.meta.url);
  const bin = require('@microsoft/sarif-multitool') as string;
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    // npm may skip the package's postinstall (`chmod u+x`) when install scripts are not allowed.
    chmodSync(bin, 0o755);
  }
  return bin;
}

export function validateSarif(sarifPath: string): MultitoolProblem[] {
  const out = join(mkdtempSync(join(tmpdir(), 'br-multitool-')), 'validation.sarif');
  execFileSync(multitoolBinary(), ['validate', '--rule-kind', 'Gh;Sarif', '--output', out, sarifPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
  });
  const log = JSON.parse(readFileSync(out, 'utf8')) as {
    runs: { results?: { level?: string; ruleId?: string; message?: { text?: string; id?: string; arguments?: string[] } }[] }[];
  };
  return (log.runs[0]?.results ?? []).map((r) => ({
    level: r.level ?? 'warning',
    ruleId: r.ruleId ?? '',
    message: r.message?.text ?? `${r.message?.id ?? ''} ${(r.message?.arguments ?? []).join(', ')}`,
  }));
}
