import {
  auditEvent,
  contact,
  job,
  kpiCompanyDaily,
  kpisOf,
  type RollupMeasures,
  staffProfile,
  sumMeasures,
  withTenant,
} from '@abfa/schema';
import { demoAgentExtension, refreshRollups, rollupDayOf } from '@abfa/server';
import { and, asc, eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';

/**
 * The PBX's call records in bulk (POST /pbx/calls, scope calls:ingest): a CSV batch mapped onto the company's
 * contacts by the PBX's call id — new calls inserted, calls an agent recorded given the PBX's figures without losing
 * the agent's outcome, a batch sent again changing nothing, a correction applied; a batch with any bad record refused
 * whole, each problem named by line and column; another company's call ids never touched; the agent's record after
 * the PBX's completing the contact the PBX made; and the KPI rollups of the day equal to a hand computation.
 */

let db: TestDatabase;
let t: TestApp;
let tehran: string;
let isfahan: string;
let mashhad: string;
let tehranLines: Record<string, string>;

const header = 'call_id,line,caller,started_at,result,queue_wait_seconds,talk_seconds,agent_extension,ended_at';
/** Tehran's day `n` days ago (the records' times are on it, in Tehran's offset). */
const tehranDay = (n: number) => rollupDayOf(new Date(Date.now() - n * 86_400_000), 'Asia/Tehran');
const day = tehranDay(2);
const at = (d: string, hhmm: string) => `${d}T${hhmm}:00+03:30`;

const pbxToken = (company: string, scope = 'calls:ingest') => t.serviceToken(`${company}-integrator`, scope);
const send = async (body: string, token: string | null, type = 'text/csv') => {
  const call = request(t.app).post('/pbx/calls').set('content-type', type);
  if (token) call.set('authorization', `Bearer ${token}`);
  return call.send(body);
};
const csv = (...lines: string[]) => [header, ...lines].join('\n');

const gql = async (user: string | Record<string, string>, query: string, variables: Record<string, unknown> = {}) =>
  request(t.app)
    .post('/graphql')
    .set(typeof user === 'string' ? await t.bearer(user) : user)
    .send({ query, variables });

const recordContact = `mutation($input: RecordContactInput!) { recordContact(input: $input) {
  __typename
  ... on RecordContactSuccess { data { id outcome agentSubject pbxCallId queueWaitSeconds talkSeconds note categoryCode } }
  ... on InputError { field message } ... on ConflictError { field message }
} }`;

const rowId = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1] ?? '';
const globalId = (type: string, id: string | undefined) => Buffer.from(`${type}:${id}`).toString('base64');

/** The company's contacts with a PBX call id, by call id (read as the owner: what is really stored). */
async function contactsOf(tenantId: string) {
  const found = await db.owner.root
    .select()
    .from(contact)
    .where(and(eq(contact.tenantId, tenantId), sql`${contact.pbxCallId} is not null`))
    .orderBy(asc(contact.pbxCallId));
  return new Map(found.map((c) => [c.pbxCallId ?? '', c]));
}
const countOf = async (tenantId: string) =>
  (await db.owner.root.select({ id: contact.contactId }).from(contact).where(eq(contact.tenantId, tenantId))).length;

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  tehran = t.tenantId('tehran');
  isfahan = t.tenantId('isfahan');
  mashhad = t.tenantId('mashhad');
  const lines = field<{ id: string; code: string }[]>(
    (await gql('tehran.manager', '{ lines { id code } }')).body,
    'lines',
  );
  // Row ids (the relay ids decoded): what the contact rows hold.
  tehranLines = Object.fromEntries(lines.map((l) => [l.code, rowId(l.id)]));
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

describe('who may send call records', () => {
  it('needs a token (401), a service account (a person is refused 403) and its calls:ingest scope (403)', async () => {
    const body = csv(`perm-1,122,,${at(day, '09:00')},abandoned,3,,,`);
    const before = await countOf(tehran);
    expect((await send(body, null)).status).toBe(401);
    const person = await send(body, (await t.bearer('tehran.manager')).authorization.slice('Bearer '.length));
    expect(person.status).toBe(403);
    expect(person.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', messageFa: expect.any(String) });
    const withoutScope = await send(body, await pbxToken('tehran', 'contacts:write viewer:read'));
    expect(withoutScope.status).toBe(403);
    expect(await countOf(tehran)).toBe(before);
  });
});

describe('a batch mapped onto contacts', () => {
  const batch = () =>
    csv(
      // The call the agent recorded below: the PBX's figures are added, the agent's outcome stays.
      `pbx-100.1,122,09121110001,${at(day, '09:00')},answered,8,120,201,${at(day, '09:02')}`,
      // Answered at extension 202 (the manager's, from the token), abandoned with nobody's phone ringing,
      // abandoned while 201 rang, answered at an extension no one holds.
      `pbx-100.2,1523,02122223333,${at(day, '09:05')},answered,25,60,202,`,
      `pbx-100.3,122,,${at(day, '09:10')},abandoned,4,,,`,
      `pbx-100.4,122,۰۹۱۲۱۱۱۰۰۰۴,${at(day, '09:15')},abandoned,35,0,201,`,
      `"pbx-100.5",1522,,${at(day, '09:20')},ANSWERED,12,30,299,`,
    );
  let agentContactId = '';

  it('inserts new calls, adds the PBX’s figures to the agent’s contact, and names agents by their extension', async () => {
    // The agent (demo extension 201) recorded the first call while on it; the manager's token carries 202.
    const agent = field<{ data: { id: string } }>(
      (
        await gql('tehran.agent', recordContact, {
          input: {
            lineId: globalId('Line', tehranLines['122']),
            channel: 'PHONE',
            outcome: 'INFORMED',
            categoryCode: 'water.low_pressure',
            pbxCallId: 'pbx-100.1',
            note: 'فشار آب محله پایین است',
          },
        })
      ).body,
      'recordContact',
    );
    agentContactId = rowId(agent.data.id);
    const manager = await t.bearerWith('tehran.manager', { pbx_extension: '202' });
    expect((await gql(manager, '{ viewer { subject } }')).status).toBe(200);
    expect(demoAgentExtension).toBe('201');

    const before = await countOf(tehran);
    const answer = await send(batch(), await pbxToken('tehran'));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ records: 5, inserted: 4, updated: 1, unchanged: 0 });
    expect(await countOf(tehran)).toBe(before + 4);

    const rows = await contactsOf(tehran);
    const integrator = rows.get('pbx-100.2')?.recordedBy ?? '';
    expect(integrator).not.toBe('');
    expect(rows.get('pbx-100.1')).toMatchObject({
      contactId: agentContactId,
      outcome: 'informed',
      categoryCode: 'water.low_pressure',
      note: 'فشار آب محله پایین است',
      agentSubject: 'demo-tehran.agent',
      recordedBy: 'demo-tehran.agent',
      queueWaitSeconds: 8,
      talkSeconds: 120,
      agentExtension: '201',
      endedAt: new Date(at(day, '09:02')),
      // Filled in where the agent left it empty.
      callerNumber: '+989121110001',
    });
    expect(rows.get('pbx-100.2')).toMatchObject({
      outcome: 'answered',
      channel: 'phone',
      service: '1523',
      lineId: tehranLines['1523'],
      callerNumber: '02122223333',
      agentSubject: 'demo-tehran.manager',
      agentExtension: '202',
      queueWaitSeconds: 25,
      talkSeconds: 60,
      startedAt: new Date(at(day, '09:05')),
      endedAt: null,
      categoryCode: null,
    });
    expect(rows.get('pbx-100.3')).toMatchObject({
      outcome: 'abandoned',
      agentSubject: null,
      agentExtension: null,
      talkSeconds: null,
      recordedBy: integrator,
    });
    expect(rows.get('pbx-100.4')).toMatchObject({
      outcome: 'abandoned',
      agentSubject: 'demo-tehran.agent',
      agentExtension: '201',
      callerNumber: '+989121110004',
      talkSeconds: null,
    });
    // The legacy 1522 line is recorded as dialled, counting for its service (1523).
    expect(rows.get('pbx-100.5')).toMatchObject({
      outcome: 'answered',
      agentSubject: null,
      agentExtension: '299',
      lineId: tehranLines['1522'],
      service: '1523',
    });

    // One audit event with counts only, and the day's rollups refresh enqueued.
    const audits = await db.owner.root
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.tenantId, tehran), eq(auditEvent.operation, 'ingest pbx call records')));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ outcome: 'success', actorKind: 'service' });
    expect(audits[0]?.detail).toMatchObject({ records: 5, inserted: 4, updated: 1, unchanged: 0 });
    // The calls' days: the batch's, and today for the agent's contact (it keeps the start the agent recorded).
    expect(audits[0]?.detail).toMatchObject({ days: [day, tehranDay(0)].sort() });
    expect(JSON.stringify(audits[0]?.detail)).not.toContain('0912');
    const jobs = await db.owner.root
      .select({ payload: job.payload })
      .from(job)
      .where(and(eq(job.tenantId, tehran), eq(job.task, 'rollups.refresh')));
    expect(jobs.map((j) => (j.payload as { day: string }).day)).toContain(day);
  });

  it('changes nothing when the same batch is sent again', async () => {
    const before = await contactsOf(tehran);
    const again = await send(batch(), await pbxToken('tehran'));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ records: 5, inserted: 0, updated: 0, unchanged: 5 });
    expect(await contactsOf(tehran)).toEqual(before);
  });

  it('applies a later batch’s corrections, never the agent’s outcome', async () => {
    const corrected = csv(
      // The PBX now says the agent's call was abandoned: its figures change, the agent's outcome does not.
      `pbx-100.1,122,09121110001,${at(day, '09:00')},abandoned,9,,201,${at(day, '09:02')}`,
      `pbx-100.2,1523,02122223333,${at(day, '09:05')},answered,25,60,202,`,
      // Abandoned after all → answered by 201; answered → abandoned with nobody ringing.
      `pbx-100.3,122,,${at(day, '09:10')},answered,4,45,201,`,
      `pbx-100.4,122,۰۹۱۲۱۱۱۰۰۰۴,${at(day, '09:15')},abandoned,35,0,201,`,
      `pbx-100.5,1522,,${at(day, '09:20')},abandoned,12,,,`,
    );
    const answer = await send(corrected, await pbxToken('tehran'));
    expect(answer.body).toEqual({ records: 5, inserted: 0, updated: 3, unchanged: 2 });
    const rows = await contactsOf(tehran);
    expect(rows.get('pbx-100.1')).toMatchObject({
      outcome: 'informed',
      note: 'فشار آب محله پایین است',
      agentSubject: 'demo-tehran.agent',
      queueWaitSeconds: 9,
      talkSeconds: null,
    });
    expect(rows.get('pbx-100.3')).toMatchObject({
      outcome: 'answered',
      agentSubject: 'demo-tehran.agent',
      agentExtension: '201',
      talkSeconds: 45,
    });
    expect(rows.get('pbx-100.5')).toMatchObject({ outcome: 'abandoned', agentSubject: null, agentExtension: null });
  });
});

describe('bad records', () => {
  const problemsOf = (body: { errors: { message: string; extensions: Record<string, unknown> }[] }) =>
    body.errors.map((e) => `${e.extensions.line} ${e.extensions.field}`);

  it('refuses the whole batch, naming each problem’s line and column in English and Persian; nothing is written', async () => {
    const token = await pbxToken('tehran');
    const before = await contactsOf(tehran);
    const count = await countOf(tehran);

    const badHeader = await send(
      ['call_id,line,started_at,result,duration', `bad-0,122,${at(day, '10:00')},abandoned,3`].join('\n'),
      token,
    );
    expect(badHeader.status).toBe(400);
    expect(problemsOf(badHeader.body)).toEqual(['1 duration', '1 queue_wait_seconds']);

    const badRecords = await send(
      csv(
        `bad-1,122,,${at(day, '10:00')},abandoned,3,,,`,
        `bad-2,122,,${day} 10:00:00,abandoned,3,,,`,
        `bad-3,122,,${at(day, '10:00')},hung_up,3,,,`,
        `bad-4,122,,${at(day, '10:00')},answered,-3,40,201,`,
        `bad-1,122,,${at(day, '10:05')},abandoned,3,,,`,
        `bad-5,122,,${at(day, '10:00')},answered,3,,,`,
      ),
      token,
    );
    expect(badRecords.status).toBe(400);
    expect(problemsOf(badRecords.body)).toEqual([
      '3 started_at',
      '4 result',
      '5 queue_wait_seconds',
      '6 call_id',
      '7 talk_seconds',
      '7 agent_extension',
    ]);
    const [time] = badRecords.body.errors;
    expect(time.message).toMatch(/^line 3, started_at: is not an ISO 8601 time/);
    expect(time.extensions).toMatchObject({ code: 'BAD_INPUT', line: 3, field: 'started_at' });
    expect(time.extensions.messageFa).toMatch(/^سطر ۳، started_at: /);
    expect(badRecords.body.errors[3].message).toContain('line 2');
    expect(badRecords.body.extensions).toMatchObject({ problems: 6, listed: 6 });

    // Every record well formed, one on a line the company does not have: still nothing written.
    const unknownLine = await send(
      csv(`bad-6,122,,${at(day, '10:00')},abandoned,3,,,`, `bad-7,1599,,${at(day, '10:00')},abandoned,3,,,`),
      token,
    );
    expect(unknownLine.status).toBe(400);
    expect(problemsOf(unknownLine.body)).toEqual(['3 line']);
    expect(unknownLine.body.errors[0].message).toContain('122');

    const notCsv = await send(JSON.stringify({ call_id: 'bad-8' }), token, 'application/json');
    expect(notCsv.status).toBe(415);
    expect(notCsv.body.errors[0].extensions).toMatchObject({ code: 'BAD_INPUT', field: 'Content-Type' });

    expect(await countOf(tehran)).toBe(count);
    expect(await contactsOf(tehran)).toEqual(before);
    const refusals = await db.owner.root
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.tenantId, tehran), eq(auditEvent.outcome, 'refused')));
    expect(refusals.filter((a) => a.operation === 'ingest pbx call records')).toHaveLength(3);
  });
});

describe('companies apart', () => {
  it('the same call id in two companies is two contacts; a batch never touches another company’s', async () => {
    const tehranBefore = await contactsOf(tehran);
    const answer = await send(csv(`pbx-100.2,122,,${at(day, '11:00')},abandoned,50,,,`), await pbxToken('isfahan'));
    expect(answer.body).toEqual({ records: 1, inserted: 1, updated: 0, unchanged: 0 });
    expect(await contactsOf(tehran)).toEqual(tehranBefore);
    const isfahanRows = await contactsOf(isfahan);
    expect(isfahanRows.get('pbx-100.2')).toMatchObject({
      tenantId: isfahan,
      outcome: 'abandoned',
      queueWaitSeconds: 50,
    });
    expect(isfahanRows.get('pbx-100.2')?.contactId).not.toBe(tehranBefore.get('pbx-100.2')?.contactId);
  });
});

describe('the agent’s record after the PBX’s', () => {
  it('completes the contact the PBX made, for the agent its extension names; others are refused', async () => {
    const token = await pbxToken('tehran');
    await send(
      csv(
        `pbx-200.1,122,09121110009,${at(day, '12:00')},answered,14,200,201,${at(day, '12:04')}`,
        `pbx-200.2,122,,${at(day, '12:10')},abandoned,70,,,`,
        `pbx-200.3,122,,${at(day, '12:20')},answered,6,80,202,`,
      ),
      token,
    );
    const pbxMade = (await contactsOf(tehran)).get('pbx-200.1');
    const count = await countOf(tehran);
    const input = {
      lineId: globalId('Line', tehranLines['1523']),
      channel: 'PHONE',
      outcome: 'INFORMED',
      categoryCode: 'water.low_pressure',
      pbxCallId: 'pbx-200.1',
      note: 'گفتیم فردا درست می‌شود',
      queueWaitSeconds: 1,
    };
    const completed = field<{ __typename: string; data: Record<string, unknown> }>(
      (await gql('tehran.agent', recordContact, { input })).body,
      'recordContact',
    );
    expect(completed).toMatchObject({
      __typename: 'RecordContactSuccess',
      data: {
        outcome: 'INFORMED',
        agentSubject: 'demo-tehran.agent',
        pbxCallId: 'pbx-200.1',
        queueWaitSeconds: 14,
        talkSeconds: 200,
        note: 'گفتیم فردا درست می‌شود',
        categoryCode: 'water.low_pressure',
      },
    });
    expect(await countOf(tehran)).toBe(count);
    const row = (await contactsOf(tehran)).get('pbx-200.1');
    expect(row).toMatchObject({
      contactId: pbxMade?.contactId,
      recordedBy: 'demo-tehran.agent',
      firstContactResolution: true,
      // The PBX's line, times and caller stay.
      lineId: tehranLines['122'],
      service: '122',
      startedAt: new Date(at(day, '12:00')),
      callerNumber: '+989121110009',
    });
    // A retry answers the same contact; the PBX's next batch adds its figures and keeps the agent's outcome.
    const retried = field<{ data: { id: string } }>(
      (await gql('tehran.agent', recordContact, { input })).body,
      'recordContact',
    );
    expect(retried.data.id).toBe((completed.data as { id: string }).id);
    const resent = await send(csv(`pbx-200.1,122,,${at(day, '12:00')},answered,15,200,201,`), token);
    expect(resent.body).toMatchObject({ updated: 1 });
    expect((await contactsOf(tehran)).get('pbx-200.1')).toMatchObject({ outcome: 'informed', queueWaitSeconds: 15 });

    // A call nobody's phone rang for, and another agent's call, stay refused like any call id in use.
    for (const [user, pbxCallId] of [
      ['tehran.agent', 'pbx-200.2'],
      ['tehran.agent', 'pbx-200.3'],
    ] as const) {
      const refused = field<{ __typename: string; field: string }>(
        (await gql(user, recordContact, { input: { ...input, pbxCallId } })).body,
        'recordContact',
      );
      expect(refused, pbxCallId).toMatchObject({ __typename: 'ConflictError', field: 'pbxCallId' });
    }
    expect((await contactsOf(tehran)).get('pbx-200.3')).toMatchObject({ outcome: 'answered', note: null });
  });
});

describe('the KPI rollups of an ingested day', () => {
  it('equal a hand computation: service level, speed of answer, abandonment, abandoned before an agent saw them', async () => {
    const d = tehranDay(9);
    // Six calls of one day:        wait  talk  agent
    //   1 answered                   5    60   201
    //   2 answered                  15   120   201
    //   3 answered                  25    90   201   (past the 20 s threshold)
    //   4 answered                  40    30   201   (past it)
    //   5 abandoned                  3     —   —     (a short abandon, before any agent saw it)
    //   6 abandoned                 30     —   201   (while 201 rang: an agent saw it)
    const answer = await send(
      csv(
        `kpi-1,122,,${at(d, '08:00')},answered,5,60,201,`,
        `kpi-2,122,,${at(d, '08:10')},answered,15,120,201,`,
        `kpi-3,1523,,${at(d, '08:20')},answered,25,90,201,`,
        `kpi-4,1523,,${at(d, '08:30')},answered,40,30,201,`,
        `kpi-5,122,,${at(d, '08:40')},abandoned,3,,,`,
        `kpi-6,122,,${at(d, '08:50')},abandoned,30,,201,`,
      ),
      await pbxToken('mashhad'),
    );
    expect(answer.body).toEqual({ records: 6, inserted: 6, updated: 0, unchanged: 0 });
    const pending = await db.owner.root
      .select({ payload: job.payload })
      .from(job)
      .where(and(eq(job.tenantId, mashhad), eq(job.task, 'rollups.refresh'), eq(job.state, 'pending')));
    expect(pending.map((j) => (j.payload as { day: string }).day)).toEqual([d]);

    // The refresh that job runs, as the rollups' tests run it.
    const scope = { tenantId: mashhad, actor: 'test:call-records' };
    await withTenant(db.api.root, scope, (tx) => refreshRollups(tx, { tenantId: mashhad, days: [d] }));
    const rows = await withTenant(db.api.root, scope, (tx) =>
      tx.select().from(kpiCompanyDaily).where(eq(kpiCompanyDaily.day, d)),
    );
    const m: RollupMeasures = sumMeasures(rows);
    expect(m).toMatchObject({
      contactsOffered: 6,
      contactsAnswered: 4,
      contactsAbandoned: 2,
      contactsAnsweredInThreshold: 2,
      contactsShortAbandoned: 1,
      contactsAbandonedUnseen: 1,
      waitSeconds: 5 + 15 + 25 + 40,
      talkSeconds: 60 + 120 + 90 + 30,
    });
    const kpis = kpisOf(m);
    expect(kpis.serviceLevel).toBeCloseTo(2 / 6, 10); // formula (1): answered ≤ 20 s ÷ offered
    expect(kpis.averageSpeedOfAnswer).toBeCloseTo(85 / 4, 10); // 21.25 s
    expect(kpis.abandonmentRate).toBeCloseTo(2 / 6, 10);
    expect(kpis.abandonmentRateExcludingShort).toBeCloseTo(1 / 5, 10);
    expect(kpis.averageHandleTime).toBeCloseTo(300 / 4, 10);
    expect(m.contactsAbandonedUnseen / m.contactsOffered).toBeCloseTo(1 / 6, 10);
  });
});

describe('agents’ extensions', () => {
  it('come from the token’s pbx_extension claim and move to whoever signs in with it last', async () => {
    const extensionOf = async (subject: string) =>
      (
        await db.owner.root
          .select({ extension: staffProfile.pbxExtension })
          .from(staffProfile)
          .where(and(eq(staffProfile.tenantId, tehran), eq(staffProfile.subject, subject)))
      )[0]?.extension;
    expect(await extensionOf('demo-tehran.agent')).toBe('201');
    expect(await extensionOf('demo-tehran.manager')).toBe('202');
    // The follow-up officer takes over the manager's desk: the next batch names them for it.
    expect(
      (await gql(await t.bearerWith('tehran.follow-up', { pbx_extension: '202' }), '{ viewer { subject } }')).status,
    ).toBe(200);
    expect(await extensionOf('demo-tehran.follow-up')).toBe('202');
    expect(await extensionOf('demo-tehran.manager')).toBeNull();
    const answer = await send(csv(`ext-1,122,,${at(day, '13:00')},answered,3,30,202,`), await pbxToken('tehran'));
    expect(answer.body).toMatchObject({ inserted: 1 });
    expect((await contactsOf(tehran)).get('ext-1')).toMatchObject({ agentSubject: 'demo-tehran.follow-up' });
  });
});
