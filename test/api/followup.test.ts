import {
  dueAt,
  followUpActionLog,
  followUpCase,
  formatTrackingCode,
  message,
  requestEvent,
  request as requestTable,
  type Tx,
  withTenant,
} from '@abfa/schema';
import { scanFollowUps, tenantDirectory } from '@abfa/server';
import { and, eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';

/**
 * Section (b), follow-up cases, through the API and the platform's own scan: every trigger opens exactly one case
 * per request (the scan for overdue requests, "not fixed" from the citizen's link or a reopen, a further call after
 * the due time, a second return by a unit, by hand); units are warned once at their share of the time; the
 * follow-up officer works the case with the unit (asked with an agreed time, the unit's answer checked, accepted or
 * returned) and with the customer (a call back, an SMS through section (d)), then closes it with a result. Each
 * step is in the request's history. tehran.unit is staff of the Eslamshahr district office.
 */

let db: TestDatabase;
let t: TestApp;
let tehran: string;
const units: Record<string, string> = {};

type Body = { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
async function gql(who: string, query: string, variables?: Record<string, unknown>) {
  const response = await request(t.app)
    .post('/graphql')
    .set(await t.bearer(who))
    .send({ query, variables });
  return response.body as Body;
}
const codes = (body: Body) => (body.errors ?? []).map((e) => e.extensions?.code);
const rawId = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1] ?? '';
const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

const register = `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
  __typename ... on RegisterRequestSuccess { data { id trackingCode } } } }`;
const caseFields = `id state trigger reason customerCalls agreedDueAt result urgency allowedActions
  request { id } steps { kind note trigger callbackOutcome result agreedDueAt }`;
const act = `mutation($input: FollowUpActionInput!) { actOnFollowUpCase(input: $input) {
  __typename ... on ActOnFollowUpCaseSuccess { data { ${caseFields} } }
  ... on Error { code field message messageFa } } }`;
const answer = `mutation($id: ID!, $note: String!) { answerFollowUpCase(caseId: $id, note: $note) {
  __typename ... on AnswerFollowUpCaseSuccess { data { ${caseFields} } } ... on Error { code field } } }`;
const openByHand = `mutation($id: ID!, $reason: String!) { openFollowUpCase(requestId: $id, reason: $reason) {
  __typename ... on OpenFollowUpCaseSuccess { data { ${caseFields} } } ... on Error { code field messageFa } } }`;
const worklist = `query($states: [FollowUpState!]) { followUpWorklist(states: $states, first: 200) { id urgency
  request { id } } }`;

interface CaseView {
  id: string;
  state: string;
  trigger: string;
  reason: string | null;
  customerCalls: number;
  agreedDueAt: string | null;
  result: string | null;
  urgency: number;
  allowedActions: string[];
  steps: { kind: string; note: string | null; trigger: string | null }[];
}
type Outcome = { __typename: string; code?: string; field?: string; data?: CaseView };

async function registered(extra: Record<string, unknown> = {}) {
  const body = await gql('tehran.agent', register, {
    input: {
      categoryCode: 'water.pipe_burst',
      channel: 'PHONE',
      callerMobile: '09121234567',
      assignedUnitId: units['district-eslamshahr'],
      description: 'ترکیدگی لوله',
      ...extra,
    },
  });
  const made = field<{ data: { id: string; trackingCode: string } }>(body, 'registerRequest').data;
  return { ...made, requestId: rawId(made.id) };
}

function asOwner<T>(work: (tx: Tx) => Promise<T>) {
  return db.owner.root.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tehran}, true)`);
    return work(tx);
  });
}
/** The request fell due `hours` ago. */
const overdueBy = (requestId: string, hours: number) =>
  asOwner((tx) =>
    tx
      .update(requestTable)
      .set({ dueAt: new Date(Date.now() - hours * 3_600_000) })
      .where(eq(requestTable.requestId, requestId)),
  );
/** The platform's minute: the same code the `followup.scan` job runs. */
const scan = async () => {
  const calendar = await tenantDirectory(t.registry).calendarOf(tehran);
  return withTenant(db.api.root, { tenantId: tehran, actor: 'test' }, (tx) => scanFollowUps(tx, tehran, calendar));
};
const casesOf = (requestId: string) =>
  asOwner((tx) => tx.select().from(followUpCase).where(eq(followUpCase.requestId, requestId)));
const historyOf = (requestId: string) =>
  asOwner((tx) =>
    tx
      .select({ detail: requestEvent.detail, note: requestEvent.note })
      .from(requestEvent)
      .where(and(eq(requestEvent.requestId, requestId), eq(requestEvent.kind, 'follow_up')))
      .orderBy(requestEvent.occurredAt),
  );
const actOn = async (who: string, input: Record<string, unknown>) =>
  field<Outcome>(await gql(who, act, { input }), 'actOnFollowUpCase');
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  tehran = t.tenantId('tehran');
  const body = await gql('tehran.manager', '{ units(first: 50) { nodes { id code } } }');
  for (const u of field<{ nodes: { id: string; code: string }[] }>(body, 'units').nodes) units[u.code] = u.id;
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});
beforeEach(async () => {
  // Each test counts its own cases: the earlier tests' are closed and their requests no longer overdue.
  await asOwner(async (tx) => {
    await tx.execute(sql`update followup_case set state = 'closed', result = 'other', closed_at = now()
                         where state <> 'closed'`);
    await tx.execute(sql`update request set due_at = now() + interval '30 days' where due_at <= now()`);
    await tx.execute(sql`delete from followup_settings`);
  });
});

describe('triggers', () => {
  it('the scan opens exactly one case for an overdue request, not again next minute, nor after the case is closed', async () => {
    const late = await registered();
    await overdueBy(late.requestId, 2);
    expect((await scan()).opened).toBe(1);
    expect((await scan()).opened).toBe(0);
    const [opened] = await casesOf(late.requestId);
    expect(opened).toMatchObject({ trigger: 'overdue', state: 'open', openedBy: 'job:followup.scan' });
    expect((await historyOf(late.requestId)).map((e) => e.detail)).toEqual([
      { caseId: opened?.caseId, step: 'opened', trigger: 'overdue' },
    ]);
    await asOwner((tx) =>
      tx
        .update(followUpCase)
        .set({ state: 'closed', result: 'not_our_responsibility', closedAt: new Date() })
        .where(eq(followUpCase.requestId, late.requestId)),
    );
    expect((await scan()).opened).toBe(0);
    expect(await casesOf(late.requestId)).toHaveLength(1);
  });

  it('a request says whether a case is open; its cases only to those who read them', async () => {
    const late = await registered();
    await overdueBy(late.requestId, 1);
    await scan();
    const query = `query($id: ID!) { node(id: $id) { ... on Request { followUpOpen followUpCases { trigger state } } } }`;
    const officer = await gql('tehran.follow-up', query, { id: late.id });
    expect(officer.data?.node).toEqual({ followUpOpen: true, followUpCases: [{ trigger: 'OVERDUE', state: 'OPEN' }] });
    const agent = await gql('tehran.agent', query, { id: late.id });
    expect(agent.data?.node).toEqual({ followUpOpen: true, followUpCases: null });
  });

  it('concurrent triggers on one request open one case; the others are steps of it', async () => {
    const late = await registered();
    await overdueBy(late.requestId, 1);
    const body = await gql('tehran.agent', openByHand, { id: late.id, reason: 'مشترک سه بار تماس گرفته' });
    expect(field<Outcome>(body, 'openFollowUpCase').data?.trigger).toBe('MANUAL');
    // The scan and a second opening race the first: no second case, whatever the order.
    const [scanned, again] = await Promise.all([
      scan(),
      gql('tehran.follow-up', openByHand, { id: late.id, reason: 'دوباره' }),
    ]);
    expect(scanned.opened).toBe(0);
    expect(field<Outcome>(again, 'openFollowUpCase')).toMatchObject({
      __typename: 'ConflictError',
      field: 'requestId',
    });
    expect(await casesOf(late.requestId)).toHaveLength(1);
  });

  it('a further call after the due time opens a case (REPEAT_CALL) and each further call counts', async () => {
    const late = await registered();
    await overdueBy(late.requestId, 3);
    const call = `mutation($input: AddCallToRequestInput!) { addCallToRequest(input: $input) { __typename } }`;
    for (let i = 0; i < 2; i++)
      await gql('tehran.agent', call, { input: { requestId: late.id, channel: 'PHONE', note: `تماس ${i + 1}` } });
    const [kase] = await casesOf(late.requestId);
    expect(kase).toMatchObject({ trigger: 'repeat_call', customerCalls: 2 });
    const steps = await asOwner((tx) =>
      tx
        .select()
        .from(followUpActionLog)
        .where(eq(followUpActionLog.caseId, kase?.caseId ?? '')),
    );
    expect(steps.map((s) => s.kind).sort()).toEqual(['opened', 'triggered']);
  });

  it('“not fixed” from the citizen’s link opens a case with their words; a second return by a unit does too', async () => {
    const done = await registered();
    const transition = `mutation($input: TransitionRequestInput!) { transitionRequest(input: $input) { __typename } }`;
    await gql('tehran.unit', transition, { input: { requestId: done.id, action: 'ACCEPT' } });
    await gql('tehran.unit', transition, {
      input: { requestId: done.id, action: 'RESOLVE', note: 'لوله تعویض شد', publicNote: 'تعمیر شد' },
    });
    const [token] = await asOwner((tx) =>
      tx.select({ t: requestTable.publicToken }).from(requestTable).where(eq(requestTable.requestId, done.requestId)),
    );
    const reopened = await request(t.app)
      .post('/public/tehran/not-fixed')
      .send({ token: token?.t, reason: 'هنوز آب از لوله بیرون می‌زند' });
    expect(reopened.status).toBe(200);
    expect(await casesOf(done.requestId)).toMatchObject([
      { trigger: 'not_fixed', reason: 'هنوز آب از لوله بیرون می‌زند', state: 'open' },
    ]);

    const misrouted = await registered();
    const dispatch = (unit: string) =>
      gql('tehran.manager', transition, {
        input: { requestId: misrouted.id, action: 'DISPATCH', unitId: units[unit] },
      });
    const giveBack = (reason: string) =>
      gql('tehran.unit', transition, { input: { requestId: misrouted.id, action: 'RETURN_TO_CENTRE', reason } });
    await giveBack('محدودهٔ ما نیست');
    expect(await casesOf(misrouted.requestId)).toEqual([]);
    await dispatch('district-eslamshahr');
    await giveBack('باز هم محدودهٔ ما نیست');
    expect(await casesOf(misrouted.requestId)).toMatchObject([
      { trigger: 'returned_twice', reason: 'باز هم محدودهٔ ما نیست' },
    ]);
  });

  it('a trigger the company turned off opens nothing', async () => {
    const set = await gql(
      'tehran.manager',
      `mutation { setFollowUpSettings(input: { overdue: false, notFixed: true, repeatCall: true, returnedTwice: true,
        warnAtPercent: 70 }) { __typename ... on SetFollowUpSettingsSuccess { data { overdue warnAtPercent } } } }`,
    );
    expect(field<{ data: unknown }>(set, 'setFollowUpSettings').data).toEqual({ overdue: false, warnAtPercent: 70 });
    const late = await registered();
    await overdueBy(late.requestId, 1);
    expect((await scan()).opened).toBe(0);
    const refused = await gql(
      'tehran.manager',
      `mutation { setFollowUpSettings(input: { overdue: true, notFixed: true, repeatCall: true, returnedTwice: true,
        warnAtPercent: 100 }) { __typename ... on InputError { field } } }`,
    );
    expect(field(refused, 'setFollowUpSettings')).toEqual({ __typename: 'InputError', field: 'input.warnAtPercent' });
  });
});

describe('warning the unit before the due time', () => {
  it('is set at registration on the SLA clock and given once by the scan', async () => {
    const fresh = await registered();
    const [row] = await asOwner((tx) =>
      tx.select().from(requestTable).where(eq(requestTable.requestId, fresh.requestId)),
    );
    if (!row) throw new Error('no request');
    const calendar = await tenantDirectory(t.registry).calendarOf(tehran);
    // water.pipe_burst: 180 minutes around the clock; the company warns at 80 %.
    expect(row.warnAt?.toISOString()).toBe(dueAt(row.registeredAt, 144, 'calendar', calendar).toISOString());
    await asOwner((tx) =>
      tx
        .update(requestTable)
        .set({ warnAt: new Date(Date.now() - 60_000) })
        .where(eq(requestTable.requestId, fresh.requestId)),
    );
    expect((await scan()).warned).toBeGreaterThanOrEqual(1);
    await scan();
    const warned = (await historyOf(fresh.requestId)).filter((e) => (e.detail as { step: string }).step === 'warned');
    expect(warned).toHaveLength(1);
    expect(await casesOf(fresh.requestId)).toEqual([]);
  });
});

describe('working a case', () => {
  it('asks the unit, checks its answer (returned once, then accepted), calls and answers the customer, closes it', async () => {
    const late = await registered();
    await overdueBy(late.requestId, 5);
    await scan();
    const [opened] = await casesOf(late.requestId);
    const id = globalId('FollowUpCase', opened?.caseId ?? '');

    // Closing with the unit still asked is refused; asking needs a note and a time ahead.
    expect(
      await actOn('tehran.follow-up', { caseId: id, action: 'ASK_UNIT', note: 'x', agreedDueAt: inHours(-1) }),
    ).toMatchObject({ __typename: 'InputError', field: 'agreedDueAt' });
    const asked = await actOn('tehran.follow-up', {
      caseId: id,
      action: 'ASK_UNIT',
      note: 'لطفاً تا فردا ظهر رسیدگی شود',
      agreedDueAt: inHours(20),
    });
    expect(asked.data).toMatchObject({
      state: 'WAITING_UNIT',
      allowedActions: ['REMIND', 'CALLBACK', 'ANSWER_CUSTOMER', 'NOTE', 'ESCALATE'],
    });
    expect(await actOn('tehran.follow-up', { caseId: id, action: 'CLOSE', result: 'FIXED' })).toMatchObject({
      __typename: 'ConflictError',
      field: 'action',
    });
    // The unit of the request answers; another unit's staff cannot; the officer cannot answer for the unit.
    expect(codes(await gql('tehran.crew', '{ followUpWorklist { id } }'))).toEqual([]);
    expect(codes(await gql('tehran.follow-up', answer, { id, note: 'x' }))).toEqual(['FORBIDDEN']);
    const first = field<Outcome>(await gql('tehran.unit', answer, { id, note: 'اکیپ اعزام شد' }), 'answerFollowUpCase');
    expect(first.data?.state).toBe('ANSWERED');
    const returned = await actOn('tehran.follow-up', {
      caseId: id,
      action: 'RETURN_ANSWER',
      note: 'مشترک می‌گوید هنوز نشتی هست',
      agreedDueAt: inHours(6),
    });
    expect(returned.data?.state).toBe('WAITING_UNIT');
    await gql('tehran.unit', answer, { id, note: 'لوله تعویض شد' });
    const accepted = await actOn('tehran.follow-up', { caseId: id, action: 'ACCEPT_ANSWER' });
    expect(accepted.data?.state).toBe('OPEN');

    // The customer: a call back that reached no one, then an SMS through section (d), then closed.
    expect(await actOn('tehran.follow-up', { caseId: id, action: 'CALLBACK', note: 'پاسخ نداد' })).toMatchObject({
      __typename: 'InputError',
      field: 'outcome',
    });
    await actOn('tehran.follow-up', { caseId: id, action: 'CALLBACK', outcome: 'NO_ANSWER', note: 'پاسخ نداد' });
    const texted = await actOn('tehran.follow-up', {
      caseId: id,
      action: 'ANSWER_CUSTOMER',
      text: 'مشترک گرامی، لولهٔ آسیب‌دیده تعویض شد. آبفا',
    });
    expect(texted.__typename).toBe('ActOnFollowUpCaseSuccess');
    const [sms] = await asOwner((tx) =>
      tx
        .select()
        .from(message)
        .where(and(eq(message.requestId, late.requestId), eq(message.kind, 'custom'))),
    );
    expect(sms).toMatchObject({ recipient: '+989121234567', lane: 'transactional', state: 'queued' });
    const closed = await actOn('tehran.follow-up', {
      caseId: id,
      action: 'CLOSE',
      result: 'FIXED',
      note: 'تأیید مشترک',
    });
    expect(closed.data).toMatchObject({ state: 'CLOSED', result: 'FIXED', allowedActions: [] });
    expect(closed.data?.steps.map((s) => s.kind)).toEqual([
      'OPENED',
      'ASK_UNIT',
      'UNIT_ANSWER',
      'RETURN_ANSWER',
      'UNIT_ANSWER',
      'ACCEPT_ANSWER',
      'CALLBACK',
      'ANSWER_CUSTOMER',
      'CLOSE',
    ]);
    // Every step is in the request's history too, with the unit's and the officer's words.
    const history = await historyOf(late.requestId);
    expect(history.map((e) => (e.detail as { step: string }).step)).toEqual([
      'opened',
      'ask_unit',
      'unit_answer',
      'return_answer',
      'unit_answer',
      'accept_answer',
      'callback',
      'answer_customer',
      'close',
    ]);
    expect(history.map((e) => e.note)).toContain('لوله تعویض شد');
    // Closed: nothing more, not even a note.
    expect(await actOn('tehran.follow-up', { caseId: id, action: 'NOTE', note: 'x' })).toMatchObject({
      __typename: 'ConflictError',
    });
  });

  it('refuses those without the permission: an agent works no case; a unit answers only its own', async () => {
    const late = await registered();
    await overdueBy(late.requestId, 1);
    await scan();
    const [opened] = await casesOf(late.requestId);
    const id = globalId('FollowUpCase', opened?.caseId ?? '');
    expect(codes(await gql('tehran.agent', act, { input: { caseId: id, action: 'NOTE', note: 'x' } }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await gql('tehran.agent', worklist))).toEqual(['FORBIDDEN']);
    await actOn('tehran.follow-up', { caseId: id, action: 'ASK_UNIT', note: 'x', agreedDueAt: inHours(2) });
    // Another company's staff: the case does not exist for them.
    const foreign = field<Outcome>(await gql('isfahan.manager', answer, { id, note: 'x' }), 'answerFollowUpCase');
    expect(foreign).toMatchObject({ __typename: 'NotFoundError' });
    expect(await casesOf(late.requestId)).toMatchObject([{ state: 'waiting_unit' }]);
  });
});

describe('escalation and notifications', () => {
  const notifications = `{ notifications(first: 100) { kind level read request { id } followUpCase { id } unit { code } }
    unreadNotificationCount }`;
  type Told = {
    kind: string;
    level: number | null;
    read: boolean;
    request: { id: string };
    unit: { code: string } | null;
  };
  const toldAbout = async (who: string, requestId: string) =>
    field<Told[]>(await gql(who, notifications), 'notifications').filter((n) => n.request.id === requestId);

  it('a late request’s unit is told; its case climbs the ladder when a rung’s time runs out, each rung told', async () => {
    const late = await registered();
    await overdueBy(late.requestId, 1);
    expect(await scan()).toMatchObject({ opened: 1, scheduled: 1, raised: 0 });
    const [opened] = await casesOf(late.requestId);
    // The first rung (the unit) has 8 hours on the request's clock (around the clock: a burst pipe) from its opening.
    expect(opened?.escalationLevel).toBe(1);
    expect(opened?.escalateAt?.getTime()).toBe((opened?.openedAt.getTime() ?? 0) + 8 * 3_600_000);
    expect((await toldAbout('tehran.unit', late.id)).map((n) => n.kind)).toEqual(['OVERDUE']);

    // The rung's time runs out: the district office is told (for Eslamshahr, the district itself).
    await asOwner((tx) =>
      tx
        .update(followUpCase)
        .set({ escalateAt: new Date(Date.now() - 1000) })
        .where(eq(followUpCase.caseId, opened?.caseId ?? '')),
    );
    expect(await scan()).toMatchObject({ raised: 1 });
    const [second] = await casesOf(late.requestId);
    expect(second).toMatchObject({ escalationLevel: 2 });
    expect(second?.escalateAt?.getTime()).toBeGreaterThan(Date.now() + 15 * 3_600_000);
    expect((await toldAbout('tehran.unit', late.id)).map((n) => [n.kind, n.level, n.unit?.code])).toEqual([
      ['ESCALATED', 2, 'district-eslamshahr'],
      ['OVERDUE', null, 'district-eslamshahr'],
    ]);
    // A team under the district sees none of it; company-wide staff see only what is addressed to their role.
    expect(await toldAbout('tehran.crew', late.id)).toEqual([]);
    expect(await toldAbout('tehran.follow-up', late.id)).toEqual([]);

    // By hand, up to the CEO: the headquarters, then the executive; no rung above the last.
    const id = globalId('FollowUpCase', opened?.caseId ?? '');
    expect(
      (await actOn('tehran.follow-up', { caseId: id, action: 'ESCALATE', note: 'بی‌پاسخ مانده' })).data,
    ).toMatchObject({
      state: 'OPEN',
    });
    const top = await actOn('tehran.follow-up', { caseId: id, action: 'ESCALATE' });
    expect(top.__typename).toBe('ActOnFollowUpCaseSuccess');
    expect(await actOn('tehran.follow-up', { caseId: id, action: 'ESCALATE' })).toMatchObject({
      __typename: 'ConflictError',
      field: 'action',
    });
    const [last] = await casesOf(late.requestId);
    expect(last).toMatchObject({ escalationLevel: 4, escalateAt: null });
    expect((await toldAbout('tehran.executive', late.id)).map((n) => [n.kind, n.level, n.read])).toEqual([
      ['ESCALATED', 4, false],
    ]);
    // Read: the bell goes quiet for that person only.
    const marked = await gql(
      'tehran.executive',
      'mutation { markNotificationsRead { ... on MarkNotificationsReadSuccess { data } } }',
    );
    expect(field<{ data: number }>(marked, 'markNotificationsRead').data).toBeGreaterThanOrEqual(1);
    const after = await gql('tehran.executive', notifications);
    expect(after.data?.unreadNotificationCount).toBe(0);
    expect((await gql('tehran.unit', notifications)).data?.unreadNotificationCount).toBeGreaterThanOrEqual(2);
  });

  it('sets the company’s ladder, refused by field when a rung has no time', async () => {
    const settings = `mutation($ladder: [EscalationRungInput!]) { setFollowUpSettings(input: { overdue: true,
      notFixed: true, repeatCall: true, returnedTwice: true, warnAtPercent: 80, ladder: $ladder }) {
      __typename ... on SetFollowUpSettingsSuccess { data { ladder { level target minutes } } }
      ... on InputError { field } } }`;
    const bad = await gql('tehran.manager', settings, { ladder: [{ target: 'UNIT' }, { target: 'EXECUTIVE' }] });
    expect(field(bad, 'setFollowUpSettings')).toEqual({ __typename: 'InputError', field: 'input.ladder.0.minutes' });
    const good = await gql('tehran.manager', settings, {
      ladder: [
        { target: 'UNIT', minutes: 120 },
        { target: 'EXECUTIVE', minutes: 999 },
      ],
    });
    expect(field<{ data: unknown }>(good, 'setFollowUpSettings').data).toEqual({
      ladder: [
        { level: 1, target: 'UNIT', minutes: 120 },
        { level: 2, target: 'EXECUTIVE', minutes: null },
      ],
    });
  });
});

describe('duty mobiles told by SMS', () => {
  const settings = `mutation($sms: [EscalationSmsRecipientInput!], $ladder: [EscalationRungInput!]) {
    setFollowUpSettings(input: { overdue: true, notFixed: true, repeatCall: true, returnedTwice: true,
      warnAtPercent: 80, ladder: $ladder, smsRecipients: $sms }) {
      __typename ... on SetFollowUpSettingsSuccess { data { smsRecipients { level mobile unitId } } }
      ... on InputError { field } } }`;
  const smsTo = (mobile: string) =>
    asOwner((tx) =>
      tx
        .select({ body: message.body, lane: message.lane })
        .from(message)
        .where(and(eq(message.recipient, mobile), eq(message.kind, 'custom'))),
    );

  it('are refused by field, and told of a late request’s case (rung 1) and of each rise to their rung', async () => {
    for (const [sms, wrong] of [
      [[{ level: 1, mobile: '0912' }], 'input.smsRecipients.0.mobile'],
      [[{ level: 9, mobile: '09120000001' }], 'input.smsRecipients.0.level'],
      [[{ level: 2, mobile: '09120000001', unitId: globalId('Unit', tehran) }], 'input.smsRecipients.0.unitId'],
      [
        [
          { level: 2, mobile: '09120000001' },
          { level: 2, mobile: '+989120000001' },
        ],
        'input.smsRecipients.1.mobile',
      ],
    ] as const)
      expect(field(await gql('tehran.manager', settings, { sms }), 'setFollowUpSettings')).toEqual({
        __typename: 'InputError',
        field: wrong,
      });
    // Not for the follow-up officer: configuring is the centre manager's.
    const refused = await gql('tehran.follow-up', settings, { sms: [] });
    expect((refused.errors ?? []).map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);

    const set = await gql('tehran.manager', settings, {
      sms: [
        { level: 1, mobile: '09120000001', unitId: units['district-eslamshahr'] },
        { level: 1, mobile: '09120000002', unitId: units['district-varamin'] },
        { level: 3, mobile: '09120000003' },
      ],
    });
    expect(field<{ data: { smsRecipients: unknown[] } }>(set, 'setFollowUpSettings').data.smsRecipients).toEqual([
      { level: 1, mobile: '+989120000001', unitId: units['district-eslamshahr'] },
      { level: 1, mobile: '+989120000002', unitId: units['district-varamin'] },
      { level: 3, mobile: '+989120000003', unitId: null },
    ]);

    const late = await registered();
    await overdueBy(late.requestId, 1);
    expect(await scan()).toMatchObject({ opened: 1 });
    // The breach: Eslamshahr's duty mobile, not Shemiranat's; the request's code, never the customer.
    const told = await smsTo('+989120000001');
    expect(told).toHaveLength(1);
    expect(told[0]?.body).toContain(formatTrackingCode(late.trackingCode));
    expect(told[0]).toMatchObject({ lane: 'transactional' });
    expect(told[0]?.body).not.toContain('09121234567');
    expect(await smsTo('+989120000002')).toEqual([]);

    const [opened] = await casesOf(late.requestId);
    const id = globalId('FollowUpCase', opened?.caseId ?? '');
    await actOn('tehran.follow-up', { caseId: id, action: 'ESCALATE' });
    expect(await smsTo('+989120000003')).toEqual([]);
    await actOn('tehran.follow-up', { caseId: id, action: 'ESCALATE' });
    expect((await smsTo('+989120000003')).map((m) => m.body)).toEqual([expect.stringContaining('سطح ۳')]);

    // Saving the settings without them keeps them (a screen that does not show them cannot wipe them).
    const kept = await gql('tehran.manager', settings, {});
    expect(field<{ data: { smsRecipients: unknown[] } }>(kept, 'setFollowUpSettings').data.smsRecipients).toHaveLength(
      3,
    );
  });
});

describe('the managers’ overview', () => {
  it('counts open cases by rung and by unit, past due among them; a unit sees only its own', async () => {
    const late = await registered();
    await overdueBy(late.requestId, 2);
    const early = await registered();
    expect(await scan()).toMatchObject({ opened: 1 });
    await gql('tehran.follow-up', openByHand, { id: early.id, reason: 'مشترک دوباره تماس گرفت' });
    const [opened] = await casesOf(late.requestId);
    await actOn('tehran.follow-up', { caseId: globalId('FollowUpCase', opened?.caseId ?? ''), action: 'ESCALATE' });
    const query = `{ escalationOverview { level target open pastDue }
      followUpByUnit { unitId unitCode open waitingUnit answered pastDue highestLevel } }`;
    const seen = (await gql('tehran.manager', query)).data as {
      escalationOverview: { level: number; target: string; open: number; pastDue: number }[];
      followUpByUnit: { unitCode: string | null; open: number; pastDue: number; highestLevel: number }[];
    };
    expect(seen.escalationOverview).toEqual([
      { level: 1, target: 'unit', open: 1, pastDue: 0 },
      { level: 2, target: 'district', open: 1, pastDue: 1 },
      { level: 3, target: 'company', open: 0, pastDue: 0 },
      { level: 4, target: 'executive', open: 0, pastDue: 0 },
    ]);
    expect(seen.followUpByUnit).toEqual([
      {
        unitId: units['district-eslamshahr'],
        unitCode: 'district-eslamshahr',
        open: 2,
        waitingUnit: 0,
        answered: 0,
        pastDue: 1,
        highestLevel: 2,
      },
    ]);
    // Another unit's staff see none of these.
    const crew = (await gql('tehran.crew', '{ followUpByUnit { open } }')).data as { followUpByUnit: unknown[] };
    expect(crew.followUpByUnit).toEqual([]);
  });
});

describe('the worklist', () => {
  it('orders by urgency (hours late × priority weight + 24 a further call), and a unit sees only its own', async () => {
    const a = await registered({ priority: 'LOW', priorityReason: 'آزمون' });
    const b = await registered();
    await overdueBy(a.requestId, 10);
    await overdueBy(b.requestId, 3);
    await scan();
    const seen = field<{ id: string; urgency: number; request: { id: string } }[]>(
      await gql('tehran.follow-up', worklist),
      'followUpWorklist',
    );
    const order = seen.map((c) => c.request.id);
    // b: critical ×4 × 3 h = 12 ≥ a: low ×1 × 10 h = 10.
    expect(order.indexOf(b.id)).toBeLessThan(order.indexOf(a.id));
    const urgencies = seen.map((c) => c.urgency);
    expect([...urgencies].sort((x, y) => y - x)).toEqual(urgencies);
    const crew = field<unknown[]>(await gql('tehran.crew', worklist), 'followUpWorklist');
    expect(crew).toEqual([]);
    const unit = field<{ request: { id: string } }[]>(await gql('tehran.unit', worklist), 'followUpWorklist');
    expect(unit.map((c) => c.request.id).sort()).toEqual([a.id, b.id].sort());
  });
});
