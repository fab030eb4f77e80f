// The catalog's own examples match their rows, and every pattern stays linear on hostile lines.

import { describe, expect, it } from 'vitest';
import { CATALOG, classifyVariableName, DATABASE_URL_KINDS, databaseUrlReach } from '../detectors/tokens/catalog.js';
import { isPlaceholder } from '../detectors/tokens/credentials.js';

describe('token catalog', () => {
  it.each(CATALOG.map((k) => [k.id, k] as const))('%s matches its own example', (_id, kind) => {
    if (kind.pattern) expect([...kind.example.matchAll(kind.pattern)].map((m) => m[0])).toEqual([kind.example]);
    if (kind.value) expect(kind.value.test(kind.example)).toBe(true);
    expect(isPlaceholder(kind.example)).toBe(false);
  });

  it.each(Object.entries(DATABASE_URL_KINDS))('database URL reach %s: its example is judged so', (reach, row) => {
    const m = /^[a-z+]+:\/\/([^:]+):[^@]+@([^:/?]+)/.exec(row.example);
    expect(databaseUrlReach(m?.[1] ?? '', m?.[2] ?? '')).toBe(reach);
  });

  it('database URLs: local hosts and compose service names are not judged; a managed host is whatever the user', () => {
    for (const host of ['localhost', 'db', 'postgres', '127.0.0.1', 'host.docker.internal', 'pg.local']) expect(databaseUrlReach('app', host), host).toBeUndefined();
    expect(databaseUrlReach('someuser', 'cluster0.ab12c.mongodb.net')).toBe('managed');
    expect(databaseUrlReach('app', 'aws-0-eu-central-1.pooler.supabase.com')).toBe('managed');
    expect(databaseUrlReach('app_readonly', 'cluster0.ab12c.mongodb.net')).toBe('readOnly');
    expect(databaseUrlReach('doadmin', 'db.example-corp.com')).toBe('superuser');
  });

  it('classes secret names for the chain stage', () => {
    expect(classifyVariableName('RAILWAY_API_TOKEN')).toMatchObject({ provider: 'railway', scope: 'BROAD', destructive: true });
    expect(classifyVariableName('railway_token')).toMatchObject({ provider: 'railway', scope: 'NARROW' });
    expect(classifyVariableName('AWS_SECRET_ACCESS_KEY')).toMatchObject({ provider: 'aws', scope: 'UNKNOWN' });
    expect(classifyVariableName('ANTHROPIC_API_KEY')).toBeUndefined();
  });

  it('stays fast on adversarial long lines (no catastrophic backtracking)', () => {
    const lines = ['ghp_', 'sk-admin-', 'glpat-', 'dp.st.', 'FlyV1 fm2_', 'eyJ', 'postgres://a:', 'Q~', '.atlasv1.', 'xoxb-1-'].map((p) => `${p}${'a'.repeat(50_000)}!`);
    const started = performance.now();
    for (const line of lines) for (const kind of CATALOG) if (kind.pattern) expect([...line.matchAll(kind.pattern)].length).toBeGreaterThanOrEqual(0);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('treats placeholders and low-entropy values as not secrets', () => {
    for (const v of ['your-token-here', '${TOKEN}', '<TOKEN>', 'xxxxxxxxxxxxxxxx', 'changeme', 'AKIAIOSFODNN7EXAMPLE', 'aaaaaaaaaaaaaaaaaaaaaaaa', '{{ .Values.token }}']) expect(isPlaceholder(v), v).toBe(true);
  });
});
