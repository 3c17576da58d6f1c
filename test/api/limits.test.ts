import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { createRedis } from '@abfa/server';
import { sql } from 'drizzle-orm';
import { getIntrospectionQuery } from 'graphql';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { adminUrl, createTestDatabase, type TestDatabase } from '../support/database.js';

type GraphQLBody = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
};

/** Small limits, so that a query just under each and one just over it are easy to write. */
const limits = {
  maxDepth: 5,
  maxAliases: 3,
  maxTokens: 200,
  maxLength: 2000,
  maxDirectives: 3,
  maxCost: 500,
  bodyLimitBytes: 4096,
};

let db: TestDatabase;
let t: TestApp;

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db, { app: { limits } });
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

async function gql(app: TestApp, query: string, headers: Record<string, string>, variables?: Record<string, unknown>) {
  // The GraphQL-over-HTTP media type: a request refused before execution answers 400 (application/json: 200).
  const response = await request(app.app)
    .post('/graphql')
    .set('accept', 'application/graphql-response+json')
    .set(headers)
    .send({ query, variables });
  return { status: response.status, body: response.body as GraphQLBody, headers: response.headers };
}

/** Refused before execution: HTTP 400 (or the given status), no data, LIMIT_EXCEEDED naming the limit. */
function expectRefused(
  answer: { status: number; body: GraphQLBody },
  limit: string,
  found?: number,
  status = 400,
): void {
  expect(answer.status).toBe(status);
  expect(answer.body.data ?? undefined).toBeUndefined();
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors?.[0]?.extensions).toMatchObject({
    code: 'LIMIT_EXCEEDED',
    limit,
    max: expect.any(Number),
    messageFa: expect.stringMatching(/[\u0600-\u06FF]/),
    ...(found === undefined ? {} : { found }),
  });
}

function expectAnswered(answer: { status: number; body: GraphQLBody }): void {
  expect(answer.body.errors).toBeUndefined();
  expect(answer.status).toBe(200);
  expect(answer.body.data).toBeTruthy();
}

describe('limits on one GraphQL document, refused before execution', () => {
  it('depth: a unit with its parent’s parent passes at the limit, one level more is refused', async () => {
    const headers = await t.bearer('tehran.manager');
    const atLimit = '{ units(first: 1) { nodes { parent { parent { code } } } } }';
    expectAnswered(await gql(t, atLimit, headers));
    const over = '{ units(first: 1) { nodes { parent { parent { parent { code } } } } } }';
    expectRefused(await gql(t, over, headers), 'depth', 6);
  });

  it('a query nested 2,000 deep is refused while parsing (it once overflowed the stack), never a 5xx', async () => {
    // With the default limits, as a server runs.
    const app = await createTestApp(db);
    try {
      const deep = `{ units(first: 1) { nodes { ${'parent { '.repeat(2000)}code${' }'.repeat(2000)} } } }`;
      const answer = await gql(app, deep, await app.bearer('tehran.manager'));
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
      expect(['length', 'tokens']).toContain(answer.body.errors?.[0]?.extensions?.limit);
      // 500 deep (it held the database for seconds) is refused too: by its depth, tokens or length.
      const five = `{ units(first: 1) { nodes { ${'parent { '.repeat(500)}code${' }'.repeat(500)} } } }`;
      const refused = await gql(app, five, await app.bearer('tehran.manager'));
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    } finally {
      await app.close();
    }
  });

  it('aliases: three pass, a fourth is refused', async () => {
    const headers = await t.bearer('tehran.manager');
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: requests(first: 1) { totalCount }`).join(' ')} }`;
    expectAnswered(await gql(t, aliases(3), headers));
    expectRefused(await gql(t, aliases(4), headers), 'aliases', 4);
  });

  it('tokens: 200 pass, 201 are refused', async () => {
    const headers = await t.bearer('tehran.manager');
    // `{ viewer { subject … } }`: five tokens and one per repeated field.
    const tokens = (n: number) => `{ viewer { ${'subject '.repeat(n - 5)}} }`;
    expectAnswered(await gql(t, tokens(200), headers));
    expectRefused(await gql(t, tokens(201), headers), 'tokens');
  });

  it('length: 2,000 characters pass, 2,001 are refused', async () => {
    const headers = await t.bearer('tehran.manager');
    const base = '{ viewer { subject } }\n#';
    const ofLength = (n: number) => base + 'x'.repeat(n - base.length);
    expect(ofLength(2000)).toHaveLength(2000);
    expectAnswered(await gql(t, ofLength(2000), headers));
    expectRefused(await gql(t, ofLength(2001), headers), 'length');
  });

  it('directives: three pass, a fourth is refused', async () => {
    const headers = await t.bearer('tehran.manager');
    const fields = ['subject', 'kind', 'clientId', 'displayName'];
    const directives = (n: number) =>
      `{ viewer { ${fields.slice(0, n).join(' @include(if: true) ')} @include(if: true) } }`;
    expectAnswered(await gql(t, directives(3), headers));
    expectRefused(await gql(t, directives(4), headers), 'directives', 4);
  });

  it('cost: a connection’s first multiplies what is under it, variables included', async () => {
    const headers = await t.bearer('tehran.manager');
    // requests: 1 + first × (nodes: 1 + 10 × trackingCode: 1) = 1 + 11 × first.
    const page = 'query Page($first: Int) { requests(first: $first) { nodes { trackingCode } } }';
    expectAnswered(await gql(t, page, headers, { first: 45 }));
    expectRefused(await gql(t, page, headers, { first: 46 }), 'cost', 507);
    expectRefused(await gql(t, '{ requests(first: 46) { nodes { trackingCode } } }', headers), 'cost', 507);
  });

  it('body: 4 KB pass, more is refused with 413 before it is read', async () => {
    const headers = await t.bearer('tehran.manager');
    const body = (size: number) => {
      const skeleton = JSON.stringify({ query: '{ viewer { subject } }', variables: { pad: '' } });
      return JSON.stringify({
        query: '{ viewer { subject } }',
        variables: { pad: 'x'.repeat(size - skeleton.length) },
      });
    };
    expect(Buffer.byteLength(body(4096))).toBe(4096);
    const under = await request(t.app)
      .post('/graphql')
      .set(headers)
      .set('content-type', 'application/json')
      .send(body(4096));
    expectAnswered({ status: under.status, body: under.body });
    const over = await request(t.app)
      .post('/graphql')
      .set(headers)
      .set('content-type', 'application/json')
      .send(body(4097));
    expectRefused({ status: over.status, body: over.body }, 'body', undefined, 413);
  });

  it('a body that is not JSON is BAD_INPUT, and the answer quotes none of it', async () => {
    const headers = await t.bearer('tehran.manager');
    const response = await request(t.app)
      .post('/graphql')
      .set(headers)
      .set('content-type', 'application/json')
      .send('{"query": "{ viewer { subject } }", "secret-fragment');
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions).toMatchObject({ code: 'BAD_INPUT', messageFa: expect.any(String) });
    expect(JSON.stringify(response.body)).not.toContain('secret-fragment');
  });
});

describe('rate limits per caller and per company (429 with Retry-After)', () => {
  const backends: [string, () => ReturnType<typeof createRedis> | undefined][] = [['in-process', () => undefined]];
  if (process.env.REDIS_URL) backends.push(['Redis', () => createRedis(process.env.REDIS_URL)]);
  // A Redis that does not answer: each process counts on its own meanwhile, the limits still hold.
  backends.push(['Redis unreachable', () => createRedis('redis://127.0.0.1:1')]);

  for (const [backend, makeRedis] of backends) {
    it(`one company's flood runs out its own budgets and leaves another company alone (${backend})`, async () => {
      const redis = makeRedis();
      if (backend === 'Redis') await redis?.connect();
      // This run's own counts in the shared Redis.
      const prefix = `abfa-test:${randomUUID()}`;
      const app = await createTestApp(db, {
        app: {
          redis,
          rateLimitKeyPrefix: prefix,
          limits: { rateLimit: { client: 3, company: 5, windowSeconds: 600 } },
        },
      });
      try {
        const query = '{ viewer { subject } }';
        const agent = await app.bearer('tehran.agent');
        for (let i = 0; i < 3; i++) expectAnswered(await gql(app, query, agent));
        const overClient = await gql(app, query, agent);
        expect(overClient.status).toBe(429);
        expect(Number(overClient.headers['retry-after'])).toBeGreaterThan(0);
        expect(overClient.body.errors?.[0]?.extensions).toMatchObject({
          code: 'RATE_LIMITED',
          scope: 'client',
          messageFa: expect.stringMatching(/[\u0600-\u06FF]/),
        });
        // Another caller of the same company has its own budget, until the company's is spent.
        const manager = await app.bearer('tehran.manager');
        for (let i = 0; i < 2; i++) expectAnswered(await gql(app, query, manager));
        const overCompany = await gql(app, query, manager);
        expect(overCompany.status).toBe(429);
        expect(Number(overCompany.headers['retry-after'])).toBeGreaterThan(0);
        expect(overCompany.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', scope: 'company' });
        // Another company is not touched by it.
        expectAnswered(await gql(app, query, await app.bearer('isfahan.manager')));
        // Counted where every instance sees it: three callers' budgets and two companies'.
        if (backend === 'Redis') expect(await redis?.keys(`${prefix}:*`)).toHaveLength(5);
      } finally {
        await app.close();
        redis?.disconnect();
      }
    });
  }
});

describe('load shedding', () => {
  it('past MAX_IN_FLIGHT operations at once a new one is answered 503 with Retry-After, and served again after', async () => {
    const app = await createTestApp(db, { app: { limits: { maxInFlight: 1 } } });
    try {
      const headers = await app.bearer('tehran.manager');
      const query = '{ viewer { subject } }';
      // One operation held in flight: its body arrives only when the test sends the rest.
      const payload = JSON.stringify({ query });
      let heldRequest: ReturnType<typeof httpRequest> | undefined;
      const held = new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${app.base}/graphql`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        });
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.write(payload.slice(0, 5));
        heldRequest = req;
      });
      let shed: request.Response | undefined;
      await expect
        .poll(async () => {
          shed = await request(app.app).post('/graphql').set(headers).send({ query });
          return shed.status;
        })
        .toBe(503);
      expect(shed?.headers['retry-after']).toBe('1');
      expect(shed?.body.errors[0].extensions).toMatchObject({ code: 'OVERLOADED', messageFa: expect.any(String) });
      heldRequest?.end(payload.slice(5));
      expect(await held).toBe(200);
      expectAnswered(await gql(app, query, headers));
    } finally {
      await app.close();
    }
  });
});

describe('statement timeout', () => {
  it.runIf(adminUrl())(
    'a statement that waits past STATEMENT_TIMEOUT is stopped and answered TIMEOUT, without SQL, for a query and a mutation',
    async () => {
      const app = await createTestApp(db, { app: { limits: { statementTimeoutSeconds: 1 } } });
      // Another session holds the request table, as a long report or a stuck migration would.
      let release: () => void = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked: () => void = () => {};
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holding = db.owner.root.transaction(async (tx) => {
        await tx.execute(sql`lock table request in access exclusive mode`);
        locked();
        await released;
      });
      try {
        await isLocked;
        const headers = await app.bearer('tehran.manager');
        const read = await gql(app, '{ requests(first: 1) { totalCount } }', headers);
        expect(read.body.errors?.[0]?.extensions).toMatchObject({
          code: 'TIMEOUT',
          messageFa: expect.stringMatching(/[\u0600-\u06FF]/),
        });
        expect(JSON.stringify(read.body)).not.toMatch(/select|canceling|statement/i);
        const write = await gql(
          app,
          'mutation($id: ID!) { addRequestNote(requestId: $id, note: "a note") { __typename } }',
          headers,
          { id: Buffer.from(`Request:${randomUUID()}`).toString('base64') },
        );
        expect(write.body.errors?.[0]?.extensions?.code).toBe('TIMEOUT');
        expect(JSON.stringify(write.body)).not.toMatch(/select|canceling|statement/i);
      } finally {
        release();
        await holding;
        await app.close();
      }
      // With the table free again the same query answers.
      const again = await createTestApp(db, { app: { limits: { statementTimeoutSeconds: 1 } } });
      try {
        expectAnswered(await gql(again, '{ requests(first: 1) { totalCount } }', await again.bearer('tehran.manager')));
      } finally {
        await again.close();
      }
    },
  );
});

describe('CORS from the allow-list', () => {
  it('echoes an allowed origin with credentials and no other, preflight and request alike', async () => {
    const app = await createTestApp(db, { app: { corsOrigins: ['https://portal.example'] } });
    try {
      const preflight = (origin: string) =>
        request(app.app)
          .options('/graphql')
          .set('origin', origin)
          .set('access-control-request-method', 'POST')
          .set('access-control-request-headers', 'authorization, content-type');
      const allowed = await preflight('https://portal.example');
      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://portal.example');
      expect(allowed.headers['access-control-allow-credentials']).toBe('true');
      expect(allowed.headers['access-control-allow-headers']).toContain('authorization');
      const other = await preflight('https://evil.example');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      expect(other.headers['access-control-allow-credentials']).toBeUndefined();

      const headers = await app.bearer('tehran.manager');
      const fromPortal = await request(app.app)
        .post('/graphql')
        .set(headers)
        .set('origin', 'https://portal.example')
        .send({ query: '{ viewer { subject } }' });
      expect(fromPortal.headers['access-control-allow-origin']).toBe('https://portal.example');
      const fromElsewhere = await request(app.app)
        .post('/graphql')
        .set(headers)
        .set('origin', 'https://evil.example')
        .send({ query: '{ viewer { subject } }' });
      expect(fromElsewhere.headers['access-control-allow-origin']).toBeUndefined();
      // A refusal before GraphQL (no token) is readable by the allowed page too.
      const refused = await request(app.app)
        .post('/graphql')
        .set('origin', 'https://portal.example')
        .send({ query: '{ viewer { subject } }' });
      expect(refused.status).toBe(401);
      expect(refused.headers['access-control-allow-origin']).toBe('https://portal.example');
    } finally {
      await app.close();
    }
  });

  it('without an allow-list no origin is echoed', async () => {
    const headers = await t.bearer('tehran.manager');
    const response = await request(t.app)
      .post('/graphql')
      .set(headers)
      .set('origin', 'https://evil.example')
      .send({ query: '{ viewer { subject } }' });
    expect(response.status).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });
});

describe('in production', () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await createTestApp(db, { production: true });
  });
  afterAll(async () => {
    await prod?.close();
  });
  const introspection = '{ __schema { queryType { name } } }';

  it('introspection is refused to a caller without schema:introspect, pointing at schema/api.graphql', async () => {
    for (const user of ['tehran.manager', 'tehran.agent']) {
      const answer = await gql(prod, introspection, await prod.bearer(user));
      expect(answer.status).toBe(400);
      expect(answer.body.data ?? undefined).toBeUndefined();
      expect(answer.body.errors?.[0]?.message).toContain('schema/api.graphql');
      expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', messageFa: expect.any(String) });
    }
    const typeQuery = await gql(prod, '{ __type(name: "Request") { name } }', await prod.bearer('tehran.manager'));
    expect(typeQuery.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // __typename is not introspection of the schema.
    expectAnswered(await gql(prod, '{ viewer { __typename } }', await prod.bearer('tehran.manager')));
  });

  it('a caller holding schema:introspect reads the schema: the platform admin, an integrator given the scope', async () => {
    const admin = await gql(prod, introspection, await prod.bearer('platform.admin'));
    expectAnswered(admin);
    expect(admin.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    // The whole schema, as GraphiQL or a code generator asks for it, within the default limits.
    const full = await gql(prod, getIntrospectionQuery(), await prod.bearer('platform.admin'));
    expectAnswered(full);
    expect(JSON.stringify(full.body.data)).toContain('registerRequest');
    const integrator = await prod.serviceToken('tehran-integrator', 'viewer:read schema:introspect');
    expectAnswered(await gql(prod, introspection, { authorization: `Bearer ${integrator}` }));
    const without = await prod.serviceToken('tehran-integrator', 'viewer:read');
    expect(
      (await gql(prod, introspection, { authorization: `Bearer ${without}` })).body.errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
  });

  it('says no "did you mean" — in validation and in variables — where development does', async () => {
    const headers = await prod.bearer('tehran.manager');
    const typo = '{ viewr { subject } }';
    const developed = await gql(t, typo, await t.bearer('tehran.manager'));
    expect(developed.body.errors?.[0]?.message).toContain('Did you mean');
    const produced = await gql(prod, typo, headers);
    expect(produced.status).toBe(400);
    expect(produced.body.errors?.[0]?.message).toContain('viewr');
    expect(produced.body.errors?.[0]?.message).not.toMatch(/did you mean/i);
    const badEnum = 'query($p: Priority) { requests(first: 1, priority: $p) { totalCount } }';
    const enumAnswer = await gql(prod, badEnum, headers, { p: 'HIGHH' });
    expect(enumAnswer.body.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(enumAnswer.body)).not.toMatch(/did you mean/i);
  });
});
