import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';

/** The customer's history on the call screen (issue 10, feature 7), and the caller kept apart from the owner. */

let db: TestDatabase;
let t: TestApp;
const units: Record<string, string> = {};
const lines: Record<string, string> = {};

type Body = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string } }[];
};

async function gql(user: string, query: string, variables?: Record<string, unknown>) {
  const response = await request(t.app)
    .post('/graphql')
    .set(await t.bearer(user))
    .send({ query, variables });
  return response.body as Body;
}

async function mutate<T>(user: string, query: string, name: string, input: Record<string, unknown>): Promise<T> {
  const body = await gql(user, query, { input });
  const result = field<{ __typename: string; data?: T }>(body, name);
  if (!result.__typename.endsWith('Success') || !result.data) throw new Error(JSON.stringify(result));
  return result.data;
}

const registerSubscriber = `mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) {
  __typename ... on RegisterSubscriberSuccess { data { id } } } }`;
const registerRequest = `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
  __typename ... on RegisterRequestSuccess { data { id trackingCode callerName callerMobileMasked } } } }`;
const recordContact = `mutation($input: RecordContactInput!) { recordContact(input: $input) {
  __typename ... on RecordContactSuccess { data { id } } } }`;
const history = `query($mobile: String!, $first: Int) { findSubscribers(mobile: $mobile) {
  ownerName mobileMasked
  requests(first: $first) { trackingCode callerName callerMobileMasked registeredAt }
  contacts(first: $first) { id startedAt outcome line { code } callerNumberMasked }
} }`;

const ownerMobile = '09121110000';
const neighbourMobile = '09351112222';
let subscriberId: string;
let neighbourRequest: { id: string; trackingCode: string; callerName: string | null; callerMobileMasked: string };

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  const list = await gql('tehran.manager', '{ units(first: 50) { nodes { id code } } lines { id code } }');
  for (const u of field<{ nodes: { id: string; code: string }[] }>(list, 'units').nodes) units[u.code] = u.id;
  for (const l of field<{ id: string; code: string }[]>(list, 'lines')) lines[l.code] = l.id;
  ({ id: subscriberId } = await mutate<{ id: string }>('tehran.agent', registerSubscriber, 'registerSubscriber', {
    subscriptionNumber: '55500011',
    ownerName: 'پروین سلطانی',
    mobile: ownerMobile,
    address: 'اسلامشهر، خیابان فردوسی',
    unitId: units['district-eslamshahr'],
  }));
  const day = (n: number) => new Date(Date.now() - n * 24 * 60 * 60 * 1000).toISOString();
  // The owner called the merged 1522 line three days ago (a PBX record: no customer named, only the number).
  await mutate('tehran.agent', recordContact, 'recordContact', {
    channel: 'PHONE',
    lineId: lines['1522'],
    callerNumber: ownerMobile,
    outcome: 'INFORMED',
    startedAt: day(3),
  });
  // …and 1523 yesterday, recorded against the customer.
  await mutate('tehran.agent', recordContact, 'recordContact', {
    channel: 'PHONE',
    lineId: lines['1523'],
    callerNumber: ownerMobile,
    subscriberId,
    categoryCode: 'billing.high_bill',
    outcome: 'INFORMED',
    startedAt: day(1),
  });
  // Today a neighbour calls 122 about the customer's meter: recorded under the neighbour's own name and number.
  neighbourRequest = await mutate('tehran.agent', registerRequest, 'registerRequest', {
    categoryCode: 'water.meter_leak',
    channel: 'PHONE',
    callerMobile: neighbourMobile,
    callerName: 'همسایه، آقای نوری',
    subscriberId,
    description: 'کنتور خانه همسایه نشت دارد',
    address: 'اسلامشهر، خیابان فردوسی',
  });
  await mutate('tehran.agent', recordContact, 'recordContact', {
    channel: 'PHONE',
    lineId: lines['122'],
    callerNumber: neighbourMobile,
    subscriberId,
    outcome: 'REQUEST_REGISTERED',
    requestId: neighbourRequest.id,
  });
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

describe('Subscriber.requests and Subscriber.contacts', () => {
  it('give the customer’s requests and contacts on every line, newest first, with the mobile on file', async () => {
    const body = await gql('tehran.agent', history, { mobile: ownerMobile });
    expect(body.errors).toBeUndefined();
    const [customer] = field<
      {
        mobileMasked: string;
        requests: { trackingCode: string; callerName: string | null; callerMobileMasked: string }[];
        contacts: { startedAt: string; line: { code: string } | null; callerNumberMasked: string }[];
      }[]
    >(body, 'findSubscribers');
    expect(customer?.mobileMasked).toMatch(/0000$/);
    expect(customer?.requests.map((r) => r.trackingCode)).toEqual([neighbourRequest.trackingCode]);
    expect(customer?.contacts.map((c) => c.line?.code)).toEqual(['122', '1523', '1522']);
    const times = customer?.contacts.map((c) => c.startedAt) ?? [];
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('keeps the neighbour who called apart from the owner', async () => {
    expect(neighbourRequest.callerName).toBe('همسایه، آقای نوری');
    expect(neighbourRequest.callerMobileMasked).toMatch(/2222$/);
    const body = await gql('tehran.agent', history, { mobile: ownerMobile });
    const [customer] = field<{ ownerName: string; requests: { callerName: string }[] }[]>(body, 'findSubscribers');
    expect(customer?.ownerName).toBe('پروین سلطانی');
    expect(customer?.requests[0]?.callerName).toBe('همسایه، آقای نوری');
  });

  it('answers each list only with its own read permission', async () => {
    // Unit staff find customers but do not read the contact log.
    const body = await gql('tehran.unit', history, { mobile: ownerMobile });
    expect(body.errors?.map((e) => [e.path?.at(-1), e.extensions?.code])).toContainEqual(['contacts', 'FORBIDDEN']);
  });

  it('refuses a page size out of range, naming the field', async () => {
    const body = await gql('tehran.agent', history, { mobile: ownerMobile, first: 500 });
    expect(body.errors?.[0]?.extensions?.field).toBe('first');
  });
});
