import { dueAt, isValidTrackingCode, jalaliKey, request, tenantCounter, toJalali } from '@abfa/schema';
import { loadCalendarData, loadWorkingCalendar, tenantCalendars } from '@abfa/tenants';
import { count, eq, sql } from 'drizzle-orm';
import request_ from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';
import { rows } from '../support/sql.js';

let db: TestDatabase;
let t: TestApp;
const units: Record<string, string> = {};
let isfahanUnit: string;

type Body = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };

async function gql(
  user: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const response = await request_(t.app)
    .post('/graphql')
    .set({ ...(await t.bearer(user)), ...headers })
    .send({ query, variables });
  return { status: response.status, body: response.body as Body };
}

const requestFields = `id trackingCode trackingCodeDisplay status priority service dueAt registeredAt overdue
  assignedUnit { code } locationUnit { code } events { kind fromStatus toStatus note }`;
const register = `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
  __typename
  ... on RegisterRequestSuccess { data { ${requestFields} } }
  ... on InputError { code field message messageFa }
  ... on ConflictError { code message messageFa }
} }`;
const act = `mutation($input: TransitionRequestInput!) { transitionRequest(input: $input) {
  __typename
  ... on TransitionRequestSuccess { data { status assignedUnit { code } events { kind note } } }
  ... on InputError { field messageFa }
  ... on ConflictError { field message messageFa }
  ... on NotFoundError { code }
} }`;

type Registered = {
  id: string;
  trackingCode: string;
  status: string;
  dueAt: string;
  registeredAt: string;
  overdue: boolean;
  assignedUnit: { code: string } | null;
  events: { kind: string; note: string | null }[];
};
const data = (body: Body, name: string) => field<{ data: Registered }>(body, name).data;
const result = (body: Body, name: string) => field<Record<string, unknown>>(body, name);

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  const list = await gql('tehran.manager', '{ units(first: 50) { nodes { id code } } }');
  for (const u of field<{ nodes: { id: string; code: string }[] }>(list.body, 'units').nodes) units[u.code] = u.id;
  const other = await gql('isfahan.manager', '{ units(first: 1) { nodes { id } } }');
  isfahanUnit = field<{ nodes: { id: string }[] }>(other.body, 'units').nodes[0]?.id ?? '';
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

const requestCount = async () => (await db.owner.root.select({ n: count() }).from(request))[0]?.n ?? 0;

describe('registering a request', () => {
  it('numbers it with a tracking code, routes it to the district of its location, and dates it on the SLA clock', async () => {
    const { body } = await gql('tehran.agent', register, {
      input: {
        categoryCode: 'water.pipe_burst',
        channel: 'PHONE',
        callerName: 'علي رضائي',
        callerMobile: '۰۹۱۲ ۱۲۳ ۴۵۶۷',
        description: 'ترکيدگي لوله در کوچه',
        locationUnitId: units['team-eslamshahr-incidents'],
      },
    });
    const created = data(body, 'registerRequest');
    expect(isValidTrackingCode(created.trackingCode)).toBe(true);
    expect(created).toMatchObject({
      status: 'DISPATCHED',
      assignedUnit: { code: 'district-eslamshahr' },
      overdue: false,
    });
    expect(created.events.map((e) => e.kind)).toEqual(['REGISTERED', 'DISPATCHED']);
    // An emergency: 180 minutes around the clock.
    expect(new Date(created.dueAt).getTime() - new Date(created.registeredAt).getTime()).toBe(180 * 60_000);
    const [stored] = await db.owner.root.select().from(request).where(eq(request.trackingCode, created.trackingCode));
    expect(stored).toMatchObject({
      callerName: 'علی رضائی',
      callerMobile: '+989121234567',
      description: 'ترکیدگی لوله در کوچه',
    });
    const audit = await rows<{ outcome: string; target_id: string }>(
      db.owner.root,
      sql`select outcome, target_id from audit_event where operation = 'mutation registerRequest' and target_id = ${stored?.requestId}`,
    );
    expect(audit).toEqual([{ outcome: 'success', target_id: stored?.requestId }]);
  });

  it('dates a non-emergency on the business clock of the working week and holidays', async () => {
    const { body } = await gql('tehran.agent', register, {
      input: { categoryCode: 'billing.high_bill', channel: 'WEB' },
    });
    const created = data(body, 'registerRequest');
    expect(created.status).toBe('REGISTERED');
    const expected = dueAt(new Date(created.registeredAt), 4320, 'business', await loadWorkingCalendar());
    expect(new Date(created.dueAt).toISOString()).toBe(expected.toISOString());
  });

  it('applies the company’s SLA override (Tehran: low pressure within 360 business minutes)', async () => {
    const { body } = await gql('tehran.agent', register, {
      input: { categoryCode: 'water.low_pressure', channel: 'PHONE' },
    });
    const created = data(body, 'registerRequest');
    const expected = dueAt(new Date(created.registeredAt), 360, 'business', await loadWorkingCalendar());
    expect(new Date(created.dueAt).toISOString()).toBe(expected.toISOString());
  });

  it('runs on the company’s own calendar when the registry gives it one (its closed days, its hours)', async () => {
    // Tehran's registry entry with the next ten days closed by the company and Thursday mornings worked.
    const registry = structuredClone(t.registry);
    const tehran = registry.tenants.find((x) => x.code === 'tehran');
    if (!tehran) throw new Error('tehran missing from the registry');
    const closed = Array.from({ length: 10 }, (_, i) => jalaliKey(toJalali(new Date(Date.now() + i * 86_400_000))));
    tehran.calendar = {
      week: { thursday: { start: '07:00', end: '12:00' } },
      holidays: closed.map((date) => ({ date, nameFa: 'تعطیلی اعلام‌شده استان' })),
    };
    const own = await createTestApp(db, { registry });
    try {
      const { body } = await request_(own.app)
        .post('/graphql')
        .set(await own.bearer('tehran.agent'))
        .send({ query: register, variables: { input: { categoryCode: 'billing.high_bill', channel: 'WEB' } } });
      const created = data(body as Body, 'registerRequest');
      const registeredAt = new Date(created.registeredAt);
      const calendarOf = tenantCalendars(await loadCalendarData(), registry);
      expect(new Date(created.dueAt).toISOString()).toBe(
        dueAt(registeredAt, 4320, 'business', calendarOf(tehran.id)).toISOString(),
      );
      // Ten closed days later than on the national calendar alone.
      const national = dueAt(registeredAt, 4320, 'business', await loadWorkingCalendar());
      expect(new Date(created.dueAt).getTime()).toBeGreaterThan(national.getTime());
    } finally {
      await own.close();
    }
  });

  it('is idempotent under an Idempotency-Key: a retried submit answers the request it made', async () => {
    const input = { categoryCode: 'water.branch_leak', channel: 'PHONE' };
    const headers = { 'idempotency-key': `retry-${crypto.randomUUID()}` };
    const first = data((await gql('tehran.agent', register, { input }, headers)).body, 'registerRequest');
    const counterAfterFirst = await db.owner.root.select().from(tenantCounter).where(eq(tenantCounter.name, 'request'));
    const second = data((await gql('tehran.agent', register, { input }, headers)).body, 'registerRequest');
    expect(second.id).toBe(first.id);
    expect(second.trackingCode).toBe(first.trackingCode);
    expect(await db.owner.root.select().from(tenantCounter).where(eq(tenantCounter.name, 'request'))).toEqual(
      counterAfterFirst,
    );
  });

  it.each([
    [{ categoryCode: 'no.such_category' }, 'categoryCode'],
    [{ categoryCode: 'info.general' }, 'categoryCode'],
    [{ callerMobile: '0912123' }, 'callerMobile'],
    [{ description: 'ب'.repeat(4001) }, 'description'],
    [{ priority: 'LOW' }, 'priorityReason'],
    [{ latitude: 35.7 }, 'latitude'],
  ])('refuses %j naming the field %s, in English and Persian, writing nothing', async (change, field) => {
    const before = await requestCount();
    const { body } = await gql('tehran.agent', register, {
      input: { categoryCode: 'water.pipe_burst', channel: 'PHONE', ...change },
    });
    expect(result(body, 'registerRequest')).toMatchObject({ __typename: 'InputError', code: 'BAD_INPUT', field });
    expect(String(result(body, 'registerRequest')?.messageFa)).toMatch(/[\u0600-\u06FF]/);
    expect(await requestCount()).toBe(before);
  });

  it('refuses a unit of another company as if it did not exist, and records the refusal', async () => {
    const before = await requestCount();
    const { body } = await gql('tehran.agent', register, {
      input: { categoryCode: 'water.pipe_burst', channel: 'PHONE', locationUnitId: isfahanUnit },
    });
    expect(result(body, 'registerRequest')).toMatchObject({ __typename: 'InputError', field: 'locationUnitId' });
    expect(await requestCount()).toBe(before);
    const refused = await rows<{ n: number }>(
      db.owner.root,
      sql`select count(*)::int as n from audit_event where operation = 'mutation registerRequest' and outcome = 'refused'`,
    );
    expect(refused[0]?.n).toBeGreaterThan(0);
  });

  it('is not for the roles that do not register requests', async () => {
    const { status, body } = await gql('tehran.unit', register, {
      input: { categoryCode: 'water.pipe_burst', channel: 'PHONE' },
    });
    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('routing by category and area', () => {
  // Mashhad's registry gives its zone 1 and zone 4 incident crews the water emergencies and zone 1's repair team the
  // water network family; Tehran declares no routes (everything goes to the district office).
  const mashhadUnits: Record<string, { id: string; routes: string[] }> = {};
  beforeAll(async () => {
    const list = await gql('mashhad.manager', '{ units(first: 100) { nodes { id code routes } } }');
    for (const u of field<{ nodes: { id: string; code: string; routes: string[] }[] }>(list.body, 'units').nodes)
      mashhadUnits[u.code] = u;
  });
  const assigned = async (user: string, input: Record<string, unknown>) =>
    data((await gql(user, register, { input: { channel: 'PHONE', ...input } })).body, 'registerRequest').assignedUnit
      ?.code;
  const at = (code: string) => mashhadUnits[code]?.id;

  it('sends a category to the unit of the location’s district that takes it: its code first, then its family', async () => {
    expect(mashhadUnits['team-zone-1-incidents']?.routes).toContain('water.pipe_burst');
    expect(
      await assigned('mashhad.agent', { categoryCode: 'water.pipe_burst', locationUnitId: at('district-zone-1') }),
    ).toBe('team-zone-1-incidents');
    expect(
      await assigned('mashhad.agent', { categoryCode: 'water.pipe_burst', locationUnitId: at('district-zone-4') }),
    ).toBe('team-zone-4-incidents');
    expect(
      await assigned('mashhad.agent', { categoryCode: 'water.low_pressure', locationUnitId: at('district-zone-1') }),
    ).toBe('team-zone-1-repairs');
  });

  it('sends what no unit takes in the area to the district office, and the unit an agent names wins', async () => {
    // Zone 4 has no repair team: low pressure goes to its office.
    expect(
      await assigned('mashhad.agent', { categoryCode: 'water.low_pressure', locationUnitId: at('district-zone-4') }),
    ).toBe('district-zone-4');
    expect(
      await assigned('mashhad.agent', { categoryCode: 'billing.high_bill', locationUnitId: at('district-zone-1') }),
    ).toBe('district-zone-1');
    expect(
      await assigned('mashhad.agent', {
        categoryCode: 'water.pipe_burst',
        locationUnitId: at('district-zone-1'),
        assignedUnitId: at('district-zone-1'),
      }),
    ).toBe('district-zone-1');
  });

  it('sends a category a headquarters department takes there, company-wide, even without a location', async () => {
    await db.owner.root.execute(
      sql`update unit set routes = '{billing}' where code = 'contact-centre' and tenant_id = ${t.tenantId('tehran')}`,
    );
    try {
      expect(
        await assigned('tehran.agent', {
          categoryCode: 'billing.high_bill',
          locationUnitId: units['district-varamin'],
        }),
      ).toBe('contact-centre');
      expect(await assigned('tehran.agent', { categoryCode: 'billing.high_bill' })).toBe('contact-centre');
      // Not another company's department: Mashhad's billing still goes to its district office.
      expect(
        await assigned('mashhad.agent', { categoryCode: 'billing.high_bill', locationUnitId: at('district-zone-4') }),
      ).toBe('district-zone-4');
    } finally {
      await db.owner.root.execute(sql`update unit set routes = '{}' where code = 'contact-centre'`);
    }
  });

  it('suggests where routing would send a request, to dispatch it by hand', async () => {
    const suggestion = `query($c: String!) { requestByTrackingCode(trackingCode: $c) {
      status assignedUnit { code } suggestedUnit { code } } }`;
    const read = async (input: Record<string, unknown>) => {
      const made = data(
        (await gql('mashhad.agent', register, { input: { channel: 'PHONE', ...input } })).body,
        'registerRequest',
      );
      return field(
        (await gql('mashhad.follow-up', suggestion, { c: made.trackingCode })).body,
        'requestByTrackingCode',
      );
    };
    // The agent sent it to the office; routing would have sent it to the crew.
    expect(
      await read({
        categoryCode: 'water.pipe_burst',
        locationUnitId: at('district-zone-1'),
        assignedUnitId: at('district-zone-1'),
      }),
    ).toEqual({
      status: 'DISPATCHED',
      assignedUnit: { code: 'district-zone-1' },
      suggestedUnit: { code: 'team-zone-1-incidents' },
    });
    // No location and no company-wide taker: registered, nothing to suggest.
    expect(await read({ categoryCode: 'water.pipe_burst' })).toEqual({
      status: 'REGISTERED',
      assignedUnit: null,
      suggestedUnit: null,
    });
  });

  it('shows each company its own units’ routes only', async () => {
    const tehran = field<{ nodes: { code: string; routes: string[] }[] }>(
      (await gql('tehran.manager', '{ units(first: 100) { nodes { code routes } } }')).body,
      'units',
    ).nodes;
    expect(tehran.length).toBeGreaterThan(5);
    expect(tehran.every((u) => u.routes.length === 0)).toBe(true);
    expect(tehran.map((u) => u.code)).not.toContain('team-zone-1-incidents');
  });
});

describe('the request lifecycle', () => {
  it('goes dispatched → in progress → resolved → closed → reopened, with each step in the history', async () => {
    const created = data(
      (
        await gql('tehran.agent', register, {
          input: { categoryCode: 'water.pipe_burst', channel: 'PHONE', locationUnitId: units['district-eslamshahr'] },
        })
      ).body,
      'registerRequest',
    );
    const step = async (user: string, input: Record<string, unknown>) =>
      result((await gql(user, act, { input: { requestId: created.id, ...input } })).body, 'transitionRequest');

    // tehran.unit belongs to the first district office (اسلامشهر), where this request went.
    expect(await step('tehran.unit', { action: 'ACCEPT' })).toMatchObject({ data: { status: 'IN_PROGRESS' } });
    expect(await step('tehran.unit', { action: 'RESOLVE' })).toMatchObject({ __typename: 'InputError', field: 'note' });
    expect(await step('tehran.unit', { action: 'RESOLVE', note: 'لوله تعویض شد' })).toMatchObject({
      data: { status: 'RESOLVED' },
    });
    expect(await step('tehran.agent', { action: 'DISPATCH', unitId: units['district-varamin'] })).toMatchObject({
      __typename: 'ConflictError',
      field: 'action',
    });
    expect(await step('tehran.agent', { action: 'CLOSE' })).toMatchObject({ data: { status: 'CLOSED' } });
    expect(await step('tehran.follow-up', { action: 'REOPEN' })).toMatchObject({
      __typename: 'InputError',
      field: 'reason',
    });
    const reopened = await step('tehran.follow-up', { action: 'REOPEN', reason: 'آب هنوز نشت می‌کند' });
    expect(reopened).toMatchObject({ data: { status: 'REOPENED' } });
    expect((reopened.data as { events: { kind: string; note: string | null }[] }).events.map((e) => e.kind)).toEqual([
      'REGISTERED',
      'DISPATCHED',
      'STATUS_CHANGED',
      'STATUS_CHANGED',
      'STATUS_CHANGED',
      'STATUS_CHANGED',
      // The reopening opened a follow-up case (section b).
      'FOLLOW_UP',
    ]);
    // Re-dispatched to another unit, the first unit's staff can no longer act on it.
    expect(await step('tehran.agent', { action: 'DISPATCH', unitId: units['district-varamin'] })).toMatchObject({
      data: { status: 'DISPATCHED', assignedUnit: { code: 'district-varamin' } },
    });
    const refused = await gql('tehran.unit', act, { input: { requestId: created.id, action: 'ACCEPT' } });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('says NotFoundError for another company’s request', async () => {
    const created = data(
      (await gql('tehran.agent', register, { input: { categoryCode: 'water.cut', channel: 'PHONE' } })).body,
      'registerRequest',
    );
    const { body } = await gql('isfahan.manager', act, { input: { requestId: created.id, action: 'CLOSE' } });
    expect(result(body, 'transitionRequest')).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
  });
});

describe('finding requests', () => {
  it('by tracking code (Persian digits and dashes too), never another company’s', async () => {
    const created = data(
      (await gql('tehran.agent', register, { input: { categoryCode: 'water.cut', channel: 'PHONE' } })).body,
      'registerRequest',
    );
    const persian = created.trackingCode.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)] ?? d);
    const query = 'query($c: String!) { requestByTrackingCode(trackingCode: $c) { id } }';
    expect((await gql('tehran.agent', query, { c: persian })).body.data?.requestByTrackingCode).toEqual({
      id: created.id,
    });
    expect(
      (await gql('isfahan.agent', query, { c: created.trackingCode })).body.data?.requestByTrackingCode,
    ).toBeNull();
  });

  it('lists overdue requests and a unit’s queue by due time', async () => {
    const created = data(
      (
        await gql('tehran.agent', register, {
          input: { categoryCode: 'water.pipe_burst', channel: 'PHONE', locationUnitId: units['district-damavand'] },
        })
      ).body,
      'registerRequest',
    );
    await db.owner.root.execute(
      sql`update request set due_at = now() - interval '1 hour' where tracking_code = ${created.trackingCode}`,
    );
    const overdue = await gql(
      'tehran.manager',
      '{ requests(overdueOnly: true, first: 100) { nodes { trackingCode overdue } } }',
    );
    const nodes = field<{ nodes: { trackingCode: string; overdue: boolean }[] }>(overdue.body, 'requests').nodes;
    expect(nodes).toContainEqual({ trackingCode: created.trackingCode, overdue: true });
    expect(nodes.every((n) => n.overdue)).toBe(true);
    const queue = await gql(
      'tehran.manager',
      'query($u: ID!) { unitQueue(unitId: $u, first: 50) { nodes { trackingCode dueAt } } }',
      {
        u: units['district-damavand'],
      },
    );
    const due = field<{ nodes: { trackingCode: string; dueAt: string }[] }>(queue.body, 'unitQueue').nodes;
    expect(due[0]?.trackingCode).toBe(created.trackingCode);
    expect([...due].sort((a, b) => a.dueAt.localeCompare(b.dueAt))).toEqual(due);
  });
});

describe('the desk’s filters', () => {
  const list = `query($priority: Priority, $from: DateTime, $to: DateTime) {
    requests(priority: $priority, registeredFrom: $from, registeredTo: $to, first: 100) {
      nodes { trackingCode priority registeredAt }
    } }`;
  type Listed = { trackingCode: string; priority: string; registeredAt: string };
  const listed = async (variables: Record<string, unknown>, user = 'tehran.follow-up') => {
    const { body } = await gql(user, list, variables);
    expect(body.errors).toBeUndefined();
    return field<{ nodes: Listed[] }>(body, 'requests').nodes;
  };
  const codes = (nodes: Listed[]) => nodes.map((n) => n.trackingCode);
  /** Registers a request; `at` moves its registration time (the API always dates it now). */
  const registerAt = async (input: Record<string, unknown>, at?: string) => {
    const created = data((await gql('tehran.agent', register, { input })).body, 'registerRequest');
    if (at)
      await db.owner.root.execute(
        sql`update request set registered_at = ${at} where tracking_code = ${created.trackingCode}`,
      );
    return created.trackingCode;
  };
  const bill = { categoryCode: 'billing.high_bill', channel: 'WEB' };

  it('priority: only requests of that priority', async () => {
    const low = await registerAt({ ...bill, priority: 'LOW', priorityReason: 'درخواست تکراری مشترک' });
    const normal = await registerAt(bill);
    const lows = await listed({ priority: 'LOW' });
    expect(codes(lows)).toContain(low);
    expect(codes(lows)).not.toContain(normal);
    expect(lows.every((n) => n.priority === 'LOW')).toBe(true);
    expect(codes(await listed({ priority: 'NORMAL' }))).toContain(normal);
  });

  it('registeredFrom is inclusive and registeredTo exclusive, each alone or together, newest first', async () => {
    const before = await registerAt(bill, '2025-03-20T20:29:59.999Z');
    const first = await registerAt(bill, '2025-03-20T20:30:00.000Z'); // 1404/01/01 00:00 in Tehran
    const later = await registerAt(bill, '2025-03-21T08:00:00.000Z');
    const next = await registerAt(bill, '2025-03-21T20:30:00.000Z'); // 1404/01/02 00:00 in Tehran
    const day = await listed({ from: '2025-03-20T20:30:00Z', to: '2025-03-21T20:30:00Z' });
    expect(codes(day)).toEqual([later, first]);
    expect(codes(await listed({ to: '2025-03-20T20:30:00Z' }))).toContain(before);
    expect(codes(await listed({ to: '2025-03-20T20:30:00Z' }))).not.toContain(first);
    const since = codes(await listed({ from: '2025-03-21T20:30:00Z' }));
    expect(since).toContain(next);
    expect(since).not.toContain(later);
    // With a priority too: every filter applies at once.
    expect(await listed({ priority: 'LOW', from: '2025-03-20T20:30:00Z', to: '2025-03-21T20:30:00Z' })).toEqual([]);
  });

  it('refuses an empty or inverted range, naming registeredTo in English and Persian', async () => {
    for (const [from, to] of [
      ['2025-03-21T00:00:00Z', '2025-03-21T00:00:00Z'],
      ['2025-03-22T00:00:00Z', '2025-03-21T00:00:00Z'],
    ]) {
      const { body } = await gql('tehran.follow-up', list, { from, to });
      expect(body.data?.requests ?? null).toBeNull();
      expect(body.errors?.[0]).toMatchObject({
        message: 'registeredTo: must be after registeredFrom',
        extensions: { code: 'BAD_INPUT', field: 'registeredTo', messageFa: expect.stringContaining('registeredTo') },
      });
    }
  });

  it('refuses a priority or a date that is not one', async () => {
    const bad = await gql('tehran.follow-up', list, { priority: 'URGENT' });
    expect(bad.body.errors?.[0]?.message).toMatch(/Priority/);
    for (const from of ['not a date', '1404/01/01', '2025-03-21', '2025-03-21T08:00:00', '2025-02-30T00:00:00Z']) {
      const date = await gql('tehran.follow-up', list, { from });
      expect(date.body.data ?? null).toBeNull();
      // The variable is named, the rule said in English and Persian: a Jalali date or a time without its zone
      // would otherwise be read as a Gregorian year or in the server's own zone.
      expect(date.body.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/^Variable "\$from" got invalid value .*DateTime must be .*RFC 3339/),
        extensions: { code: 'BAD_INPUT', field: 'from', messageFa: expect.stringMatching(/^from: .*منطقهٔ زمانی/) },
      });
    }
  });
});

describe('who did it, by name', () => {
  const detail = `query($c: String!) { requestByTrackingCode(trackingCode: $c) {
    registeredBy registeredByName events { actorSubject actorName kind } } }`;
  type Detail = {
    registeredBy: string;
    registeredByName: string | null;
    events: { actorSubject: string; actorName: string | null; kind: string }[];
  };
  const read = async (code: string, user = 'tehran.follow-up') =>
    field<Detail>((await gql(user, detail, { c: code })).body, 'requestByTrackingCode');
  const nameOf = async (subject: string) =>
    (
      await rows<{ display_name: string }>(
        db.owner.root,
        sql`select display_name from staff_profile where subject = ${subject}`,
      )
    )[0]?.display_name;

  it('gives the staff profile’s display name beside the subject of who registered and who acted', async () => {
    const created = data(
      (
        await gql('tehran.agent', register, {
          input: { categoryCode: 'water.pipe_burst', channel: 'PHONE', locationUnitId: units['district-eslamshahr'] },
        })
      ).body,
      'registerRequest',
    );
    await gql('tehran.unit', act, { input: { requestId: created.id, action: 'ACCEPT' } });
    const found = await read(created.trackingCode);
    const agentName = await nameOf(found.registeredBy);
    expect(agentName).toBeTruthy();
    expect(found.registeredByName).toBe(agentName);
    const accepted = found.events.at(-1);
    expect(accepted?.actorSubject).not.toBe(found.registeredBy);
    expect(accepted?.actorName).toBe(await nameOf(accepted?.actorSubject ?? ''));
    expect(found.events[0]).toMatchObject({ actorSubject: found.registeredBy, actorName: agentName });
  });

  it('is null when the company has no profile (or no name) for the subject, even if another company has one', async () => {
    const created = data(
      (await gql('tehran.agent', register, { input: { categoryCode: 'water.cut', channel: 'PHONE' } })).body,
      'registerRequest',
    );
    // Isfahan knows this subject by name; Tehran does not.
    const isfahan = await rows<{ tenant_id: string }>(
      db.owner.root,
      sql`select tenant_id from staff_profile where subject like '%isfahan%' limit 1`,
    );
    await db.owner.root.execute(
      sql`insert into staff_profile (tenant_id, subject, display_name) values (${isfahan[0]?.tenant_id}, 'integration-bot', 'ربات اصفهان')`,
    );
    await db.owner.root.execute(
      sql`update request set registered_by = 'integration-bot' where tracking_code = ${created.trackingCode}`,
    );
    await db.owner.root.execute(
      sql`update request_event set actor_subject = 'integration-bot' where request_id = (select request_id from request where tracking_code = ${created.trackingCode})`,
    );
    const found = await read(created.trackingCode);
    expect(found.registeredBy).toBe('integration-bot');
    expect(found.registeredByName).toBeNull();
    expect(found.events.every((e) => e.actorSubject === 'integration-bot' && e.actorName === null)).toBe(true);
  });
});
