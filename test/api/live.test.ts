import { createRedis } from '@abfa/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLivePubSub, type LivePubSub } from '../../server/src/live/pubsub.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let db: TestDatabase;
let t: TestApp;
const units: Record<string, string> = {};
const streams: Stream[] = [];

type Body = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
type Change = { trackingCode: string; status: string; assignedUnit: { code: string } | null };

async function gql(app: TestApp, user: string, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(`${app.base}/graphql`, {
    method: 'POST',
    headers: { ...(await app.bearer(user)), 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Body;
}

const register = `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
  __typename
  ... on RegisterRequestSuccess { data { id trackingCode status } }
  ... on InputError { field }
} }`;
const act = `mutation($input: TransitionRequestInput!) { transitionRequest(input: $input) {
  __typename
  ... on TransitionRequestSuccess { data { status } }
} }`;

/** Registers a request as `user` (on `app`) and answers its id and tracking code. */
async function registerAs(user: string, input: Record<string, unknown> = {}, app = t) {
  const body = await gql(app, user, register, {
    input: { categoryCode: 'water.pipe_burst', channel: 'PHONE', ...input },
  });
  const result = body.data?.registerRequest as { __typename: string; data?: { id: string; trackingCode: string } };
  if (result?.__typename !== 'RegisterRequestSuccess' || !result.data)
    throw new Error(`registerRequest failed: ${JSON.stringify(body)}`);
  return result.data;
}

/** An open server-sent-events subscription, read with a small parser of `event:` / `data:` blocks. */
interface Stream {
  status: number;
  /** The next `next` event's payload, or null when none arrives within `ms`. */
  next(ms?: number): Promise<Change | null>;
  /** Every event that arrives within `ms`. */
  drain(ms: number): Promise<Change[]>;
  /** Whether the server ended the stream (`complete`, then end of body) within `ms`. */
  ends(ms: number): Promise<boolean>;
  close(): Promise<void>;
}

async function subscribe(app: TestApp, user: string | null, variables: Record<string, unknown> = {}) {
  const query =
    'subscription($unitId: ID, $withUnitsBelow: Boolean) { requestChanged(unitId: $unitId, withUnitsBelow: $withUnitsBelow) { trackingCode status assignedUnit { code } } }';
  const controller = new AbortController();
  const response = await fetch(`${app.base}/graphql`, {
    method: 'POST',
    headers: {
      ...(user ? await app.bearer(user) : {}),
      accept: 'text/event-stream',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  const queue: Change[] = [];
  const waiters: (() => void)[] = [];
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  let ended = false;
  if (response.ok && response.body) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
            const lines = block.split('\n');
            const event = lines
              .find((l) => l.startsWith('event:'))
              ?.slice(6)
              .trim();
            const data = lines
              .filter((l) => l.startsWith('data:'))
              .map((l) => l.slice(5).trim())
              .join('\n');
            if (event !== 'next' || !data) continue; // pings (":") and "complete"
            const result = JSON.parse(data) as Body;
            if (result.errors) throw new Error(`subscription error: ${JSON.stringify(result.errors)}`);
            queue.push(result.data?.requestChanged as Change);
            wake();
          }
        }
      } catch (error) {
        if (!controller.signal.aborted) throw error;
      } finally {
        ended = true;
        wake();
      }
    })();
  }
  const stream: Stream = {
    status: response.status,
    // Generous: an awaited event returns at once, and a loaded machine (CI, two cores) may take seconds to deliver it.
    async next(ms = 10_000) {
      const deadline = Date.now() + ms;
      while (queue.length === 0 && !ended && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, deadline - Date.now());
        });
      }
      return queue.shift() ?? null;
    },
    async drain(ms) {
      const got: Change[] = [];
      for (let c = await stream.next(ms); c; c = await stream.next(ms)) got.push(c);
      return got;
    },
    async ends(ms) {
      const deadline = Date.now() + ms;
      while (!ended && Date.now() < deadline) await stream.next(deadline - Date.now());
      return ended;
    },
    async close() {
      controller.abort();
      if (!response.bodyUsed) await response.body?.cancel().catch(() => {});
    },
  };
  streams.push(stream);
  return stream;
}

/**
 * Waits until the stream is live: registers requests as `user` until one of them comes through (the subscription
 * attaches to the bus just after the response starts), then drains what else arrived.
 */
async function live(stream: Stream, user: string, input: Record<string, unknown> = {}, app = t) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const { trackingCode } = await registerAs(user, input, app);
    for (let c = await stream.next(500); c; c = await stream.next(500)) if (c.trackingCode === trackingCode) return;
  }
  throw new Error(`the subscription of ${user} never went live`);
}

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

  it("delivers only the subscriber's own tenant's requests: registration, then each step", async () => {
    const tehran = await subscribe(t, 'tehran.agent');
    const isfahan = await subscribe(t, 'isfahan.agent');
    expect([tehran.status, isfahan.status]).toEqual([200, 200]);
    await live(tehran, 'tehran.agent');
    await live(isfahan, 'isfahan.agent');

    const created = await registerAs('tehran.agent', { categoryCode: 'billing.high_bill', channel: 'WEB' });
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
    await live(tehran, 'tehran.agent');
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
    await live(tehran, 'tehran.agent');
    const refused = await gql(t, 'tehran.agent', register, {
      input: { categoryCode: 'water.pipe_burst', channel: 'PHONE', callerMobile: '0912123' },
    });
    expect(refused.data?.registerRequest).toMatchObject({ __typename: 'InputError', field: 'callerMobile' });
    const illegal = await gql(t, 'tehran.agent', act, {
      input: { requestId: (await registerAs('tehran.agent')).id, action: 'REOPEN' },
    });
    expect(illegal.data?.transitionRequest).toMatchObject({ __typename: 'ConflictError' });
    // Only the registration that committed came through.
    expect((await tehran.drain(2_000)).map((c) => c.status)).toEqual(['REGISTERED']);
  });

  it("keeps a unit's requests when asked, and always only their own unit's for operational-unit staff", async () => {
    const eslamshahr = units['district-eslamshahr'];
    const varamin = units['district-varamin'];
    expect(eslamshahr && varamin).toBeTruthy();
    const forVaramin = await subscribe(t, 'tehran.manager', { unitId: varamin });
    const forEslamshahr = await subscribe(t, 'tehran.manager', { unitId: eslamshahr });
    // tehran.unit works in the Eslamshahr district office: asking for Varamin changes nothing.
    const unitStaff = await subscribe(t, 'tehran.unit', { unitId: varamin });
    await live(forVaramin, 'tehran.agent', { assignedUnitId: varamin });
    await live(forEslamshahr, 'tehran.agent', { assignedUnitId: eslamshahr });
    await live(unitStaff, 'tehran.agent', { assignedUnitId: eslamshahr });
    await Promise.all([forVaramin.drain(500), forEslamshahr.drain(500), unitStaff.drain(500)]);

    const created = await registerAs('tehran.agent', { assignedUnitId: eslamshahr });
    expect(await forEslamshahr.next()).toMatchObject({ trackingCode: created.trackingCode, status: 'DISPATCHED' });
    expect(await unitStaff.next()).toMatchObject({ trackingCode: created.trackingCode, status: 'DISPATCHED' });
    expect(await forVaramin.drain(2_000)).toEqual([]);

    const elsewhere = await registerAs('tehran.agent', { assignedUnitId: varamin });
    expect(await forVaramin.next()).toMatchObject({ trackingCode: elsewhere.trackingCode, status: 'DISPATCHED' });
    expect(await unitStaff.drain(2_000)).toEqual([]);

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
    await live(withCrews, 'tehran.agent', { assignedUnitId: units['district-eslamshahr'] });
    await live(officeOnly, 'tehran.agent', { assignedUnitId: units['district-eslamshahr'] });
    await Promise.all([withCrews.drain(500), officeOnly.drain(500)]);

    const toCrew = await registerAs('tehran.agent', { assignedUnitId: crew });
    expect(await withCrews.next()).toMatchObject({
      trackingCode: toCrew.trackingCode,
      assignedUnit: { code: 'team-eslamshahr-incidents' },
    });
    expect(await officeOnly.drain(2_000)).toEqual([]);
    // Another district's crew is not under the office.
    await registerAs('tehran.agent', { assignedUnitId: units['team-varamin-incidents'] });
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
      await live(stream, 'mashhad.agent', {}, app);
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
    await live(tehran, 'tehran.agent', {}, one);
    await live(isfahan, 'isfahan.agent', {}, one);
    const created = await registerAs('tehran.agent', { categoryCode: 'billing.high_bill', channel: 'WEB' }, one);
    expect(await tehran.next()).toMatchObject({ trackingCode: created.trackingCode, status: 'REGISTERED' });
    expect(await isfahan.drain(2_000)).toEqual([]);
  });
});
