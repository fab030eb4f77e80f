// Scope read from inside a credential: PyPI and Fly.io macaroon caveats, Azure SAS fields,
// service-account claims.

import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { flyScope, pypiScope, sasScope, serviceAccountScope } from '../detectors/tokens/scope.js';

const macaroon = (...caveats: string[]): string => {
  const field = (type: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([type, body.length]), body]);
  const parts = [Buffer.from([0x02]), field(1, Buffer.from('pypi.org')), field(2, Buffer.from('7c1e9b2a-4d3f-4a8e-9b6c-2f5d8e1a3b7c')), Buffer.from([0])];
  for (const c of caveats) parts.push(field(2, Buffer.from(c)), Buffer.from([0]));
  parts.push(Buffer.from([0]), field(6, Buffer.alloc(32, 7)));
  return `pypi-${Buffer.concat(parts).toString('base64url')}`;
};
/** A synthetic Fly.io macaroon in superfly/macaroon's wire format: [nonce, location, caveats, tail]. */
const fly = (location: string, caveats: unknown[]): string => `fm2_${Buffer.from(encode([[Buffer.alloc(16, 1), Buffer.alloc(24, 2), false], location, caveats, Buffer.alloc(32, 3)])).toString('base64')}`;
const API = 'https://api.fly.io/v1';
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

  it('reads Fly.io caveats: apps, organisation and its action mask', () => {
    expect(flyScope(`FlyV1 ${fly(API, [0, [4711, 31]])}`)?.scope).toBe('BROAD');
    expect(flyScope(`FlyV1 ${fly(API, [0, [4711, 31], 3, [{ 815: 31, 816: 1 }]])}`)).toMatchObject({ scope: 'PROJECT-DESTRUCTIVE', reason: expect.stringContaining('2 apps') as unknown });
    expect(flyScope(`FlyV1 ${fly(API, [0, [4711, 31], 3, [{ 815: 1 }]])}`)?.scope).toBe('NARROW');
    expect(flyScope(`FlyV1 ${fly(API, [0, [4711, 1]])}`)?.scope).toBe('NARROW');
    // The permission macaroon is found among discharges, whatever their order.
    expect(flyScope(`FlyV1 ${fly('https://api.fly.io/aaa/v1', [4, [1, 2]])},${fly(API, [0, [4711, 31]])}`)?.scope).toBe('BROAD');
    // Nothing to read: no org or apps caveat, only a discharge, an older format, or bytes that are not msgpack.
    expect(flyScope(`FlyV1 ${fly(API, [4, [1, 2]])}`)).toBeUndefined();
    expect(flyScope(`FlyV1 ${fly('https://api.fly.io/aaa/v1', [0, [4711, 31]])}`)).toBeUndefined();
    expect(flyScope('FlyV1 fm1r_AAAAAAAA')).toBeUndefined();
    expect(flyScope(`FlyV1 fm2_${Buffer.from([0xdd, 0xff, 0xff, 0xff, 0xff]).toString('base64')}`)).toBeUndefined();
    expect(flyScope('FlyV1 fm2_!!!notbase64')).toBeUndefined();
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
