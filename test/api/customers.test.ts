import { billCheckDigit, categoryOverride, contact, incident, plannedOutage, staffProfile } from '@abfa/schema';
import { createApp, createLogger, type Principal } from '@abfa/server';
import { and, count, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';

let db: TestDatabase;
let t: TestApp;
/** Tehran's units and lines by code (global ids). */
const units: Record<string, string> = {};
const lines: Record<string, string> = {};

type Body = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; field?: string; messageFa?: string } }[];
};

async function gql(user: string | Record<string, string>, query: string, variables?: Record<string, unknown>) {
  const headers = typeof user === 'string' ? await t.bearer(user) : user;
  const response = await request(t.app).post('/graphql').set(headers).send({ query, variables });
  return { status: response.status, body: response.body as Body };
}

/** The database id inside a relay global id (base64 of "Type:id"), for seeding rows that point at it. */
const rawId = (globalId: string) =>
  Buffer.from(globalId, 'base64')
    .toString('utf8')
    .replace(/^[^:]+:/, '');

/** A bill ID with a valid check digit for the given service type (1 water, 2 electricity, …). */
const billId = (fileCode: string, serviceType: number) => {
  const body = `${fileCode}046${serviceType}`;
  return `${body}${billCheckDigit(body)}`;
};
const toPersianDigits = (text: string) => text.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));

const subscriberFields = `id subscriptionNumber billId ownerName mobile mobileMasked postalCode address unit { code }`;
const find = `query($mobile: String, $subscriptionNumber: String, $billId: String, $name: String) {
  findSubscribers(mobile: $mobile, subscriptionNumber: $subscriptionNumber, billId: $billId, name: $name) {
    ${subscriberFields}
  }
}`;
const registerSubscriber = `mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) {
  __typename
  ... on RegisterSubscriberSuccess { data { ${subscriberFields} } }
  ... on InputError { code field message messageFa }
  ... on ConflictError { code field message messageFa }
} }`;
const recordContact = `mutation($input: RecordContactInput!) { recordContact(input: $input) {
  __typename
  ... on RecordContactSuccess { data {
    id outcome firstContactResolution agentSubject callerNumber callerNumberMasked service channel
    categoryCode categoryNameFa pbxCallId queueWaitSeconds talkSeconds note
    line { code } subscriber { subscriptionNumber } request { trackingCode }
  } }
  ... on InputError { code field message messageFa }
  ... on ConflictError { code field message messageFa }
} }`;

type Found = {
  id: string;
  subscriptionNumber: string;
  billId: string | null;
  ownerName: string;
  mobile: string | null;
  mobileMasked: string | null;
  postalCode: string | null;
  unit: { code: string } | null;
};
type Recorded = {
  id: string;
  outcome: string;
  firstContactResolution: boolean;
  agentSubject: string | null;
  callerNumber: string | null;
  callerNumberMasked: string | null;
  service: string;
  categoryCode: string | null;
  categoryNameFa: string | null;
  pbxCallId: string | null;
  note: string | null;
  line: { code: string } | null;
  subscriber: { subscriptionNumber: string } | null;
  request: { trackingCode: string } | null;
};
const found = (body: Body) => field<Found[]>(body, 'findSubscribers');
const outcome = (body: Body, name: string) => field<{ __typename: string; data?: unknown; field?: string }>(body, name);
const contactCount = async () => (await db.owner.root.select({ n: count() }).from(contact))[0]?.n ?? 0;

async function register(user: string, input: Record<string, unknown>): Promise<Found> {
  const { body } = await gql(user, registerSubscriber, { input });
  const result = outcome(body, 'registerSubscriber');
  if (result.__typename !== 'RegisterSubscriberSuccess') throw new Error(`not registered: ${JSON.stringify(result)}`);
  return result.data as Found;
}

const waterBill = billId('20503276', 1);
let karimi: Found;

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  const list = await gql('tehran.manager', '{ units(first: 50) { nodes { id code } } lines { id code } }');
  for (const u of field<{ nodes: { id: string; code: string }[] }>(list.body, 'units').nodes) units[u.code] = u.id;
  for (const l of field<{ id: string; code: string }[]>(list.body, 'lines')) lines[l.code] = l.id;
  karimi = await register('tehran.agent', {
    subscriptionNumber: '10203040',
    billId: waterBill,
    // Arabic yeh and kaf, as an Arabic keyboard types them: stored as Persian ی and ک.
    ownerName: 'علي‌اکبر كريمي',
    mobile: '0912 345 6789',
    nationalId: '0076229645',
    postalCode: '13145-67891',
    address: 'اسلامشهر، خیابان ولیعصر',
    unitId: units['team-eslamshahr-repairs'],
  });
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

describe('registerSubscriber', () => {
  it('stores identifiers in canonical form and Persian text normalised', () => {
    expect(karimi).toMatchObject({
      subscriptionNumber: '10203040',
      billId: waterBill,
      ownerName: 'علی‌اکبر کریمی',
      mobile: '+989123456789',
      mobileMasked: '+98912***6789',
      postalCode: '1314567891',
      unit: { code: 'team-eslamshahr-repairs' },
    });
  });

  it('refuses a subscription number already registered in the company, naming the field', async () => {
    const { body } = await gql('tehran.agent', registerSubscriber, {
      input: { subscriptionNumber: '۱۰۲۰۳۰۴۰', ownerName: 'دیگری' },
    });
    expect(outcome(body, 'registerSubscriber')).toMatchObject({
      __typename: 'ConflictError',
      code: 'CONFLICT',
      field: 'subscriptionNumber',
      messageFa: 'مشترکی با این شماره اشتراک قبلاً ثبت شده است',
    });
  });

  it.each([
    ['subscriptionNumber', { subscriptionNumber: '12345' }],
    ['subscriptionNumber', { subscriptionNumber: '12a45678' }],
    ['billId', { billId: '2050327604614' }],
    ['billId', { billId: billId('20503277', 2) }],
    ['mobile', { mobile: '0812345678' }],
    ['nationalId', { nationalId: '1234567890' }],
    ['postalCode', { postalCode: '12345' }],
    ['ownerName', { ownerName: '   ' }],
    ['latitude', { latitude: 35.5 }],
  ])('refuses a bad %s with a bilingual error naming it, writing nothing', async (name, bad) => {
    const { body } = await gql('tehran.agent', registerSubscriber, {
      input: { subscriptionNumber: '55667788', ownerName: 'مشترک آزمایشی', ...bad },
    });
    const result = outcome(body, 'registerSubscriber') as { __typename: string; field: string; messageFa: string };
    expect(result).toMatchObject({ __typename: 'InputError', field: name });
    expect(result.messageFa).toMatch(/[\u0600-\u06FF]/);
    expect(found((await gql('tehran.agent', find, { subscriptionNumber: '55667788' })).body)).toEqual([]);
  });

  it('is refused to roles that do not record contacts', async () => {
    const { status, body } = await gql('tehran.executive', registerSubscriber, {
      input: { subscriptionNumber: '55667788', ownerName: 'مشترک آزمایشی' },
    });
    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('findSubscribers', () => {
  it.each([
    ['subscriptionNumber', '10203040'],
    ['subscriptionNumber', '۱۰۲۰۳۰۴۰'],
    ['mobile', '09123456789'],
    ['mobile', '+98 912 345 6789'],
    ['mobile', '۰۹۱۲۳۴۵۶۷۸۹'],
    ['billId', waterBill],
    ['billId', toPersianDigits(waterBill)],
  ])('finds the customer by %s %s', async (name, value) => {
    const { body } = await gql('tehran.agent', find, { [name]: value });
    expect(body.errors).toBeUndefined();
    expect(found(body).map((s) => s.id)).toEqual([karimi.id]);
  });

  it.each([
    'کریمی', // Persian letters
    'كريمي', // Arabic yeh and kaf
    'علی اکبر', // a space where the name has a ZWNJ
    'عَلی', // with a short-vowel mark
    'اكبر ك', // across the space
  ])('finds the customer by a fragment of the name: %s', async (name) => {
    const { body } = await gql('tehran.agent', find, { name });
    expect(body.errors).toBeUndefined();
    expect(found(body).map((s) => s.id)).toEqual([karimi.id]);
  });

  it('matches Latin names regardless of case, and LIKE wildcards only literally', async () => {
    const smith = await register('tehran.agent', { subscriptionNumber: '777000111', ownerName: 'John Smith_Co' });
    expect(found((await gql('tehran.agent', find, { name: 'SMITH' })).body).map((s) => s.id)).toEqual([smith.id]);
    expect(found((await gql('tehran.agent', find, { name: 'h_C' })).body).map((s) => s.id)).toEqual([smith.id]);
    expect(found((await gql('tehran.agent', find, { name: 'n%S' })).body)).toEqual([]);
  });

  it('refuses a bill ID with a wrong check digit, naming the field', async () => {
    const { body } = await gql('tehran.agent', find, { billId: '2050327604614' });
    expect(body.data?.findSubscribers ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'billId' });
  });

  it('refuses an electricity bill ID (valid check digit, wrong service type), saying so in Persian', async () => {
    const { body } = await gql('tehran.agent', find, { billId: billId('20503276', 2) });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'billId' });
    expect(body.errors?.[0]?.extensions?.messageFa).toContain('برق');
  });

  it.each([
    [{}, 'subscriptionNumber'],
    [{ mobile: '09123456789', billId: waterBill }, 'billId'],
    [{ mobile: '0912' }, 'mobile'],
    [{ subscriptionNumber: '۱۲۳' }, 'subscriptionNumber'],
    [{ name: 'ک' }, 'name'],
  ])('refuses %j naming %s', async (args, name) => {
    const { body } = await gql('tehran.agent', find, args);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: name });
  });

  it('never finds another company’s customer, even with the same subscription number', async () => {
    const isfahan = await register('isfahan.agent', {
      subscriptionNumber: '10203040',
      ownerName: 'مریم اصفهانی',
      mobile: '09351112233',
    });
    const other = await register('isfahan.agent', { subscriptionNumber: '99887766', ownerName: 'رضا اصفهانی' });

    const same = found((await gql('tehran.agent', find, { subscriptionNumber: '10203040' })).body);
    expect(same.map((s) => s.id)).toEqual([karimi.id]);
    for (const args of [{ subscriptionNumber: '99887766' }, { mobile: '09351112233' }, { name: 'اصفهانی' }]) {
      expect(found((await gql('tehran.agent', find, args)).body)).toEqual([]);
    }
    const byId = await gql('tehran.manager', 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: [isfahan.id, other.id],
    });
    expect(byId.body.data?.nodes).toEqual([null, null]);
    // Isfahan sees its own: the empty answers above are isolation, not a broken lookup.
    const own = found((await gql('isfahan.agent', find, { subscriptionNumber: '10203040' })).body);
    expect(own.map((s) => s.id)).toEqual([isfahan.id]);
  });

  it('is refused to roles that may not find customers', async () => {
    const { status, body } = await gql('tehran.executive', find, { subscriptionNumber: '10203040' });
    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('what an agent sees of a customer', () => {
  it('lists its open requests, including one just registered for it', async () => {
    const registered = await gql(
      'tehran.agent',
      `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
        __typename ... on RegisterRequestSuccess { data { id trackingCode } } ... on InputError { field message } } }`,
      {
        input: {
          categoryCode: 'water.pipe_burst',
          channel: 'PHONE',
          lineId: lines['122'],
          subscriberId: karimi.id,
          description: 'لوله جلوی منزل ترکیده است',
        },
      },
    );
    const made = outcome(registered.body, 'registerRequest') as { data: { id: string; trackingCode: string } };
    expect(made.data?.trackingCode).toBeDefined();

    const { body } = await gql(
      'tehran.agent',
      `query($s: String) { findSubscribers(subscriptionNumber: $s) { openRequests { id status categoryCode } } }`,
      { s: '10203040' },
    );
    const [customer] = field<{ openRequests: { id: string; status: string; categoryCode: string }[] }[]>(
      body,
      'findSubscribers',
    );
    expect(customer?.openRequests).toEqual([
      { id: made.data.id, status: 'DISPATCHED', categoryCode: 'water.pipe_burst' },
    ]);
  });

  it('shows the outages and open incidents of its area: its unit and the units above it', async () => {
    const tenantId = t.tenantId('tehran');
    const unitOf = (code: string) => rawId(units[code] ?? '');
    const hour = 60 * 60 * 1000;
    const at = (hours: number) => new Date(Date.now() + hours * hour);
    const outage = (code: string, area: string, from: number, to: number, cancelled = false) => ({
      tenantId,
      unitId: unitOf(code),
      area,
      startsAt: at(from),
      endsAt: at(to),
      reason: 'تعمیر خط انتقال',
      createdBy: 'test',
      cancelledAt: cancelled ? at(-1) : null,
    });
    await db.owner.root
      .insert(plannedOutage)
      .values([
        outage('district-eslamshahr', 'in force, in the district above', -2, 3),
        outage('team-eslamshahr-repairs', 'starts in 12 hours, own unit', 12, 16),
        outage('team-eslamshahr-repairs', 'starts in 30 hours', 30, 34),
        outage('team-eslamshahr-repairs', 'cancelled', -1, 5, true),
        outage('team-eslamshahr-repairs', 'over', -6, -1),
        outage('district-varamin', 'another district', -1, 5),
      ]);
    const opened = (code: string, title: string, resolved = false) => ({
      tenantId,
      categoryCode: 'water.pipe_burst',
      unitId: unitOf(code),
      title,
      openedBy: 'test',
      status: resolved ? ('resolved' as const) : ('open' as const),
      resolvedAt: resolved ? new Date() : null,
    });
    await db.owner.root
      .insert(incident)
      .values([
        opened('team-eslamshahr-repairs', 'own unit, open'),
        opened('hq', 'the whole company, open'),
        opened('team-eslamshahr-repairs', 'own unit, resolved', true),
        opened('team-eslamshahr-incidents', 'a sibling team'),
        opened('district-varamin', 'another district'),
      ]);

    const { body } = await gql(
      'tehran.agent',
      `query($s: String) { findSubscribers(subscriptionNumber: $s) {
        currentOutages { area unit { code } } openIncidents { title } } }`,
      { s: '10203040' },
    );
    expect(body.errors).toBeUndefined();
    const [customer] = field<{ currentOutages: { area: string }[]; openIncidents: { title: string }[] }[]>(
      body,
      'findSubscribers',
    );
    expect(customer?.currentOutages.map((o) => o.area)).toEqual([
      'in force, in the district above',
      'starts in 12 hours, own unit',
    ]);
    expect(customer?.openIncidents.map((i) => i.title).sort()).toEqual(['own unit, open', 'the whole company, open']);
  });
});

describe('recordContact', () => {
  it('closes an informational call on the spot: first-contact resolution, the agent, E.164 caller number', async () => {
    const { body } = await gql('tehran.agent', recordContact, {
      input: {
        lineId: lines['1523'],
        channel: 'PHONE',
        callerNumber: '۰۹۱۲ ۳۴۵ ۶۷۸۹',
        categoryCode: 'info.tariffs',
        outcome: 'INFORMED',
        subscriberId: karimi.id,
        note: 'تعرفه‌ها توضيح داده شد',
        talkSeconds: 95,
        queueWaitSeconds: 12,
      },
    });
    expect(outcome(body, 'recordContact')).toMatchObject({
      __typename: 'RecordContactSuccess',
      data: {
        outcome: 'INFORMED',
        firstContactResolution: true,
        agentSubject: 'demo-tehran.agent',
        callerNumber: '+989123456789',
        callerNumberMasked: '+98912***6789',
        service: 'PUBLIC_1523',
        categoryCode: 'info.tariffs',
        categoryNameFa: expect.stringMatching(/[\u0600-\u06FF]/),
        note: 'تعرفه‌ها توضیح داده شد',
        line: { code: '1523' },
        subscriber: { subscriptionNumber: '10203040' },
      },
    });
  });

  it('keeps a number that is not a mobile as its digits', async () => {
    const { body } = await gql('tehran.agent', recordContact, {
      input: { lineId: lines['122'], channel: 'PHONE', callerNumber: '021-5512 3456', outcome: 'TRANSFERRED' },
    });
    expect(outcome(body, 'recordContact')).toMatchObject({
      data: {
        callerNumber: '02155123456',
        callerNumberMasked: '***3456',
        firstContactResolution: false,
        service: 'EMERGENCY_122',
      },
    });
  });

  it.each([
    ['REQUEST_REGISTERED', 'requestId'],
    ['LINKED_INCIDENT', 'incidentId'],
    ['LINKED_OUTAGE', 'outageId'],
  ])('refuses %s without %s and writes nothing', async (result, name) => {
    const before = await contactCount();
    const { body } = await gql('tehran.agent', recordContact, {
      input: { lineId: lines['122'], channel: 'PHONE', categoryCode: 'water.pipe_burst', outcome: result },
    });
    expect(outcome(body, 'recordContact')).toMatchObject({ __typename: 'InputError', code: 'BAD_INPUT', field: name });
    expect(await contactCount()).toBe(before);
  });

  it.each([
    ['categoryCode', { categoryCode: 'no.such_category' }],
    ['categoryCode', { categoryCode: 'info.suggestion' }], // switched off for Tehran below
    ['lineId', { lineId: null }], // no line and no category: which service?
    ['callerNumber', { callerNumber: 'ناشناس' }],
    ['note', { note: 'ب'.repeat(2001) }],
    ['talkSeconds', { talkSeconds: -1 }],
    ['endedAt', { startedAt: '2026-01-01T10:00:00Z', endedAt: '2026-01-01T09:00:00Z' }],
  ])('refuses a bad %s', async (name, bad) => {
    await db.owner.root
      .insert(categoryOverride)
      .values({ tenantId: t.tenantId('tehran'), categoryCode: 'info.suggestion', enabled: false })
      .onConflictDoNothing();
    const before = await contactCount();
    const { body } = await gql('tehran.agent', recordContact, {
      input: { lineId: lines['1523'], channel: 'PHONE', outcome: 'INFORMED', ...bad },
    });
    expect(outcome(body, 'recordContact')).toMatchObject({ __typename: 'InputError', field: name });
    expect(await contactCount()).toBe(before);
  });

  it('refuses ids of another company’s rows as not found', async () => {
    const isfahan = found((await gql('isfahan.agent', find, { subscriptionNumber: '99887766' })).body)[0];
    const { body } = await gql('tehran.agent', recordContact, {
      input: { lineId: lines['1523'], channel: 'PHONE', outcome: 'INFORMED', subscriberId: isfahan?.id },
    });
    expect(outcome(body, 'recordContact')).toMatchObject({ __typename: 'InputError', field: 'subscriberId' });
  });

  it('links the request a call registered, taking its category and customer', async () => {
    const { body: made } = await gql(
      'tehran.agent',
      `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
        ... on RegisterRequestSuccess { data { id trackingCode } } } }`,
      { input: { categoryCode: 'water.low_pressure', channel: 'PHONE', subscriberId: karimi.id } },
    );
    const registered = (outcome(made, 'registerRequest') as { data: { id: string; trackingCode: string } }).data;
    const { body } = await gql('tehran.agent', recordContact, {
      input: { lineId: lines['122'], channel: 'PHONE', outcome: 'REQUEST_REGISTERED', requestId: registered.id },
    });
    expect(outcome(body, 'recordContact')).toMatchObject({
      data: {
        outcome: 'REQUEST_REGISTERED',
        firstContactResolution: false,
        categoryCode: 'water.low_pressure',
        request: { trackingCode: registered.trackingCode },
        subscriber: { subscriptionNumber: '10203040' },
      },
    });
  });

  it('ingests a PBX call record once, however often it is sent', async () => {
    // The PBX integration: a service account holding exactly contacts:write. The demo integrator client may not be
    // issued that scope yet (server/src/identity/demo-directory.ts), so the real app runs here with the principal
    // its token would give; everything after authentication is the production path.
    const pbx: Principal = {
      subject: 'service-account-tehran-integrator',
      kind: 'service',
      tenantId: t.tenantId('tehran'),
      unitId: null,
      roles: ['integrator'],
      scopes: ['contacts:write'],
      clientId: 'tehran-integrator',
      displayName: null,
    };
    const app = createApp({
      database: db.api,
      log: createLogger('silent'),
      authenticate: async () => pbx,
      production: false,
    });
    // What a PBX reads back: the contact itself, not the requests or customers it has no permission to read.
    const ingest = `mutation($input: RecordContactInput!) { recordContact(input: $input) {
      __typename ... on RecordContactSuccess { data { id outcome agentSubject pbxCallId callerNumber note
        subscriber { ownerName } } } } }`;
    const send = async (input: Record<string, unknown>) => {
      const response = await request(app).post('/graphql').send({ query: ingest, variables: { input } });
      expect(response.body.errors).toBeUndefined();
      return outcome(response.body, 'recordContact') as { __typename: string; data: Recorded };
    };
    const input = {
      lineId: lines['122'],
      channel: 'PHONE',
      callerNumber: '09121110000',
      outcome: 'ABANDONED',
      pbxCallId: 'asterisk-1732871234.42',
      queueWaitSeconds: 48,
      startedAt: new Date(Date.now() - 60_000).toISOString(),
      endedAt: new Date().toISOString(),
    };
    const before = await contactCount();
    const first = await send(input);
    const again = await send({ ...input, queueWaitSeconds: 50 });
    // It reads back what it may read: never the caller's number, the note or the customer (contacts:read and
    // subscribers:read), the first time or on a replay.
    expect(first.data).toMatchObject({
      outcome: 'ABANDONED',
      agentSubject: null,
      pbxCallId: 'asterisk-1732871234.42',
      callerNumber: null,
      note: null,
      subscriber: null,
    });
    expect(again.data).toEqual(first.data);
    expect(await contactCount()).toBe(before + 1);
    // Anyone else resending that call id (PBX ids are guessable: <epoch>.<serial>) is refused and learns nothing.
    const byAgent = await gql('tehran.agent', recordContact, { input: { ...input, outcome: 'INFORMED' } });
    expect(outcome(byAgent.body, 'recordContact')).toMatchObject({ __typename: 'ConflictError', field: 'pbxCallId' });
    expect(JSON.stringify(byAgent.body)).not.toContain(first.data.id);
    expect(await contactCount()).toBe(before + 1);
  });
});

describe('contacts', () => {
  const list = `query($first: Int, $after: String, $from: DateTime, $to: DateTime, $outcome: ContactOutcome) {
    contacts(first: $first, after: $after, from: $from, to: $to, outcome: $outcome) {
      nodes { id outcome startedAt } pageInfo { hasNextPage endCursor } } }`;
  type Page = {
    nodes: { id: string; outcome: string; startedAt: string }[];
    pageInfo: { hasNextPage: boolean; endCursor: string };
  };

  it('lists the company’s contacts newest first, in pages', async () => {
    const all = field<Page>((await gql('tehran.manager', list, { first: 100 })).body, 'contacts').nodes;
    expect(all.length).toBeGreaterThanOrEqual(4);
    const times = all.map((c) => c.startedAt);
    expect(times).toEqual([...times].sort().reverse());
    const page1 = field<Page>((await gql('tehran.manager', list, { first: 2 })).body, 'contacts');
    const page2 = field<Page>(
      (await gql('tehran.manager', list, { first: 2, after: page1.pageInfo.endCursor })).body,
      'contacts',
    );
    expect([...page1.nodes, ...page2.nodes].map((c) => c.id)).toEqual(all.slice(0, 4).map((c) => c.id));
  });

  it('filters by outcome and time window', async () => {
    const informed = field<Page>(
      (await gql('tehran.manager', list, { first: 100, outcome: 'INFORMED' })).body,
      'contacts',
    );
    expect(informed.nodes.length).toBeGreaterThan(0);
    expect(informed.nodes.every((c) => c.outcome === 'INFORMED')).toBe(true);
    const future = field<Page>(
      (await gql('tehran.manager', list, { first: 100, from: new Date(Date.now() + 3_600_000).toISOString() })).body,
      'contacts',
    );
    expect(future.nodes).toEqual([]);
    const { body } = await gql('tehran.manager', list, { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'to' });
  });

  it('shows an executive the contacts but not the customers behind them', async () => {
    const { status, body } = await gql(
      'tehran.executive',
      '{ contacts(first: 100) { nodes { outcome callerNumberMasked subscriber { ownerName } } } }',
    );
    // The customer answers null to a caller who may not read customers; the contacts themselves are theirs to read.
    expect(status).toBe(200);
    const nodes = field<{ nodes: { subscriber: unknown }[] }>(body, 'contacts').nodes;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.subscriber === null)).toBe(true);
    expect(JSON.stringify(body.data)).not.toContain('کریمی');
    const byId = await gql(
      'tehran.executive',
      'query($id: ID!) { node(id: $id) { ... on Subscriber { ownerName } } }',
      {
        id: karimi.id,
      },
    );
    expect(byId.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(byId.body.data)).not.toContain('کریمی');
  });

  it('names the agent and carries the linked request and customer, from the company’s own rows only', async () => {
    const registered = await gql(
      'tehran.agent',
      `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
        ... on RegisterRequestSuccess { data { id trackingCode } } } }`,
      { input: { categoryCode: 'water.pipe_burst', channel: 'PHONE', subscriberId: karimi.id } },
    );
    const made = field<{ data: { id: string; trackingCode: string } }>(registered.body, 'registerRequest').data;
    const recorded = await gql('tehran.agent', recordContact, {
      input: {
        lineId: lines['122'],
        channel: 'PHONE',
        categoryCode: 'water.pipe_burst',
        outcome: 'REQUEST_REGISTERED',
        requestId: made.id,
        subscriberId: karimi.id,
      },
    });
    const contactId = (outcome(recorded.body, 'recordContact') as { data: { id: string } }).data.id;
    // A contact whose agent only another company knows by name (the subject is the same string in both).
    const tehranId = t.tenantId('tehran');
    const isfahanId = t.tenantId('isfahan');
    await db.owner.root
      .insert(staffProfile)
      .values({ tenantId: isfahanId, subject: 'pbx-bridge', displayName: 'پل تلفنی اصفهان' });
    await db.owner.root.insert(contact).values({
      tenantId: tehranId,
      channel: 'phone',
      service: '122',
      outcome: 'abandoned',
      agentSubject: 'pbx-bridge',
    });

    type Listed = {
      id: string;
      agentSubject: string | null;
      agentName: string | null;
      request: { trackingCode: string } | null;
      subscriber: { subscriptionNumber: string } | null;
    };
    const nodes = field<{ nodes: Listed[] }>(
      (
        await gql(
          'tehran.manager',
          '{ contacts(first: 100) { nodes { id agentSubject agentName request { trackingCode } subscriber { subscriptionNumber } } } }',
        )
      ).body,
      'contacts',
    ).nodes;
    const [profile] = await db.owner.root
      .select({ name: staffProfile.displayName })
      .from(staffProfile)
      .where(and(eq(staffProfile.tenantId, tehranId), eq(staffProfile.subject, 'demo-tehran.agent')));
    expect(profile?.name).toBeTruthy();
    expect(nodes.find((n) => n.id === contactId)).toEqual({
      id: contactId,
      agentSubject: 'demo-tehran.agent',
      agentName: profile?.name,
      request: { trackingCode: made.trackingCode },
      subscriber: { subscriptionNumber: '10203040' },
    });
    expect(nodes.find((n) => n.agentSubject === 'pbx-bridge')).toMatchObject({ agentName: null, request: null });
  });

  it('shows another company nothing of these contacts', async () => {
    const isfahan = field<Page>((await gql('isfahan.manager', list, { first: 100 })).body, 'contacts');
    expect(isfahan.nodes).toEqual([]);
  });
});
