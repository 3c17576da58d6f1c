import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { repositoryRoot } from '@abfa/schema';
import { createEmbeddedIssuer } from '@abfa/server';
import { loadRegistry, type Registry } from '@abfa/tenants';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startSignIn } from '../support/oidc-client.js';

/**
 * What the issuer and the app believe about the connection: the host and protocol of the URLs the issuer hands out
 * come from its configured URL (PUBLIC_URL) only; the client's address and https come from TRUST_PROXY's proxies
 * only; HSTS is sent over https only.
 */
type Handler = (req: IncomingMessage, res: ServerResponse) => void;
interface ExpressApp extends Handler {
  use(path: string, handler: Handler): void;
  set(setting: string, value: unknown): void;
}
// test/ does not depend on express; the server's own copy mounts the issuer exactly as app.ts does.
const express = createRequire(path.join(repositoryRoot, 'server', 'package.json'))('express') as () => ExpressApp;

let db: TestDatabase;
let direct: TestApp;
let proxied: TestApp;
let registry: Registry;

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  registry = await loadRegistry();
  direct = await createTestApp(db, { registry });
  proxied = await createTestApp(db, { registry, trustProxy: 'loopback' });
});
afterAll(async () => {
  await direct?.close();
  await proxied?.close();
  await db?.close();
});

/** GET with any Host header (fetch will not send a forged one), answering the parsed JSON body. */
function getJson(origin: string, pathname: string, headers: Record<string, string>) {
  const { hostname, port } = new URL(origin);
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    const req = httpRequest({ hostname, port, path: pathname, headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += String(chunk);
      });
      res.on('end', () => resolve(JSON.parse(body) as Record<string, unknown>));
    });
    req.on('error', reject);
    req.end();
  });
}

const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' };
const endpoints = (discovery: Record<string, unknown>) =>
  Object.entries(discovery)
    .filter(([key, value]) => key.endsWith('_endpoint') || key === 'jwks_uri' || (key === 'issuer' && value))
    .map(([, value]) => String(value));

describe('the embedded issuer’s URLs', () => {
  it('come from its own URL on an https issuer, whatever Host and X-Forwarded-* say', async () => {
    // An https PUBLIC_URL behind a TLS-terminating proxy; the forged request reaches the app directly.
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const issuer = await createEmbeddedIssuer({
        issuer: 'https://abfa.example.ir/oidc',
        registry,
        webRedirectUris: ['https://abfa.example.ir/auth/callback'],
      });
      const app = express();
      app.use('/oidc', issuer.handler);
      server.on('request', app);
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const discovery = await getJson(origin, '/oidc/.well-known/openid-configuration', forged);
      expect(endpoints(discovery).length).toBeGreaterThan(4);
      for (const url of endpoints(discovery)) expect(url).toMatch(/^https:\/\/abfa\.example\.ir\/oidc(\/|$)/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('come from its own URL on plain http (embedded mode) too', async () => {
    const discovery = await getJson(direct.base, '/oidc/.well-known/openid-configuration', forged);
    for (const url of endpoints(discovery)) expect(url.startsWith(`${direct.issuer.issuer}`)).toBe(true);
    const behindProxy = await getJson(proxied.base, '/oidc/.well-known/openid-configuration', forged);
    for (const url of endpoints(behindProxy)) expect(url.startsWith(`${proxied.issuer.issuer}`)).toBe(true);
  });
});

describe('sign-in throttling per client address', () => {
  const failFrom = async (t: TestApp, username: string, forwardedFor?: string) => {
    const attempt = await startSignIn({
      issuer: t.issuer.issuer,
      redirectUri: t.redirectUri,
      ...(forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : {}),
    });
    return attempt.submit(username, 'wrong-password');
  };

  it('locks an address after twenty wrong passwords, whatever X-Forwarded-For a direct client sends', async () => {
    for (let i = 1; i < 20; i++) {
      const stop = await failFrom(direct, `guesser-${i}`, `203.0.113.${i}`);
      expect(stop.kind === 'page' && stop.status, `attempt ${i}`).toBe(200);
    }
    const twentieth = await failFrom(direct, 'guesser-20', '203.0.113.20');
    expect(twentieth.kind === 'page' && twentieth.status).toBe(429);
    // Another account, the right password, from the locked address: refused without checking.
    const attempt = await startSignIn({ issuer: direct.issuer.issuer, redirectUri: direct.redirectUri });
    const right = await attempt.submit('tehran.agent', 'abfa-demo');
    expect(right.kind === 'page' && right.status).toBe(429);
    if (right.kind === 'page') expect(right.html).toContain('Too many failed sign-in attempts');
  });

  it('behind a trusted proxy, counts each client’s own address', async () => {
    for (let i = 1; i <= 20; i++) {
      const stop = await failFrom(proxied, `office-${i}`, '198.51.100.7');
      expect(stop.kind === 'page' && stop.status, `attempt ${i}`).toBe(i < 20 ? 200 : 429);
    }
    // Someone else behind the same proxy still signs in.
    const attempt = await startSignIn({
      issuer: proxied.issuer.issuer,
      redirectUri: proxied.redirectUri,
      headers: { 'x-forwarded-for': '198.51.100.8' },
    });
    expect((await attempt.submit('tehran.agent', 'abfa-demo')).kind).toBe('callback');
  });
});

describe('HSTS', () => {
  it('is not sent over plain http, nor when an untrusted client claims https', async () => {
    const plain = await request(direct.app).get('/healthz');
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const claimed = await request(direct.app).get('/healthz').set('x-forwarded-proto', 'https');
    expect(claimed.headers['strict-transport-security']).toBeUndefined();
  });

  it('is sent over https (a trusted proxy says so), on the API and the issuer’s pages', async () => {
    const api = await request(proxied.app).get('/healthz').set('x-forwarded-proto', 'https');
    expect(api.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const issuer = await request(proxied.app)
      .get('/oidc/.well-known/openid-configuration')
      .set('x-forwarded-proto', 'https');
    expect(issuer.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });
});
