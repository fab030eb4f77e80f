// Scope read from inside a credential: PyPI macaroon caveats, Azure SAS fields, service-account claims.

import { describe, expect, it } from 'vitest';
import { pypiScope, sasScope, serviceAccountScope } from '../detectors/tokens/scope.js';

const macaroon = (...caveats: string[]): string => {
  const field = (type: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([type, body.length]), body]);
  const parts = [Buffer.from([0x02]), field(1, Buffer.from('pypi.org')), field(2, Buffer.from('7c1e9b2a-4d3f-4a8e-9b6c-2f5d8e1a3b7c')), Buffer.from([0])];
  for (const c of caveats) parts.push(field(2, Buffer.from(c)), Buffer.from([0]));
  parts.push(Buffer.from([0]), field(6, Buffer.alloc(32, 7)));
  return `pypi-${Buffer.concat(parts).toString('base64url')}`;
};
const jwt = (claims: object): string => ['{"alg":"RS256"}', JSON.stringify(claims), 'sig'].map((p) => Buffer.from(p).toString('base64url')).join('.');
const NOW = Date.parse('2026-11-24T00:00:00Z');

describe('scope read from the credential', () => {
  it('reads PyPI caveats', () => {
    expect(macaroon().startsWith('pypi-AgEIcHlwaS5vcmc')).toBe(true);
    expect(pypiScope(macaroon('{"version": 1, "permissions": "user"}'))?.scope).toBe('BROAD');
    expect(pypiScope(macaroon('[3, "5b1f3c7a-9d2e-4f6b-8a1c-3e7d9f2b4a6c"]'))?.scope).toBe('BROAD');
    expect(pypiScope(macaroon('[1, ["acme-cli", "acme-sdk"]]'))).toMatchObject({ scope: 'NARROW', reason: expect.stringContaining('acme-cli, acme-sdk') as unknown });
    expect(pypiScope(macaroon('{"version": 1, "permissions": {"projects": ["acme"]}}'))?.scope).toBe('NARROW');
    expect(pypiScope(macaroon('[4, "github"]'))?.scope).toBe('NARROW');
    expect(pypiScope(macaroon('[0, 1893456000, 1767225600]'))).toBeUndefined();
  });

  it('reads Azure SAS permissions, resource and expiry', () => {
    expect(sasScope('sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacup&se=2030-01-01T00:00:00Z&sig=x', NOW)?.scope).toBe('PROJECT-DESTRUCTIVE');
    expect(sasScope('sv=2022-11-02&ss=b&srt=o&sp=rwd&se=2030-01-01T00:00:00Z&sig=x', NOW)?.scope).toBe('NARROW');
    expect(sasScope('sv=2022-11-02&sr=c&sp=rl&se=2030-01-01&sig=x', NOW)?.scope).toBe('NARROW');
    expect(sasScope('sv=2022-11-02&sr=c&sp=racwd&se=2030-01-01&sig=x', NOW)?.scope).toBe('PROJECT-DESTRUCTIVE');
    expect(sasScope('sv=2022-11-02&sr=b&sp=rw&se=2030-01-01&sig=x', NOW)?.scope).toBe('NARROW');
    expect(sasScope('sv=2022-11-02&ss=b&srt=sco&sp=rwd&se=2024-01-01&sig=x', NOW)).toMatchObject({ scope: 'NARROW', reason: expect.stringContaining('expired') as unknown });
    expect(sasScope('sv=2022-11-02&sr=c&si=policy1&sig=x', NOW)?.scope).toBe('UNKNOWN');
    expect(sasScope('sv=2022-11-02&sr=c&sp=rwd', NOW)).toBeUndefined();
  });

  it('reads a service account from its token', () => {
    expect(serviceAccountScope(jwt({ sub: 'system:serviceaccount:kube-system:deployer' }))?.scope).toBe('BROAD');
    expect(serviceAccountScope(jwt({ sub: 'system:serviceaccount:shop:ci' }))?.scope).toBe('UNKNOWN');
    expect(serviceAccountScope(jwt({ sub: 'alice' }))).toBeUndefined();
    expect(serviceAccountScope('not-a-jwt')).toBeUndefined();
  });
});
