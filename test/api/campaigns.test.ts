import { campaign, message, messagingAccount, subscriber, type Tx, unit } from '@abfa/schema';
import {
  createJobRunner,
  createLogger,
  credentialsCipher,
  LocalSmsProvider,
  platformTasks,
  providerDirectory,
  quietUntil,
} from '@abfa/server';
import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';
import { rows } from '../support/sql.js';

/**
 * Campaigns (targeted information) end to end through the API and the platform's runner: an information officer
 * prepares one for an area, previews its reach and cost, submits it; the centre manager — never its preparer —
 * approves it or sends it back; the jobs send it outside quiet hours (emergencies aside), leaving out whoever opted
 * out, within the account's campaign share of its rate, behind transactional messages.
 */

let db: TestDatabase;
let t: TestApp;
let tehran: string;
const units: Record<string, string> = {};
let local: LocalSmsProvider;
/** 10:00 in Tehran on a working day, and 23:30 (quiet hours). */
const day = new Date('2026-12-08T06:30:00Z');
const night = new Date('2026-12-08T20:00:00Z');
let clock = day;

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  tehran = t.tenantId('tehran');
  const found = await asOwner((tx) => tx.select({ id: unit.unitId, code: unit.code }).from(unit));
  for (const u of found) units[u.code] = u.id;
  // Customers: two in the Eslamshahr district (one of them under its incidents team), one who opted out there, one
  // without a mobile, one in Varamin.
  await asOwner(async (tx) => {
    const customer = (n: string, unitCode: string, mobile: string | null) => ({
      tenantId: tehran,
      subscriptionNumber: `710000${n}`,
      ownerName: `مشترک ${n}`,
      mobile,
      unitId: units[unitCode] ?? null,
    });
    await tx
      .insert(subscriber)
      .values([
        customer('1', 'district-eslamshahr', '+989351000001'),
        customer('2', 'team-eslamshahr-incidents', '+989351000002'),
        customer('3', 'district-eslamshahr', '+989351000003'),
        customer('4', 'district-eslamshahr', null),
        customer('5', 'district-varamin', '+989351000005'),
      ]);
  });
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

beforeEach(async () => {
  local = new LocalSmsProvider();
  clock = day;
  await asOwner(async (tx) => {
    await tx.execute(sql`delete from job where task like 'messaging.%'`);
    await tx.execute(sql`delete from message`);
    await tx.execute(sql`delete from campaign_recipient`);
    await tx.execute(sql`delete from campaign`);
    await tx.execute(sql`delete from message_opt_out`);
    await tx.execute(sql`insert into message_opt_out (tenant_id, recipient, source, created_by)
                         values (${tehran}, '+989351000003', 'keyword', 'test')`);
    await tx.execute(sql`update messaging_account set active = false`);
    await tx.insert(messagingAccount).values({
      tenantId: tehran,
      provider: 'local',
      sender: '10001523',
      pricePerPart: 120,
      updatedBy: 'test',
    });
  });
});

function asOwner<T>(work: (tx: Tx) => Promise<T>) {
  return db.owner.root.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tehran}, true)`);
    return work(tx);
  });
}

const runner = () =>
  createJobRunner({
    db: db.api.root,
    log: createLogger('silent'),
    tasks: platformTasks({
      providers: providerDirectory({ cipher: credentialsCipher(undefined), local }),
      clock: () => clock,
    }),
    schedules: [],
  });
/** Runs the jobs until none is due (a campaign enqueues itself again after each batch). */
async function drain() {
  for (let i = 0; i < 50; i++) if ((await runner().runOnce()) === 0) return;
  throw new Error('the jobs did not settle');
}
const dueNow = () =>
  db.owner.root.execute(sql`update job set run_at = now() where task like 'messaging.%' and state = 'pending'`);

const gql = async (user: string, query: string, variables: Record<string, unknown> = {}) =>
  request(t.app)
    .post('/graphql')
    .set(await t.bearer(user))
    .send({ query, variables });

const fields =
  'id state title recipients optedOut rejectionReason preparedBy decidedBy progress { sent delivered queued cancelled }';
const mutation = (name: string, args = '$id: ID!', call = 'id: $id') =>
  `mutation(${args}) { ${name}(${call}) { __typename ... on ${name[0]?.toUpperCase()}${name.slice(1)}Success { data { ${fields} } }
    ... on InputError { field message messageFa } ... on ConflictError { message messageFa } ... on NotFoundError { code } } }`;
const create = mutation('createCampaign', '$input: CampaignInput!', 'input: $input');

interface CampaignView {
  id: string;
  state: string;
  recipients: number | null;
  optedOut: number | null;
  rejectionReason: string | null;
  preparedBy: string;
  decidedBy: string | null;
  progress: Record<string, number>;
}
async function act(user: string, query: string, variables: Record<string, unknown>) {
  const { body } = await gql(user, query, variables);
  const name = Object.keys(body.data ?? {})[0] ?? '';
  return field<{ __typename: string; data?: CampaignView; field?: string; message?: string; messageFa?: string }>(
    body,
    name,
  );
}

const eslamshahr = () => ({
  kind: 'UNITS',
  unitIds: [Buffer.from(`Unit:${units['district-eslamshahr']}`).toString('base64')],
});

async function prepared(user = 'tehran.information', extra: Record<string, unknown> = {}) {
  const made = await act(user, create, {
    input: { title: 'قطع آب اسلامشهر', body: '{company}: آب فردا ۱۰ تا ۱۴ قطع است.', audience: eslamshahr(), ...extra },
  });
  if (!made.data) throw new Error(JSON.stringify(made));
  return made.data;
}

describe('preparing and approving', () => {
  it('previews the reach (the area and every unit below, less the opted-out) and the cost as parts × recipients × price', async () => {
    const draft = await prepared();
    const { body } = await gql(
      'tehran.information',
      'query($id: ID!) { node(id: $id) { ... on Campaign { state audience { kind unitIds } preview { recipients optedOut parts encoding cost text } } } }',
      { id: draft.id },
    );
    const seen = body.data.node;
    expect(seen.state).toBe('DRAFT');
    expect(seen.preview).toMatchObject({ recipients: 2, optedOut: 1, encoding: 'UCS-2' });
    expect(seen.preview.cost).toBe(seen.preview.parts * 2 * 120);
    expect(seen.preview.text).toMatch(/^شرکت .*: آب فردا/);
  });

  it('refuses bad input by field: an empty title, another company’s unit, an unknown placeholder', async () => {
    expect(
      await act('tehran.information', create, { input: { title: ' ', body: 'x', audience: eslamshahr() } }),
    ).toMatchObject({
      __typename: 'InputError',
      field: 'title',
    });
    const theirs = (await gql('isfahan.manager', '{ units(first: 1) { nodes { id } } }')).body.data.units.nodes[0]
      .id as string;
    expect(
      await act('tehran.information', create, {
        input: { title: 'x', body: 'x', audience: { kind: 'UNITS', unitIds: [theirs] } },
      }),
    ).toMatchObject({ __typename: 'InputError', field: 'audience.unitIds' });
    expect(
      await act('tehran.information', create, {
        input: { title: 'x', body: '{trackingCode}', audience: eslamshahr() },
      }),
    ).toMatchObject({ __typename: 'InputError', field: 'body' });
  });

  it('maker-checker: the preparer cannot approve their own campaign; another manager can; an officer cannot approve at all', async () => {
    const own = await prepared('tehran.manager');
    expect((await act('tehran.manager', mutation('submitCampaign'), { id: own.id })).data?.state).toBe('SUBMITTED');
    const refused = await act('tehran.manager', mutation('approveCampaign'), { id: own.id });
    expect(refused).toMatchObject({ __typename: 'ConflictError' });
    expect(refused.messageFa).toContain('خودتان تهیه کرده‌اید');
    expect(
      (await act('tehran.manager', mutation('rejectCampaign', '$id: ID!', 'id: $id, reason: "x"'), { id: own.id }))
        .__typename,
    ).toBe('ConflictError');

    const theirs = await prepared();
    await act('tehran.information', mutation('submitCampaign'), { id: theirs.id });
    const officer = await gql('tehran.information', mutation('approveCampaign'), { id: theirs.id });
    expect(officer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const approved = await act('tehran.manager', mutation('approveCampaign'), { id: theirs.id });
    expect(approved.data).toMatchObject({
      state: 'APPROVED',
      decidedBy: 'demo-tehran.manager',
      preparedBy: 'demo-tehran.information',
    });
    const audit = await rows<{ operation: string }>(
      db.owner.root,
      sql`select operation from audit_event where target_type = 'campaign' and target_id = ${Buffer.from(theirs.id, 'base64').toString().split(':')[1]} order by occurred_at`,
    );
    expect(audit.map((a) => a.operation)).toEqual(
      expect.arrayContaining(['mutation createCampaign', 'mutation submitCampaign', 'mutation approveCampaign']),
    );
  });

  it('sent back with a reason it is a draft again, which the preparer changes and submits anew', async () => {
    const draft = await prepared();
    await act('tehran.information', mutation('submitCampaign'), { id: draft.id });
    const back = await act(
      'tehran.manager',
      mutation('rejectCampaign', '$id: ID!', 'id: $id, reason: "ساعت قطع را دقیق بنویسید"'),
      {
        id: draft.id,
      },
    );
    expect(back.data).toMatchObject({ state: 'DRAFT', rejectionReason: 'ساعت قطع را دقیق بنویسید' });
    const changed = await act(
      'tehran.information',
      mutation('updateCampaign', '$id: ID!, $input: CampaignInput!', 'id: $id, input: $input'),
      {
        id: draft.id,
        input: { title: 'قطع آب اسلامشهر', body: 'آب فردا ساعت ۱۰ تا ۱۴ قطع است.', audience: eslamshahr() },
      },
    );
    expect(changed.data?.state).toBe('DRAFT');
    expect((await act('tehran.information', mutation('submitCampaign'), { id: draft.id })).data?.state).toBe(
      'SUBMITTED',
    );
  });
});

async function approved(extra: Record<string, unknown> = {}) {
  const draft = await prepared('tehran.information', extra);
  await act('tehran.information', mutation('submitCampaign'), { id: draft.id });
  const done = await act('tehran.manager', mutation('approveCampaign'), { id: draft.id });
  if (done.data?.state !== 'APPROVED') throw new Error(JSON.stringify(done));
  return draft.id;
}
const stateOf = async (id: string) =>
  (await gql('tehran.information', `query($id: ID!) { node(id: $id) { ... on Campaign { ${fields} } } }`, { id })).body
    .data.node as CampaignView;

describe('sending', () => {
  it('sends once to each reached mobile, never to the opted-out, and ends SENT with its counts', async () => {
    const id = await approved();
    await drain();
    const done = await stateOf(id);
    expect(done).toMatchObject({ state: 'SENT', recipients: 2, optedOut: 1, progress: { sent: 2, queued: 0 } });
    expect(local.taken.map((m) => m.to).sort()).toEqual(['+989351000001', '+989351000002']);
    // Each SMS: the text, then its own opt-out link (the message's reference and the start of its random id).
    const sent = await asOwner((tx) => tx.select().from(message));
    for (const m of local.taken) {
      const own = sent.find((s) => s.recipient === m.to);
      expect(m.text).toBe(
        `${own?.body.split('\n')[0]}\nلغو: http://localhost:4000/o/tehran/${own?.reference}-${own?.messageId.slice(0, 8)}`,
      );
      expect(m.text).toMatch(/آب فردا ۱۰ تا ۱۴ قطع است\.\nلغو: /);
    }
    // Its delivery report per recipient: the campaign's messages, and only them.
    await asOwner((tx) =>
      tx.execute(sql`insert into message (tenant_id, kind, lane, recipient, body, parts, created_by)
                     values (${tehran}, 'custom', 'transactional', '+989351000009', 'x', 1, 'test')`),
    );
    const report = await gql(
      'tehran.information',
      'query($id: ID!) { messages(first: 10, campaignId: $id) { totalCount nodes { state recipientMasked } } }',
      { id },
    );
    expect(report.body.data.messages.totalCount).toBe(2);
    expect(report.body.data.messages.nodes.map((n: { state: string }) => n.state)).toEqual(['SENT', 'SENT']);
  });

  it('a voice campaign calls each reached mobile with the text read as written (no opt-out link), tracked as SMS are', async () => {
    const draft = await prepared('tehran.information', { channel: 'voice' });
    const { body } = await gql(
      'tehran.information',
      'query($id: ID!) { node(id: $id) { ... on Campaign { channel preview { text } } } }',
      { id: draft.id },
    );
    expect(body.data.node.channel).toBe('voice');
    expect(body.data.node.preview.text).not.toMatch(/لغو/);
    await act('tehran.information', mutation('submitCampaign'), { id: draft.id });
    await act('tehran.manager', mutation('approveCampaign'), { id: draft.id });
    await drain();
    expect(local.taken.map((m) => [m.to, m.channel]).sort()).toEqual([
      ['+989351000001', 'voice'],
      ['+989351000002', 'voice'],
    ]);
    expect(local.taken.every((m) => m.text.endsWith('آب فردا ۱۰ تا ۱۴ قطع است.'))).toBe(true);
    expect(await stateOf(draft.id)).toMatchObject({ state: 'SENT', progress: { sent: 2 } });
    const [delivered] = await asOwner((tx) => tx.select({ channel: message.channel }).from(message).limit(1));
    expect(delivered?.channel).toBe('voice');
  });

  it('the opt-out link: asks nothing of a wrong or altered token, and opts out the one number it was sent to', async () => {
    const first = await approved();
    await drain();
    const [one, other] = await asOwner((tx) => tx.select().from(message).orderBy(message.recipient));
    if (!one || !other) throw new Error('no messages');
    const token = `${one.reference}-${one.messageId.slice(0, 8)}`;
    const post = (body: object, company = 'tehran') =>
      request(t.app).post(`/public/${company}/opt-out`).set('content-type', 'application/json').send(body);

    expect((await post({ token: 'abc' })).body.errors[0]).toMatchObject({ field: 'token' });
    const altered = `${one.reference}-${other.messageId.slice(0, 8) === one.messageId.slice(0, 8) ? '00000000' : other.messageId.slice(0, 8)}`;
    expect((await post({ token: altered })).status).toBe(404);
    expect((await post({ token }, 'isfahan')).status).toBe(404);
    expect(
      await asOwner((tx) => rows(tx, sql`select 1 from message_opt_out where recipient = ${one.recipient}`)),
    ).toEqual([]);

    const done = await post({ token });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ optedOut: true, mobile: expect.stringMatching(/^\+98935\D+\d{4}$/) });
    expect((await post({ token })).status).toBe(200); // twice is no error
    const [kept] = await asOwner((tx) =>
      rows<{ source: string }>(tx, sql`select source from message_opt_out where recipient = ${one.recipient}`),
    );
    expect(kept?.source).toBe('link');
    const audited = await rows<{ detail: unknown; target_id: string }>(
      db.owner.root,
      sql`select detail, target_id from audit_event where operation = 'public optOut'`,
    );
    expect(audited.length).toBeGreaterThan(0);
    expect(JSON.stringify(audited)).not.toContain(one.recipient.slice(3));

    // The next campaign leaves that number out; the other still gets it.
    local.taken.length = 0;
    const next = await approved({ title: 'دوباره' });
    await drain();
    expect(local.taken.map((m) => m.to)).toEqual([other.recipient]);
    expect((await stateOf(next)).optedOut).toBe(2);
    expect((await stateOf(first)).state).toBe('SENT');
  });

  it('holds a campaign in quiet hours until 08:00 Tehran; an emergency goes at once', async () => {
    clock = night;
    expect(quietUntil(night)?.toISOString()).toBe('2026-12-09T04:30:00.000Z');
    expect(quietUntil(day)).toBeNull();
    const id = await approved();
    await drain();
    expect((await stateOf(id)).state).toBe('APPROVED');
    expect(local.taken).toEqual([]);
    const [held] = await rows<{ run_at: Date }>(
      db.owner.root,
      sql`select run_at from job where task = 'messaging.campaign'`,
    );
    expect(new Date(held?.run_at ?? 0).toISOString()).toBe('2026-12-09T04:30:00.000Z');

    const urgent = await approved({ emergency: true, title: 'آلودگی آب' });
    await drain();
    expect((await stateOf(urgent)).state).toBe('SENT');
    expect(local.taken).toHaveLength(2);

    clock = day;
    await dueNow();
    await drain();
    expect((await stateOf(id)).state).toBe('SENT');
    expect(local.taken).toHaveLength(4);
  });

  it('whoever opts out after the messages are written is still left out', async () => {
    await asOwner((tx) =>
      tx.update(messagingAccount).set({ ratePerMinute: 1 }).where(eq(messagingAccount.active, true)),
    );
    const id = await approved();
    await drain(); // the messages written; one handed over (the minute's share of a rate of 1); one waits
    expect(local.taken).toHaveLength(1);
    const [waiting] = await asOwner((tx) => tx.select().from(message).where(eq(message.state, 'queued')));
    expect(waiting).toBeDefined();
    await gql('tehran.information', 'mutation($m: String!) { recordMessageOptOut(mobile: $m) { __typename } }', {
      m: waiting?.recipient,
    });
    await asOwner((tx) =>
      tx.update(messagingAccount).set({ ratePerMinute: 600 }).where(eq(messagingAccount.active, true)),
    );
    await dueNow();
    await drain();
    expect(local.taken).toHaveLength(1);
    const [out] = await asOwner((tx) =>
      tx
        .select()
        .from(message)
        .where(eq(message.messageId, waiting?.messageId ?? '')),
    );
    expect(out).toMatchObject({ state: 'cancelled', lastError: expect.stringMatching(/opted out/) });
    expect((await stateOf(id)).state).toBe('SENT');
  });

  it('keeps within the account’s campaign share of its rate, and a transactional message goes first', async () => {
    await asOwner(async (tx) => {
      await tx.update(messagingAccount).set({ ratePerMinute: 5 }).where(eq(messagingAccount.active, true));
      const many = Array.from({ length: 12 }, (_, i) => ({
        tenantId: tehran,
        subscriptionNumber: `rate-${i}`,
        ownerName: 'مشترک',
        mobile: `+98935200${String(i).padStart(4, '0')}`,
        unitId: units['district-varamin'] ?? null,
      }));
      await tx.insert(subscriber).values(many).onConflictDoNothing();
    });
    const id = await approved({
      audience: { kind: 'UNITS', unitIds: [Buffer.from(`Unit:${units['district-varamin']}`).toString('base64')] },
    });
    await drain();
    // 80 % of 5 a minute: four went, the rest wait for the next minute.
    expect(local.taken).toHaveLength(4);
    expect((await stateOf(id)).state).toBe('SENDING');
    const { body } = await gql(
      'tehran.agent',
      `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) { __typename } }`,
      {
        input: { categoryCode: 'water.pipe_burst', channel: 'PHONE', callerMobile: '09121239999' },
      },
    );
    expect(body.data.registerRequest.__typename).toBe('RegisterRequestSuccess');
    await dueNow();
    await runner().runOnce();
    expect(local.taken.map((m) => m.to)).toContain('+989121239999');
    expect(local.taken).toHaveLength(5);
  });

  it('cancelling a campaign being sent cancels what is not yet handed over', async () => {
    await asOwner((tx) =>
      tx.update(messagingAccount).set({ ratePerMinute: 1 }).where(eq(messagingAccount.active, true)),
    );
    const id = await approved();
    await drain();
    expect(local.taken).toHaveLength(1);
    const cancelled = await act('tehran.information', mutation('cancelCampaign'), { id });
    expect(cancelled.data).toMatchObject({ state: 'CANCELLED', progress: { sent: 1, cancelled: 1, queued: 0 } });
    await dueNow();
    await drain();
    expect(local.taken).toHaveLength(1);
  });
});

describe('an uploaded list', () => {
  const upload = async (user: string, id: string, csv: string) =>
    request(t.app)
      .post(`/messaging/campaigns/${Buffer.from(id, 'base64').toString().split(':')[1]}/recipients`)
      .set(await t.bearer(user))
      .set('content-type', 'text/csv')
      .send(csv);

  it('takes mobiles and subscription numbers, reports each rejected line, and sends to the accepted', async () => {
    const draft = await prepared('tehran.information', { audience: { kind: 'LIST' } });
    const csv = [
      'موبایل,نام',
      '۰۹۱۲۷۷۷۰۰۰۱,علی',
      '+989127770002',
      '7100001',
      '9999999',
      'salam',
      '09127770001',
      '7100004',
      '',
      '09127770003;x',
    ].join('\n');
    const agent = await upload('tehran.agent', draft.id, csv);
    expect(agent.status).toBe(403);
    const answered = await upload('tehran.information', draft.id, csv);
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({
      accepted: 4,
      duplicates: 1,
      rejected: 3,
      rejectedLines: [
        {
          line: 5,
          reason: 'no customer of the company has this subscription number',
          reasonFa: 'مشترکی با این شمارهٔ اشتراک نیست',
        },
        {
          line: 6,
          reason: 'neither a mobile nor a subscription number',
          reasonFa: 'نه شمارهٔ همراه است نه شمارهٔ اشتراک',
        },
        { line: 8, reason: 'the customer has no mobile on record', reasonFa: 'شمارهٔ همراه مشترک ثبت نشده است' },
      ],
    });
    await act('tehran.information', mutation('submitCampaign'), { id: draft.id });
    const late = await upload('tehran.information', draft.id, '09120000000');
    expect(late.status).toBe(409);
    await act('tehran.manager', mutation('approveCampaign'), { id: draft.id });
    await drain();
    expect(local.taken.map((m) => m.to).sort()).toEqual([
      '+989127770001',
      '+989127770002',
      '+989127770003',
      '+989351000001',
    ]);
    const [kept] = await rows<{ n: number }>(db.owner.root, sql`select count(*)::int as n from campaign_recipient`);
    expect(kept?.n).toBe(0);
    expect(await asOwner((tx) => tx.select().from(campaign))).toHaveLength(1);
  });
});
