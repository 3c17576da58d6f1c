import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/database.js';
import { clientCredentials } from '../support/oidc-client.js';
import { cleanEnv, runCommand, startServer } from '../support/server-process.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'abfa-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Asks for the tenant's code with an integrator's token from the server's own embedded issuer. */
async function tenantCode(baseUrl: string, tenant: string) {
  const { accessToken } = await clientCredentials({
    issuer: `${baseUrl}/oidc`,
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
  });

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
