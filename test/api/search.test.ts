import { billCheckDigit, formatTrackingCode } from '@abfa/schema';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';

/**
 * The staff search box (`search`): every kind of query, Persian-insensitive, each group under its own permission,
 * requests within the caller's reach, never another company's rows. Real tokens, real database (PGlite or
 * PostgreSQL with the migration's trigram indexes).
 */
let db: TestDatabase;
let t: TestApp;
const units: Record<string, string> = {};
const lines: Record<string, string> = {};

type Body = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; field?: string; messageFa?: string } }[];
};

async function gql(who: string, query: string, variables?: Record<string, unknown>) {
  const response = await request(t.app)
    .post('/graphql')
    .set(await t.bearer(who))
    .send({ query, variables });
  return { status: response.status, body: response.body as Body };
}

const searchQuery = `query($q: String!, $first: Int) { search(query: $q, first: $first) {
  readAs
  requests { id trackingCode callerName }
  customers { subscriptionNumber ownerName }
  contacts { callerNumberMasked request { trackingCode } }
} }`;

type Results = {
  readAs: string[];
  requests: { id: string; trackingCode: string; callerName: string | null }[] | null;
  customers: { subscriptionNumber: string; ownerName: string }[] | null;
  contacts: { callerNumberMasked: string | null; request: { trackingCode: string } | null }[] | null;
};

async function search(who: string, q: string, first?: number) {
  const { body } = await gql(who, searchQuery, { q, first });
  return field<Results>(body, 'search');
}
const codesOf = (r: Results) => r.requests?.map((x) => x.trackingCode) ?? null;
/** Request ids: tracking codes are per company, so two companies may share one. */
const idsOf = (r: Results) => r.requests?.map((x) => x.id) ?? [];
const ids: Record<'eslamshahr' | 'varamin' | 'isfahan', string> = { eslamshahr: '', varamin: '', isfahan: '' };
const toPersianDigits = (text: string) => text.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));

const registerSubscriber = `mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) {
  __typename ... on RegisterSubscriberSuccess { data { id } } } }`;
const registerRequest = `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
  __typename ... on RegisterRequestSuccess { data { id trackingCode } } } }`;
const recordContact = `mutation($input: RecordContactInput!) { recordContact(input: $input) {
  __typename ... on RecordContactSuccess { data { id } } } }`;

const subscription = '7712345678';
const bill = (() => {
  const body = '77123450461';
  return `${body}${billCheckDigit(body)}`;
})();
/** Registered by tehran.agent in the unit's district (Eslamshahr), for the customer, with a contact. */
let eslamshahr: string;
/** Another district of the same company (Varamin): beyond tehran.unit's reach. */
let varamin: string;
/** Isfahan's request with the same words, number and subscription number: never in Tehran's results. */
let isfahan: string;

async function register(who: string, input: Record<string, unknown>) {
  const { body } = await gql(who, registerRequest, { input });
  const result = field<{ __typename: string; data?: { id: string; trackingCode: string } }>(body, 'registerRequest');
  if (!result.data) throw new Error(JSON.stringify(body));
  return result.data;
}

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  const { body } = await gql('tehran.manager', '{ units(first: 50) { nodes { id code } } lines { id code } }');
  for (const u of field<{ nodes: { id: string; code: string }[] }>(body, 'units').nodes) units[u.code] = u.id;
  for (const l of field<{ id: string; code: string }[]>(body, 'lines')) lines[l.code] = l.id;

  const customer = field<{ data: { id: string } }>(
    (
      await gql('tehran.agent', registerSubscriber, {
        input: {
          subscriptionNumber: subscription,
          billId: bill,
          ownerName: 'مهدی کریمی‌پور',
          mobile: '09121234321',
          address: 'خیابان ولیعصر، کوچه یاس، پلاک ۱۲',
        },
      })
    ).body,
    'registerSubscriber',
  ).data.id;
  const first = await register('tehran.agent', {
    categoryCode: 'water.pipe_burst',
    channel: 'PHONE',
    assignedUnitId: units['district-eslamshahr'],
    subscriberId: customer,
    callerName: 'مهدی کریمی‌پور',
    callerMobile: '0912 123 4321',
    description: 'نشتی شیر فلکه جلوی در',
    address: 'خیابان ولیعصر، کوچه یاس، پلاک ۱۲',
  });
  eslamshahr = first.trackingCode;
  ids.eslamshahr = first.id;
  await gql('tehran.agent', recordContact, {
    input: {
      lineId: lines['122'],
      channel: 'PHONE',
      callerNumber: '09121234321',
      outcome: 'REQUEST_REGISTERED',
      requestId: first.id,
    },
  });
  const second = await register('tehran.agent', {
    categoryCode: 'water.pipe_burst',
    channel: 'PHONE',
    assignedUnitId: units['district-varamin'],
    callerName: 'زهرا احمدی',
    callerMobile: '09359998888',
    description: 'ترکیدگی لوله در میدان آزادگان',
  });
  varamin = second.trackingCode;
  ids.varamin = second.id;
  // Rows written before normalisation or by other tools keep Arabic yeh/kaf: the search folds them all the same.
  await db.owner.root.execute(
    sql`update request set caller_name = ${'زهرا احمدي'}, description = ${'تركيدگي لوله در ميدان آزادگان'} where tracking_code = ${varamin}`,
  );

  const isfahanCustomer = field<{ data: { id: string } }>(
    (
      await gql('isfahan.agent', registerSubscriber, {
        input: { subscriptionNumber: subscription, ownerName: 'مهدی کریمی‌پور', mobile: '09121234321' },
      })
    ).body,
    'registerSubscriber',
  ).data.id;
  const third = await register('isfahan.agent', {
    categoryCode: 'water.pipe_burst',
    channel: 'PHONE',
    subscriberId: isfahanCustomer,
    callerName: 'مهدی کریمی‌پور',
    callerMobile: '09121234321',
    description: 'نشتی شیر فلکه جلوی در',
    address: 'خیابان ولیعصر، کوچه یاس',
  });
  isfahan = third.trackingCode;
  ids.isfahan = third.id;
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

describe('search: each kind of query', () => {
  it('a tracking code in Persian digits with dashes finds its request first, its customer and its call', async () => {
    const q = formatTrackingCode(eslamshahr, { persianDigits: true });
    expect(q).toMatch(/^[۰-۹]+(-[۰-۹]+)+$/);
    const found = await search('tehran.manager', q);
    expect(found.readAs).toContain('TRACKING_CODE');
    expect(codesOf(found)?.[0]).toBe(eslamshahr);
    expect(found.customers?.map((c) => c.subscriptionNumber)).toEqual([subscription]);
    expect(found.contacts?.map((c) => c.request?.trackingCode)).toEqual([eslamshahr]);
    // Spaces instead of dashes, ASCII digits: the same request.
    expect(codesOf(await search('tehran.manager', ` ${eslamshahr.slice(0, 4)} ${eslamshahr.slice(4)} `))?.[0]).toBe(
      eslamshahr,
    );
  });

  it('the last 4 digits of a phone find the requests, customers and calls from it (Persian digits too)', async () => {
    const found = await search('tehran.manager', '۴۳۲۱');
    expect(found.readAs).toEqual(['PHONE_DIGITS']);
    expect(codesOf(found)).toEqual([eslamshahr]);
    expect(found.customers?.map((c) => c.ownerName)).toEqual(['مهدی کریمی‌پور']);
    expect(found.contacts?.map((c) => c.callerNumberMasked)).toHaveLength(1);
    expect(found.contacts?.[0]?.callerNumberMasked).toMatch(/4321$/);
  });

  it('a whole mobile number in any form finds the same', async () => {
    for (const q of ['0912 123 4321', '+98 912 123 4321', '۰۹۱۲۱۲۳۴۳۲۱']) {
      const found = await search('tehran.manager', q);
      expect(found.readAs).toContain('MOBILE');
      expect(codesOf(found)).toEqual([eslamshahr]);
      expect(found.customers?.map((c) => c.subscriptionNumber)).toEqual([subscription]);
    }
  });

  it('a subscription number finds the customer and the customer’s requests', async () => {
    const found = await search('tehran.manager', toPersianDigits(subscription));
    expect(found.readAs).toContain('SUBSCRIPTION_NUMBER');
    expect(found.customers?.map((c) => c.subscriptionNumber)).toEqual([subscription]);
    expect(codesOf(found)).toEqual([eslamshahr]);
  });

  it('a bill ID finds the customer', async () => {
    const found = await search('tehran.manager', bill);
    expect(found.readAs).toContain('BILL_ID');
    expect(found.customers?.map((c) => c.subscriptionNumber)).toEqual([subscription]);
  });

  it('a name with Arabic ي/ك, or a space for the ZWNJ, finds the requests and the customer', async () => {
    // Stored with Persian letters and a ZWNJ; typed with Arabic letters and a space.
    const karimi = await search('tehran.manager', 'كريمي پور');
    expect(karimi.readAs).toEqual(['WORDS']);
    expect(codesOf(karimi)).toEqual([eslamshahr]);
    expect(karimi.customers?.map((c) => c.subscriptionNumber)).toEqual([subscription]);
    // Stored with Arabic letters; typed with Persian ones.
    expect(codesOf(await search('tehran.manager', 'احمدی'))).toEqual([varamin]);
    // Words find no calls.
    expect(karimi.contacts).toEqual([]);
  });

  it('words of a description or an address find requests (every word, any order, any spelling)', async () => {
    expect(codesOf(await search('tehran.manager', 'فلكه شير'))).toEqual([eslamshahr]);
    expect(codesOf(await search('tehran.manager', 'ترکیدگی آزادگان'))).toEqual([varamin]);
    const address = await search('tehran.manager', 'کوچه یاس');
    expect(codesOf(address)).toEqual([eslamshahr]);
    expect(address.customers?.map((c) => c.subscriptionNumber)).toEqual([subscription]);
    // Persian digits in a stored address match ASCII ones typed.
    expect(codesOf(await search('tehran.manager', 'یاس پلاک 12'))).toEqual([eslamshahr]);
    expect(codesOf(await search('tehran.manager', 'فلکه میدان'))).toEqual([]);
  });
});

describe('search: who sees what', () => {
  it('another company’s rows never appear, with the same words, number or subscription number', async () => {
    for (const q of ['نشتی شیر فلکه', 'کریمی‌پور', '4321', subscription, '09121234321']) {
      const tehran = await search('tehran.manager', q);
      expect(idsOf(tehran)).toEqual([ids.eslamshahr]);
      const other = await search('isfahan.manager', q);
      expect(idsOf(other)).toEqual([ids.isfahan]);
      // Each company's own customer of that name, number or subscription number: one each, never both.
      if (q !== 'نشتی شیر فلکه') {
        expect(tehran.customers).toHaveLength(1);
        expect(other.customers).toHaveLength(1);
      }
    }
    expect(codesOf(await search('isfahan.manager', 'نشتی شیر فلکه'))).toEqual([isfahan]);
    // Tehran's tracking code read in Isfahan: never Tehran's request (Isfahan's own may share the number).
    expect(idsOf(await search('isfahan.manager', eslamshahr))).not.toContain(ids.eslamshahr);
  });

  it('operational-unit staff find only the requests within their reach', async () => {
    expect(codesOf(await search('tehran.unit', 'فلکه'))).toEqual([eslamshahr]);
    expect(codesOf(await search('tehran.unit', 'ترکیدگی آزادگان'))).toEqual([]);
    expect(codesOf(await search('tehran.unit', varamin))).toEqual([]);
    expect(codesOf(await search('tehran.manager', varamin))?.[0]).toBe(varamin);
  });

  it('each group answers only to its own permission', async () => {
    // Unit staff: requests (their reach) and customers, no contacts:read.
    const unit = await search('tehran.unit', '4321');
    expect(unit.requests).not.toBeNull();
    expect(unit.customers).not.toBeNull();
    expect(unit.contacts).toBeNull();
    // Executives: requests and contacts, no subscribers:read.
    const executive = await search('tehran.executive', '4321');
    expect(codesOf(executive)).toEqual([eslamshahr]);
    expect(executive.customers).toBeNull();
    expect(executive.contacts).toHaveLength(1);
    // Information officers: requests only.
    const information = await search('tehran.information', '4321');
    expect(codesOf(information)).toEqual([eslamshahr]);
    expect(information.customers).toBeNull();
    expect(information.contacts).toBeNull();
  });

  it('integrators and people of no company may not search', async () => {
    const token = await t.serviceToken('tehran-integrator', 'requests:read subscribers:read');
    const response = await request(t.app)
      .post('/graphql')
      .set({ authorization: `Bearer ${token}` })
      .send({ query: searchQuery, variables: { q: '4321' } });
    expect(response.status).toBe(403);
    expect(response.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const supervisor = await gql('nwwec.supervisor', searchQuery, { q: '4321' });
    expect(supervisor.body.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|NO_TENANT/);
  });
});

describe('search: bad input is named', () => {
  const refused = async (variables: Record<string, unknown>) => {
    const { body } = await gql('tehran.agent', searchQuery, variables);
    expect(body.data?.search ?? null).toBeNull();
    return body.errors?.[0]?.extensions;
  };

  it('refuses an empty query, too few digits, no word of 3 letters, too long a query, a bad page size', async () => {
    for (const q of ['', '   ', '۱۲', 'آب', 'a'.repeat(201)]) {
      const e = await refused({ q });
      expect(e).toMatchObject({ code: 'BAD_INPUT', field: 'query' });
      expect(e?.messageFa).toMatch(/[\u0600-\u06FF]/);
    }
    expect(await refused({ q: 'فلکه', first: 0 })).toMatchObject({ code: 'BAD_INPUT', field: 'first' });
    expect(await refused({ q: 'فلکه', first: 51 })).toMatchObject({ code: 'BAD_INPUT', field: 'first' });
  });

  it('takes LIKE wildcards literally', async () => {
    expect(codesOf(await search('tehran.manager', '%%% ___'))).toEqual([]);
  });
});
