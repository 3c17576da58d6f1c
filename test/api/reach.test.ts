import { auditEvent, request as requestTable } from '@abfa/schema';
import { desc, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';

/**
 * Who may act on or read a request is decided in one place (server/src/auth/reach.ts and the request table's
 * unit_reach policy) and holds on every path: direct, through an incident, for a second role, on a replay, by node.
 * tehran.unit is unit staff of the Eslamshahr district office; Varamin is another district of the same company.
 */
let db: TestDatabase;
let t: TestApp;
const units: Record<string, string> = {};

type Body = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string } }[];
};
type Headers = Record<string, string>;

async function gql(who: string | Headers, query: string, variables?: Record<string, unknown>, extra: Headers = {}) {
  const auth = typeof who === 'string' ? await t.bearer(who) : who;
  const response = await request(t.app)
    .post('/graphql')
    .set({ ...auth, ...extra })
    .send({ query, variables });
  return { status: response.status, body: response.body as Body, headers: response.headers };
}

const outcome = (body: Body, name: string) => field<{ __typename: string } & Record<string, unknown>>(body, name);
const codes = (body: Body) => (body.errors ?? []).map((e) => e.extensions?.code);

const register = `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
  __typename ... on RegisterRequestSuccess { data { id trackingCode } } ... on ConflictError { field messageFa } } }`;
const act = `mutation($input: TransitionRequestInput!) { transitionRequest(input: $input) {
  __typename ... on TransitionRequestSuccess { data { status } } } }`;
const openIncident = `mutation($input: OpenIncidentInput!) { openIncident(input: $input) {
  __typename ... on OpenIncidentSuccess { data { id } } } }`;
const link = `mutation($r: ID!, $i: ID!) { linkRequestToIncident(requestId: $r, incidentId: $i) {
  __typename ... on LinkRequestToIncidentSuccess { data { request { id } } } } }`;
const resolveIncident = `mutation($i: ID!) { resolveIncident(incidentId: $i, note: "شیر اصلی تعویض شد") {
  __typename ... on ResolveIncidentSuccess { data { resolvedRequestCount resolvedRequests { id } } } } }`;
const byCode = 'query($c: String!) { requestByTrackingCode(trackingCode: $c) { id status } }';

async function registered(unitCode: string) {
  const { body } = await gql('tehran.agent', register, {
    input: {
      categoryCode: 'water.pipe_burst',
      channel: 'PHONE',
      assignedUnitId: units[unitCode],
      description: 'ترکیدگی لوله',
    },
  });
  return field<{ data: { id: string; trackingCode: string } }>(body, 'registerRequest').data;
}

async function incidentIn(who: string | Headers, unitCode: string) {
  const { body } = await gql(who, openIncident, {
    input: { categoryCode: 'water.pipe_burst', unitId: units[unitCode], title: 'ترکیدگی خط اصلی' },
  });
  return field<{ data: { id: string } }>(body, 'openIncident').data.id;
}

/** The request as the centre manager sees it (company-wide). */
async function asManager(trackingCode: string) {
  const { body } = await gql('tehran.manager', byCode, { c: trackingCode });
  return field<{ id: string; status: string }>(body, 'requestByTrackingCode');
}

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  const { body } = await gql('tehran.manager', '{ units(first: 50) { nodes { id code } } }');
  for (const u of field<{ nodes: { id: string; code: string }[] }>(body, 'units').nodes) units[u.code] = u.id;
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

describe('operational-unit staff act on their own unit’s requests on every path', () => {
  it('cannot link another district’s request to their incident, nor resolve it through one', async () => {
    const theirs = await registered('district-varamin');
    const ours = await registered('district-eslamshahr');
    const incident = await incidentIn('tehran.unit', 'district-eslamshahr');

    // Directly: refused (the request is not even visible to them).
    const direct = await gql('tehran.unit', act, { input: { requestId: theirs.id, action: 'ACCEPT' } });
    expect(outcome(direct.body, 'transitionRequest').__typename).not.toBe('TransitionRequestSuccess');
    // Linking it to their own incident: refused.
    const linked = await gql('tehran.unit', link, { r: theirs.id, i: incident });
    const linkedAs = linked.body.data?.linkRequestToIncident as { __typename: string } | null | undefined;
    expect(linkedAs?.__typename).not.toBe('LinkRequestToIncidentSuccess');

    // The contact centre links both calls to the incident (it may, company-wide); the unit resolves it.
    for (const r of [theirs, ours])
      expect(
        outcome((await gql('tehran.agent', link, { r: r.id, i: incident })).body, 'linkRequestToIncident'),
      ).toMatchObject({
        __typename: 'LinkRequestToIncidentSuccess',
      });
    const resolved = await gql('tehran.unit', resolveIncident, { i: incident });
    expect(outcome(resolved.body, 'resolveIncident')).toMatchObject({
      __typename: 'ResolveIncidentSuccess',
      data: { resolvedRequestCount: 1, resolvedRequests: [{ id: ours.id }] },
    });
    // Varamin's request stays open for Varamin (or the centre) to resolve.
    expect((await asManager(theirs.trackingCode)).status).toBe('DISPATCHED');
    expect((await asManager(ours.trackingCode)).status).toBe('RESOLVED');
  });

  it('read only their own unit’s requests: lists, queues, a tracking code and node all agree', async () => {
    const theirs = await registered('district-varamin');
    const ours = await registered('district-eslamshahr');
    const queue = 'query($u: ID!) { unitQueue(unitId: $u, first: 100) { nodes { id } } }';
    const ids = (body: Body, name: string) => field<{ nodes: { id: string }[] }>(body, name).nodes.map((n) => n.id);

    expect(ids((await gql('tehran.unit', queue, { u: units['district-varamin'] })).body, 'unitQueue')).toEqual([]);
    expect(ids((await gql('tehran.unit', queue, { u: units['district-eslamshahr'] })).body, 'unitQueue')).toContain(
      ours.id,
    );
    const all = ids((await gql('tehran.unit', '{ requests(first: 100) { nodes { id } } }')).body, 'requests');
    expect(all).toContain(ours.id);
    expect(all).not.toContain(theirs.id);
    expect((await gql('tehran.unit', byCode, { c: theirs.trackingCode })).body.data?.requestByTrackingCode).toBeNull();
    const node = await gql('tehran.unit', 'query($id: ID!) { node(id: $id) { id } }', { id: theirs.id });
    expect(node.body.data?.node).toBeNull();
    // The same queries as the manager see both (the control).
    expect(ids((await gql('tehran.manager', queue, { u: units['district-varamin'] })).body, 'unitQueue')).toContain(
      theirs.id,
    );
  });
});

describe('a second role never lifts the own-unit restriction', () => {
  // tehran.unit's own token, with the read-only executive role added: it reads company-wide (executive), but acts
  // only where unit staff may (requests:work and incidents:write come from unit_staff alone).
  const both = () => t.bearerWith('tehran.unit', { realm_access: { roles: ['unit_staff', 'executive'] } });

  it('reads another district’s request but cannot accept, resolve, link or resolve it through an incident', async () => {
    const theirs = await registered('district-varamin');
    const ours = await registered('district-eslamshahr');
    const headers = await both();

    expect((await gql(headers, byCode, { c: theirs.trackingCode })).body.data?.requestByTrackingCode).toMatchObject({
      id: theirs.id,
    });
    for (const action of ['ACCEPT', 'RESOLVE']) {
      const refused = await gql(headers, act, { input: { requestId: theirs.id, action, note: 'انجام شد' } });
      expect(codes(refused.body)).toContain('FORBIDDEN');
    }
    expect((await asManager(theirs.trackingCode)).status).toBe('DISPATCHED');
    // Its own unit's request: allowed (the control).
    const accepted = await gql(headers, act, { input: { requestId: ours.id, action: 'ACCEPT' } });
    expect(outcome(accepted.body, 'transitionRequest')).toMatchObject({ data: { status: 'IN_PROGRESS' } });

    // An incident in another district: refused; linking another district's request to its own: refused.
    const elsewhere = await gql(headers, openIncident, {
      input: { categoryCode: 'water.pipe_burst', unitId: units['district-varamin'], title: 'خط اصلی' },
    });
    expect(codes(elsewhere.body)).toContain('FORBIDDEN');
    const incident = await incidentIn(headers, 'district-eslamshahr');
    expect(codes((await gql(headers, link, { r: theirs.id, i: incident })).body)).toContain('FORBIDDEN');

    // Linked by the centre, then resolved by this caller: another district's request is left open.
    await gql('tehran.agent', link, { r: theirs.id, i: incident });
    const resolved = await gql(headers, resolveIncident, { i: incident });
    expect(outcome(resolved.body, 'resolveIncident')).toMatchObject({ data: { resolvedRequestCount: 0 } });
    expect((await asManager(theirs.trackingCode)).status).toBe('DISPATCHED');
  });
});

describe('replays answer only the caller that made the original', () => {
  it('a reused Idempotency-Key of another caller is a conflict that names nothing of the first request', async () => {
    const key = `key-${crypto.randomUUID()}`;
    const input = { categoryCode: 'water.pipe_burst', channel: 'PHONE', assignedUnitId: units['district-varamin'] };
    const first = await gql('tehran.agent', register, { input }, { 'idempotency-key': key });
    const made = field<{ data: { id: string; trackingCode: string } }>(first.body, 'registerRequest').data;

    const again = await gql('tehran.agent', register, { input }, { 'idempotency-key': key });
    expect(field<{ data: { id: string } }>(again.body, 'registerRequest').data.id).toBe(made.id);

    const other = await gql('tehran.manager', register, { input }, { 'idempotency-key': key });
    expect(outcome(other.body, 'registerRequest')).toMatchObject({
      __typename: 'ConflictError',
      field: 'Idempotency-Key',
    });
    expect(JSON.stringify(other.body)).not.toContain(made.trackingCode);
    expect(JSON.stringify(other.body)).not.toContain(made.id);
  });
});

describe('node(id:) and nodes(ids:) answer each type only with its own read permission', () => {
  it('an integrator allowed tenant:read reads a unit by node, but not a request', async () => {
    const theirs = await registered('district-varamin');
    const token = await t.serviceToken('tehran-integrator', 'tenant:read viewer:read');
    const headers = { authorization: `Bearer ${token}` };
    const one = await gql(headers, 'query($id: ID!) { node(id: $id) { id } }', { id: theirs.id });
    expect(one.body.data?.node).toBeNull();
    expect(codes(one.body)).toEqual(['FORBIDDEN']);

    const many = await gql(headers, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: [units['district-varamin'], theirs.id],
    });
    expect(many.body.data?.nodes).toEqual([{ id: units['district-varamin'] }, null]);
    expect(codes(many.body)).toEqual(['FORBIDDEN']);

    // With requests:read it may (the control).
    const reader = await t.serviceToken('tehran-integrator', 'tenant:read requests:read');
    const allowed = await gql({ authorization: `Bearer ${reader}` }, 'query($id: ID!) { node(id: $id) { id } }', {
      id: theirs.id,
    });
    expect(allowed.body.data?.node).toEqual({ id: theirs.id });
  });
});

describe('the audit trail', () => {
  const latest = async () =>
    (await db.owner.root.select().from(auditEvent).orderBy(desc(auditEvent.occurredAt)).limit(1))[0];

  it('names the mutation a fragment hides, and keeps our request id with the client’s beside it', async () => {
    const ours = await registered('district-eslamshahr');
    const response = await gql(
      'tehran.manager',
      `mutation($input: TransitionRequestInput!) { ...Reject }
       fragment Reject on Mutation { transitionRequest(input: $input) { __typename } }`,
      { input: { requestId: ours.id, action: 'REJECT', reason: 'لوله‌کشی داخلی ملک است' } },
      { 'x-request-id': 'client-chosen-1' },
    );
    expect(response.body.errors).toBeUndefined();
    const event = await latest();
    expect(event).toMatchObject({
      operation: 'mutation transitionRequest',
      requestId: response.headers['x-request-id'],
      detail: expect.objectContaining({ clientRequestId: 'client-chosen-1' }),
    });
    expect(event?.requestId).not.toBe('client-chosen-1');
    const [row] = await db.owner.root
      .select()
      .from(requestTable)
      .where(eq(requestTable.requestId, event?.targetId ?? ''));
    expect(row?.status).toBe('rejected');
  });
});

describe('GET /graphql', () => {
  it('serves GraphiQL’s page without a token, but executes nothing without one', async () => {
    const page = await request(t.app).get('/graphql').set('accept', 'text/html');
    expect(page.status).toBe(200);
    for (const query of ['{ __typename }', '{ __schema { types { name } } }']) {
      const response = await request(t.app).get('/graphql').query({ query }).set('accept', 'text/html');
      expect(response.status).toBe(401);
      expect(response.text).not.toContain('__Schema');
      const json = await request(t.app).get('/graphql').query({ query }).set('accept', 'application/json');
      expect(json.status).toBe(401);
    }
  });
});
