import { randomBytes } from 'node:crypto';
import { request as requestTable } from '@abfa/schema';
import { connectionMaxSize, createApp, createLogger, tenantDirectory, textMaxLength } from '@abfa/server';
import { count } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicRoutes } from '../../server/src/http/public.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';

/**
 * Each finding of issue 11's probe of wrong inputs, as it must be answered now: a caller's mistake is BAD_INPUT
 * naming the field (English and Persian) or NOT_FOUND / null, never INTERNAL, never a 5xx, and every error has a
 * code. The schema-driven sweep over every mutation and citizen route is bad-input-fuzz.test.ts.
 */
let db: TestDatabase;
let t: TestApp;
let citizen: ReturnType<typeof createApp>;
let unitId: string;
let requestId: string;

type GraphQLError = { message: string; path?: string[]; extensions?: Record<string, unknown> };
type Body = { data?: Record<string, unknown> | null; errors?: GraphQLError[] };

const uuid = '00000000-0000-4000-8000-000000000000';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const generous = { points: 10_000, windowSeconds: 60 };

async function gql(
  query: string,
  variables?: Record<string, unknown>,
  { user = 'tehran.manager', accept = 'application/graphql-response+json' } = {},
) {
  const response = await request(t.app)
    .post('/graphql')
    .set(await t.bearer(user))
    .set('accept', accept)
    .send({ query, variables });
  return { status: response.status, body: response.body as Body };
}

/** The one error of a response, which must have every part of the error contract. */
function onlyError(body: Body): GraphQLError & { extensions: Record<string, unknown> } {
  expect(body.errors, JSON.stringify(body)).toHaveLength(1);
  const [error] = body.errors ?? [];
  expect(error?.extensions?.code).toEqual(expect.any(String));
  expect(error?.extensions?.messageFa).toEqual(expect.any(String));
  return error as GraphQLError & { extensions: Record<string, unknown> };
}

const register = `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
  __typename ... on Error { code field message messageFa } ... on RegisterRequestSuccess { data { id } } } }`;
const requestCount = async () => (await db.owner.root.select({ n: count() }).from(requestTable))[0]?.n ?? 0;

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  citizen = createApp({
    database: db.api,
    log: createLogger('silent'),
    authenticate: async () => null,
    production: false,
  });
  citizen.use(
    '/c',
    publicRoutes({
      database: db.api,
      log: createLogger('silent'),
      tenants: tenantDirectory(t.registry),
      keyPrefix: `rl-bad-input-${randomBytes(4).toString('hex')}`,
      limits: {
        lookup: { address: generous, network: generous, company: generous },
        submit: { address: generous, network: generous, company: generous },
      },
    }),
  );
  const units = await gql('{ units(first: 1) { nodes { id } } }');
  unitId = field<{ nodes: { id: string }[] }>(units.body, 'units').nodes[0]?.id ?? '';
  const created = await gql(register, { input: { categoryCode: 'water.low_pressure', channel: 'PHONE' } });
  requestId = field<{ data: { id: string } }>(created.body, 'registerRequest').data.id;
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

describe('values GraphQL itself refuses are BAD_INPUT naming the field (not INTERNAL)', () => {
  it.each([
    ['an enum value that does not exist', { priority: 'NOT_A_VALUE' }, 'priority', /مجاز/],
    ['a number for a text', { categoryCode: 5 }, 'categoryCode', /متن/],
    ['an unknown input field', { zzz: 1 }, 'zzz', /فیلدی/],
    ['text for a number', { latitude: 'north' }, 'latitude', /عدد/],
  ])('%s', async (_, change, field, persian) => {
    const { status, body } = await gql(register, {
      input: { categoryCode: 'water.low_pressure', channel: 'PHONE', ...change },
    });
    // A request error (nothing executed): 400 for application/graphql-response+json, as GraphQL over HTTP says.
    expect(status).toBe(400);
    const error = onlyError(body);
    expect(error.extensions).toMatchObject({ code: 'BAD_INPUT', field });
    expect(error.extensions.messageFa).toMatch(new RegExp(`^${field}: `));
    expect(error.extensions.messageFa).toMatch(persian);
  });

  it('a missing required field, a null for a non-null variable, an Int overflow; 200 for application/json', async () => {
    const missing = await gql(register, { input: { channel: 'PHONE' } });
    expect(onlyError(missing.body).extensions).toMatchObject({ code: 'BAD_INPUT', field: 'categoryCode' });
    const nullInput = await gql(register, { input: null });
    expect(nullInput.status).toBe(400);
    expect(onlyError(nullInput.body).extensions).toMatchObject({ code: 'BAD_INPUT', field: 'input' });
    const overflow = await gql('query($n: Int) { requests(first: $n) { totalCount } }', { n: 2 ** 40 });
    expect(onlyError(overflow.body).extensions).toMatchObject({ code: 'BAD_INPUT', field: 'n' });
    const json = await gql(register, { input: null }, { accept: 'application/json' });
    expect(json.status).toBe(200);
    expect(onlyError(json.body).extensions.code).toBe('BAD_INPUT');
  });

  it('literals in the query document and a query that does not parse', async () => {
    const literal = await gql(
      'mutation { registerRequest(input: { categoryCode: "x", channel: NOPE }) { __typename } }',
    );
    expect(literal.status).toBe(400);
    expect(onlyError(literal.body).extensions).toMatchObject({ code: 'BAD_INPUT', field: 'channel' });
    const syntax = await gql('{ requests(');
    expect(syntax.status).toBe(400);
    expect(onlyError(syntax.body).extensions.code).toBe('BAD_INPUT');
    const unknown = await gql('{ nope }');
    expect(onlyError(unknown.body).extensions.code).toBe('BAD_INPUT');
  });

  it('a body of another media type is refused with a code, not an empty answer', async () => {
    for (const type of ['text/plain', 'application/xml', 'application/octet-stream']) {
      const response = await request(t.app)
        .post('/graphql')
        .set(await t.bearer('tehran.manager'))
        .set('content-type', type)
        .send('{"query":"{ tenant { code } }"}');
      expect(response.status, type).toBe(415);
      expect(onlyError(response.body).extensions, type).toMatchObject({ code: 'BAD_INPUT' });
    }
  });
});

describe('malformed and wrong-type ids', () => {
  const malformed = ['abc', b64('Unit:abc'), b64(`Nope:${uuid}`), b64(`constructor:${uuid}`), '', '!!!'];

  it('node and nodes answer null, as for an id that does not exist', async () => {
    for (const id of malformed) {
      const { body } = await gql('query($id: ID!) { node(id: $id) { id } }', { id });
      expect(body, id).toEqual({ data: { node: null } });
    }
    const { body } = await gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [...malformed, unitId] });
    expect(body.errors).toBeUndefined();
    expect(body.data?.nodes).toEqual([...malformed.map(() => null), { id: unitId }]);
  });

  it('a query argument of another type or malformed is BAD_INPUT naming it', async () => {
    for (const id of [requestId, 'abc', b64('Unit:abc')]) {
      const { body } = await gql('query($u: ID!) { unitQueue(unitId: $u, first: 1) { totalCount } }', { u: id });
      expect(onlyError(body).extensions, id).toMatchObject({ code: 'BAD_INPUT', field: 'unitId' });
    }
  });

  it('a mutation argument is refused by name as a typed error; a well-formed id that exists nowhere is NOT_FOUND', async () => {
    const cancel = `mutation($id: ID!) { cancelPlannedOutage(outageId: $id) { __typename ... on Error { code field } } }`;
    for (const id of ['abc', b64('PlannedOutage:abc'), requestId]) {
      const { body } = await gql(cancel, { id });
      expect(body.errors, id).toBeUndefined();
      expect(body.data?.cancelPlannedOutage).toEqual({
        __typename: 'InputError',
        code: 'BAD_INPUT',
        field: 'outageId',
      });
    }
    const missing = await gql(cancel, { id: b64(`PlannedOutage:${uuid}`) });
    expect(missing.body.data?.cancelPlannedOutage).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('registerRequest checks lineId: unknown, another company’s, or not a line', async () => {
    const isfahanLines = await gql('{ lines { id } }', undefined, { user: 'isfahan.manager' });
    const isfahanLine = field<{ id: string }[]>(isfahanLines.body, 'lines')[0]?.id;
    const before = await requestCount();
    for (const lineId of [b64(`Line:${uuid}`), isfahanLine, unitId, 'abc']) {
      const { body } = await gql(register, { input: { categoryCode: 'water.low_pressure', channel: 'PHONE', lineId } });
      expect(body.data?.registerRequest, lineId).toMatchObject({ __typename: 'InputError', field: 'lineId' });
    }
    expect(await requestCount()).toBe(before);
  });
});

describe('text fields', () => {
  const bad = [
    ['a NUL byte', 'water\u0000leak', /control character/],
    ['a bell', 'ring\u0007', /control character/],
    ['a lone carriage return', 'a\rb', /control character/],
    ['an unpaired high surrogate', 'a\ud800b', /unpaired surrogate/],
    ['an unpaired low surrogate', 'a\udc00b', /unpaired surrogate/],
    ['more than the longest text the API takes', 'x'.repeat(textMaxLength + 1), /too long/],
  ] as const;

  it.each(bad)('refuse %s with BAD_INPUT naming the field, writing nothing', async (_, text, english) => {
    const before = await requestCount();
    const { body } = await gql(register, {
      input: { categoryCode: 'water.low_pressure', channel: 'PHONE', description: text },
    });
    expect(body.data?.registerRequest).toMatchObject({
      __typename: 'InputError',
      code: 'BAD_INPUT',
      field: 'description',
      message: expect.stringMatching(english),
      messageFa: expect.stringMatching(/^description: /),
    });
    // In a query argument too, and nested in a list.
    const query = await gql('query($c: String!) { requestByTrackingCode(trackingCode: $c) { id } }', { c: text });
    expect(onlyError(query.body).extensions).toMatchObject({ code: 'BAD_INPUT', field: 'trackingCode' });
    expect(await requestCount()).toBe(before);
  });

  it('keep newlines, tabs, Windows newlines and Persian with ZWNJ and emoji', async () => {
    const text = 'سطر اول\r\nسطر\tدوم\nمی‌خواهم 💧';
    const { body } = await gql(register, {
      input: { categoryCode: 'water.low_pressure', channel: 'PHONE', description: text },
    });
    expect(body.data?.registerRequest).toMatchObject({ __typename: 'RegisterRequestSuccess' });
  });

  it.each(bad)('the citizen routes refuse %s by field with 422, never 500', async (_, text) => {
    const before = await requestCount();
    const submit = await request(citizen)
      .post('/c/tehran/requests')
      .send({ categoryCode: 'water.low_pressure', description: text, callerMobile: '09121234567' });
    expect(submit.status).toBe(422);
    expect(submit.body.errors?.[0]).toMatchObject({ code: 'BAD_INPUT', field: 'description' });
    const status = await request(citizen).post('/c/tehran/status').send({ trackingCode: text, mobile: '09121234567' });
    expect(status.status).toBeLessThan(500);
    expect(status.status).not.toBe(200);
    expect(await requestCount()).toBe(before);
  });
});

describe('page sizes', () => {
  it.each([
    ['requests(first: -5)', '{ requests(first: -5) { totalCount nodes { id } } }', 'first'],
    ['requests(first: -5), totalCount only', '{ requests(first: -5) { totalCount } }', 'first'],
    [
      `requests(first: ${connectionMaxSize + 1})`,
      `{ requests(first: ${connectionMaxSize + 1}) { nodes { id } } }`,
      'first',
    ],
    ['incidents(last: -1)', '{ incidents(last: -1) { nodes { id } } }', 'last'],
    ['first with last', '{ requests(first: 5, last: 5) { nodes { id } } }', 'last'],
    ['a cursor that is none', '{ requests(first: 5, after: "garbage") { nodes { id } } }', 'after'],
  ])('%s is BAD_INPUT naming the argument', async (_, query, field) => {
    const { body } = await gql(query);
    expect(onlyError(body).extensions).toMatchObject({ code: 'BAD_INPUT', field });
  });

  it('0 and the maximum are pages; the units list takes 500', async () => {
    expect((await gql('{ requests(first: 0) { nodes { id } } }')).body.errors).toBeUndefined();
    expect((await gql(`{ requests(first: ${connectionMaxSize}) { nodes { id } } }`)).body.errors).toBeUndefined();
    expect((await gql('{ units(first: 500) { nodes { id } } }')).body.errors).toBeUndefined();
  });
});

describe('instants', () => {
  it.each(['9999-01-01T00:00:00Z', '1999-12-31T23:59:59Z', '2100-01-01T00:00:01Z'])(
    '%s is refused as BAD_INPUT naming the variable',
    async (instant) => {
      const { body } = await gql('query($d: DateTime) { requests(first: 1, registeredFrom: $d) { totalCount } }', {
        d: instant,
      });
      expect(onlyError(body).extensions).toMatchObject({ code: 'BAD_INPUT', field: 'd' });
      expect(onlyError(body).extensions.messageFa).toMatch(/۲۰۰۰/);
    },
  );
});

describe('permission before anything is looked up', () => {
  // A caller without the right gets the same answer for an id that exists and one that does not.
  it.each([
    [
      'transitionRequest',
      'mutation($id: ID!) { transitionRequest(input: { requestId: $id, action: CLOSE }) { __typename } }',
    ],
    ['addRequestNote', 'mutation($id: ID!) { addRequestNote(requestId: $id, note: "x") { __typename } }'],
    ['revealCallerMobile', 'mutation($id: ID!) { revealCallerMobile(requestId: $id) { __typename } }'],
    [
      'linkRequestToIncident',
      `mutation($id: ID!) { linkRequestToIncident(requestId: $id, incidentId: "${b64(`Incident:${uuid}`)}") { __typename } }`,
    ],
  ])('%s', async (_, query) => {
    const existing = await gql(query, { id: requestId }, { user: 'tehran.executive' });
    const random = await gql(query, { id: b64(`Request:${uuid}`) }, { user: 'tehran.executive' });
    expect(existing.status).toBe(403);
    expect(onlyError(existing.body).extensions.code).toBe('FORBIDDEN');
    expect({ status: random.status, body: random.body }).toEqual({ status: existing.status, body: existing.body });
  });
});
