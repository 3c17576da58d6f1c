import { complaint, complaintEvent, message, type Tx, withTenant } from '@abfa/schema';
import { scanFollowUps, tenantDirectory } from '@abfa/server';
import { and, eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';

/**
 * Complaints (ISO 10002) through the API: registered by an agent (acknowledged by SMS with the tracking code in the
 * same transaction) or by the سامد integration (once per its reference), moved through every stage with its
 * deadline, refused out of order, appealed one level up, reopened only within the window.
 */

let db: TestDatabase;
let t: TestApp;
let tehran: string;
const units: Record<string, string> = {};

type Body = { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
async function gql(who: string | Record<string, string>, query: string, variables?: Record<string, unknown>) {
  const auth = typeof who === 'string' ? await t.bearer(who) : who;
  const response = await request(t.app).post('/graphql').set(auth).send({ query, variables });
  return response.body as Body;
}
const rawId = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1] ?? '';

const fields = `id trackingCode stage stageDueAt overdue severity appealLevel response satisfaction externalRef
  unit { code } requests { id } events { action fromStage toStage note }`;
const register = `mutation($input: ComplaintInput!) { registerComplaint(input: $input) {
  __typename ... on RegisterComplaintSuccess { data { ${fields} } } ... on Error { code field messageFa } } }`;
const act = `mutation($input: ComplaintActionInput!) { actOnComplaint(input: $input) {
  __typename ... on ActOnComplaintSuccess { data { ${fields} } } ... on Error { code field messageFa } } }`;

interface ComplaintView {
  id: string;
  requests: { id: string }[];
  trackingCode: string;
  stage: string;
  stageDueAt: string | null;
  appealLevel: number;
  response: string | null;
  externalRef: string | null;
  events: { action: string; toStage: string | null }[];
}
type Outcome = { __typename: string; field?: string; data?: ComplaintView };
const registered = async (who: string | Record<string, string>, input: Record<string, unknown>) =>
  field<Outcome>(await gql(who, register, { input }), 'registerComplaint');
const acted = async (input: Record<string, unknown>, who = 'tehran.follow-up') =>
  field<Outcome>(await gql(who, act, { input }), 'actOnComplaint');

function asOwner<T>(work: (tx: Tx) => Promise<T>) {
  return db.owner.root.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tehran}, true)`);
    return work(tx);
  });
}

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

describe('receiving a complaint', () => {
  it('an agent registers it: numbered apart from requests, acknowledged by SMS with its code in the same transaction', async () => {
    const made = await registered('tehran.agent', {
      subject: 'EMPLOYEE_CONDUCT',
      channel: 'PHONE',
      description: 'مأمور قرائت با مشترک بدرفتاری کرد',
      complainantName: 'مریم احمدی',
      complainantMobile: '۰۹۱۲۱۱۱۲۲۳۳',
    });
    expect(made.data).toMatchObject({ stage: 'ACKNOWLEDGED', appealLevel: 0 });
    expect(made.data?.trackingCode).toMatch(/^1\d{9}$/);
    expect(made.data?.events.map((e) => [e.action, e.toStage])).toEqual([
      ['received', 'RECEIVED'],
      ['acknowledge', 'ACKNOWLEDGED'],
    ]);
    const [sms] = await asOwner((tx) =>
      tx
        .select()
        .from(message)
        .where(and(eq(message.kind, 'complaint_received'), eq(message.recipient, '+989121112233'))),
    );
    expect(sms?.body).toContain(made.data?.trackingCode ?? 'x');
    expect(sms?.body).toMatch(/\/track\?tenant=tehran&t=[0-9a-f]{32}/);
  });

  it('bad input is refused by field and writes nothing: no complaint, no message', async () => {
    const count = async () =>
      asOwner(async (tx) => ({
        complaints: (await tx.select().from(complaint)).length,
        messages: (await tx.select().from(message).where(eq(message.kind, 'complaint_received'))).length,
      }));
    const before = await count();
    expect(
      await registered('tehran.agent', {
        subject: 'BILL',
        channel: 'PHONE',
        description: ' ',
        complainantMobile: '0912',
      }),
    ).toMatchObject({ __typename: 'InputError', field: 'description' });
    expect(
      await registered('tehran.agent', {
        subject: 'BILL',
        channel: 'PHONE',
        description: 'قبض',
        complainantMobile: '0912',
      }),
    ).toMatchObject({ __typename: 'InputError', field: 'complainantMobile' });
    expect(await count()).toEqual(before);
  });

  it('سامد delivers it through the integration: once per its reference, however often it is sent', async () => {
    const samad = { authorization: `Bearer ${await t.serviceToken('tehran-integrator', 'complaints:register')}` };
    const input = {
      subject: 'BILL',
      channel: 'SAMAD',
      description: 'مبلغ قبض این دوره بیش از حد است',
      externalRef: 'SAMAD-1405-778899',
    };
    const first = await registered(samad, input);
    const again = await registered(samad, input);
    expect(first.data?.id).toBe(again.data?.id);
    expect(first.data).toMatchObject({ stage: 'RECEIVED', externalRef: 'SAMAD-1405-778899' });
    const kept = await asOwner((tx) =>
      tx.select().from(complaint).where(eq(complaint.externalRef, 'SAMAD-1405-778899')),
    );
    expect(kept).toHaveLength(1);
  });
});

describe('a retried submit', () => {
  it('answers the complaint it made (one complaint, one SMS); another caller’s reuse of the key is refused', async () => {
    const input = { subject: 'BILL', channel: 'PHONE', description: 'قبض تکراری', complainantMobile: '09121117788' };
    const agent = { ...(await t.bearer('tehran.agent')), 'Idempotency-Key': 'complaint-retry-1' };
    const first = field<Outcome>(await gql(agent, register, { input }), 'registerComplaint');
    const again = field<Outcome>(await gql(agent, register, { input }), 'registerComplaint');
    expect(again.data?.trackingCode).toBe(first.data?.trackingCode);
    const sent = await asOwner((tx) =>
      tx
        .select()
        .from(message)
        .where(and(eq(message.kind, 'complaint_received'), eq(message.recipient, '+989121117788'))),
    );
    expect(sent).toHaveLength(1);
    const other = { ...(await t.bearer('tehran.follow-up')), 'Idempotency-Key': 'complaint-retry-1' };
    expect(field<Outcome>(await gql(other, register, { input }), 'registerComplaint')).toMatchObject({
      __typename: 'ConflictError',
    });

    // The public form: the same key from the same mobile answers the same complaint.
    const body = { subject: 'centre', description: 'کسی جواب نداد', complainantMobile: '09121119900' };
    const filed = await request(t.app)
      .post('/public/tehran/complaints')
      .set('Idempotency-Key', 'public-retry-1')
      .send(body);
    const refiled = await request(t.app)
      .post('/public/tehran/complaints')
      .set('Idempotency-Key', 'public-retry-1')
      .send(body);
    expect(filed.status).toBe(201);
    expect(refiled.body.trackingCode).toBe(filed.body.trackingCode);
    // A staff member's key of the same text never answers a citizen's complaint.
    const staff = { ...(await t.bearer('tehran.agent')), 'Idempotency-Key': 'public-retry-1' };
    const staffMade = field<Outcome>(
      await gql(staff, register, { input: { ...input, complainantMobile: '09121119900' } }),
      'registerComplaint',
    );
    expect(staffMade.data?.trackingCode).not.toBe(filed.body.trackingCode);
  });
});

describe('the citizen', () => {
  it('files a complaint on the web form and follows its stages by its link or its code and mobile, never the notes', async () => {
    const refused = await request(t.app)
      .post('/public/tehran/complaints')
      .send({ subject: 'NOPE', description: '', complainantMobile: '' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'complainantMobile',
      'description',
      'subject',
    ]);
    const filed = await request(t.app).post('/public/tehran/complaints').send({
      subject: 'bill',
      description: 'قبض من دو برابر شده است',
      complainantMobile: '09121115566',
      complainantName: 'رضا',
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      kind: 'complaint',
      trackPath: expect.stringMatching(/^\/track\?tenant=tehran&t=/),
    });
    const [kept] = await asOwner((tx) =>
      tx.select().from(complaint).where(eq(complaint.trackingCode, filed.body.trackingCode)),
    );
    expect(kept).toMatchObject({ channel: 'web', stage: 'acknowledged', complainantMobile: '+989121115566' });
    const id = Buffer.from(`Complaint:${kept?.complaintId}`).toString('base64');
    await acted({ complaintId: id, action: 'ASSESS', severity: 'MEDIUM', unitId: units['district-eslamshahr'] });
    await acted({ complaintId: id, action: 'INVESTIGATE', note: 'یادداشت داخلی: کنتور خراب است' });

    const byLink = await request(t.app).post('/public/tehran/status').send({ token: filed.body.publicToken });
    expect(byLink.status).toBe(200);
    expect(byLink.body).toMatchObject({ kind: 'complaint', stage: 'investigating', response: null });
    // Received, acknowledged, assessed and under investigation: the response is what is being worked towards.
    expect(byLink.body.stages.map((x: { state: string }) => x.state)).toEqual([
      'done',
      'done',
      'done',
      'done',
      'current',
      'next',
      'next',
    ]);
    expect(JSON.stringify(byLink.body)).not.toContain('یادداشت داخلی');
    expect(JSON.stringify(byLink.body)).not.toContain('district');
    const byCode = await request(t.app)
      .post('/public/tehran/status')
      .send({ trackingCode: filed.body.trackingCode, mobile: '09121115566' });
    expect(byCode.body).toMatchObject({ kind: 'complaint', trackingCode: filed.body.trackingCode });
    await acted({ complaintId: id, action: 'DECIDE_RESPONSE', response: 'قبض اصلاح شد.' });
    const before = await request(t.app).post('/public/tehran/status').send({ token: filed.body.publicToken });
    expect(before.body.response).toBeNull();
    await acted({ complaintId: id, action: 'COMMUNICATE_RESPONSE' });
    const after = await request(t.app).post('/public/tehran/status').send({ token: filed.body.publicToken });
    expect(after.body).toMatchObject({ stage: 'responded', response: 'قبض اصلاح شد.' });
  });
});

describe('the requests it concerns', () => {
  it('links the company’s own requests, at registration or later; never another company’s', async () => {
    const newRequest = async (who: string) => {
      const body = await gql(
        who,
        `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
          ... on RegisterRequestSuccess { data { id } } } }`,
        { input: { categoryCode: 'water.pipe_burst', channel: 'PHONE', description: 'ترکیدگی لوله' } },
      );
      return field<{ data: { id: string } }>(body, 'registerRequest').data.id;
    };
    const ours = await newRequest('tehran.agent');
    const later = await newRequest('tehran.agent');
    const theirs = await newRequest('isfahan.agent');
    const made = await registered('tehran.agent', {
      subject: 'UNIT_WORK',
      channel: 'PHONE',
      description: 'دو بار تماس گرفتم و کسی نیامد',
      requestIds: [ours],
    });
    expect(made.data?.requests.map((r) => r.id)).toEqual([ours]);
    const link = `mutation($id: ID!, $ids: [ID!]!) { linkComplaintRequests(complaintId: $id, requestIds: $ids) {
      __typename ... on LinkComplaintRequestsSuccess { data { requests { id } } } ... on Error { field } } }`;
    const refused = field<{ __typename: string; field?: string }>(
      await gql('tehran.follow-up', link, { id: made.data?.id, ids: [theirs] }),
      'linkComplaintRequests',
    );
    expect(refused).toMatchObject({ __typename: 'InputError', field: 'requestIds' });
    const linked = field<{ data: { requests: { id: string }[] } }>(
      await gql('tehran.follow-up', link, { id: made.data?.id, ids: [later] }),
      'linkComplaintRequests',
    );
    expect(linked.data.requests.map((r) => r.id).sort()).toEqual([ours, later].sort());
  });
});

describe('handling a complaint', () => {
  it('goes through every stage with its deadline, the response sent to the complainant, closed with satisfaction', async () => {
    const made = await registered('tehran.agent', {
      subject: 'UNIT_WORK',
      channel: 'WEB',
      description: 'تعمیر خیابان پس از حفاری انجام نشده است',
      complainantMobile: '09121113344',
    });
    const id = made.data?.id ?? '';
    expect(made.data?.stageDueAt).not.toBeNull();
    // Out of order: refused.
    expect(await acted({ complaintId: id, action: 'CLOSE' })).toMatchObject({
      __typename: 'ConflictError',
      field: 'action',
    });
    expect(await acted({ complaintId: id, action: 'ASSESS', unitId: units['district-eslamshahr'] })).toMatchObject({
      __typename: 'InputError',
      field: 'severity',
    });
    const assessed = await acted({
      complaintId: id,
      action: 'ASSESS',
      severity: 'HIGH',
      unitId: units['district-eslamshahr'],
    });
    expect(assessed.data).toMatchObject({ stage: 'ASSESSED', unit: { code: 'district-eslamshahr' } });
    await acted({ complaintId: id, action: 'INVESTIGATE', note: 'از امور اسلامشهر گزارش خواسته شد' });
    expect(await acted({ complaintId: id, action: 'DECIDE_RESPONSE' })).toMatchObject({ field: 'response' });
    const decided = await acted({
      complaintId: id,
      action: 'DECIDE_RESPONSE',
      response: 'آسفالت محل تا پایان هفته ترمیم می‌شود. آبفا',
    });
    expect(decided.data?.stage).toBe('RESPONSE_DECIDED');
    const communicated = await acted({ complaintId: id, action: 'COMMUNICATE_RESPONSE' });
    expect(communicated.data?.stage).toBe('RESPONDED');
    const [sms] = await asOwner((tx) =>
      tx
        .select()
        .from(message)
        .where(and(eq(message.kind, 'custom'), eq(message.recipient, '+989121113344'))),
    );
    expect(sms?.body).toBe('آسفالت محل تا پایان هفته ترمیم می‌شود. آبفا');
    expect(await acted({ complaintId: id, action: 'CLOSE', satisfaction: 7 })).toMatchObject({ field: 'satisfaction' });
    const closed = await acted({ complaintId: id, action: 'CLOSE', satisfaction: 4 });
    expect(closed.data).toMatchObject({ stage: 'CLOSED', satisfaction: 4, stageDueAt: null });

    // Not satisfied: an appeal takes it one level up, back to assessment, the response withdrawn.
    expect(await acted({ complaintId: id, action: 'APPEAL' })).toMatchObject({ field: 'note' });
    const appealed = await acted({ complaintId: id, action: 'APPEAL', note: 'مشترک پاسخ را نپذیرفت' });
    expect(appealed.data).toMatchObject({ stage: 'ASSESSED', appealLevel: 1, response: null });
    expect(appealed.data?.events.map((e) => e.action)).toEqual([
      'received',
      'acknowledge',
      'assess',
      'investigate',
      'decideResponse',
      'communicateResponse',
      'close',
      'appeal',
    ]);
  });

  it('reopens only within the window after closing; handling needs its permission', async () => {
    const made = await registered('tehran.agent', {
      subject: 'CENTRE',
      channel: 'PHONE',
      description: 'پاسخگو تلفن را قطع کرد',
    });
    const id = made.data?.id ?? '';
    for (const [action, extra] of [
      ['ACKNOWLEDGE', {}],
      ['ASSESS', { severity: 'LOW', unitId: units['district-eslamshahr'] }],
      ['INVESTIGATE', {}],
      ['DECIDE_RESPONSE', { response: 'با همکار گفت‌وگو شد' }],
      ['COMMUNICATE_RESPONSE', {}],
      ['CLOSE', {}],
    ] as const)
      expect((await acted({ complaintId: id, action, ...extra })).__typename).toBe('ActOnComplaintSuccess');
    await asOwner((tx) =>
      tx
        .update(complaint)
        .set({ closedAt: new Date(Date.now() - 31 * 86_400_000) })
        .where(eq(complaint.complaintId, rawId(id))),
    );
    expect(await acted({ complaintId: id, action: 'REOPEN', note: 'دوباره' })).toMatchObject({
      __typename: 'ConflictError',
    });
    const body = await gql('tehran.agent', act, { input: { complaintId: id, action: 'NOTE', note: 'x' } });
    expect((body.errors ?? []).map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const notes = await asOwner((tx) => tx.select().from(complaintEvent).where(eq(complaintEvent.action, 'note')));
    expect(notes.filter((n) => n.complaintId === rawId(id))).toEqual([]);
  });
});

describe('the ladder and the overview', () => {
  const national = `{ national { lastLevelComplaints { id trackingCode stage appealLevel overdue company { code }
    unitFa } } }`;
  const lastLevel = async () =>
    field<{ lastLevelComplaints: Record<string, unknown>[] }>(await gql('nwwec.supervisor', national), 'national')
      .lastLevelComplaints;

  it('shows staff the actions its stage allows and its stages with the current deadline', async () => {
    const made = await registered('tehran.agent', { subject: 'BILL', channel: 'PHONE', description: 'قبض دوبار آمد' });
    const query = `query($id: ID!) { node(id: $id) { ... on Complaint { stage allowedActions
      progress { stage state dueAt } stageDueAt } } }`;
    const seen = field<{
      allowedActions: string[];
      progress: { stage: string; state: string; dueAt: string | null }[];
    }>(await gql('tehran.follow-up', query, { id: made.data?.id }), 'node');
    expect(seen.allowedActions).toEqual(['ACKNOWLEDGE', 'NOTE']);
    expect(seen.progress.map((p) => p.state)).toEqual(['DONE', 'CURRENT', 'NEXT', 'NEXT', 'NEXT', 'NEXT', 'NEXT']);
    expect(seen.progress[1]).toMatchObject({ stage: 'ACKNOWLEDGED', dueAt: made.data?.stageDueAt });
  });

  it('appealed to the last rung, the national office sees it — never the complainant or their words', async () => {
    const made = await registered('tehran.agent', {
      subject: 'EMPLOYEE_CONDUCT',
      channel: 'PHONE',
      description: 'مأمور قرائت کنتور بی‌ادبی کرد',
      complainantName: 'مریم رضایی',
    });
    const id = made.data?.id ?? '';
    await acted({ complaintId: id, action: 'ACKNOWLEDGE' });
    for (let appeal = 1; appeal <= 3; appeal += 1) {
      expect((await lastLevel()).map((k) => k.id)).not.toContain(rawId(id));
      for (const [action, extra] of [
        ['ASSESS', { severity: 'HIGH', unitId: units['district-eslamshahr'] }],
        ['INVESTIGATE', {}],
        ['DECIDE_RESPONSE', { response: 'با مأمور برخورد شد' }],
        ['COMMUNICATE_RESPONSE', {}],
        ['APPEAL', { note: 'شاکی نپذیرفت' }],
      ] as const) {
        // An appeal brings it back assessed, one level up: investigated again from there.
        if (action === 'ASSESS' && appeal > 1) continue;
        expect((await acted({ complaintId: id, action, ...extra })).__typename).toBe('ActOnComplaintSuccess');
      }
    }
    const seen = await lastLevel();
    const mine = seen.find((k) => k.id === rawId(id));
    expect(mine).toMatchObject({ stage: 'ASSESSED', appealLevel: 3, company: { code: 'tehran' } });
    expect(JSON.stringify(seen)).not.toMatch(/مریم|بی‌ادبی|نپذیرفت|\+98/);
    // The company's managers count it at the last rung too.
    const overview = field<{ stage: string; open: number; atLastLevel: number }[]>(
      await gql('tehran.manager', '{ complaintOverview { stage open overdue atLastLevel } }'),
      'complaintOverview',
    );
    expect(overview.find((o) => o.stage === 'ASSESSED')?.atLastLevel).toBeGreaterThanOrEqual(1);
    expect(overview.map((o) => o.stage)).not.toContain('CLOSED');
    // A company's staff cannot read the national list.
    const refused = await gql('tehran.manager', national);
    expect((refused.errors ?? []).map((e) => e.extensions?.code)).toContain('FORBIDDEN');
  });

  it('a stage’s deadline passed: the handlers are told once by the scan, the units not at all', async () => {
    const made = await registered('tehran.agent', { subject: 'CENTRE', channel: 'LETTER', description: 'نامه بی‌پاسخ' });
    const id = made.data?.id ?? '';
    await asOwner((tx) =>
      tx
        .update(complaint)
        .set({ stageDueAt: new Date(Date.now() - 60_000) })
        .where(eq(complaint.complaintId, rawId(id))),
    );
    const scan = async () => {
      const calendar = await tenantDirectory(t.registry).calendarOf(tehran);
      return withTenant(db.api.root, { tenantId: tehran, actor: 'test' }, (tx) => scanFollowUps(tx, tehran, calendar));
    };
    expect((await scan()).complaintsLate).toBeGreaterThanOrEqual(1);
    expect((await scan()).complaintsLate).toBe(0);
    const bell = '{ notifications(first: 100) { kind level request { id } complaint { id trackingCode } } }';
    for (const who of ['tehran.follow-up', 'tehran.manager']) {
      const told = field<{ kind: string; complaint: { id: string } | null }[]>(await gql(who, bell), 'notifications');
      expect(told.filter((n) => n.complaint?.id === id).map((n) => n.kind)).toEqual(['COMPLAINT_OVERDUE']);
    }
    const unit = field<{ complaint: { id: string } | null }[]>(await gql('tehran.unit', bell), 'notifications');
    expect(unit.filter((n) => n.complaint)).toEqual([]);
    // Moved on to its next stage, a new deadline: told again only if that one passes too.
    expect((await acted({ complaintId: id, action: 'ACKNOWLEDGE' })).__typename).toBe('ActOnComplaintSuccess');
    expect((await scan()).complaintsLate).toBe(0);
  });
});
