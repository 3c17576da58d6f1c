import { apiAudience, staffProfile } from '@abfa/schema';
import { count, sql } from 'drizzle-orm';
import { exportJWK, generateKeyPair, importJWK, type JWTPayload, SignJWT } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { rows } from '../support/sql.js';

let db: TestDatabase;
let t: TestApp;

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

const now = () => Math.floor(Date.now() / 1000);

/** Claims of a Tehran agent, as the embedded issuer would write them. */
const agentClaims = (overrides: JWTPayload = {}): JWTPayload => ({
  iss: t.issuer.issuer,
  aud: apiAudience,
  sub: `crafted-${Math.random().toString(36).slice(2)}`,
  azp: 'abfa-web',
  iat: now(),
  exp: now() + 300,
  tenant: t.tenantId('tehran'),
  realm_access: { roles: ['agent'] },
  ...overrides,
});

/** Signs with the issuer's own RS256 key (the one its JWKS publishes), so only the named defect is wrong. */
async function signed(claims: JWTPayload, header: { kid?: string; typ?: string | null } = {}) {
  const jwk = t.issuer.signingKeys.find((k) => k.alg === 'RS256');
  if (!jwk?.kid) throw new Error('the issuer has no RS256 key');
  const key = await importJWK(jwk, 'RS256');
  // An access token as oidc-provider types it (RFC 9068), unless the test says otherwise (null: no typ at all).
  const typ = header.typ === undefined ? 'at+jwt' : header.typ;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: header.kid ?? jwk.kid, ...(typ === null ? {} : { typ }) })
    .sign(key);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function call(token: string | null) {
  const response = await request(t.app)
    .post('/graphql')
    .set(token === null ? {} : { authorization: `Bearer ${token}` })
    .send({ query: '{ viewer { subject } tenant { code } }' });
  return response;
}

const profiles = async () => (await db.owner.root.select({ n: count() }).from(staffProfile))[0]?.n ?? 0;

describe('token verification', () => {
  it('accepts a well-formed token signed by the issuer (the control for every refusal below)', async () => {
    const response = await call(await signed(agentClaims()));
    expect(response.status).toBe(200);
    expect(response.body.data.tenant.code).toBe('tehran');
  });

  const refusals: [string, () => Promise<string | null>, RegExp][] = [
    ['no token', async () => null, /Bearer/],
    ['expired', async () => signed(agentClaims({ exp: now() - 120, iat: now() - 600 })), /expired/],
    ['not yet valid', async () => signed(agentClaims({ nbf: now() + 600 })), /not valid yet/],
    [
      'wrong issuer',
      async () => signed(agentClaims({ iss: 'https://keycloak.example/realms/other' })),
      /another issuer/,
    ],
    ['wrong audience', async () => signed(agentClaims({ aud: 'account' })), /not meant for this API/],
    ['alg none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(agentClaims())}.`, /algorithm|not valid/],
    [
      'HMAC signed with the public key',
      async () => {
        const rsa = t.issuer.signingKeys.find((k) => k.alg === 'RS256');
        const publicPart = JSON.stringify({ kty: rsa?.kty, n: rsa?.n, e: rsa?.e });
        return new SignJWT(agentClaims())
          .setProtectedHeader({ alg: 'HS256', kid: rsa?.kid })
          .sign(new TextEncoder().encode(publicPart));
      },
      /algorithm/,
    ],
    [
      'tampered payload',
      async () => {
        const [header, , signature] = (await signed(agentClaims())).split('.');
        return `${header}.${b64(agentClaims({ tenant: t.tenantId('isfahan') }))}.${signature}`;
      },
      /signature/,
    ],
    [
      'unknown kid',
      async () => {
        const { privateKey } = await generateKeyPair('RS256', { extractable: true });
        const jwk = await exportJWK(privateKey);
        return new SignJWT(agentClaims())
          .setProtectedHeader({ alg: 'RS256', kid: 'not-published' })
          .sign(await importJWK(jwk, 'RS256'));
      },
      /key the issuer does not publish/,
    ],
    ['unknown tenant', async () => signed(agentClaims({ tenant: crypto.randomUUID() })), /unknown tenant/],
    // The token contract (schema/src/identity.ts): access tokens only, of the API's clients only.
    [
      'an ID token (no access-token typ)',
      async () => signed(agentClaims({ nonce: 'n' }), { typ: null }),
      /not an access token/,
    ],
    [
      'a Keycloak ID token (typ ID)',
      async () => signed(agentClaims({ typ: 'ID' }), { typ: 'JWT' }),
      /not an access token/,
    ],
    [
      'a logout token',
      async () =>
        signed(agentClaims({ events: { 'http://schemas.openid.net/event/backchannel-logout': {} } }), {
          typ: 'logout+jwt',
        }),
      /not an access token/,
    ],
    [
      'a token of another client of the issuer (azp account)',
      async () => signed(agentClaims({ azp: 'account' })),
      /client account are not accepted/,
    ],
    ['a token naming no client', async () => signed(agentClaims({ azp: undefined })), /names no client/],
    [
      'a tenant claim the organization claim contradicts',
      async () => signed(agentClaims({ organization: { isfahan: { id: t.tenantId('isfahan') } } })),
      /does not list/,
    ],
    [
      'a tenant claim beside organizations named by code only',
      async () => signed(agentClaims({ organization: ['isfahan'] })),
      /cannot be checked against the organization claim/,
    ],
    ['garbage', async () => 'not-a-jwt', /Bearer|well-formed/],
  ];

  it.each(refusals)('refuses %s with 401, WWW-Authenticate and no data touched', async (_name, make, reason) => {
    const before = await profiles();
    const response = await call(await make());
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="abfa"/);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(response.body.errors[0].message).toMatch(reason);
    expect(await profiles()).toBe(before);
  });

  it('accepts Keycloak’s access-token shape (payload typ Bearer) and the embedded issuer’s own integrator tokens', async () => {
    const keycloak = await call(await signed(agentClaims({ typ: 'Bearer' }), { typ: 'JWT' }));
    expect(keycloak.status).toBe(200);
    const service = await call(await t.serviceToken('tehran-integrator', 'viewer:read tenant:read'));
    expect(service.status).toBe(200);
    expect(service.body.data.tenant.code).toBe('tehran');
  });

  it('refuses a token of a suspended tenant', async () => {
    await db.owner.root.execute(sql`update tenant set status = 'suspended' where code = 'qom'`);
    const response = await call(await signed(agentClaims({ tenant: t.tenantId('qom') })));
    expect(response.status).toBe(401);
    expect(response.body.errors[0].message).toMatch(/suspended/);
  });
});

describe('staff profiles', () => {
  it('are created on first use and kept in step with the token', async () => {
    const subject = `profile-${crypto.randomUUID()}`;
    const first = await call(
      await signed(agentClaims({ sub: subject, name: 'علی رضایی', unit: 'district-eslamshahr' })),
    );
    expect(first.status).toBe(200);
    const read = () =>
      rows<{ roles: string[]; display_name: string; unit: string | null }>(
        db.owner.root,
        sql`select p.roles, p.display_name, u.code as unit from staff_profile p left join unit u
            on u.tenant_id = p.tenant_id and u.unit_id = p.unit_id where p.subject = ${subject}`,
      );
    expect(await read()).toEqual([{ roles: ['agent'], display_name: 'علی رضایی', unit: 'district-eslamshahr' }]);
    // New roles in the token, no unit claim: roles follow the token, the unit stays the profile's.
    const second = await call(
      await signed(
        agentClaims({ sub: subject, name: 'علی رضایی', realm_access: { roles: ['agent', 'follow_up_officer'] } }),
      ),
    );
    expect(second.status).toBe(200);
    expect(await read()).toEqual([
      { roles: ['agent', 'follow_up_officer'], display_name: 'علی رضایی', unit: 'district-eslamshahr' },
    ]);
  });

  it('refuses a unit claim naming no unit of the company', async () => {
    const response = await call(await signed(agentClaims({ unit: 'district-of-isfahan-only' })));
    expect(response.status).toBe(401);
    expect(response.body.errors[0].message).toMatch(/unit/);
  });
});

describe('viewer', () => {
  it('describes a user: subject, roles, tenant and unit', async () => {
    const response = await request(t.app)
      .post('/graphql')
      .set(await t.bearer('isfahan.unit'))
      .send({ query: '{ viewer { subject kind roles scopes tenant { code } unit { code kind } } }' });
    expect(response.body.data.viewer).toMatchObject({
      subject: 'demo-isfahan.unit',
      kind: 'USER',
      roles: ['UNIT_STAFF'],
      scopes: [],
      tenant: { code: 'isfahan' },
      unit: { kind: 'DISTRICT' },
    });
  });

  it('describes a service account: client, scopes, tenant', async () => {
    const token = await t.serviceToken('mashhad-integrator', 'viewer:read tenant:read');
    const response = await request(t.app)
      .post('/graphql')
      .set({ authorization: `Bearer ${token}` })
      .send({ query: '{ viewer { kind clientId roles scopes tenant { code } } }' });
    expect(response.body.data.viewer).toEqual({
      kind: 'SERVICE',
      clientId: 'mashhad-integrator',
      roles: ['INTEGRATOR'],
      scopes: ['viewer:read', 'tenant:read'],
      tenant: { code: 'mashhad' },
    });
  });

  it('describes a national supervisor, bound to no tenant', async () => {
    const response = await request(t.app)
      .post('/graphql')
      .set(await t.bearer('nwwec.supervisor'))
      .send({ query: '{ viewer { roles tenant { code } unit { code } } }' });
    expect(response.body.data.viewer).toEqual({ roles: ['NATIONAL_SUPERVISOR'], tenant: null, unit: null });
  });
});
