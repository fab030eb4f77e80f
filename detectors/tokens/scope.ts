// Scope read from inside a credential, where the credential says it (tokens.md §2.9, §2.22, §2.23).
// A PyPI token is a macaroon whose caveats are JSON inside the decoded bytes: a project caveat
// makes it NARROW, a user caveat BROAD. An Azure SAS is a query string: its permissions (`sp`),
// resource types (`srt`), resource (`sr`) and expiry (`se`) say what it can delete and until when.
// A Kubernetes service-account token names its namespace and account in its `sub` claim. A
// Fly.io token is a msgpack macaroon whose first-party caveats name the organisation or apps it
// is confined to.

import { decode } from '@msgpack/msgpack';
import type { ScopeVerdict } from '../../src/engine/facts.js';

export interface ScopeReading {
  scope: ScopeVerdict;
  reason: string;
}

/**
 * PyPI caveats (pypi/warehouse `warehouse/macaroons/caveats`): `[1,[names]]` ProjectName,
 * `[2,[ids]]` ProjectID, `[3,"user"]` RequestUser, `[4,"provider"]` OIDC trusted publishing, and
 * the legacy `{"version":1,"permissions":"user"|{"projects":[…]}}`. Undefined when none is readable.
 */
export function pypiScope(token: string): ScopeReading | undefined {
  let bytes: string;
  try {
    bytes = Buffer.from(token.replace(/^pypi-/, ''), 'base64url').toString('latin1');
  } catch {
    return undefined;
  }
  const projects = /\[\s*1\s*,\s*\[([^\]]{0,2000})\]\s*\]/.exec(bytes) ?? /"permissions"\s*:\s*\{\s*"projects"\s*:\s*\[([^\]]{0,2000})\]/.exec(bytes);
  if (projects) {
    const names = (projects[1] ?? '').replace(/"/g, '').split(',').map((s) => s.trim()).filter(Boolean);
    return { scope: 'NARROW', reason: `its caveat limits it to ${names.length === 1 ? 'the project' : 'the projects'} ${names.join(', ') || '(unnamed)'}` };
  }
  if (/\[\s*2\s*,\s*\[/.test(bytes)) return { scope: 'NARROW', reason: 'its ProjectID caveat limits it to named projects' };
  if (/\[\s*4\s*,\s*"/.test(bytes)) return { scope: 'NARROW', reason: 'it is a short-lived trusted-publishing token' };
  if (/\[\s*3\s*,\s*"/.test(bytes) || /"permissions"\s*:\s*"user"/.test(bytes)) {
    return { scope: 'BROAD', reason: 'its caveat makes it user-wide: it can upload to and delete releases of every project of the user' };
  }
  return undefined;
}

/** superfly/macaroon `caveat.go` caveat type numbers, and `resset/action.go` action bits. */
const FLY_ORGANIZATION = 0;
const FLY_APPS = 3;
const FLY_DESTRUCTIVE_ACTIONS = 0b1110; // write, create, delete
// The API's own location; discharge macaroons (third-party caveats) carry their issuer's.
const FLY_PERMISSION_LOCATION = 'https://api.fly.io/v1';

/** The caveats of the permission macaroon in a `FlyV1 fm2_…,fm2_…` token: [type, body] pairs. */
function flyCaveats(token: string): [number, unknown][] | undefined {
  for (const part of token.replace(/^FlyV1\s+/, '').split(',')) {
    if (!part.startsWith('fm2_')) continue;
    let macaroon: unknown;
    try {
      // A token is attacker-controlled input: no string, array or map may claim more than the token holds.
      const bytes = Buffer.from(part.slice(4), 'base64');
      const limit = bytes.length;
      macaroon = decode(bytes, { maxStrLength: limit, maxBinLength: limit, maxArrayLength: limit, maxMapLength: limit, maxExtLength: limit });
    } catch {
      continue;
    }
    // Encoded as an array struct: [nonce, location, caveats (type, body, type, body …), tail].
    if (!Array.isArray(macaroon) || macaroon[1] !== FLY_PERMISSION_LOCATION || !Array.isArray(macaroon[2])) continue;
    const flat = macaroon[2] as unknown[];
    const pairs: [number, unknown][] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) if (typeof flat[i] === 'number') pairs.push([flat[i] as number, flat[i + 1]]);
    return pairs;
  }
  return undefined;
}

/**
 * Fly.io tokens (tokens.md §2.10; superfly/macaroon `flyio/caveats.go`): an Apps caveat confines a
 * token to some apps (a deploy token: it can still delete their volumes), an Organization caveat
 * to one org, with an action mask (a read-only org token has only `r`). Undefined when the token
 * does not decode or names neither.
 */
export function flyScope(token: string): ScopeReading | undefined {
  const caveats = flyCaveats(token);
  if (!caveats) return undefined;
  const apps = caveats.filter(([type]) => type === FLY_APPS).map(([, body]) => (Array.isArray(body) ? body[0] : undefined));
  if (apps.length > 0) {
    const actions = apps.flatMap((set) => (set !== null && typeof set === 'object' ? Object.values(set as Record<string, unknown>) : []));
    const count = new Set(apps.flatMap((set) => (set !== null && typeof set === 'object' ? Object.keys(set as Record<string, unknown>) : []))).size;
    const destructive = actions.some((a) => typeof a === 'number' && (a & FLY_DESTRUCTIVE_ACTIONS) !== 0);
    const which = `${count === 1 ? 'one app' : `${count} apps`}`;
    return destructive
      ? { scope: 'PROJECT-DESTRUCTIVE', reason: `its Apps caveat confines it to ${which}, whose machines and volumes it can still delete` }
      : { scope: 'NARROW', reason: `its Apps caveat confines it to ${which}, read-only` };
  }
  const org = caveats.find(([type]) => type === FLY_ORGANIZATION)?.[1];
  const mask = Array.isArray(org) && typeof org[1] === 'number' ? org[1] : undefined;
  if (mask === undefined) return undefined;
  return (mask & FLY_DESTRUCTIVE_ACTIONS) !== 0
    ? { scope: 'BROAD', reason: 'its Organization caveat is org-wide: it can delete every app, machine and volume in the organisation' }
    : { scope: 'NARROW', reason: 'its Organization caveat allows only reading' };
}

const SAS_DESTRUCTIVE = /[dwxy]/;

/** Reads an Azure Storage SAS query string. `now` is injectable for tests. */
export function sasScope(query: string, now = Date.now()): ScopeReading | undefined {
  const params = new URLSearchParams(query.replace(/^[?&]/, ''));
  const sp = params.get('sp') ?? '';
  if (!params.get('sig')) return undefined;
  const se = params.get('se');
  const expires = se ? Date.parse(se) : NaN;
  if (Number.isFinite(expires) && expires < now) return { scope: 'NARROW', reason: `it expired on ${se}` };
  if (params.get('si')) return { scope: 'UNKNOWN', reason: 'its permissions live in a stored access policy on the server' };
  const until = Number.isFinite(expires) ? ` until ${se}` : '';
  const can = SAS_DESTRUCTIVE.test(sp) ? `can write or delete (sp=${sp})` : `can only read or list (sp=${sp})`;
  if (!SAS_DESTRUCTIVE.test(sp)) return { scope: 'NARROW', reason: `it ${can}` };
  const srt = params.get('srt');
  if (params.get('ss') && srt) {
    return /[sc]/.test(srt)
      ? { scope: 'PROJECT-DESTRUCTIVE', reason: `it is an account SAS over services ${params.get('ss')} that ${can} every container${until}` }
      : { scope: 'NARROW', reason: `it is an account SAS limited to objects that ${can}${until}` };
  }
  const sr = params.get('sr');
  if (sr === 'c' || sr === 's' || sr === 'd') return { scope: 'PROJECT-DESTRUCTIVE', reason: `it is a SAS for a whole ${sr === 'c' ? 'container' : sr === 's' ? 'share' : 'directory'} that ${can}${until}` };
  return { scope: 'NARROW', reason: `it is a SAS for a single ${sr === 'b' ? 'blob' : sr === 'f' ? 'file' : 'resource'} that ${can}${until}` };
}

/** A service-account JWT's `sub` claim (`system:serviceaccount:NS:NAME`). */
export function serviceAccountScope(jwt: string): ScopeReading | undefined {
  let sub: string | undefined;
  try {
    sub = (JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: string }).sub;
  } catch {
    return undefined;
  }
  const m = /^system:serviceaccount:([^:]+):(.+)$/.exec(sub ?? '');
  if (!m) return undefined;
  const [, namespace = '', name = ''] = m;
  if (namespace === 'kube-system' || /admin|terraform|argocd|flux/i.test(name)) {
    return { scope: 'BROAD', reason: `it is the service account ${namespace}/${name}, the kind usually bound to cluster-admin` };
  }
  return { scope: 'UNKNOWN', reason: `it is the service account ${namespace}/${name}; its RBAC bindings are only visible in the cluster` };
}
