import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createEmbeddedIssuer } from '@abfa/server';
import { loadRegistry } from '@abfa/tenants';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/database.js';
import { clientCredentials } from '../support/oidc-client.js';
import { cleanEnv, runCommand, startServer } from '../support/server-process.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'abfa-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Asks for the tenant's code with an integrator's token from the issuer (default: the server's embedded one). */
async function tenantCode(baseUrl: string, tenant: string, issuer = `${baseUrl}/oidc`) {
  const { accessToken } = await clientCredentials({
    issuer,
    clientId: `${tenant}-integrator`,
    clientSecret: `${tenant}-integrator-secret`,
    scope: 'tenant:read',
  });
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ query: '{ tenant { code } }' }),
  });
  return ((await response.json()) as { data?: { tenant?: { code: string } } | null }).data?.tenant?.code;
}

describe('embedded mode (no DATABASE_URL)', () => {
  it('starts on a fresh data folder, migrates, syncs, serves, and keeps its data across a restart', async () => {
    const env = cleanEnv({ DATA_DIR: dataDir });
    const first = await startServer(env);
    try {
      expect(first.output()).toContain('migrations applied');
      expect((await (await fetch(`${first.baseUrl}/readyz`)).json()).status).toBe('ready');
      expect(await tenantCode(first.baseUrl, 'isfahan')).toBe('isfahan');
      // A second process on the same data folder would corrupt it: it is refused with a clear message.
      const second = await runCommand([path.join('migrations', 'src', 'cli.ts')], env);
      expect(second.code).toBe(1);
      expect(second.output).toMatch(/in use by process \d+/);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    const again = await startServer(env);
    try {
      expect(again.output()).not.toContain('migrations applied');
      expect(again.output()).toContain('already in sync, no changes');
      expect(await tenantCode(again.baseUrl, 'mashhad')).toBe('mashhad');
    } finally {
      await again.stop();
    }
    // Two embedded starts, the first seeding six months of demo data: about 30 s on a quiet two-core machine, over a
    // minute when it is loaded. A guard against a hang, not a speed target.
  }, 240_000);

  it('refuses bad configuration with one clear line per variable', async () => {
    const result = await runCommand([path.join('server', 'src', 'main.ts')], {
      ...cleanEnv({ DATA_DIR: dataDir }),
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('Invalid configuration');
    expect(result.output).toContain('PORT: must be a port number');
    expect(result.output).toContain('LOG_LEVEL: must be a pino level');
  });
});

describe('server mode (DATABASE_URL)', () => {
  it.runIf(process.env.DATABASE_URL)('serves from PostgreSQL as the API login, tokens required', async () => {
    const db = await createTestDatabase({ synced: true });
    const server = await startServer(
      cleanEnv({
        DATABASE_URL: db.apiUrl ?? '',
        ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      }),
    );
    try {
      const ready = await (await fetch(`${server.baseUrl}/readyz`)).json();
      expect(ready).toMatchObject({
        status: 'ready',
        checks: { database: 'ok', migrations: 'current', redis: process.env.REDIS_URL ? 'ok' : 'in-process' },
      });
      const anonymous = await fetch(`${server.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ tenant { code } }' }),
      });
      expect(anonymous.status).toBe(401);
      // Outside production the embedded issuer serves server mode too, unless OIDC_ISSUER names another.
      expect(await tenantCode(server.baseUrl, 'tehran')).toBe('tehran');
    } finally {
      await server.stop();
      await db.close();
    }
  });
});

describe('several API workers (API_WORKERS)', () => {
  it.runIf(process.env.DATABASE_URL && process.env.REDIS_URL)(
    'a supervisor forks the workers on one port; tokens of an external issuer work through any of them',
    async () => {
      const db = await createTestDatabase({ synced: true });
      // An OpenID Connect issuer outside the server, as Keycloak is in production.
      const issuerHttp = createServer();
      await new Promise<void>((resolve) => issuerHttp.listen(0, '127.0.0.1', resolve));
      const issuerUrl = `http://127.0.0.1:${(issuerHttp.address() as AddressInfo).port}/oidc`;
      const issuer = await createEmbeddedIssuer({
        issuer: issuerUrl,
        registry: await loadRegistry(),
        webRedirectUris: [`${issuerUrl}/callback`],
      });
      issuerHttp.on('request', issuer.handler);
      const server = await startServer(
        cleanEnv({
          DATABASE_URL: db.apiUrl ?? '',
          REDIS_URL: process.env.REDIS_URL ?? '',
          OIDC_ISSUER: issuerUrl,
          API_WORKERS: '2',
        }),
      );
      try {
        // Both workers say they listen, on the same address.
        await expect
          .poll(() => server.output().match(/listening on http:\/\/[\d.]+:\d+/g) ?? [], { timeout: 30_000 })
          .toHaveLength(2);
        const addresses = new Set(server.output().match(/listening on http:\/\/[\d.]+:\d+/g));
        expect(addresses.size).toBe(1);
        expect(server.output()).toContain('supervising 2 API workers');
        for (let i = 0; i < 4; i++) expect(await tenantCode(server.baseUrl, 'tehran', issuerUrl)).toBe('tehran');
      } finally {
        expect(await server.stop()).toBe(0);
        issuerHttp.closeAllConnections();
        issuerHttp.close();
        await db.close();
      }
    },
  );

  it('refuses API_WORKERS above 1 without what the workers must share', async () => {
    const result = await runCommand(
      [path.join('server', 'src', 'main.ts')],
      cleanEnv({ DATA_DIR: dataDir, API_WORKERS: '2' }),
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain('API_WORKERS: above 1 needs DATABASE_URL');
    expect(result.output).toContain('REDIS_URL');
    expect(result.output).toContain('OIDC_ISSUER');
  });
});
