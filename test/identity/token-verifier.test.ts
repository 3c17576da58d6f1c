import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenVerifier, IdentityUnavailableError } from '@abfa/server';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The verifier against a minimal issuer of our own on loopback whose published keys the test controls: the
 * key-rotation behaviour (refetch on an unknown kid) cannot be driven through the embedded issuer.
 */
let server: Server;
let issuer: string;
let published: JWK[] = [];
let jwksFetches = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/realms/abfa/.well-known/openid-configuration')
      return res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/protocol/openid-connect/certs` }));
    if (req.url === '/realms/abfa/protocol/openid-connect/certs') {
      jwksFetches++;
      return res.end(JSON.stringify({ keys: published }));
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/abfa`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const clients = ['abfa-web', 'tehran-integrator', 'integrator-*'];

async function keyPair(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}
const token = (key: Awaited<ReturnType<typeof keyPair>>, claims: Record<string, unknown> = {}, typ?: string) =>
  new SignJWT({ sub: 'u1', azp: 'abfa-web', typ: 'Bearer', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, ...(typ ? { typ } : {}) })
    .setIssuer(issuer)
    .setAudience('abfa-api')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key.privateKey);

describe('token verifier', () => {
  it('accepts ES256, and picks up a rotated key by refetching the JWKS when a token names an unknown kid', async () => {
    const first = await keyPair('k1');
    const second = await keyPair('k2');
    published = [first.publicJwk];
    const verify = createTokenVerifier({ issuer, audience: 'abfa-api', clients, jwksCooldownMs: 0 });
    expect((await verify(await token(first))).sub).toBe('u1');
    const fetchesBefore = jwksFetches;
    // The issuer rotates: the new key is published, tokens signed with it arrive.
    published = [first.publicJwk, second.publicJwk];
    expect((await verify(await token(second))).sub).toBe('u1');
    expect(jwksFetches).toBe(fetchesBefore + 1);
    // Known keys are served from the cache.
    await verify(await token(first));
    expect(jwksFetches).toBe(fetchesBefore + 1);
  });

  it('does not refetch for every unknown kid within the cooldown', async () => {
    const known = await keyPair('k3');
    published = [known.publicJwk];
    const verify = createTokenVerifier({ issuer, audience: 'abfa-api', clients, jwksCooldownMs: 60_000 });
    await verify(await token(known));
    const fetchesBefore = jwksFetches;
    for (let i = 0; i < 5; i++) await expect(verify(await token(await keyPair(`forged-${i}`)))).rejects.toThrow();
    expect(jwksFetches - fetchesBefore).toBeLessThanOrEqual(1);
  });

  it('reports an unreachable or inconsistent issuer as unavailable, not as a bad token', async () => {
    const elsewhere = createTokenVerifier({ issuer: 'http://127.0.0.1:1/realms/none', audience: 'abfa-api', clients });
    await expect(elsewhere('x.y.z')).rejects.toBeInstanceOf(IdentityUnavailableError);
    const wrongName = createTokenVerifier({ issuer: `${issuer}/`, audience: 'abfa-api', clients });
    await expect(wrongName('x.y.z')).rejects.toBeInstanceOf(IdentityUnavailableError);
  });
});

/**
 * The token contract (schema/src/identity.ts) on shapes the embedded issuer does not make: Keycloak's access, ID,
 * refresh and logout tokens, signed here by a test issuer.
 */
describe('token contract: only access tokens of the allowed clients', () => {
  let key: Awaited<ReturnType<typeof keyPair>>;
  let verify: ReturnType<typeof createTokenVerifier>;
  beforeAll(async () => {
    key = await keyPair('contract');
    published = [key.publicJwk];
    verify = createTokenVerifier({ issuer, audience: 'abfa-api', clients, jwksCooldownMs: 0 });
  });

  it('accepts Keycloak’s access token (payload typ Bearer, header typ JWT) and oidc-provider’s (header typ at+jwt)', async () => {
    expect((await verify(await token(key, {}, 'JWT'))).sub).toBe('u1');
    expect((await verify(await token(key, { typ: undefined }, 'at+jwt'))).sub).toBe('u1');
    expect((await verify(await token(key, { typ: undefined }, 'application/at+jwt'))).sub).toBe('u1');
  });

  it.each([
    ['an ID token (Keycloak: typ ID)', { typ: 'ID' }, 'JWT'],
    ['a refresh token (typ Refresh)', { typ: 'Refresh' }, 'JWT'],
    ['an offline token (typ Offline)', { typ: 'Offline' }, 'JWT'],
    ['a logout token (header typ logout+jwt)', { typ: undefined, events: {} }, 'logout+jwt'],
    ['a token with no type at all (oidc-provider’s ID token)', { typ: undefined }, undefined],
    ['an at+jwt header over a payload that says ID', { typ: 'ID' }, 'at+jwt'],
  ])('refuses %s', async (_name, claims, typ) => {
    await expect(verify(await token(key, claims, typ))).rejects.toThrow(/not an access token/);
  });

  it('accepts the allowed clients (azp, else client_id; a trailing * names a prefix) and refuses others', async () => {
    expect((await verify(await token(key, { azp: 'tehran-integrator' }))).sub).toBe('u1');
    expect((await verify(await token(key, { azp: 'integrator-tehran-crm' }))).sub).toBe('u1');
    expect((await verify(await token(key, { azp: undefined, client_id: 'tehran-integrator' }))).sub).toBe('u1');
    for (const azp of ['account', 'admin-cli', 'isfahan-integrator', 'abfa-web2', 'integrator'])
      await expect(verify(await token(key, { azp })), azp).rejects.toThrow(/not accepted by this API/);
    await expect(verify(await token(key, { azp: undefined }))).rejects.toThrow(/names no client/);
  });
});
