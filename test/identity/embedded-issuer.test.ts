import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { acceptedAlgorithms, apiAudience, repositoryRoot } from '@abfa/schema';
import { createEmbeddedIssuer, type EmbeddedIssuer } from '@abfa/server';
import { loadRegistry, type Registry } from '@abfa/tenants';
import { createRemoteJWKSet, decodeProtectedHeader, importJWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientCredentials,
  type Discovery,
  discover,
  exchangeCode,
  requestClientCredentials,
  signInWithPassword,
  startSignIn,
} from '../support/oidc-client.js';

type EmbeddedIssuerOptions = Parameters<typeof createEmbeddedIssuer>[0];
type Handler = (req: IncomingMessage, res: ServerResponse) => void;
interface ExpressApp extends Handler {
  use(path: string, handler: Handler): void;
}

// test/ does not depend on express; the server's own copy mounts the issuer exactly as app.ts does.
const express = createRequire(path.join(repositoryRoot, 'server', 'package.json'))('express') as () => ExpressApp;

interface RunningIssuer extends EmbeddedIssuer {
  origin: string;
  redirectUri: string;
  close(): Promise<void>;
}

/** An express app on 127.0.0.1, port 0, with the issuer mounted at /oidc (the URL needs the port: listen first). */
async function startIssuer(
  registry: Registry,
  options: Partial<EmbeddedIssuerOptions> = {},
  mount: 'express' | 'plain' = 'express',
): Promise<RunningIssuer> {
  let target: Handler = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server: Server = createServer((req, res) => target(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const redirectUri = `${origin}/callback`;
  const issuer = await createEmbeddedIssuer({
    issuer: `${origin}/oidc`,
    registry,
    webRedirectUris: [redirectUri],
    ...options,
  });
  if (mount === 'express') {
    const app = express();
    app.use('/oidc', issuer.handler);
    target = app;
  } else target = issuer.handler;
  return {
    ...issuer,
    origin,
    redirectUri,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

let registry: Registry;
let running: RunningIssuer;
let discovery: Discovery;
let jwks: ReturnType<typeof createRemoteJWKSet>;

const tenantOf = (code: string) => {
  const tenant = registry.tenants.find((t) => t.code === code);
  if (!tenant) throw new Error(`no tenant ${code}`);
  return tenant;
};

async function verifyAccessToken(token: string) {
  const { payload, protectedHeader } = await jwtVerify(token, jwks, {
    issuer: running.issuer,
    audience: apiAudience,
    algorithms: [...acceptedAlgorithms],
  });
  return { payload: payload as JWTPayload & Record<string, unknown>, header: protectedHeader };
}

beforeAll(async () => {
  registry = await loadRegistry();
  running = await startIssuer(registry);
  discovery = await discover(running.issuer);
  jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
});
afterAll(() => running?.close());

describe('discovery and keys', () => {
  it('advertises the issuer and its endpoints under the /oidc mount', () => {
    expect(discovery.issuer).toBe(`${running.origin}/oidc`);
    for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'userinfo_endpoint'] as const)
      expect(discovery[endpoint]).toMatch(new RegExp(`^${running.origin}/oidc/`));
    expect(discovery.code_challenge_methods_supported).toContain('S256');
    expect(discovery.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']),
    );
  });

  it('publishes one RS256 and one ES256 key, public parts only', async () => {
    const response = await fetch(discovery.jwks_uri);
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(keys.map((k) => k.alg).sort()).toEqual(['ES256', 'RS256']);
    expect(keys.find((k) => k.alg === 'ES256')).toMatchObject({ kty: 'EC', crv: 'P-256', use: 'sig' });
    expect(keys.find((k) => k.alg === 'RS256')).toMatchObject({ kty: 'RSA', use: 'sig' });
    for (const key of keys) {
      expect(key.kid).toEqual(expect.any(String));
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret);
    }
    expect(keys.map((k) => k.kid).sort()).toEqual(running.signingKeys.map((k) => k.kid).sort());
  });

  it('works as well on a plain Node server that passes /oidc/... unstripped', async () => {
    const plain = await startIssuer(registry, {}, 'plain');
    try {
      const document = await discover(plain.issuer);
      expect(document.token_endpoint).toBe(`${plain.origin}/oidc/token`);
      const { accessToken } = await clientCredentials({
        issuer: plain.issuer,
        clientId: 'tehran-integrator',
        clientSecret: 'tehran-integrator-secret',
        scope: 'tenant:read',
      });
      expect(accessToken.split('.')).toHaveLength(3);
    } finally {
      await plain.close();
    }
  });
});

describe('client credentials (integrators)', () => {
  it('issues a JWT for the API with the tenant and the requested scopes', async () => {
    const { accessToken, scope } = await clientCredentials({
      issuer: running.issuer,
      clientId: 'tehran-integrator',
      clientSecret: 'tehran-integrator-secret',
      scope: 'tenant:read catalog:read',
    });
    const { payload, header } = await verifyAccessToken(accessToken);
    const tehran = tenantOf('tehran');
    expect(header).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(payload).toMatchObject({
      iss: running.issuer,
      aud: apiAudience,
      sub: 'service-account-tehran-integrator',
      client_id: 'tehran-integrator',
      azp: 'tehran-integrator',
      tenant: tehran.id,
      organization: { tehran: { id: tehran.id } },
      realm_access: { roles: ['integrator'] },
    });
    expect(String(payload.scope).split(' ').sort()).toEqual(['catalog:read', 'tenant:read']);
    expect(scope).toBe(payload.scope);
    expect(payload.exp).toBe(Number(payload.iat) + 900);
  });

  it('accepts the secret in the form body too (client_secret_post)', async () => {
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'mashhad-integrator',
        client_secret: 'mashhad-integrator-secret',
        scope: 'viewer:read',
      }).toString(),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string };
    expect((await verifyAccessToken(body.access_token)).payload.tenant).toBe(tenantOf('mashhad').id);
  });

  it('refuses a wrong secret', async () => {
    const { status, body } = await requestClientCredentials({
      issuer: running.issuer,
      clientId: 'tehran-integrator',
      clientSecret: 'not-the-secret',
      scope: 'tenant:read',
    });
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
  });

  it('refuses an unknown client', async () => {
    const { status, body } = await requestClientCredentials({
      issuer: running.issuer,
      clientId: 'nobody',
      clientSecret: 'x',
    });
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
  });

  it('refuses a permission the client was not given (invalid_scope), and drops scopes it does not know', async () => {
    const refused = await requestClientCredentials({
      issuer: running.issuer,
      clientId: 'tehran-integrator',
      clientSecret: 'tehran-integrator-secret',
      scope: 'tenant:read audit:read',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_scope');

    const { accessToken, scope } = await clientCredentials({
      issuer: running.issuer,
      clientId: 'tehran-integrator',
      clientSecret: 'tehran-integrator-secret',
      scope: 'tenant:read no-such:scope',
    });
    const { payload } = await verifyAccessToken(accessToken);
    expect(payload.scope).toBe('tenant:read');
    expect(scope).toBe('tenant:read');
  });

  it('issues no scope when none is asked for', async () => {
    const { accessToken } = await clientCredentials({
      issuer: running.issuer,
      clientId: 'tehran-integrator',
      clientSecret: 'tehran-integrator-secret',
    });
    expect((await verifyAccessToken(accessToken)).payload.scope).toBeUndefined();
  });

  it('refuses a resource indicator other than the API', async () => {
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('tehran-integrator:tehran-integrator-secret').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource: 'https://elsewhere.example' }).toString(),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_target');
  });
});

describe('authorization code with PKCE (people)', () => {
  it('shows a Persian, right-to-left login page with a labelled form and no external assets', async () => {
    const attempt = await startSignIn({ issuer: running.issuer, redirectUri: running.redirectUri });
    expect(attempt.stop.kind).toBe('page');
    if (attempt.stop.kind !== 'page') return;
    const { html, status, url } = attempt.stop;
    expect(status).toBe(200);
    expect(url).toMatch(new RegExp(`^${running.origin}/oidc/interaction/`));
    expect(html).toContain('<html lang="fa" dir="rtl">');
    expect(html).toMatch(/<form method="post" action="\/oidc\/interaction\/[\w-]+"/);
    expect(html).toMatch(/<label for="username">[^<]+<\/label>/);
    expect(html).toMatch(/<label for="password">[^<]+<\/label>/);
    expect(html).toMatch(/<input id="username" name="username"/);
    expect(html).toMatch(/<input id="password" name="password" type="password"/);
    expect(html).toContain('<button type="submit">');
    expect(html).not.toMatch(/(src|href)="?(https?:)?\/\//);
    expect(html).not.toMatch(/@import|url\(/);
  });

  it('signs tehran.agent in and issues an API token shaped like Keycloak’s', async () => {
    const { accessToken, idToken, refreshToken } = await signInWithPassword({
      issuer: running.issuer,
      username: 'tehran.agent',
      password: 'abfa-demo',
      redirectUri: running.redirectUri,
    });
    const { payload, header } = await verifyAccessToken(accessToken);
    const tehran = tenantOf('tehran');
    expect(header.alg).toBe('RS256');
    expect(payload).toMatchObject({
      iss: running.issuer,
      aud: apiAudience,
      sub: 'demo-tehran.agent',
      azp: 'abfa-web',
      tenant: tehran.id,
      organization: { tehran: { id: tehran.id } },
      realm_access: { roles: ['agent'] },
      resource_access: { [apiAudience]: { roles: ['agent'] } },
      preferred_username: 'tehran.agent',
      scope: 'openid profile',
    });
    expect(payload.name).toEqual(expect.any(String));
    // Keycloak puts client_id on service-account tokens only.
    expect(payload).not.toHaveProperty('client_id');
    expect(payload).not.toHaveProperty('unit');
    expect(payload.exp).toBe(Number(payload.iat) + 900);

    const id = await jwtVerify(idToken, jwks, { issuer: running.issuer, audience: 'abfa-web' });
    expect(id.payload).toMatchObject({ sub: 'demo-tehran.agent', preferred_username: 'tehran.agent' });
    expect(id.payload.nonce).toEqual(expect.any(String));
    expect(refreshToken).toEqual(expect.any(String));
  });

  it('refreshes the portal’s API token with its refresh token (rotated)', async () => {
    const first = await signInWithPassword({
      issuer: running.issuer,
      username: 'mashhad.survey',
      password: 'abfa-demo',
      redirectUri: running.redirectUri,
    });
    if (!first.refreshToken) throw new Error('no refresh token');
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: first.refreshToken,
        client_id: 'abfa-web',
      }).toString(),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; refresh_token: string };
    expect(body.refresh_token).not.toBe(first.refreshToken);
    const { payload } = await verifyAccessToken(body.access_token);
    expect(payload).toMatchObject({
      sub: 'demo-mashhad.survey',
      tenant: tenantOf('mashhad').id,
      realm_access: { roles: ['survey_officer'] },
    });
  });

  it('keeps userinfo to tokens without an audience: API tokens are refused there (oidc-provider rule)', async () => {
    const { accessToken } = await signInWithPassword({
      issuer: running.issuer,
      username: 'tehran.agent',
      password: 'abfa-demo',
      redirectUri: running.redirectUri,
    });
    const response = await fetch(String(discovery.userinfo_endpoint), {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(response.status).toBe(401);
  });

  it('keeps the state and returns the code to the registered redirect URI', async () => {
    const attempt = await startSignIn({ issuer: running.issuer, redirectUri: running.redirectUri });
    const back = await attempt.submit('tehran.manager', 'abfa-demo');
    expect(back.kind).toBe('callback');
    if (back.kind !== 'callback') return;
    expect(back.url.origin + back.url.pathname).toBe(running.redirectUri);
    expect(back.state).toBe(attempt.state);
    expect(back.code).toEqual(expect.any(String));
    expect(back.url.searchParams.get('iss')).toBe(running.issuer);
  });

  it('shows the error in Persian and English on a wrong password and keeps the username', async () => {
    const attempt = await startSignIn({ issuer: running.issuer, redirectUri: running.redirectUri });
    const again = await attempt.submit('tehran.agent', 'wrong-password');
    expect(again.kind).toBe('page');
    if (again.kind !== 'page') return;
    expect(again.html).toContain('نام کاربری یا گذرواژه نادرست است');
    expect(again.html).toContain('Wrong username or password');
    expect(again.html).toMatch(/<input id="username"[^>]*value="tehran\.agent"/);
    expect(again.html).toContain('<html lang="fa" dir="rtl">');

    // The same form then accepts the right password.
    const back = await attempt.submit('tehran.agent', 'abfa-demo');
    expect(back.kind).toBe('callback');
  });

  it('refuses an unknown username the same way', async () => {
    const attempt = await startSignIn({ issuer: running.issuer, redirectUri: running.redirectUri });
    const again = await attempt.submit('nobody.here', 'abfa-demo');
    expect(again.kind === 'page' && again.html.includes('Wrong username or password')).toBe(true);
  });

  it('gives the national supervisor a token without a tenant', async () => {
    const { accessToken } = await signInWithPassword({
      issuer: running.issuer,
      username: 'nwwec.supervisor',
      password: 'abfa-demo',
      redirectUri: running.redirectUri,
    });
    const { payload } = await verifyAccessToken(accessToken);
    expect(payload.sub).toBe('demo-nwwec.supervisor');
    expect(payload.realm_access).toEqual({ roles: ['national_supervisor'] });
    expect(payload).not.toHaveProperty('tenant');
    expect(payload).not.toHaveProperty('organization');
  });

  it('gives operational-unit staff their unit', async () => {
    const { accessToken } = await signInWithPassword({
      issuer: running.issuer,
      username: 'isfahan.unit',
      password: 'abfa-demo',
      redirectUri: running.redirectUri,
    });
    const { payload } = await verifyAccessToken(accessToken);
    const isfahan = tenantOf('isfahan');
    const district = isfahan.units.find((u) => u.kind === 'district')?.code;
    expect(district).toBeDefined();
    expect(payload).toMatchObject({ tenant: isfahan.id, unit: district, realm_access: { roles: ['unit_staff'] } });
  });

  it('gives a crew member the first team of that district', async () => {
    const { accessToken } = await signInWithPassword({
      issuer: running.issuer,
      username: 'mashhad.crew',
      password: 'abfa-demo',
      redirectUri: running.redirectUri,
    });
    const { payload } = await verifyAccessToken(accessToken);
    const mashhad = tenantOf('mashhad');
    const district = mashhad.units.find((u) => u.kind === 'district')?.code;
    const team = mashhad.units.find((u) => u.kind === 'team' && u.parent === district);
    expect(team?.routes).toContain('water.pipe_burst');
    expect(payload).toMatchObject({ tenant: mashhad.id, unit: team?.code, realm_access: { roles: ['unit_staff'] } });
  });

  it('refuses the code without the PKCE verifier, or with a wrong one', async () => {
    for (const codeVerifier of [undefined, 'a-wrong-verifier-that-is-long-enough-to-be-well-formed-0123']) {
      const attempt = await startSignIn({ issuer: running.issuer, redirectUri: running.redirectUri });
      const back = await attempt.submit('tehran.agent', 'abfa-demo');
      if (back.kind !== 'callback' || !back.code) throw new Error('no code');
      const refused = await exchangeCode({
        issuer: running.issuer,
        code: back.code,
        redirectUri: running.redirectUri,
        ...(codeVerifier ? { codeVerifier } : {}),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBe('invalid_grant');
    }
  });

  it('refuses an authorization request without a PKCE challenge', async () => {
    const attempt = await startSignIn({
      issuer: running.issuer,
      redirectUri: running.redirectUri,
      params: { code_challenge: undefined, code_challenge_method: undefined },
    });
    expect(attempt.stop.kind).toBe('callback');
    if (attempt.stop.kind === 'callback') expect(attempt.stop.error).toBe('invalid_request');
  });

  it('refuses a redirect URI that was not registered, on its own error page', async () => {
    const attempt = await startSignIn({ issuer: running.issuer, redirectUri: 'http://evil.example/callback' });
    expect(attempt.stop.kind).toBe('page');
    if (attempt.stop.kind !== 'page') return;
    expect(attempt.stop.status).toBe(400);
    expect(attempt.stop.html).toContain('<html lang="fa" dir="rtl">');
    expect(attempt.stop.html).toContain('invalid_redirect_uri');
    expect(attempt.stop.html).not.toMatch(/@import|https?:\/\/fonts/);
  });
});

describe('signing keys', () => {
  it('are the keys the issuer signs with, so tests can forge deliberately wrong tokens', async () => {
    const rsa = running.signingKeys.find((k) => k.alg === 'RS256');
    if (!rsa?.kid) throw new Error('no RS256 key');
    expect(rsa.d).toEqual(expect.any(String));
    const forged = await new SignJWT({ tenant: 'x' })
      .setProtectedHeader({ alg: 'RS256', kid: rsa.kid })
      .setIssuer(running.issuer)
      .setAudience(apiAudience)
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(await importJWK(rsa, 'RS256'));
    expect(decodeProtectedHeader(forged).kid).toBe(rsa.kid);
    await expect(verifyAccessToken(forged)).resolves.toBeDefined();
  });

  it('persist in the keys file, so a restarted issuer publishes the same kids', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'abfa-issuer-keys-'));
    const keysFile = path.join(folder, 'nested', 'oidc-keys.json');
    try {
      const first = await startIssuer(registry, { keysFile });
      await first.close();
      expect((await stat(keysFile)).mode & 0o777).toBe(0o600);
      const stored = JSON.parse(await readFile(keysFile, 'utf8')) as { keys: { kid: string; d?: string }[] };
      expect(stored.keys.every((k) => typeof k.d === 'string')).toBe(true);

      const second = await startIssuer(registry, { keysFile });
      try {
        const response = await fetch((await discover(second.issuer)).jwks_uri);
        const { keys } = (await response.json()) as { keys: { kid: string }[] };
        expect(keys.map((k) => k.kid).sort()).toEqual(first.signingKeys.map((k) => k.kid).sort());
      } finally {
        await second.close();
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('are generated afresh without a keys file', async () => {
    const other = await startIssuer(registry);
    try {
      expect(other.signingKeys.map((k) => k.kid)).not.toEqual(running.signingKeys.map((k) => k.kid));
    } finally {
      await other.close();
    }
  });
});
