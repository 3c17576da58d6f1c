import { createRedis } from '@abfa/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLivePubSub, type LivePubSub } from '../../server/src/live/pubsub.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { type Caller, gql, live, subscribe as openStream, registerAs, type Stream } from '../support/live-stream.js';

let db: TestDatabase;
let t: TestApp;
const units: Record<string, string> = {};
const streams: Stream[] = [];

/** Subscribes as `caller`; every stream opened here is closed after the file. */
async function subscribe(app: TestApp, caller: Caller, variables: Record<string, unknown> = {}) {
  const stream = await openStream(app, caller, variables);
  streams.push(stream);
  return stream;
}

const act = `mutation($input: TransitionRequestInput!) { transitionRequest(input: $input) {
  __typename
  ... on TransitionRequestSuccess { data { status } }
} }`;
const register = `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
  __typename
  ... on RegisterRequestSuccess { data { id trackingCode status } }
  ... on InputError { field }
} }`;

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  const list = await gql(t, 'tehran.manager', '{ units(first: 50) { nodes { id code } } }');
  const found = list.data?.units as { nodes: { id: string; code: string }[] } | undefined;
  if (!found) throw new Error(`no units in ${JSON.stringify(list)}`);
  for (const u of found.nodes) units[u.code] = u.id;
});
afterAll(async () => {
  await Promise.all(streams.map((s) => s.close()));
  await t?.close();
  await db?.close();
});

describe('the live queue subscription (server-sent events)', () => {
  it('needs a bearer token', async () => {
    const stream = await subscribe(t, null);
    expect(stream.status).toBe(401);
  });

  it('is refused at subscribe to a caller without requests:read, and opens for one with it', async () => {
    const scoped = async (scope: string) => ({
      authorization: `Bearer ${await t.serviceToken('tehran-integrator', scope)}`,
    });
    // An integrator whose token's scope does not grant requests:read, and a national role (no tenant).
    for (const caller of [await scoped('viewer:read tenant:read'), 'nwwec.supervisor']) {
      const refused = await subscribe(t, caller);
      expect(refused.status).toBe(403);
      expect(await refused.ends(10_000)).toBe(true);
      expect(refused.errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
    const allowed = await subscribe(t, await scoped('viewer:read requests:read requests:register'));
    expect(allowed.status).toBe(200);
    await live(t, allowed, 'tehran.agent');
  });

  it("delivers only the subscriber's own tenant's requests: registration, then each step", async () => {
    const tehran = await subscribe(t, 'tehran.agent');
    const isfahan = await subscribe(t, 'isfahan.agent');
    expect([tehran.status, isfahan.status]).toEqual([200, 200]);
    await live(t, tehran, 'tehran.agent');
    await live(t, isfahan, 'isfahan.agent');

    const created = await registerAs(t, 'tehran.agent', { categoryCode: 'billing.high_bill', channel: 'WEB' });
    expect(await tehran.next()).toMatchObject({ trackingCode: created.trackingCode, status: 'REGISTERED' });
    const dispatched = await gql(t, 'tehran.agent', act, {
      input: { requestId: created.id, action: 'DISPATCH', unitId: units['district-eslamshahr'] },
    });
    expect(dispatched.data?.transitionRequest).toMatchObject({ data: { status: 'DISPATCHED' } });
    // Fields of the request resolve as in a query (relations too), in the event's own tenant transaction.
    expect(await tehran.next()).toEqual({
      trackingCode: created.trackingCode,
      status: 'DISPATCHED',
      assignedUnit: { code: 'district-eslamshahr' },
    });

    // Nothing of Tehran's reached Isfahan's staff.
    expect(await isfahan.drain(2_000)).toEqual([]);
  });

  it('brings a citizen’s web submission to the agents of that company', async () => {
    const tehran = await subscribe(t, 'tehran.agent');
    await live(t, tehran, 'tehran.agent');
    const response = await fetch(`${t.base}/public/tehran/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        categoryCode: 'billing.high_bill',
        description: 'قبض این ماه خیلی زیاد آمده است',
        callerMobile: '09121112233',
      }),
    });
    expect(response.status).toBe(201);
    const { trackingCode } = (await response.json()) as { trackingCode: string };
    expect(await tehran.next()).toMatchObject({ trackingCode, status: 'REGISTERED' });
  });

  it('publishes nothing for a mutation that is rolled back', async () => {
    const tehran = await subscribe(t, 'tehran.agent');
    await live(t, tehran, 'tehran.agent');
    const refused = await gql(t, 'tehran.agent', register, {
      input: { categoryCode: 'water.pipe_burst', channel: 'PHONE', callerMobile: '0912123' },
    });
    expect(refused.data?.registerRequest).toMatchObject({ __typename: 'InputError', field: 'callerMobile' });
    const illegal = await gql(t, 'tehran.agent', act, {
      input: { requestId: (await registerAs(t, 'tehran.agent')).id, action: 'REOPEN' },
    });
    expect(illegal.data?.transitionRequest).toMatchObject({ __typename: 'ConflictError' });
    // Only the registration that committed came through.
    expect((await tehran.drain(2_000)).map((c) => c.status)).toEqual(['REGISTERED']);
  });

  it("keeps a unit's requests when asked, and never more than their own unit's for operational-unit staff", async () => {
    const eslamshahr = units['district-eslamshahr'];
    const varamin = units['district-varamin'];
    expect(eslamshahr && varamin).toBeTruthy();
    const forVaramin = await subscribe(t, 'tehran.manager', { unitId: varamin });
    const forEslamshahr = await subscribe(t, 'tehran.manager', { unitId: eslamshahr });
    // tehran.unit works in the Eslamshahr district office: its queue by default, and nothing of Varamin when it
    // asks for Varamin (the same rule as its reads: unitQueue of Varamin is empty to it).
    const unitStaff = await subscribe(t, 'tehran.unit', {});
    const unitStaffPrying = await subscribe(t, 'tehran.unit', { unitId: varamin });
    await live(t, forVaramin, 'tehran.agent', { assignedUnitId: varamin });
    await live(t, forEslamshahr, 'tehran.agent', { assignedUnitId: eslamshahr });
    await live(t, unitStaff, 'tehran.agent', { assignedUnitId: eslamshahr });
    await Promise.all([forVaramin.drain(500), forEslamshahr.drain(500), unitStaff.drain(500)]);

    const created = await registerAs(t, 'tehran.agent', { assignedUnitId: eslamshahr });
    expect(await forEslamshahr.next()).toMatchObject({ trackingCode: created.trackingCode, status: 'DISPATCHED' });
    expect(await unitStaff.next()).toMatchObject({ trackingCode: created.trackingCode, status: 'DISPATCHED' });
    expect(await forVaramin.drain(2_000)).toEqual([]);

    const elsewhere = await registerAs(t, 'tehran.agent', { assignedUnitId: varamin });
    expect(await forVaramin.next()).toMatchObject({ trackingCode: elsewhere.trackingCode, status: 'DISPATCHED' });
    expect(await unitStaff.drain(2_000)).toEqual([]);
    expect(await unitStaffPrying.drain(500)).toEqual([]);

    // Sent on from Eslamshahr to Varamin: Varamin's queue gets it, and Eslamshahr's queues hear it leave.
    const moved = await gql(t, 'tehran.agent', act, {
      input: { requestId: created.id, action: 'DISPATCH', unitId: varamin },
    });
    expect(moved.data?.transitionRequest).toMatchObject({ data: { status: 'DISPATCHED' } });
    const arrived = { trackingCode: created.trackingCode, assignedUnit: { code: 'district-varamin' } };
    expect(await forVaramin.next()).toMatchObject(arrived);
    expect(await forEslamshahr.next()).toMatchObject(arrived);
    expect(await unitStaff.next()).toMatchObject(arrived);
  });

  it('keeps the teams under a unit too when asked (a district office watching its crews)', async () => {
    const crew = units['team-eslamshahr-incidents'];
    const withCrews = await subscribe(t, 'tehran.unit', { withUnitsBelow: true });
    const officeOnly = await subscribe(t, 'tehran.unit', {});
    await live(t, withCrews, 'tehran.agent', { assignedUnitId: units['district-eslamshahr'] });
    await live(t, officeOnly, 'tehran.agent', { assignedUnitId: units['district-eslamshahr'] });
    await Promise.all([withCrews.drain(500), officeOnly.drain(500)]);

    const toCrew = await registerAs(t, 'tehran.agent', { assignedUnitId: crew });
    expect(await withCrews.next()).toMatchObject({
      trackingCode: toCrew.trackingCode,
      assignedUnit: { code: 'team-eslamshahr-incidents' },
    });
    expect(await officeOnly.drain(2_000)).toEqual([]);
    // Another district's crew is not under the office.
    await registerAs(t, 'tehran.agent', { assignedUnitId: units['team-varamin-incidents'] });
    expect(await withCrews.drain(2_000)).toEqual([]);

    const queue = `query($u: ID!, $below: Boolean) { unitQueue(unitId: $u, withUnitsBelow: $below, first: 100) {
      nodes { trackingCode } } }`;
    const codes = async (below: boolean) => {
      const body = await gql(t, 'tehran.unit', queue, { u: units['district-eslamshahr'], below });
      const page = body.data?.unitQueue as { nodes: { trackingCode: string }[] } | undefined;
      return page?.nodes.map((n) => n.trackingCode);
    };
    expect(await codes(true)).toContain(toCrew.trackingCode);
    expect(await codes(false)).not.toContain(toCrew.trackingCode);
  });
});

describe('shutting down', () => {
  it('ends the open subscriptions when the pub/sub closes', async () => {
    const pubsub = createLivePubSub();
    const app = await createTestApp(db, { pubsub });
    try {
      const stream = await subscribe(app, 'mashhad.agent');
      await live(app, stream, 'mashhad.agent');
      await pubsub.close();
      expect(await stream.ends(5_000)).toBe(true);
    } finally {
      await app.close();
    }
  });
});

describe.skipIf(!process.env.REDIS_URL)('across API instances through Redis pub/sub', () => {
  const pubsubs: LivePubSub[] = [];
  const clients: ReturnType<typeof createRedis>[] = [];
  let one: TestApp;
  let two: TestApp;
  const redisPubSub = () => {
    const redis = createRedis(process.env.REDIS_URL);
    if (!redis) throw new Error('REDIS_URL');
    const pubsub = createLivePubSub(redis);
    clients.push(redis);
    pubsubs.push(pubsub);
    return pubsub;
  };
  beforeAll(async () => {
    one = await createTestApp(db, { pubsub: redisPubSub() });
    two = await createTestApp(db, { pubsub: redisPubSub() });
  });
  afterAll(async () => {
    await Promise.all(pubsubs.map((p) => p.close()));
    for (const c of clients) c?.disconnect();
    await one?.close();
    await two?.close();
  });

  it("a mutation on one instance reaches the subscribers of its tenant on another, and no other tenant's", async () => {
    const tehran = await subscribe(two, 'tehran.agent');
    const isfahan = await subscribe(two, 'isfahan.agent');
    await live(one, tehran, 'tehran.agent');
    await live(one, isfahan, 'isfahan.agent');
    const created = await registerAs(one, 'tehran.agent', { categoryCode: 'billing.high_bill', channel: 'WEB' });
    expect(await tehran.next()).toMatchObject({ trackingCode: created.trackingCode, status: 'REGISTERED' });
    expect(await isfahan.drain(2_000)).toEqual([]);
  });
});
