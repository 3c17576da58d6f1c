import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { job, message, messagingAccount, type Tx, withTenant } from '@abfa/schema';
import {
  createJobRunner,
  createLogger,
  credentialsCipher,
  LocalSmsProvider,
  platformTasks,
  providerDirectory,
  queueMessage,
  refreshRollups,
  rollupDayOf,
} from '@abfa/server';
import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';
import { rows } from '../support/sql.js';

/**
 * Section (d) through the API and the platform's real job runner: a message is written with what causes it, sent by
 * the jobs exactly once in effect (refusals retried with back-off, unknown answers looked up by reference, never
 * sent twice), reported on, and managed by people (templates, retries, cancels, opt-outs, the SMS account whose
 * credentials never come back).
 */

const key = Buffer.alloc(32, 7).toString('base64');
const cipher = credentialsCipher(key);
const publicUrl = 'https://portal.abfa.test';
let db: TestDatabase;
let t: TestApp;
let tehran: string;
let isfahan: string;
let local: LocalSmsProvider;
const runnerLogs: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db, { app: { messaging: { publicUrl, cipher } } });
  tehran = t.tenantId('tehran');
  isfahan = t.tenantId('isfahan');
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

/** Each test starts with a local account for Tehran, no messages, no messaging jobs, and a fresh local provider. */
beforeEach(async () => {
  local = new LocalSmsProvider();
  await asOwner(tehran, async (tx) => {
    await tx.execute(sql`delete from job where task like 'messaging.%'`);
    await tx.execute(sql`delete from message`);
    await tx.execute(sql`delete from message_template`);
    await tx.execute(sql`delete from message_opt_out`);
    await tx.execute(sql`update messaging_account set active = false`);
    await tx
      .insert(messagingAccount)
      .values({ tenantId: tehran, provider: 'local', sender: '10001523', updatedBy: 'test' });
  });
});

/** The owner writes with the tenant set (row-level security is forced for it too). */
function asOwner<T>(tenantId: string, work: (tx: Tx) => Promise<T>) {
  return db.owner.root.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    return work(tx);
  });
}

/** The platform's runner with its real tasks and the given providers, one pass at a time. */
function runner(providers = providerDirectory({ cipher, local })) {
  return createJobRunner({
    db: db.api.root,
    log: createLogger('debug', {
      write: (line: string) => {
        runnerLogs.push(line);
      },
    }),
    tasks: platformTasks({ providers }),
    schedules: [],
  });
}

const messagesOf = (tenantId: string) =>
  asOwner(tenantId, (tx) => tx.select().from(message).orderBy(message.createdAt, message.reference));
const sendJobs = (tenantId: string) =>
  rows<{ state: string; late: boolean; priority: number; payload: { messageId: string } }>(
    db.owner.root,
    sql`select state, run_at > now() + interval '1 second' as late, priority, payload from job
        where tenant_id = ${tenantId} and task = 'messaging.send' order by run_at`,
  );
/**
 * Makes every pending messaging job due now, and the last hand-overs a minute old (a test does not wait out a
 * back-off, nor the settling time before a lookup).
 */
const dueNow = async () => {
  await db.owner.root.execute(sql`update job set run_at = now() where task like 'messaging.%' and state = 'pending'`);
  await asOwner(tehran, (tx) =>
    tx.execute(
      sql`update message set attempted_at = attempted_at - interval '1 minute' where attempted_at is not null`,
    ),
  );
};

const gql = async (user: string, query: string, variables: Record<string, unknown> = {}) =>
  request(t.app)
    .post('/graphql')
    .set(await t.bearer(user))
    .send({ query, variables });

const register = `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
  __typename ... on RegisterRequestSuccess { data { id trackingCode publicToken } } } }`;

async function registerWithMobile(mobile = '09121234567', user = 'tehran.agent') {
  const { body } = await gql(user, register, {
    input: { categoryCode: 'water.pipe_burst', channel: 'PHONE', callerMobile: mobile, description: 'نشتی' },
  });
  return field<{ data: { id: string; trackingCode: string; publicToken: string } }>(body, 'registerRequest').data;
}

/** An opt-out as a person records it (for the rollups' count). */
const recordOptOutDirect = (tx: Tx, recipient: string) =>
  tx.execute(sql`insert into message_opt_out (tenant_id, recipient, source, created_by)
                 values (${tehran}, ${recipient}, 'staff', 'test')`);

/** A message queued directly, as a later section would (in a tenant transaction). */
const queue = (recipient: string, lane: 'transactional' | 'campaign' = 'transactional', body = 'پیام آزمایشی') =>
  withTenant(db.api.root, { tenantId: tehran, actor: 'test' }, (tx) =>
    queueMessage(tx, { kind: 'custom', lane, recipient, body, createdBy: 'test' }),
  );

describe('written with its cause', () => {
  it('a registration with a mobile queues the tracking-code SMS and its job; one without a mobile queues none', async () => {
    const created = await registerWithMobile('۰۹۱۲ ۱۲۳ ۴۵۶۷');
    const [sms] = await messagesOf(tehran);
    expect(sms).toMatchObject({
      kind: 'request_registered',
      lane: 'transactional',
      state: 'queued',
      recipient: '+989121234567',
      parts: expect.any(Number),
      createdBy: 'demo-tehran.agent',
    });
    expect(sms?.body).toContain(created.trackingCode);
    expect(sms?.body).toContain(`${publicUrl}/track?tenant=tehran&t=${created.publicToken}`);
    expect(sms?.body).toContain('شرکت');
    expect(await sendJobs(tehran)).toEqual([
      expect.objectContaining({ state: 'pending', priority: 10, payload: { messageId: sms?.messageId } }),
    ]);

    const { body } = await gql('tehran.agent', register, {
      input: { categoryCode: 'water.pipe_burst', channel: 'PHONE' },
    });
    expect(body.data.registerRequest.__typename).toBe('RegisterRequestSuccess');
    expect(await messagesOf(tehran)).toHaveLength(1);
  });

  it('a rolled-back transaction leaves neither message nor job; a replayed registration sends no second SMS', async () => {
    await withTenant(db.api.root, { tenantId: tehran, actor: 'test' }, async (tx) => {
      await queueMessage(tx, {
        kind: 'custom',
        lane: 'transactional',
        recipient: '+989120000001',
        body: 'x',
        createdBy: 'test',
      });
      throw new Error('the cause fails');
    }).catch(() => {});
    expect(await messagesOf(tehran)).toEqual([]);
    expect(await sendJobs(tehran)).toEqual([]);

    const headers = { ...(await t.bearer('tehran.agent')), 'idempotency-key': `sms-replay-${Date.now()}` };
    const input = { categoryCode: 'water.pipe_burst', channel: 'PHONE', callerMobile: '09121111111' };
    for (let i = 0; i < 2; i++)
      await request(t.app).post('/graphql').set(headers).send({ query: register, variables: { input } });
    expect(await messagesOf(tehran)).toHaveLength(1);
  });

  it('a new wording is checked against its kind, sent only once someone other than its proposer approves it; off, nothing is queued; reset, the default', async () => {
    const propose = `mutation($body: String!, $enabled: Boolean) { proposeMessageTemplate(kind: REQUEST_REGISTERED, body: $body, enabled: $enabled) {
      __typename ... on ProposeMessageTemplateSuccess { data { version body enabled proposal { body enabled reset proposedBy parts } } }
      ... on InputError { field message messageFa } } }`;
    const decide = (name: string) => `mutation { ${name}(kind: REQUEST_REGISTERED) {
      __typename ... on ${name[0]?.toUpperCase()}${name.slice(1)}Success { data { version body enabled proposal { body } } }
      ... on ConflictError { message messageFa } ... on NotFoundError { code } } }`;
    type View = {
      __typename: string;
      data?: {
        version: number;
        body: string;
        enabled: boolean;
        proposal: { body: string; proposedBy?: string } | null;
      };
      message?: string;
      messageFa?: string;
    };
    const run = async (user: string, query: string, variables: Record<string, unknown> = {}) => {
      const { body } = await gql(user, query, variables);
      return field<View>(body, Object.keys(body.data ?? {})[0] ?? '');
    };

    const refused = await run('tehran.information', propose, { body: 'کد {trackingCode} برای {subscriber}' });
    expect(refused).toMatchObject({ __typename: 'InputError', field: 'body' });
    expect(refused.message).toContain('{subscriber}');
    expect(refused.messageFa).toContain('{subscriber}');

    const proposed = await run('tehran.information', propose, { body: 'آبفا: کد پیگیری شما {trackingCode}' });
    expect(proposed.data).toMatchObject({
      version: 0,
      proposal: { body: 'آبفا: کد پیگیری شما {trackingCode}', proposedBy: 'demo-tehran.information' },
    });
    // Not approved yet: the national wording is what goes.
    await registerWithMobile();
    expect((await messagesOf(tehran))[0]?.body).toContain('ثبت شد');
    // The information officer may not approve at all; the proposer may not approve their own.
    expect((await gql('tehran.information', decide('approveMessageTemplate'))).body.errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const own = await run('tehran.manager', propose, { body: 'آبفا: کد پیگیری شما {trackingCode}' });
    expect(own.data?.proposal?.proposedBy).toBe('demo-tehran.manager');
    const refusedOwn = await run('tehran.manager', decide('approveMessageTemplate'));
    expect(refusedOwn.__typename).toBe('ConflictError');
    expect(refusedOwn.messageFa).toContain('خودتان تهیه کرده‌اید');
    await run('tehran.information', propose, { body: 'آبفا: کد پیگیری شما {trackingCode}' });
    const approved = await run('tehran.manager', decide('approveMessageTemplate'));
    expect(approved.data).toMatchObject({ version: 1, body: 'آبفا: کد پیگیری شما {trackingCode}', proposal: null });
    const created = await registerWithMobile();
    expect((await messagesOf(tehran)).at(-1)?.body).toBe(`آبفا: کد پیگیری شما ${created.trackingCode}`);

    await run('tehran.information', propose, { body: 'آبفا: {trackingCode}', enabled: false });
    expect((await run('tehran.manager', decide('approveMessageTemplate'))).data?.enabled).toBe(false);
    await registerWithMobile();
    expect(await messagesOf(tehran)).toHaveLength(2);

    // A change turned down leaves the wording in force.
    await run('tehran.information', propose, { body: 'دیگر' });
    expect((await run('tehran.manager', decide('rejectMessageTemplate'))).data).toMatchObject({
      version: 2,
      proposal: null,
    });

    await run(
      'tehran.information',
      'mutation { proposeMessageTemplateReset(kind: REQUEST_REGISTERED) { __typename } }',
    );
    const reset = await run('tehran.manager', decide('approveMessageTemplate'));
    expect(reset.data).toMatchObject({ version: 0, enabled: true, proposal: null });
    const listed = field<{ kind: string; version: number }[]>(
      (await gql('tehran.information', '{ messageTemplates { kind version body placeholders { name } } }')).body,
      'messageTemplates',
    );
    expect(listed.map((l) => l.kind)).toEqual([
      'REQUEST_REGISTERED',
      'REQUEST_RESOLVED',
      'INCIDENT_UPDATE',
      'OUTAGE_NOTICE',
      'OUTAGE_RESTORED',
      'COMPLAINT_RECEIVED',
      'SURVEY_INVITATION',
    ]);
  });

  it('resolving a request tells the caller, with the link where they can say it is not fixed', async () => {
    const created = await registerWithMobile();
    const act = `mutation($input: TransitionRequestInput!) { transitionRequest(input: $input) { __typename } }`;
    const units = field<{ nodes: { id: string; code: string }[] }>(
      (await gql('tehran.manager', '{ units(first: 50) { nodes { id code } } }')).body,
      'units',
    ).nodes;
    const district = units.find((u) => u.code === 'district-eslamshahr')?.id;
    for (const input of [
      { action: 'DISPATCH', unitId: district },
      { action: 'ACCEPT' },
      { action: 'RESOLVE', note: 'تعمیر شد' },
    ]) {
      const { body } = await gql('tehran.manager', act, { input: { requestId: created.id, ...input } });
      expect(body.data.transitionRequest.__typename, JSON.stringify(body)).toBe('TransitionRequestSuccess');
    }
    const kinds = (await messagesOf(tehran)).map((m) => [m.kind, m.body.includes(created.publicToken)]);
    expect(kinds).toEqual([
      ['request_registered', true],
      ['request_resolved', true],
    ]);
  });
});

describe('sent exactly once in effect', () => {
  it('the job hands the message over with its reference; the reports make it delivered', async () => {
    const id = await queue('+989121000001');
    await runner().runOnce();
    const [sent] = await messagesOf(tehran);
    expect(sent).toMatchObject({ messageId: id, state: 'sent', attempts: 1, providerId: 'local-1', lastError: null });
    expect(local.taken.map((m) => [m.reference, m.to, m.sender])).toEqual([
      [sent?.reference, '+989121000001', '10001523'],
    ]);
    expect(await sendJobs(tehran)).toEqual([]);

    // The delivery reports' schedule, run as its job.
    await withTenant(db.api.root, { tenantId: tehran, actor: 'test' }, (tx) =>
      tx.insert(job).values({ tenantId: tehran, task: 'messaging.reports', payload: {} }),
    );
    await runner().runOnce();
    expect((await messagesOf(tehran))[0]?.state).toBe('delivered');
  });

  it('counts go into the company’s rollups (sent, delivered, failed, opt-outs), never a body or a number', async () => {
    local.endAs('+989121000022', 'undelivered');
    local.script({ kind: 'reject', reason: 'no credit' });
    await queue('+989121000020');
    await queue('+989121000021');
    await queue('+989121000022');
    await runner().runOnce();
    await withTenant(db.api.root, { tenantId: tehran, actor: 'test' }, async (tx) => {
      await tx.insert(job).values({ tenantId: tehran, task: 'messaging.reports', payload: {} });
      await recordOptOutDirect(tx, '+989121000023');
    });
    await runner().runOnce();
    const day = rollupDayOf(new Date(), 'Asia/Tehran');
    await withTenant(db.api.root, { tenantId: tehran, actor: 'test' }, (tx) =>
      refreshRollups(tx, { tenantId: tehran, days: [day] }),
    );
    const [counted] = await rows<Record<string, number>>(
      db.owner.root,
      sql`select sum(messages_sent)::int as sent, sum(messages_delivered)::int as delivered,
                 sum(messages_failed)::int as failed, sum(opt_outs)::int as opt_outs
          from kpi_company_daily where tenant_id = ${tehran} and day = ${day}::date`,
    );
    expect(counted).toEqual({ sent: 2, delivered: 1, failed: 2, opt_outs: 1 });
  });

  it('a refusal that says "try later" is retried after a back-off, then sent once', async () => {
    local.script({ kind: 'refuse' });
    await queue('+989121000002');
    await runner().runOnce();
    expect((await messagesOf(tehran))[0]).toMatchObject({
      state: 'queued',
      attempts: 1,
      lastError: expect.stringMatching(/503/),
    });
    expect(await sendJobs(tehran)).toEqual([expect.objectContaining({ state: 'pending', late: true })]);
    await dueNow();
    await runner().runOnce();
    const [sent] = await messagesOf(tehran);
    expect(sent).toMatchObject({ state: 'sent', attempts: 2, lastError: null });
    expect(local.timesTaken(sent?.reference ?? '')).toBe(1);
  });

  it('a throttle’s Retry-After is honoured', async () => {
    local.script({ kind: 'throttle', retryAfterMs: 600_000 });
    await queue('+989121000003');
    await runner().runOnce();
    const [late] = await rows<{ wait: number }>(
      db.owner.root,
      sql`select extract(epoch from run_at - now())::int as wait from job where task = 'messaging.send'`,
    );
    expect(late?.wait).toBeGreaterThan(500);
  });

  it('a timeout after the provider took it: looked up by reference, recorded sent, never sent again', async () => {
    local.script({ kind: 'timeout-after-accept' });
    await queue('+989121000004');
    await runner().runOnce();
    const [unknown] = await messagesOf(tehran);
    expect(unknown).toMatchObject({ state: 'sending', attempts: 1, lastError: expect.stringMatching(/no answer/) });
    expect(local.taken).toHaveLength(1);
    await dueNow();
    await runner().runOnce();
    const [sent] = await messagesOf(tehran);
    expect(sent).toMatchObject({ state: 'sent', attempts: 1, providerId: 'local-1' });
    expect(local.timesTaken(sent?.reference ?? '')).toBe(1);
  });

  it('a claim whose process died before the provider had it: looked up, not found, sent once', async () => {
    const id = await queue('+989121000005');
    // What a kill -9 between the claim's commit and the call leaves: the message sending, its job still there.
    await asOwner(tehran, (tx) =>
      tx
        .update(message)
        .set({
          state: 'sending',
          attempts: 1,
          attemptedAt: sql`now() - interval '1 minute'`,
          accountId: sql`(select account_id from messaging_account where active)`,
        })
        .where(eq(message.messageId, id)),
    );
    await runner().runOnce();
    expect((await messagesOf(tehran))[0]).toMatchObject({
      state: 'queued',
      lastError: expect.stringMatching(/had not taken/),
    });
    await runner().runOnce();
    const [sent] = await messagesOf(tehran);
    expect(sent?.state).toBe('sent');
    expect(local.timesTaken(sent?.reference ?? '')).toBe(1);
  });

  it('a permanent refusal fails with the provider’s reason; a person’s retry sends it', async () => {
    local.script({ kind: 'reject', reason: '411 شماره گیرنده نامعتبر است' });
    const id = await queue('+989121000006');
    await runner().runOnce();
    expect((await messagesOf(tehran))[0]).toMatchObject({ state: 'failed', lastError: '411 شماره گیرنده نامعتبر است' });

    const messageId = Buffer.from(`Message:${id}`).toString('base64');
    const listed = field<{
      totalCount: number;
      nodes: { id: string; state: string; lastError: string; recipientMasked: string }[];
    }>(
      (
        await gql(
          'tehran.information',
          '{ messages(first: 10, states: [FAILED]) { totalCount nodes { id state lastError recipientMasked } } }',
        )
      ).body,
      'messages',
    );
    expect(listed).toMatchObject({
      totalCount: 1,
      nodes: [{ id: messageId, state: 'FAILED', lastError: '411 شماره گیرنده نامعتبر است' }],
    });
    expect(listed.nodes[0]?.recipientMasked).not.toContain('1000006');

    const retried = field<{ data: { state: string } }>(
      (
        await gql(
          'tehran.information',
          'mutation($id: ID!) { retryMessage(id: $id) { ... on RetryMessageSuccess { data { state } } } }',
          { id: messageId },
        )
      ).body,
      'retryMessage',
    );
    expect(retried.data.state).toBe('QUEUED');
    await runner().runOnce();
    expect((await messagesOf(tehran))[0]).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('refused on every attempt: failed after the last, with the reason', async () => {
    await queue('+989121000007');
    for (let i = 0; i < 6; i++) {
      local.script({ kind: 'refuse' });
      await dueNow();
      await runner().runOnce();
    }
    expect((await messagesOf(tehran))[0]).toMatchObject({
      state: 'failed',
      attempts: 6,
      lastError: expect.stringMatching(/503/),
    });
    expect(local.taken).toEqual([]);
  });

  it('no active account: failed with the reason, nothing handed over', async () => {
    await asOwner(tehran, (tx) => tx.update(messagingAccount).set({ active: false }));
    await queue('+989121000008');
    await runner().runOnce();
    expect((await messagesOf(tehran))[0]).toMatchObject({
      state: 'failed',
      lastError: expect.stringMatching(/no active SMS account/),
    });
  });

  it('a queued message can be cancelled (its job then does nothing); one already sent cannot', async () => {
    const id = await queue('+989121000009');
    const cancel =
      'mutation($id: ID!) { cancelMessage(id: $id) { __typename ... on CancelMessageSuccess { data { state } } ... on ConflictError { message messageFa } } }';
    const globalId = Buffer.from(`Message:${id}`).toString('base64');
    expect(
      field<{ data: { state: string } }>(
        (await gql('tehran.information', cancel, { id: globalId })).body,
        'cancelMessage',
      ).data.state,
    ).toBe('CANCELLED');
    await runner().runOnce();
    expect(local.taken).toEqual([]);
    const sentId = await queue('+989121000010');
    await runner().runOnce();
    const refused = field<{ __typename: string; messageFa: string }>(
      (await gql('tehran.information', cancel, { id: Buffer.from(`Message:${sentId}`).toString('base64') })).body,
      'cancelMessage',
    );
    expect(refused.__typename).toBe('ConflictError');
  });

  it('the account’s rate: past it, messages wait for the next minute; campaigns leave a fifth of it to transactional ones', async () => {
    await asOwner(tehran, (tx) =>
      tx.update(messagingAccount).set({ ratePerMinute: 5 }).where(eq(messagingAccount.active, true)),
    );
    for (let i = 0; i < 5; i++) await queue(`+98912200000${i}`, 'campaign');
    await runner().runOnce();
    // Four campaign messages (80 % of 5) went; the fifth waits.
    expect((await messagesOf(tehran)).map((m) => m.state).sort()).toEqual(['queued', 'sent', 'sent', 'sent', 'sent']);
    await queue('+989122000009', 'transactional');
    await runner().runOnce();
    expect(local.taken.map((m) => m.to).at(-1)).toBe('+989122000009');
    expect(local.taken).toHaveLength(5);
  });

  it('transactional messages go before a campaign queued earlier', async () => {
    for (let i = 0; i < 5; i++) await queue(`+98912300000${i}`, 'campaign');
    await queue('+989123000009', 'transactional');
    await runner().runOnce();
    expect(local.taken[0]?.to).toBe('+989123000009');
    expect(local.taken).toHaveLength(6);
  });
});

describe('the field’s work told to customers', () => {
  const unitsByCode = async () =>
    Object.fromEntries(
      field<{ nodes: { id: string; code: string }[] }>(
        (await gql('tehran.manager', '{ units(first: 50) { nodes { id code } } }')).body,
        'units',
      ).nodes.map((u) => [u.code, u.id]),
    );

  it('a planned cut: its area’s customers are told a day before it starts and when water is back; a cancelled one tells nobody', async () => {
    const units = await unitsByCode();
    const rawId = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1] ?? '';
    await asOwner(tehran, (tx) =>
      tx.execute(sql`
        insert into subscriber (tenant_id, subscription_number, owner_name, mobile, unit_id) values
          (${tehran}, '8800001', 'مشترک یک', '+989361000001', ${rawId(units['district-eslamshahr'] ?? '')}),
          (${tehran}, '8800002', 'مشترک دو', '+989361000002', ${rawId(units['team-eslamshahr-incidents'] ?? '')}),
          (${tehran}, '8800003', 'مشترک سه', '+989361000003', ${rawId(units['district-varamin'] ?? '')})
        on conflict do nothing`),
    );
    const register = `mutation($input: RegisterPlannedOutageInput!) { registerPlannedOutage(input: $input) {
      ... on RegisterPlannedOutageSuccess { data { id } } } }`;
    // 10:00–14:00 Tehran, three days ahead: the notice is due at 10:00 two days ahead (outside quiet hours).
    const startsAt = new Date(
      Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 3, 6, 30),
    );
    const endsAt = new Date(startsAt.getTime() + 4 * 3_600_000);
    const outage = field<{ data: { id: string } }>(
      (
        await gql('tehran.manager', register, {
          input: { unitId: units['district-eslamshahr'], area: 'خیابان امام', reason: 'تعویض لوله', startsAt, endsAt },
        })
      ).body,
      'registerPlannedOutage',
    ).data;
    const jobs = await rows<{ payload: { phase: string }; run_at: Date }>(
      db.owner.root,
      sql`select payload, run_at from job where task = 'messaging.outage' order by run_at`,
    );
    expect(jobs.map((j) => [j.payload.phase, new Date(j.run_at).toISOString()])).toEqual([
      ['notice', new Date(startsAt.getTime() - 86_400_000).toISOString()],
      ['restored', endsAt.toISOString()],
    ]);
    await dueNow();
    await runner().runOnce(); // the two outage jobs write the messages with their sending jobs
    await runner().runOnce(); // which send them
    const told = (await messagesOf(tehran)).filter((m) => m.outageId === rawId(outage.id));
    expect(told.map((m) => [m.kind, m.recipient, m.state]).sort()).toEqual([
      ['outage_notice', '+989361000001', 'sent'],
      ['outage_notice', '+989361000002', 'sent'],
      ['outage_restored', '+989361000001', 'sent'],
      ['outage_restored', '+989361000002', 'sent'],
    ]);
    const notice = told.find((m) => m.kind === 'outage_notice');
    expect(notice?.body).toContain('خیابان امام');
    expect(notice?.body).toContain('تعویض لوله');
    expect(notice?.body).toMatch(/ساعت [۰-۹]{2}:[۰-۹]{2}/);

    const cancelled = field<{ data: { id: string } }>(
      (
        await gql('tehran.manager', register, {
          input: { unitId: units['district-eslamshahr'], area: 'میدان', reason: 'x', startsAt, endsAt },
        })
      ).body,
      'registerPlannedOutage',
    ).data;
    await gql('tehran.manager', 'mutation($o: ID!) { cancelPlannedOutage(outageId: $o) { __typename } }', {
      o: cancelled.id,
    });
    await dueNow();
    await runner().runOnce();
    expect((await messagesOf(tehran)).filter((m) => m.outageId === rawId(cancelled.id))).toEqual([]);
  });

  it('a resolved incident: a caller with a request gets its resolution message, one who only called gets the incident’s update, once', async () => {
    const units = await unitsByCode();
    const opened = field<{ data: { id: string; publicToken: string } }>(
      (
        await gql(
          'tehran.manager',
          `mutation($input: OpenIncidentInput!) { openIncident(input: $input) { ... on OpenIncidentSuccess { data { id publicToken } } } }`,
          {
            input: {
              categoryCode: 'water.pipe_burst',
              unitId: units['district-eslamshahr'],
              title: 'شکستگی لوله خیابان امام',
            },
          },
        )
      ).body,
      'openIncident',
    ).data;
    const incidentId = Buffer.from(opened.id, 'base64').toString().split(':')[1] ?? '';
    const withRequest = await registerWithMobile('09121112222');
    await gql(
      'tehran.manager',
      'mutation($r: ID!, $i: ID!) { linkRequestToIncident(requestId: $r, incidentId: $i) { __typename } }',
      {
        r: withRequest.id,
        i: opened.id,
      },
    );
    await asOwner(tehran, (tx) =>
      tx.execute(sql`
        insert into contact (tenant_id, channel, service, outcome, caller_number, incident_id) values
          (${tehran}, 'phone', '122', 'informed', '+989121113333', ${incidentId}),
          (${tehran}, 'phone', '122', 'informed', '+989121113333', ${incidentId}),
          (${tehran}, 'phone', '122', 'informed', '+989121112222', ${incidentId}),
          (${tehran}, 'phone', '122', 'informed', '02155556666', ${incidentId})`),
    );
    const resolved = await gql(
      'tehran.manager',
      'mutation($i: ID!) { resolveIncident(incidentId: $i, note: "لوله تعویض شد") { __typename } }',
      {
        i: opened.id,
      },
    );
    expect(resolved.body.data.resolveIncident.__typename).toBe('ResolveIncidentSuccess');
    const told = (await messagesOf(tehran)).filter((m) => m.kind !== 'request_registered');
    expect(told.map((m) => [m.kind, m.recipient])).toEqual([
      ['request_resolved', '+989121112222'],
      ['incident_update', '+989121113333'],
    ]);
    expect(told[1]?.body).toContain(opened.publicToken);
    expect(told[1]?.body).not.toContain('خیابان امام');
  });
});

describe('the SMS account', () => {
  const set = `mutation($input: SetMessagingAccountInput!) { setMessagingAccount(input: $input) {
    __typename ... on SetMessagingAccountSuccess { data { provider sender hasCredentials credentialFields ratePerMinute pricePerPart } }
    ... on InputError { field message } ... on ConflictError { field message messageFa } } }`;
  const apiKey = '4F6B2B7A3D5E6F707172737475767778797A41424344';
  let kavenegar: Server;
  let kavenegarUrl = '';
  const seen: string[] = [];

  beforeAll(async () => {
    // Kavenegar as it answers a send and a status poll (the adapters' own contract tests cover its other answers).
    kavenegar = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      if (req.url?.includes('/sms/status.json'))
        res.end(
          JSON.stringify({
            return: { status: 200, message: 'تایید شد' },
            entries: [{ messageid: 8792343, status: 10, statustext: 'رسیده به گیرنده' }],
          }),
        );
      else
        res.end(
          JSON.stringify({
            return: { status: 200, message: 'تایید شد' },
            entries: [
              {
                messageid: 8792343,
                message: 'x',
                status: 1,
                statustext: 'در صف ارسال',
                sender: '10004346',
                receptor: '09121000011',
                date: 1356619709,
                cost: 120,
              },
            ],
          }),
        );
    });
    await new Promise<void>((resolve) => kavenegar.listen(0, '127.0.0.1', resolve));
    kavenegarUrl = `http://127.0.0.1:${(kavenegar.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => kavenegar.close(() => resolve())));

  it('sets a Kavenegar account: the key sealed, never returned, never in the audit trail or the logs, and used to send', async () => {
    const missing = field<{ __typename: string; field: string }>(
      (await gql('tehran.manager', set, { input: { provider: 'KAVENEGAR', sender: '10004346' } })).body,
      'setMessagingAccount',
    );
    expect(missing).toMatchObject({ __typename: 'InputError', field: 'credentials' });

    const response = await gql('tehran.manager', set, {
      input: {
        provider: 'KAVENEGAR',
        sender: '10004346',
        ratePerMinute: 300,
        pricePerPart: 1200,
        credentials: { apiKey },
      },
    });
    expect(JSON.stringify(response.body)).not.toContain(apiKey);
    expect(field<{ data: unknown }>(response.body, 'setMessagingAccount').data).toEqual({
      provider: 'KAVENEGAR',
      sender: '10004346',
      hasCredentials: true,
      credentialFields: ['apiKey'],
      ratePerMinute: 300,
      pricePerPart: 1200,
    });
    const [stored] = await asOwner(tehran, (tx) =>
      tx.select().from(messagingAccount).where(eq(messagingAccount.active, true)),
    );
    expect(stored?.credentials).toMatch(/^v1\./);
    expect(stored?.credentials).not.toContain(apiKey);
    expect(cipher.open(tehran, stored?.credentials ?? '')).toEqual({ apiKey });
    // Sealed for Tehran: the same value does not open for another company.
    expect(() => cipher.open(isfahan, stored?.credentials ?? '')).toThrow(/do not open/);
    const trail = await rows<{ detail: unknown }>(
      db.owner.root,
      sql`select detail from audit_event where operation = 'mutation setMessagingAccount'`,
    );
    expect(trail.length).toBeGreaterThan(0);
    expect(JSON.stringify(trail)).not.toContain(apiKey);

    // Changing the sender keeps the key (the same provider, no credentials given).
    const kept = field<{ data: { hasCredentials: boolean } }>(
      (await gql('tehran.manager', set, { input: { provider: 'KAVENEGAR', sender: '10004347' } })).body,
      'setMessagingAccount',
    );
    expect(kept.data.hasCredentials).toBe(true);

    // The jobs open it to send, through Kavenegar's API (here a loopback server answering as it documents).
    await queue('+989121000011');
    await runner(providerDirectory({ cipher, local, baseUrls: { kavenegar: kavenegarUrl } })).runOnce();
    expect((await messagesOf(tehran))[0]).toMatchObject({ state: 'sent', providerId: '8792343' });
    expect(seen.some((url) => url.startsWith(`/v1/${apiKey}/sms/send.json`))).toBe(true);
    expect(t.logs.map((l) => JSON.stringify(l)).join('\n')).not.toContain(apiKey);
    expect(runnerLogs.join('\n')).not.toContain(apiKey);
    const read = await gql('tehran.manager', '{ messagingAccount { provider sender hasCredentials } }');
    expect(JSON.stringify(read.body)).not.toContain(apiKey);
  });

  it('without a key on the server, credentials are refused in words; a local account needs none', async () => {
    const keyless = await createTestApp(db);
    try {
      const { body } = await request(keyless.app)
        .post('/graphql')
        .set(await keyless.bearer('tehran.manager'))
        .send({
          query: set,
          variables: {
            input: {
              provider: 'MAGFA',
              sender: '30001523',
              credentials: { username: 'u', domain: 'd', password: 'secret-password' },
            },
          },
        });
      const refused = field<{ __typename: string; field: string; messageFa: string }>(body, 'setMessagingAccount');
      expect(refused).toMatchObject({ __typename: 'ConflictError', field: 'credentials' });
      expect(refused.messageFa).toContain('MESSAGING_CREDENTIALS_KEY');
      const localSet = field<{ data: { provider: string; hasCredentials: boolean } }>(
        (
          await request(keyless.app)
            .post('/graphql')
            .set(await keyless.bearer('tehran.manager'))
            .send({ query: set, variables: { input: { provider: 'LOCAL', sender: '10001523' } } })
        ).body,
        'setMessagingAccount',
      );
      expect(localSet.data).toMatchObject({ provider: 'LOCAL', hasCredentials: false });
    } finally {
      await keyless.close();
    }
  });
});

describe('opt-outs and isolation', () => {
  it('records, lists (masked) and removes an opt-out; the number is never in the audit trail', async () => {
    const record =
      'mutation($m: String!) { recordMessageOptOut(mobile: $m) { __typename ... on RecordMessageOptOutSuccess { data { mobileMasked source } } ... on InputError { field } } }';
    expect(
      field<{ field: string }>((await gql('tehran.information', record, { m: '12' })).body, 'recordMessageOptOut')
        .field,
    ).toBe('mobile');
    const saved = field<{ data: { mobileMasked: string; source: string } }>(
      (await gql('tehran.information', record, { m: '۰۹۱۲۴۴۴۵۵۶۶' })).body,
      'recordMessageOptOut',
    );
    expect(saved.data.source).toBe('staff');
    expect(saved.data.mobileMasked).not.toContain('4445566');
    expect(
      field<unknown[]>(
        (await gql('tehran.information', '{ messageOptOuts(mobile: "09124445566") { source } }')).body,
        'messageOptOuts',
      ),
    ).toHaveLength(1);
    const trail = await rows<{ target_id: string }>(
      db.owner.root,
      sql`select target_id from audit_event where operation = 'mutation recordMessageOptOut'`,
    );
    expect(JSON.stringify(trail)).not.toContain('4445566');
    const removed = await gql(
      'tehran.information',
      'mutation { removeMessageOptOut(mobile: "09124445566") { ... on RemoveMessageOptOutSuccess { data } } }',
    );
    expect(removed.body.data.removeMessageOptOut.data).toBe(true);
  });

  it('a reply «لغو» passed on by the SMS gateway opts its sender out; any other text does nothing', async () => {
    const token = await t.serviceToken('tehran-integrator', 'messages:inbound');
    const receive = (from: string, text: string) =>
      request(t.app)
        .post('/graphql')
        .set({ authorization: `Bearer ${token}` })
        .send({
          query:
            'mutation($f: String!, $x: String!) { receiveSms(from: $f, text: $x) { ... on ReceiveSmsSuccess { data { optedOut keyword } } ... on InputError { field } } }',
          variables: { f: from, x: text },
        });
    expect((await receive('09125550001', ' لغو! ')).body.data.receiveSms.data).toEqual({
      optedOut: true,
      keyword: 'لغو',
    });
    expect((await receive('09125550002', 'STOP')).body.data.receiveSms.data).toEqual({
      optedOut: true,
      keyword: 'stop',
    });
    expect((await receive('09125550003', 'آب نداریم')).body.data.receiveSms.data).toEqual({
      optedOut: false,
      keyword: null,
    });
    expect((await receive('not-a-number', 'لغو')).body.data.receiveSms.field).toBe('mobile');
    const listed = await rows<{ recipient: string; source: string; created_by: string }>(
      db.owner.root,
      sql`select recipient, source, created_by from message_opt_out where tenant_id = ${tehran} order by recipient`,
    );
    expect(listed.map((l) => [l.recipient, l.source])).toEqual([
      ['+989125550001', 'keyword'],
      ['+989125550002', 'keyword'],
    ]);
  });

  it('another company sees none of Tehran’s messages, by list or by id', async () => {
    const id = await queue('+989121000012');
    const globalId = Buffer.from(`Message:${id}`).toString('base64');
    const theirs = await gql(
      'isfahan.information',
      'query($id: ID!) { node(id: $id) { id } messages(first: 5) { totalCount } }',
      { id: globalId },
    );
    expect(theirs.body.data).toEqual({ node: null, messages: { totalCount: 0 } });
    const cancel = await gql('isfahan.information', 'mutation($id: ID!) { cancelMessage(id: $id) { __typename } }', {
      id: globalId,
    });
    expect(cancel.body.data.cancelMessage.__typename).toBe('NotFoundError');
    const ours = await gql(
      'tehran.information',
      'query($id: ID!) { node(id: $id) { ... on Message { state kind } } }',
      { id: globalId },
    );
    expect(ours.body.data.node).toEqual({ state: 'QUEUED', kind: 'CUSTOM' });
    // An agent (no messages:read) is refused the list outright.
    expect(
      (await gql('tehran.agent', '{ messages(first: 1) { totalCount } }')).body.errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    expect(await rows(db.owner.root, sql`select 1 from message where tenant_id = ${isfahan}`)).toEqual([]);
  });
});
