// No report format may contain a whole secret: detectors hand raw values to the engine, which
// scrubs every message, location text, property, fact and notification of them.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectors } from '../detectors/index.js';
import { redact, scrub } from '../src/engine/redact.js';
import { scan } from '../src/engine/scan.js';
import { defineDetector } from '../src/engine/types.js';
import { toJson } from '../src/report/json.js';
import { toSarif } from '../src/report/sarif.js';
import { toText } from '../src/report/text.js';

const SECRETS = [
  'ghp_Q7wErTy8UiOp3AsDfGh2JkLz6XcVb9NmQw4E',
  'adbb7ee7-4202-47e4-a689-bda409f7c04c',
  'sk-admin-Zx8Qw2Lp5Rt7Yv3Nb6Mc9Kd1Fg4Hj0Ss',
  'AKIAZ7QW3ERTY5UIOP2A',
  'Xk9mQ2vLp7RtW4zN',
];

function plantedRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'br-redact-'));
  writeFileSync(
    join(dir, '.env'),
    [
      `GITHUB_TOKEN=${SECRETS[0]}`,
      `RAILWAY_API_TOKEN=${SECRETS[1]}`,
      `OPENAI_ADMIN_KEY=${SECRETS[2]}`,
      `AWS_ACCESS_KEY_ID=${SECRETS[3]}`,
      `DATABASE_URL=postgresql://postgres:${SECRETS[4]}@db.internal:5432/app`,
    ].join('\n') + '\n',
  );
  writeFileSync(join(dir, 'broken.yml'), `token: ${SECRETS[0]}\n  bad: [indent\n`);
  return dir;
}

/** A detector that misbehaves on purpose: puts raw values everywhere a string can go. */
const leaky = defineDetector({
  id: 'test/leaky',
  files: ['.env'],
  rules: { 'token/leaky-test': { title: 'leaky', severity: 'high', precision: 'low', help: 'test' } },
  check({ file, report, fact, notify }) {
    for (const e of file.env()) {
      report('token/leaky-test', file.at(e.line, e.column), {
        message: `found ${e.value} in ${e.key}`,
        secrets: [e.value.includes('@') ? SECRETS[4] as string : e.value],
        related: [{ location: file.at(e.line), message: `value ${e.value}` }],
        properties: { raw: e.value },
      });
      notify({ level: 'note', id: 'test', message: `saw ${e.value}` });
      fact({ kind: 'credential', provider: 'test', tokenKind: 'test', scope: 'BROAD', destructive: true, reason: e.value, redacted: e.value, reach: 'workspace-file', location: file.at(e.line) });
    }
  },
});

function assertClean(output: string): void {
  for (const s of SECRETS) expect(output).not.toContain(s);
}

describe('redaction', () => {
  it('shows four characters and the length', () => {
    expect(redact(SECRETS[0] as string)).toBe('ghp_…(40 chars)');
    expect(redact('short')).toBe('…(5 chars)');
    expect(scrub(`a ${SECRETS[0]} b`, [SECRETS[0] as string])).toBe('a ghp_…(40 chars) b');
  });

  it('scrubs every output format of values a detector reported', async () => {
    const result = await scan({ root: plantedRepo(), detectors: [leaky] });
    expect(result.findings.length).toBe(5);
    for (const out of [toText(result, { color: false }), toJson(result, { toolVersion: '0' }), toSarif(result, { toolVersion: '0' }), JSON.stringify(result.facts), JSON.stringify(result.notifications)]) {
      assertClean(out);
    }
  });

  it('leaks nothing through the real detectors in any format', async () => {
    const result = await scan({ root: plantedRepo(), detectors });
    for (const out of [toText(result, { color: false }), toJson(result, { toolVersion: '0' }), toSarif(result, { toolVersion: '0' }), JSON.stringify(result)]) {
      assertClean(out);
    }
  });
});
