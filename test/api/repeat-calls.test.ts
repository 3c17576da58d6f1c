import { contact, request as requestTable } from '@abfa/schema';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';

/**
 * Repeat callers (issue 10, feature 8): a call about a request already open is added to it (a REPEAT_CALL contact
 * and a REPEAT_CALL event in its history), an overdue one is flagged for follow-up once, and the call screen finds
 * the candidates by the caller's mobile, customer or address in the same category family.
 */
let db: TestDatabase;
let t: TestApp;

type Body = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
};
async function gql(who: string | Record<string, string>, query: string, variables?: Record<string, unknown>) {
  const auth = typeof who === 'string' ? await t.bearer(who) : who;
  const response = await request(t.app).post('/graphql').set(auth).send({ query, variables });
  return response.body as Body;
}
type Outcome = { __typename: string; code?: string; field?: string; messageFa?: string; data?: unknown };

const register = `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
  __typename ... on RegisterRequestSuccess { data { id trackingCode } } } }`;
const addCall = `mutation($input: AddCallToRequestInput!) { addCallToRequest(input: $input) {
  __typename
  ... on AddCallToRequestSuccess { data { request { id followUpFlaggedAt events { kind note } }
    contact { id outcome note talkSeconds request { id } } } }
  ... on Error { code field messageFa } } }`;
const candidates = `query($c: String!, $m: String, $s: ID, $a: String) {
  repeatCandidates(categoryCode: $c, callerMobile: $m, subscriberId: $s, address: $a) { id trackingCode } }`;

const rawId = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1] ?? '';

async function registered(input: Record<string, unknown>, who = 'tehran.agent') {
  const body = await gql(who, register, {
    input: { categoryCode: 'water.pipe_burst', channel: 'PHONE', description: 'ترکیدگی لوله', ...input },
  });
  return field<{ data: { id: string; trackingCode: string } }>(body, 'registerRequest').data;
}
const added = async (who: string | Record<string, string>, input: Record<string, unknown>) =>
  field<Outcome>(await gql(who, addCall, { input: { channel: 'PHONE', ...input } }), 'addCallToRequest');

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

describe('addCallToRequest', () => {
  it('adds the call to the open request: a REPEAT_CALL contact naming it and the repeat in its history', async () => {
    const open = await registered({ callerMobile: '09121230001' });
    const result = await added('tehran.agent', {
      requestId: open.id,
      note: 'دوباره تماس گرفت؛ آب هنوز جاری است',
      callerNumber: '09121230001',
      talkSeconds: 42,
    });
    expect(result.__typename).toBe('AddCallToRequestSuccess');
    const data = result.data as {
      request: { id: string; followUpFlaggedAt: string | null; events: { kind: string; note: string | null }[] };
      contact: { id: string; outcome: string; note: string; talkSeconds: number; request: { id: string } };
    };
    expect(data.contact).toMatchObject({
      outcome: 'REPEAT_CALL',
      note: 'دوباره تماس گرفت؛ آب هنوز جاری است',
      talkSeconds: 42,
      request: { id: open.id },
    });
    expect(data.request.events.at(-1)).toEqual({ kind: 'REPEAT_CALL', note: 'دوباره تماس گرفت؛ آب هنوز جاری است' });
    // Not overdue: no follow-up mark.
    expect(data.request.followUpFlaggedAt).toBeNull();
    // No new request: the caller's requests are still the one.
    const rows = await db.owner.root.select().from(requestTable).where(eq(requestTable.callerMobile, '+989121230001'));
    expect(rows).toHaveLength(1);
    const [row] = await db.owner.root
      .select()
      .from(contact)
      .where(eq(contact.contactId, rawId(data.contact.id)));
    expect(row?.requestId).toBe(rawId(open.id));
  });

  it('flags an overdue request for follow-up, once', async () => {
    const late = await registered({ callerMobile: '09121230002' });
    await db.owner.root
      .update(requestTable)
      .set({ dueAt: new Date(Date.now() - 60 * 60 * 1000) })
      .where(eq(requestTable.requestId, rawId(late.id)));
    const first = (await added('tehran.agent', { requestId: late.id, note: 'بار دوم' })).data as {
      request: { followUpFlaggedAt: string | null };
    };
    expect(first.request.followUpFlaggedAt).not.toBeNull();
    const second = (await added('tehran.agent', { requestId: late.id, note: 'بار سوم' })).data as {
      request: { followUpFlaggedAt: string | null; events: { kind: string }[] };
    };
    expect(second.request.followUpFlaggedAt).toBe(first.request.followUpFlaggedAt);
    expect(second.request.events.filter((e) => e.kind === 'REPEAT_CALL')).toHaveLength(2);
  });

  it('refuses: no permission, a closed request, a blank or too long note, another company’s request', async () => {
    const open = await registered({ callerMobile: '09121230003' });
    const noPermission = await gql('tehran.unit', addCall, {
      input: { requestId: open.id, note: 'x', channel: 'PHONE' },
    });
    expect(noPermission.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);

    expect(await added('tehran.agent', { requestId: open.id, note: ' \u200c ' })).toMatchObject({
      __typename: 'InputError',
      field: 'note',
    });
    expect(await added('tehran.agent', { requestId: open.id, note: 'ا'.repeat(2001) })).toMatchObject({
      __typename: 'InputError',
      field: 'note',
    });

    const closed = await registered({ callerMobile: '09121230004' });
    await db.owner.root
      .update(requestTable)
      .set({ status: 'closed', resolvedAt: new Date(), closedAt: new Date() })
      .where(eq(requestTable.requestId, rawId(closed.id)));
    const conflict = await added('tehran.agent', { requestId: closed.id, note: 'باز هم' });
    expect(conflict).toMatchObject({ __typename: 'ConflictError', field: 'requestId' });
    expect(conflict.messageFa).toBeTruthy();

    const theirs = await registered({ callerMobile: '09121230005' }, 'isfahan.agent');
    expect(await added('tehran.agent', { requestId: theirs.id, note: 'باز هم' })).toMatchObject({
      __typename: 'InputError',
      field: 'requestId',
    });
    // Nothing was recorded by the refusals.
    const repeats = await db.owner.root
      .select()
      .from(contact)
      .where(eq(contact.requestId, rawId(theirs.id)));
    expect(repeats).toHaveLength(0);
  });
});

describe('repeatCandidates', () => {
  it('finds open requests in the same family by mobile, customer or address, newest first, never closed ones', async () => {
    const subscriber = field<{ data: { id: string } }>(
      await gql(
        'tehran.agent',
        `mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) {
          __typename ... on RegisterSubscriberSuccess { data { id } } } }`,
        { input: { subscriptionNumber: '77700011', ownerName: 'سیما کرمی' } },
      ),
      'registerSubscriber',
    ).data;
    const byMobile = await registered({ callerMobile: '09121239001' });
    const byCustomer = await registered({ subscriberId: subscriber.id, categoryCode: 'water.low_pressure' });
    const byAddress = await registered({ address: 'خیابان آزادی، کوچه ۱۲' });
    const otherFamily = await registered({ callerMobile: '09121239001', categoryCode: 'sewer.blockage' });
    const closed = await registered({ callerMobile: '09121239001' });
    await db.owner.root
      .update(requestTable)
      .set({ status: 'closed', resolvedAt: new Date(), closedAt: new Date() })
      .where(eq(requestTable.requestId, rawId(closed.id)));

    const ids = async (vars: Record<string, unknown>) =>
      field<{ id: string }[]>(
        await gql('tehran.agent', candidates, { c: 'water.pipe_burst', ...vars }),
        'repeatCandidates',
      ).map((r) => r.id);
    expect(await ids({ m: '۰۹۱۲۱۲۳۹۰۰۱' })).toEqual([byMobile.id]);
    expect(await ids({ s: subscriber.id })).toEqual([byCustomer.id]);
    expect(await ids({ a: 'خيابان آزادی، کوچه 12' })).toEqual([byAddress.id]);
    // Folded like the search (app_search_fold): Arabic-Indic digits, Arabic yeh, doubled spaces.
    expect(await ids({ a: 'خیابان  آزادي، کوچه ١٢' })).toEqual([byAddress.id]);
    expect(await ids({ a: 'خیابان آزادی، کوچه ۱۳' })).toEqual([]);
    expect(await ids({ m: '09121239001', s: subscriber.id })).toEqual([byCustomer.id, byMobile.id]);
    // The other family finds only its own.
    expect(
      field<{ id: string }[]>(
        await gql('tehran.agent', candidates, { c: 'sewer.overflow', m: '09121239001' }),
        'repeatCandidates',
      ).map((r) => r.id),
    ).toEqual([otherFamily.id]);
    // Nothing to match on: nothing found.
    expect(await ids({})).toEqual([]);
    // Another company sees none of these.
    expect(
      field<unknown[]>(
        await gql('isfahan.agent', candidates, { c: 'water.pipe_burst', m: '09121239001' }),
        'repeatCandidates',
      ),
    ).toEqual([]);
  });

  it('refuses an unknown category and a malformed mobile, naming the field', async () => {
    const bad = await gql('tehran.agent', candidates, { c: 'no.such', m: '09121239001' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
    const mobile = await gql('tehran.agent', candidates, { c: 'water.pipe_burst', m: 'abc' });
    expect(mobile.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
  });
});
