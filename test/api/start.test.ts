import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/database.js';
import { cleanEnv, runCommand, startServer } from '../support/server-process.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'abfa-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function tenantCode(baseUrl: string, headers: Record<string, string>) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ tenant { code } }' }),
  });
  return (await response.json()) as {
    data?: { tenant?: { code: string } } | null;
    errors?: { extensions?: { code?: string } }[];
  };
}

describe('embedded mode (no DATABASE_URL)', () => {
  it('starts on a fresh data folder, migrates, syncs, serves, and keeps its data across a restart', async () => {
    const env = cleanEnv({ DATA_DIR: dataDir });
    const first = await startServer(env);
    try {
      expect(first.output()).toContain('migrations applied');
      expect((await (await fetch(`${first.baseUrl}/readyz`)).json()).status).toBe('ready');
      expect((await tenantCode(first.baseUrl, { 'x-demo-tenant': 'isfahan' })).data?.tenant?.code).toBe('isfahan');
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
      expect((await tenantCode(again.baseUrl, { 'x-demo-tenant': 'mashhad' })).data?.tenant?.code).toBe('mashhad');
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
  it.runIf(process.env.DATABASE_URL)('serves from PostgreSQL as the API login, with no demo sign-in', async () => {
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
      const anonymous = await tenantCode(server.baseUrl, { 'x-demo-tenant': 'tehran' });
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await server.stop();
      await db.close();
    }
  });
});
