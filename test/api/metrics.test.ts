import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmbeddedIssuer, demoDirectory } from '@abfa/server';
import { loadRegistry } from '@abfa/tenants';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { subscribe } from '../support/live-stream.js';
import { clientCredentials } from '../support/oidc-client.js';
import { cleanEnv, startServer } from '../support/server-process.js';

const metricsToken = 'metrics-token-for-tests-0123456789';

let db: TestDatabase;
let t: TestApp;

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db, {
    app: { metricsToken, limits: { maxDepth: 4, rateLimit: { client: 4, company: 1000, windowSeconds: 600 } } },
  });
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

const gql = async (headers: Record<string, string>, query: string) =>
  request(t.app).post('/graphql').set(headers).send({ query });

const scrape = () => request(t.app).get('/metrics').set('authorization', `Bearer ${metricsToken}`);

/** The value of one sample line (`name{labels} value`), or undefined when there is none. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((w) => present.includes(w))) return Number(match[3]);
  }
  return undefined;
}

describe('/metrics', () => {
  it('is refused without the token, or with another', async () => {
    const none = await request(t.app).get('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    const wrong = await request(t.app).get('/metrics').set('authorization', 'Bearer not-the-token-at-all-0123');
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain('abfa_');
  });

  it('is not served at all without METRICS_TOKEN', async () => {
    const plain = await createTestApp(db);
    try {
      const response = await request(plain.app).get('/metrics').set('authorization', `Bearer ${metricsToken}`);
      expect(response.status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('counts operations by root fields, company and outcome, their latency, refusals and live streams — no personal data', async () => {
    const manager = await t.bearer('tehran.manager');
    const agent = await t.bearer('tehran.agent');
    expect((await gql(manager, '{ viewer { subject } }')).status).toBe(200);
    expect((await gql(manager, 'query Mine { viewer { subject } tenant { code } }')).status).toBe(200);
    // Refused by a permission: counted with its code.
    const refused = await gql(await t.bearer('tehran.unit'), '{ auditEvents(first: 1) { nodes { id } } }');
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Refused by a limit before it runs.
    expect(
      (await gql(manager, '{ units(first: 1) { nodes { parent { parent { code } } } } }')).body.errors,
    ).toBeTruthy();
    // Over the caller's rate limit.
    for (let i = 0; i < 5; i++) await gql(agent, '{ viewer { subject } }');
    // One live stream open.
    const stream = await subscribe(t, 'isfahan.manager');
    try {
      expect(stream.status).toBe(200);
      const answer = await scrape();
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toContain('text/plain');
      const text = answer.text;
      expect(
        sample(text, 'abfa_graphql_operations_total', {
          operation: 'viewer',
          type: 'query',
          company: 'tehran',
          outcome: 'ok',
        }),
      ).toBe(5);
      expect(
        sample(text, 'abfa_graphql_operations_total', { operation: 'tenant+viewer', company: 'tehran', outcome: 'ok' }),
      ).toBe(1);
      expect(
        sample(text, 'abfa_graphql_operations_total', {
          operation: 'auditEvents',
          company: 'tehran',
          outcome: 'FORBIDDEN',
        }),
      ).toBe(1);
      expect(sample(text, 'abfa_graphql_limit_refusals_total', { limit: 'depth' })).toBe(1);
      expect(sample(text, 'abfa_rate_limit_refusals_total', { scope: 'client', company: 'tehran' })).toBe(1);
      expect(sample(text, 'abfa_subscriptions_open', { company: 'isfahan' })).toBe(1);
      // Latency per operation: yoga's Prometheus plugin, labelled the same way.
      expect(
        sample(text, 'graphql_envelop_request_duration_count', {
          operation: 'viewer',
          type: 'query',
          company: 'tehran',
        }),
      ).toBe(5);
      expect(text).toMatch(/^graphql_envelop_request_duration_bucket\{le="[\d.]+",operation="viewer"/m);
      expect(text).toContain('abfa_requests_shed_total 0');
      expect(text).toMatch(/^abfa_db_tenant_transactions\{state="open"\} \d+$/m);
      expect(text).toMatch(/^process_cpu_seconds_total /m);
      // Labels name companies by code: no tenant or user id, no client-chosen operation name.
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
      expect(text).not.toContain('Mine');
      expect(text).not.toContain('tehran.manager');
    } finally {
      await stream.close();
    }
    await expect
      .poll(async () => sample((await scrape()).text, 'abfa_subscriptions_open', { company: 'isfahan' }))
      .toBe(0);
  });
});

describe('several API workers (API_WORKERS)', () => {
  it.runIf(process.env.DATABASE_URL && process.env.REDIS_URL)(
    'any worker answers /metrics with the whole cluster’s counts',
    async () => {
      const cluster = await createTestDatabase({ synced: true });
      const registry = await loadRegistry();
      const issuerHttp = createServer();
      await new Promise<void>((resolve) => issuerHttp.listen(0, '127.0.0.1', resolve));
      const issuerUrl = `http://127.0.0.1:${(issuerHttp.address() as AddressInfo).port}/oidc`;
      const issuer = await createEmbeddedIssuer({ issuer: issuerUrl, registry, webRedirectUris: [`${issuerUrl}/cb`] });
      issuerHttp.on('request', issuer.handler);
      const server = await startServer(
        cleanEnv({
          DATABASE_URL: cluster.apiUrl ?? '',
          REDIS_URL: process.env.REDIS_URL ?? '',
          OIDC_ISSUER: issuerUrl,
          API_WORKERS: '2',
          METRICS_TOKEN: metricsToken,
        }),
      );
      try {
        await expect
          .poll(() => server.output().match(/listening on http:\/\/[\d.]+:\d+/g) ?? [], { timeout: 30_000 })
          .toHaveLength(2);
        const client = demoDirectory(registry).clients.find((c) => c.clientId === 'tehran-integrator');
        if (!client) throw new Error('no tehran-integrator');
        const { accessToken } = await clientCredentials({
          issuer: issuerUrl,
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          scope: 'viewer:read',
        });
        // New connections each time, so the operations spread over both workers.
        for (let i = 0; i < 8; i++) {
          const response = await fetch(`${server.baseUrl}/graphql`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${accessToken}`,
              'content-type': 'application/json',
              connection: 'close',
            },
            body: JSON.stringify({ query: '{ viewer { clientId } }' }),
          });
          expect(response.status).toBe(200);
        }
        for (let i = 0; i < 2; i++) {
          const response = await fetch(`${server.baseUrl}/metrics`, {
            headers: { authorization: `Bearer ${metricsToken}`, connection: 'close' },
          });
          expect(response.status).toBe(200);
          const text = await response.text();
          expect(
            sample(text, 'abfa_graphql_operations_total', { operation: 'viewer', company: 'tehran', outcome: 'ok' }),
          ).toBe(8);
        }
      } catch (error) {
        console.log(server.output().slice(-4000));
        throw error;
      } finally {
        expect(await server.stop()).toBe(0);
        issuerHttp.closeAllConnections();
        issuerHttp.close();
        await cluster.close();
      }
    },
    // Starting two workers on a loaded two-core machine can take most of a minute: a guard, not a speed target.
    180_000,
  );
});
