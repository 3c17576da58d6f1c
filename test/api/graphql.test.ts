import { createApp, createLogger } from '@abfa/server';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let db: TestDatabase;
let t: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

type GraphQLBody = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
};

async function gql(query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>) {
  const response = await request(t.app).post('/graphql').set(headers).send({ query, variables });
  return { status: response.status, body: response.body as GraphQLBody, headers: response.headers };
}
/** Headers of a demo user of `tenant` (the centre manager unless another role slug is given). */
const as = (tenant: string, role = 'manager') => t.bearer(`${tenant}.${role}`);

describe('health and readiness', () => {
  it('/healthz answers while the process is alive', async () => {
    const response = await request(t.app).get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('/readyz reports the database reachable and migrations current', async () => {
    const response = await request(t.app).get('/readyz');
    expect(response.status).toBe(200);
    expect(response.body.checks).toMatchObject({ database: 'ok', migrations: 'current', redis: 'in-process' });
  });
});

describe('GraphiQL', () => {
  it('is served outside production, from our own bundle', async () => {
    const response = await request(t.app).get('/graphql').set('accept', 'text/html');
    expect(response.status).toBe(200);
    expect(response.text).toContain('GraphiQL');
    expect(response.text).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
  });

  it('is not served in production', async () => {
    const production = createApp({
      database: db.api,
      log: createLogger('silent'),
      authenticate: async () => null,
      production: true,
    });
    const response = await request(production).get('/graphql').set('accept', 'text/html');
    expect(response.text).not.toContain('GraphiQL');
  });
});

describe('tenant queries', () => {
  it('answers the current tenant, its lines, units and categories', async () => {
    const { body } = await gql(
      `{ tenant { code nameFa provinceNameFa kind }
         lines { code service mergedInto { code } }
         units(kind: DISTRICT) { nodes { code kind parent { code kind } } }
         categories(service: EMERGENCY_122) { code emergency slaClock } }`,
      await as('tehran'),
    );
    expect(body.errors).toBeUndefined();
    const data = body.data as {
      tenant: { code: string; provinceNameFa: string; kind: string };
      lines: { code: string; service: string; mergedInto: { code: string } | null }[];
      units: { nodes: { code: string; kind: string; parent: { code: string; kind: string } }[] };
      categories: { code: string; emergency: boolean; slaClock: string }[];
    };
    expect(data.tenant).toMatchObject({ code: 'tehran', provinceNameFa: 'تهران', kind: 'MERGED_PROVINCIAL' });
    expect(data.lines.find((l) => l.code === '1522')?.mergedInto?.code).toBe('1523');
    expect(data.units.nodes.length).toBeGreaterThanOrEqual(3);
    expect(data.units.nodes.every((u) => u.kind === 'DISTRICT' && u.parent.kind === 'COMPANY')).toBe(true);
    expect(data.categories.length).toBeGreaterThan(0);
    expect(data.categories.filter((c) => c.emergency).every((c) => c.slaClock === 'CALENDAR')).toBe(true);
  });

  it('applies the tenant’s own category overrides and no other tenant’s', async () => {
    const query = `{ categories { code slaMinutes overridden } }`;
    const pick = (b: GraphQLBody) =>
      ((b.data?.categories ?? []) as { code: string; slaMinutes: number; overridden: boolean }[]).find(
        (c) => c.code === 'water.low_pressure',
      );
    const tehran = pick((await gql(query, await as('tehran'))).body);
    const isfahan = pick((await gql(query, await as('isfahan'))).body);
    expect(tehran).toMatchObject({ slaMinutes: 360, overridden: true });
    expect(isfahan?.overridden).toBe(false);
    expect(isfahan?.slaMinutes).not.toBe(360);
  });

  it('pages units with relay cursors', async () => {
    const first = await gql(
      `{ units(first: 2) { nodes { code } pageInfo { hasNextPage endCursor } } }`,
      await as('isfahan'),
    );
    const page = first.body.data?.units as {
      nodes: { code: string }[];
      pageInfo: { hasNextPage: boolean; endCursor: string };
    };
    expect(page.nodes).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await gql(
      `query($after: String) { units(first: 2, after: $after) { nodes { code } } }`,
      await as('isfahan'),
      {
        after: page.pageInfo.endCursor,
      },
    );
    const codes = (next.body.data?.units as { nodes: { code: string }[] } | undefined)?.nodes.map((n) => n.code) ?? [];
    expect(codes).toHaveLength(2);
    expect(codes).not.toContain(page.nodes[0]?.code);
  });
});

describe('global ids cannot reach another tenant', () => {
  it('a unit, line or tenant id of Isfahan resolves to nothing for Tehran', async () => {
    const isfahan = await gql(`{ tenant { id } units(first: 1) { nodes { id } } lines { id } }`, await as('isfahan'));
    const d = isfahan.body.data as {
      tenant: { id: string };
      units: { nodes: { id: string }[] };
      lines: { id: string }[];
    };
    const ids = [d.tenant.id, d.units.nodes[0]?.id, d.lines[0]?.id];
    const asTehran = await gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, await as('tehran'), { ids });
    expect(asTehran.body.errors).toBeUndefined();
    expect(asTehran.body.data?.nodes).toEqual([null, null, null]);
    // The same ids work for their own tenant, so the null above is isolation, not a broken lookup.
    const asIsfahan = await gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, await as('isfahan'), { ids });
    expect(((asIsfahan.body.data?.nodes ?? []) as { id: string }[]).map((n) => n.id)).toEqual(ids);
  });
});

describe('authentication and typed errors', () => {
  it('answers 401 with WWW-Authenticate to a caller without a token, in one bilingual error shape', async () => {
    const response = await gql(`{ tenant { code } }`);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="abfa"');
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      messageFa: expect.any(String),
    });
  });

  it('answers 403 to a signed-in caller bound to no tenant (a national role) asking for tenant data', async () => {
    const response = await gql('{ lines { code } }', await t.bearer('nwwec.supervisor'));
    expect(response.status).toBe(403);
    expect(response.body.data).toBeNull();
    expect(response.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.body.errors?.[0]?.extensions?.http).toBeUndefined();
  });
});

describe('logs', () => {
  it('carry the request id and tenant, and never the query, variables or credentials', async () => {
    t.logs.length = 0;
    const response = await request(t.app)
      .post('/graphql')
      .set({ ...(await as('mashhad')), 'x-request-id': 'req-test-42' })
      .send({ query: 'query($q: String) { tenant { code } }', variables: { q: '09121234567' } });
    // Our own id answers (the client cannot choose it); the client's is logged beside it.
    const ours = response.headers['x-request-id'];
    expect(ours).toMatch(/^[0-9a-f-]{36}$/);
    const line = t.logs.find((l) => (l.req as { id?: string } | undefined)?.id === ours);
    expect(line).toMatchObject({
      tenantId: t.tenantId('mashhad'),
      clientRequestId: 'req-test-42',
      req: { method: 'POST', path: '/graphql' },
    });
    const text = JSON.stringify(t.logs);
    expect(text).not.toContain('09121234567');
    const token = (await as('mashhad')).authorization.slice('Bearer '.length);
    expect(text).not.toContain(token);
  });
});
