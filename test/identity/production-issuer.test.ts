import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { requestClientCredentials, signInWithPassword, startSignIn } from '../support/oidc-client.js';
import { cleanEnv, runCommand, type ServerProcess, startServer } from '../support/server-process.js';

/**
 * `NODE_ENV=production EMBEDDED_ISSUER=true`, as an operator would run it: the real server process, its accounts
 * made with the real `pnpm issuer:account` command, every sign-in through the issuer's real pages and endpoints.
 * The demo accounts (a published password, predictable secrets) must not work against real companies.
 */
const folder = mkdtempSync(path.join(os.tmpdir(), 'abfa-production-issuer-'));
const accountsFile = path.join(folder, 'accounts.json');
const cli = path.join('server', 'src', 'identity', 'issuer-accounts-cli.ts');

let db: TestDatabase | undefined;
let server: ServerProcess;
let issuer: string;
let redirectUri: string;
let password: string;
let secret: string;

/** The credential the command printed: the line after the one that announces it. */
function printed(output: string): string {
  const lines = output.split('\n');
  const at = lines.findIndex((l) => /shown this once/.test(l));
  const value = lines[at + 1]?.trim();
  if (!value) throw new Error(`no credential printed:\n${output}`);
  return value;
}

beforeAll(async () => {
  const env = cleanEnv({});
  const user = await runCommand(
    [
      cli,
      'user',
      '--file',
      accountsFile,
      '--username',
      'tehran.boss',
      '--tenant',
      'tehran',
      '--role',
      'centre_manager',
    ],
    env,
  );
  expect(user.code, user.output).toBe(0);
  password = printed(user.output);
  const client = await runCommand(
    [
      cli,
      'client',
      '--file',
      accountsFile,
      '--client-id',
      'tehran-pbx',
      '--tenant',
      'tehran',
      '--scope',
      'viewer:read',
      '--scope',
      'tenant:read',
    ],
    env,
  );
  expect(client.code, client.output).toBe(0);
  secret = printed(client.output);

  // Server mode on this run's database when there is a PostgreSQL server; else embedded PGlite in a fresh folder.
  db = process.env.DATABASE_URL ? await createTestDatabase({ synced: true }) : undefined;
  server = await startServer(
    cleanEnv({
      NODE_ENV: 'production',
      EMBEDDED_ISSUER: 'true',
      EMBEDDED_ISSUER_ACCOUNTS: accountsFile,
      DEMO_DATA: 'false',
      ...(db?.apiUrl ? { DATABASE_URL: db.apiUrl } : { DATA_DIR: path.join(folder, 'data') }),
    }),
  );
  issuer = `${server.baseUrl}/oidc`;
  redirectUri = `${server.baseUrl}/auth/callback`;
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
  rmSync(folder, { recursive: true, force: true });
});

const graphql = async (token: string) => {
  const response = await fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ viewer { kind roles clientId } tenant { code } }' }),
  });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown> } };
};

describe('the embedded issuer in production', () => {
  it('keeps only hashes in the accounts file, owner-readable only', () => {
    const text = readFileSync(accountsFile, 'utf8');
    expect(text).not.toContain(password);
    expect(text).not.toContain(secret);
    expect(text).toMatch(/"passwordHash": "scrypt\$/);
  });

  it('shows a login page without demo accounts or their password', async () => {
    const attempt = await startSignIn({ issuer, redirectUri });
    if (attempt.stop.kind !== 'page') throw new Error('no login page');
    expect(attempt.stop.html).not.toContain('abfa-demo');
    expect(attempt.stop.html).not.toContain('tehran.');
  });

  it('refuses the demo user tehran.manager with the demo password', async () => {
    const attempt = await startSignIn({ issuer, redirectUri });
    const back = await attempt.submit('tehran.manager', 'abfa-demo');
    expect(back.kind).toBe('page');
    if (back.kind === 'page') expect(back.html).toContain('Wrong username or password');
  });

  it('refuses the demo integrator and its predictable secret', async () => {
    const demo = await requestClientCredentials({
      issuer,
      clientId: 'tehran-integrator',
      clientSecret: 'tehran-integrator-secret',
      scope: 'tenant:read',
    });
    expect(demo.status).toBe(401);
    expect(demo.body.error).toBe('invalid_client');
  });

  it('signs the configured user in with the generated password, and the API serves the token', async () => {
    const { accessToken } = await signInWithPassword({ issuer, username: 'tehran.boss', password, redirectUri });
    const { status, body } = await graphql(accessToken);
    expect(status).toBe(200);
    expect(body.data).toEqual({
      viewer: { kind: 'USER', roles: ['CENTRE_MANAGER'], clientId: 'abfa-web' },
      tenant: { code: 'tehran' },
    });
  });

  it('serves the configured integrator with its generated secret, and refuses a wrong one', async () => {
    const wrong = await requestClientCredentials({ issuer, clientId: 'tehran-pbx', clientSecret: `${secret}x` });
    expect(wrong.status).toBe(401);
    const right = await requestClientCredentials({
      issuer,
      clientId: 'tehran-pbx',
      clientSecret: secret,
      scope: 'viewer:read tenant:read',
    });
    expect(right.status).toBe(200);
    const { status, body } = await graphql(right.body.access_token ?? '');
    expect(status).toBe(200);
    expect(body.data).toEqual({
      viewer: { kind: 'SERVICE', roles: ['INTEGRATOR'], clientId: 'tehran-pbx' },
      tenant: { code: 'tehran' },
    });
  });

  it('locks a username after five wrong passwords, in Persian and English, even against the right one', async () => {
    const attempt = await startSignIn({ issuer, redirectUri });
    for (let i = 1; i <= 4; i++) {
      const wrong = await attempt.submit('tehran.boss', `guess-${i}`);
      expect(wrong.kind === 'page' && wrong.status).toBe(200);
    }
    const fifth = await attempt.submit('tehran.boss', 'guess-5');
    if (fifth.kind !== 'page') throw new Error('expected the login page');
    expect(fifth.status).toBe(429);
    expect(fifth.html).toContain('به دلیل تلاش‌های ناموفق پیاپی');
    expect(fifth.html).toContain('Too many failed sign-in attempts: try again in 15 minutes');
    // Locked: the right password is not even checked, in this sign-in or a new one.
    const again = await startSignIn({ issuer, redirectUri });
    const right = await again.submit('TEHRAN.BOSS ', password);
    expect(right.kind === 'page' && right.status).toBe(429);
  });

  it('never writes the generated password or secret to its log', () => {
    expect(server.output()).not.toContain(password);
    expect(server.output()).not.toContain(secret);
    expect(server.output()).toContain('with the configured accounts (no demo accounts)');
  });
});
