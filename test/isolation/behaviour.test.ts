import { randomUUID } from 'node:crypto';
import {
  auditEvent,
  campaign,
  campaignRecipient,
  categoryOverride,
  complaint,
  complaintEvent,
  complaintRequest,
  contact,
  followUpActionLog,
  followUpCase,
  followUpSettings,
  incident,
  ivrAudio,
  ivrMenu,
  job,
  knowledgeArticle,
  kpiCompanyDaily,
  kpiCompanyMonthly,
  kpiDaily,
  line,
  MissingTenantError,
  message,
  messageOptOut,
  messageTemplate,
  messageTemplateProposal,
  messagingAccount,
  nationalQuestionnaire,
  notification,
  notificationRead,
  plannedOutage,
  request,
  requestEvent,
  staffProfile,
  statisticsReport,
  subscriber,
  survey,
  surveyAttempt,
  surveyQuestionnaire,
  surveySettings,
  type Tx,
  tenant,
  tenantCounter,
  unit,
  withTenant,
} from '@abfa/schema';
import { eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { rows, sqlState } from '../support/sql.js';
import {
  fixtureCategory,
  type SeededTenant,
  seedTenant,
  tenantTablesCovered,
  withoutTenant,
} from '../support/tenant-fixtures.js';

let db: TestDatabase;
let a: SeededTenant;
let b: SeededTenant;

beforeAll(async () => {
  db = await createTestDatabase();
  a = await seedTenant(db.owner.root, 'tenant-a');
  b = await seedTenant(db.owner.root, 'tenant-b');
});
afterAll(() => db?.close());

const scope = (t: SeededTenant) => ({ tenantId: t.tenantId, actor: 'test' });
const PERMISSION_DENIED = '42501';
const FOREIGN_KEY_VIOLATION = '23503';

/** A row of `table` for tenant `t` that would be valid if tenant `t` were the one set. */
const foreignRows: Record<string, { table: PgTable; row: (t: SeededTenant) => Record<string, unknown> }> = {
  tenant: {
    table: tenant,
    row: () => ({
      tenantId: crypto.randomUUID(),
      code: 'intruder',
      nameFa: 'نفوذی',
      nameEn: 'x',
      province: 'tehran',
      kind: 'city',
    }),
  },
  unit: {
    table: unit,
    row: (t) => ({ tenantId: t.tenantId, parentUnitId: t.rootUnitId, code: 'planted', kind: 'team', nameFa: 'کاشته' }),
  },
  line: {
    table: line,
    row: (t) => ({ tenantId: t.tenantId, code: 'planted', service: '1523', channel: 'web', nameFa: 'کاشته' }),
  },
  staff_profile: { table: staffProfile, row: (t) => ({ tenantId: t.tenantId, subject: 'planted' }) },
  category_override: { table: categoryOverride, row: (t) => ({ tenantId: t.tenantId, categoryCode: fixtureCategory }) },
  audit_event: {
    table: auditEvent,
    row: (t) => ({ tenantId: t.tenantId, actorSubject: 'x', actorKind: 'user', operation: 'x', outcome: 'success' }),
  },
  subscriber: {
    table: subscriber,
    row: (t) => ({ tenantId: t.tenantId, subscriptionNumber: `planted-${crypto.randomUUID()}`, ownerName: 'کاشته' }),
  },
  planned_outage: {
    table: plannedOutage,
    row: (t) => ({
      tenantId: t.tenantId,
      unitId: t.unitId,
      area: 'کاشته',
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 60_000),
      reason: 'x',
      createdBy: 'x',
    }),
  },
  incident: {
    table: incident,
    row: (t) => ({
      tenantId: t.tenantId,
      categoryCode: fixtureCategory,
      unitId: t.unitId,
      title: 'کاشته',
      openedBy: 'x',
    }),
  },
  request: {
    table: request,
    row: (t) => ({
      tenantId: t.tenantId,
      sequence: Math.floor(Math.random() * 1e9) + 10,
      trackingCode: `planted-${crypto.randomUUID()}`,
      categoryCode: fixtureCategory,
      service: '1523',
      priority: 'normal',
      channel: 'web',
      dueAt: new Date(),
      registeredBy: 'x',
    }),
  },
  request_event: {
    table: requestEvent,
    row: (t) => ({ tenantId: t.tenantId, requestId: t.requestId, actorSubject: 'x', kind: 'note', note: 'کاشته' }),
  },
  contact: {
    table: contact,
    row: (t) => ({ tenantId: t.tenantId, channel: 'phone', service: '122', outcome: 'informed' }),
  },
  knowledge_article: {
    table: knowledgeArticle,
    row: (t) => ({
      tenantId: t.tenantId,
      articleId: crypto.randomUUID(),
      version: 1,
      title: 'x',
      body: 'x',
      createdBy: 'x',
    }),
  },
  job: {
    table: job,
    row: (t) => ({ tenantId: t.tenantId, task: 'planted', payload: { requestId: t.requestId } }),
  },
  kpi_company_daily: {
    table: kpiCompanyDaily,
    row: (t) => ({ tenantId: t.tenantId, day: '2026-12-02', categoryCode: '', incidentsOpened: 1 }),
  },
  kpi_company_monthly: {
    table: kpiCompanyMonthly,
    row: (t) => ({ tenantId: t.tenantId, month: '1405-09', categoryCode: '', incidentsOpened: 1 }),
  },
  kpi_daily: {
    table: kpiDaily,
    row: (t) => ({
      tenantId: t.tenantId,
      day: '2026-12-02',
      unitId: t.unitId,
      categoryCode: '',
      lineId: '00000000-0000-0000-0000-000000000000',
      channel: '',
      incidentsOpened: 1,
    }),
  },
  campaign: {
    table: campaign,
    row: (t) => ({ tenantId: t.tenantId, title: 'کاشته', body: 'کاشته', audienceKind: 'units', preparedBy: 'x' }),
  },
  campaign_recipient: {
    table: campaignRecipient,
    row: (t) => ({ tenantId: t.tenantId, campaignId: t.campaignId, recipient: '+989120000002' }),
  },
  ivr_menu: {
    table: ivrMenu,
    row: (t) => ({ tenantId: t.tenantId, version: 99, tree: {}, state: 'retired', preparedBy: 'x' }),
  },
  ivr_audio: {
    table: ivrAudio,
    row: (t) => ({
      tenantId: t.tenantId,
      name: 'کاشته',
      contentType: 'audio/mpeg',
      bytes: Buffer.from('ID3'),
      size: 3,
      uploadedBy: 'x',
    }),
  },
  messaging_account: {
    table: messagingAccount,
    row: (t) => ({ tenantId: t.tenantId, provider: 'local', sender: '10009999', active: false, updatedBy: 'x' }),
  },
  message: {
    table: message,
    row: (t) => ({
      tenantId: t.tenantId,
      kind: 'custom',
      lane: 'transactional',
      recipient: '+989120000000',
      body: 'کاشته',
      parts: 1,
      createdBy: 'x',
    }),
  },
  message_template: {
    table: messageTemplate,
    row: (t) => ({ tenantId: t.tenantId, kind: 'outage_notice', body: 'کاشته', updatedBy: 'x' }),
  },
  message_template_proposal: {
    table: messageTemplateProposal,
    row: (t) => ({ tenantId: t.tenantId, kind: 'outage_notice', body: 'کاشته', proposedBy: 'x' }),
  },
  message_opt_out: {
    table: messageOptOut,
    row: (t) => ({ tenantId: t.tenantId, recipient: '+989120000001', source: 'staff', createdBy: 'x' }),
  },
  followup_settings: {
    table: followUpSettings,
    row: (t) => ({ tenantId: t.tenantId, updatedBy: 'x' }),
  },
  followup_case: {
    table: followUpCase,
    row: (t) => ({
      tenantId: t.tenantId,
      requestId: t.requestId,
      trigger: 'manual',
      state: 'closed',
      result: 'other',
      closedAt: new Date(),
      openedBy: 'x',
    }),
  },
  followup_action: {
    table: followUpActionLog,
    row: (t) => ({ tenantId: t.tenantId, caseId: t.caseId, kind: 'note', note: 'کاشته', actorSubject: 'x' }),
  },
  complaint: {
    table: complaint,
    row: (t) => ({
      tenantId: t.tenantId,
      trackingCode: `planted-${crypto.randomUUID()}`,
      subject: 'other',
      channel: 'web',
      description: 'کاشته',
      receivedBy: 'x',
    }),
  },
  complaint_request: {
    table: complaintRequest,
    row: (t) => ({ tenantId: t.tenantId, complaintId: t.complaintId, requestId: t.requestId }),
  },
  complaint_event: {
    table: complaintEvent,
    row: (t) => ({
      tenantId: t.tenantId,
      complaintId: t.complaintId,
      action: 'note',
      note: 'کاشته',
      actorSubject: 'x',
    }),
  },
  notification: {
    table: notification,
    row: (t) => ({ tenantId: t.tenantId, kind: 'warned', unitId: t.unitId, requestId: t.requestId }),
  },
  notification_read: {
    table: notificationRead,
    row: (t) => ({ tenantId: t.tenantId, notificationId: t.notificationId, subject: 'planted' }),
  },
  tenant_counter: {
    table: tenantCounter,
    row: (t) => ({ tenantId: t.tenantId, name: `planted-${crypto.randomUUID()}` }),
  },
  statistics_report: {
    table: statisticsReport,
    row: (t) => ({
      tenantId: t.tenantId,
      kind: 'monthly',
      periodKey: '1405-01',
      periodFrom: '2026-03-21',
      periodTo: '2026-04-20',
      content: {},
      generatedBy: 'planted',
    }),
  },
  survey_questionnaire: {
    table: surveyQuestionnaire,
    row: (t) => ({ tenantId: t.tenantId, version: 99, questions: nationalQuestionnaire, createdBy: 'planted' }),
  },
  survey_settings: {
    table: surveySettings,
    row: (t) => ({ tenantId: t.tenantId, updatedBy: 'planted' }),
  },
  survey: {
    table: survey,
    row: (t) => ({ tenantId: t.tenantId, method: 'ivr', contactId: t.contactId, reason: { rule: 'planted' } }),
  },
  survey_attempt: {
    table: surveyAttempt,
    row: (t) => ({ tenantId: t.tenantId, surveyId: t.surveyId, officerSubject: 'planted', outcome: 'busy' }),
  },
};
const tables = Object.keys(foreignRows);

it('has a foreign row for every tenant table the fixtures cover (and so the catalog has)', () => {
  expect([...tables].sort()).toEqual([...tenantTablesCovered].sort());
});

/** Counts rows of every tenant table per tenant, with the owner's rights (superuser: sees all). */
async function census() {
  const result: Record<string, Record<string, number>> = {};
  for (const table of tables) {
    const counted = await rows<{ tenant_id: string; n: number }>(
      db.owner.root,
      sql`select tenant_id, count(*)::int as n from ${sql.identifier(table)} group by tenant_id`,
    );
    result[table] = Object.fromEntries(counted.map((r) => [r.tenant_id, r.n]));
  }
  return result;
}

describe('as app_user with tenant A set', () => {
  it.each(tables)('%s: only A rows are visible, B rows are invisible', async (table) => {
    const seen = await withTenant(db.api.root, scope(a), (tx) =>
      rows<{ tenant_id: string }>(tx, sql`select tenant_id from ${sql.identifier(table)}`),
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((r) => r.tenant_id))).toEqual(new Set([a.tenantId]));
    const asked = await withTenant(db.api.root, scope(a), (tx) =>
      rows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from ${sql.identifier(table)} where tenant_id = ${b.tenantId}`,
      ),
    );
    expect(asked[0]?.n).toBe(0);
  });

  it.each(tables)('%s: inserting a row for B is refused', async (table) => {
    const { table: target, row } = foreignRows[table] as (typeof foreignRows)[string];
    const before = await census();
    expect(await sqlState(withTenant(db.api.root, scope(a), (tx) => tx.insert(target).values(row(b))))).toBe(
      PERMISSION_DENIED,
    );
    expect(await census()).toEqual(before);
  });

  it.each(tables)('%s: updates and deletes of B rows touch nothing', async (table) => {
    const before = await census();
    for (const statement of [
      sql`update ${sql.identifier(table)} set tenant_id = tenant_id where tenant_id = ${b.tenantId}`,
      sql`delete from ${sql.identifier(table)} where tenant_id = ${b.tenantId}`,
    ]) {
      // Either the grants refuse it (tenant, audit_event) or row-level security hides every B row from it.
      const outcome = await withTenant(db.api.root, scope(a), (tx) => tx.execute(sql`${statement} returning 1`)).then(
        (result) => (Array.isArray(result) ? result.length : (result as { rows: unknown[] }).rows.length),
        (error: unknown) => error,
      );
      if (typeof outcome === 'number') expect(outcome).toBe(0);
      else expect(await sqlState(Promise.reject(outcome))).toBe(PERMISSION_DENIED);
    }
    expect(await census()).toEqual(before);
  });

  it('cannot move its own rows to B', async () => {
    const state = await sqlState(
      withTenant(db.api.root, scope(a), (tx) =>
        tx.update(unit).set({ tenantId: b.tenantId }).where(eq(unit.unitId, a.unitId)),
      ),
    );
    expect(state).toBe(PERMISSION_DENIED);
  });

  it('cannot point a foreign key at B rows (composite keys)', async () => {
    const attempts = [
      (tx: Tx) => tx.insert(staffProfile).values({ tenantId: a.tenantId, subject: 'stray', unitId: b.unitId }),
      (tx: Tx) => tx.update(staffProfile).set({ unitId: b.unitId }).where(eq(staffProfile.staffId, a.staffId)),
      (tx: Tx) => tx.update(request).set({ assignedUnitId: b.unitId }).where(eq(request.requestId, a.requestId)),
      (tx: Tx) => tx.update(request).set({ subscriberId: b.subscriberId }).where(eq(request.requestId, a.requestId)),
      (tx: Tx) => tx.update(request).set({ incidentId: b.incidentId }).where(eq(request.requestId, a.requestId)),
      (tx: Tx) =>
        tx.update(request).set({ duplicateOfRequestId: b.requestId }).where(eq(request.requestId, a.requestId)),
      // A unit's return to the centre names the unit that returned it: never another company's.
      (tx: Tx) => tx.update(request).set({ returnedByUnitId: b.unitId }).where(eq(request.requestId, a.requestId)),
      (tx: Tx) =>
        tx
          .insert(requestEvent)
          .values({ tenantId: a.tenantId, requestId: b.requestId, actorSubject: 'x', kind: 'note' }),
      (tx: Tx) =>
        tx.insert(contact).values({
          tenantId: a.tenantId,
          channel: 'phone',
          service: '122',
          outcome: 'informed',
          requestId: b.requestId,
        }),
      (tx: Tx) => tx.update(incident).set({ unitId: b.unitId }).where(eq(incident.incidentId, a.incidentId)),
      (tx: Tx) => tx.update(plannedOutage).set({ unitId: b.unitId }).where(eq(plannedOutage.outageId, a.outageId)),
      // A message names its own company's account and request only.
      (tx: Tx) => tx.update(message).set({ accountId: b.accountId }).where(eq(message.messageId, a.messageId)),
      (tx: Tx) => tx.update(message).set({ requestId: b.requestId }).where(eq(message.messageId, a.messageId)),
      (tx: Tx) => tx.update(message).set({ incidentId: b.incidentId }).where(eq(message.messageId, a.messageId)),
      (tx: Tx) => tx.update(message).set({ outageId: b.outageId }).where(eq(message.messageId, a.messageId)),
      (tx: Tx) => tx.update(message).set({ campaignId: b.campaignId }).where(eq(message.messageId, a.messageId)),
      (tx: Tx) =>
        tx
          .insert(campaignRecipient)
          .values({ tenantId: a.tenantId, campaignId: b.campaignId, recipient: '+989120000003' }),
      // A follow-up case names its own company's request; its steps its own case and message.
      (tx: Tx) =>
        tx
          .insert(followUpCase)
          .values({ tenantId: a.tenantId, requestId: b.requestId, trigger: 'manual', openedBy: 'x' }),
      (tx: Tx) =>
        tx
          .insert(followUpActionLog)
          .values({ tenantId: a.tenantId, caseId: b.caseId, kind: 'note', actorSubject: 'x' }),
      (tx: Tx) =>
        tx
          .insert(followUpActionLog)
          .values({ tenantId: a.tenantId, caseId: a.caseId, kind: 'note', actorSubject: 'x', messageId: b.messageId }),
      // A notification names its own company's unit, request, case and complaint; a read mark its own notification.
      (tx: Tx) =>
        tx
          .insert(notification)
          .values({ tenantId: a.tenantId, kind: 'warned', unitId: b.unitId, requestId: a.requestId }),
      (tx: Tx) =>
        tx
          .insert(notification)
          .values({ tenantId: a.tenantId, kind: 'warned', unitId: a.unitId, requestId: b.requestId }),
      (tx: Tx) =>
        tx.insert(notification).values({
          tenantId: a.tenantId,
          kind: 'escalated',
          role: 'executive',
          requestId: a.requestId,
          caseId: b.caseId,
        }),
      (tx: Tx) =>
        tx.insert(notification).values({
          tenantId: a.tenantId,
          kind: 'complaint_overdue',
          role: 'centre_manager',
          complaintId: b.complaintId,
        }),
      (tx: Tx) =>
        tx.insert(notificationRead).values({ tenantId: a.tenantId, notificationId: b.notificationId, subject: 'x' }),
      // A complaint names its own company's unit and customer; its links and history its own complaint and requests.
      (tx: Tx) => tx.update(complaint).set({ unitId: b.unitId }).where(eq(complaint.complaintId, a.complaintId)),
      (tx: Tx) =>
        tx.update(complaint).set({ subscriberId: b.subscriberId }).where(eq(complaint.complaintId, a.complaintId)),
      (tx: Tx) =>
        tx
          .insert(complaintRequest)
          .values({ tenantId: a.tenantId, complaintId: a.complaintId, requestId: b.requestId }),
      (tx: Tx) =>
        tx
          .insert(complaintRequest)
          .values({ tenantId: a.tenantId, complaintId: b.complaintId, requestId: a.requestId }),
      (tx: Tx) =>
        tx
          .insert(complaintEvent)
          .values({ tenantId: a.tenantId, complaintId: b.complaintId, action: 'note', actorSubject: 'x' }),
      // A survey names its own company's questionnaire, request, call, unit and message; an attempt its own survey.
      (tx: Tx) =>
        tx.insert(survey).values({
          tenantId: a.tenantId,
          method: 'phone',
          requestId: b.requestId,
          reason: { rule: 'x' },
        }),
      (tx: Tx) =>
        tx
          .insert(survey)
          .values({ tenantId: a.tenantId, method: 'ivr', contactId: b.contactId, reason: { rule: 'x' } }),
      (tx: Tx) => tx.update(survey).set({ unitId: b.unitId }).where(eq(survey.surveyId, a.surveyId)),
      (tx: Tx) => tx.update(survey).set({ messageId: b.messageId }).where(eq(survey.surveyId, a.surveyId)),
      (tx: Tx) =>
        tx
          .insert(surveyAttempt)
          .values({ tenantId: a.tenantId, surveyId: b.surveyId, officerSubject: 'x', outcome: 'busy' }),
      // A rollup row names its company's unit and line only (the line through its generated column line_ref).
      (tx: Tx) =>
        tx.insert(kpiDaily).values({
          tenantId: a.tenantId,
          day: '2026-12-03',
          unitId: b.unitId,
          categoryCode: '',
          lineId: a.lineId,
          channel: 'phone',
        }),
      (tx: Tx) =>
        tx.insert(kpiDaily).values({
          tenantId: a.tenantId,
          day: '2026-12-03',
          unitId: a.unitId,
          categoryCode: '',
          lineId: b.lineId,
          channel: 'phone',
        }),
    ];
    for (const attempt of attempts) {
      expect(await sqlState(withTenant(db.api.root, scope(a), attempt))).toBe(FOREIGN_KEY_VIOLATION);
    }
    // The owner (the registry sync) writes units and lines: composite keys hold there too.
    const byOwner = [
      (tx: Tx) =>
        tx
          .insert(unit)
          .values({ tenantId: a.tenantId, parentUnitId: b.rootUnitId, code: 'stray', kind: 'team', nameFa: 'سرگردان' }),
      (tx: Tx) =>
        tx.insert(line).values({
          tenantId: a.tenantId,
          code: 'stray',
          service: '1523',
          channel: 'phone',
          nameFa: 'سرگردان',
          mergedIntoLineId: b.lineId,
        }),
    ];
    for (const attempt of byOwner) {
      expect(await sqlState(db.owner.root.transaction((tx) => attempt(tx)))).toBe(FOREIGN_KEY_VIOLATION);
    }
  });

  it('may write only what the API writes: no deletes, no registry tables, customers never rewritten, a contact completed only', async () => {
    const refused = [
      sql`delete from subscriber where subscriber_id = ${a.subscriberId}`,
      sql`delete from planned_outage where outage_id = ${a.outageId}`,
      sql`delete from incident where incident_id = ${a.incidentId}`,
      sql`delete from request where request_id = ${a.requestId}`,
      sql`delete from contact where contact_id = ${a.contactId}`,
      sql`delete from tenant_counter`,
      sql`delete from staff_profile where staff_id = ${a.staffId}`,
      sql`update subscriber set owner_name = 'x' where subscriber_id = ${a.subscriberId}`,
      // A contact is completed in place where the agent's record and the PBX's meet (its call's figures, outcome and
      // notes), never moved to another call, channel or id.
      sql`update contact set pbx_call_id = 'x' where contact_id = ${a.contactId}`,
      sql`update contact set channel = 'sms' where contact_id = ${a.contactId}`,
      sql`update contact set contact_id = gen_random_uuid() where contact_id = ${a.contactId}`,
      sql`update unit set name_fa = 'x' where unit_id = ${a.unitId}`,
      sql`insert into line (tenant_id, code, service, channel, name_fa) values (${a.tenantId}, 'own-sms', '1523', 'sms', 'پیامک')`,
      sql`delete from category_override`,
      // Jobs: enqueue and read, and revive a dead one — nothing else (the runners finish them, as app_worker).
      sql`delete from job`,
      sql`update job set task = 'x' where job_id = ${a.jobId}`,
      sql`update job set state = 'running' where job_id = ${a.jobId}`,
      // Messages and SMS accounts are kept (their history), never deleted.
      sql`delete from message where message_id = ${a.messageId}`,
      sql`delete from messaging_account where account_id = ${a.accountId}`,
      sql`delete from campaign where campaign_id = ${a.campaignId}`,
      sql`delete from ivr_menu`,
      // Follow-up cases are closed, never deleted; their steps are history.
      sql`delete from followup_case where case_id = ${a.caseId}`,
      sql`delete from followup_action`,
      sql`update followup_action set note = 'x'`,
      // Notifications are told once and kept.
      sql`delete from notification`,
      sql`update notification set kind = 'warned'`,
      sql`delete from notification_read`,
      // Complaints are kept with their links and history.
      sql`delete from complaint where complaint_id = ${a.complaintId}`,
      sql`delete from complaint_request`,
      sql`delete from complaint_event`,
      sql`update complaint_event set note = 'x'`,
      // Surveys are kept with their attempts; a questionnaire's versions never change.
      sql`delete from survey`,
      sql`delete from survey_attempt`,
      sql`update survey_attempt set outcome = 'completed'`,
      sql`delete from survey_questionnaire`,
      sql`update survey_questionnaire set questions = '[]'`,
      sql`delete from survey_settings`,
      // A report to officials is kept as it was made.
      sql`update statistics_report set content = '{}'`,
      sql`delete from statistics_report`,
    ];
    for (const statement of refused)
      expect(await sqlState(withTenant(db.api.root, scope(a), (tx) => tx.execute(statement)))).toBe(PERMISSION_DENIED);
  });

  it('can write its own rows (the policies are not simply closed)', async () => {
    const inserted = await withTenant(db.api.root, scope(a), (tx) =>
      tx
        .insert(incident)
        .values({
          tenantId: a.tenantId,
          categoryCode: fixtureCategory,
          unitId: a.unitId,
          title: 'own',
          openedBy: 'x',
        })
        .returning(),
    );
    expect(inserted).toHaveLength(1);
  });

  it('runs reads READ ONLY when asked', async () => {
    const state = await sqlState(
      withTenant(db.api.root, scope(a), (tx) => tx.update(unit).set({ nameFa: 'x' }).where(eq(unit.unitId, a.unitId)), {
        readOnly: true,
      }),
    );
    expect(state).toBe('25006'); // read_only_sql_transaction
  });

  it('cannot change or remove audit events, even its own', async () => {
    for (const statement of [
      sql`update audit_event set outcome = 'failed' where audit_id = ${a.auditId}`,
      sql`delete from audit_event where audit_id = ${a.auditId}`,
    ]) {
      expect(await sqlState(withTenant(db.api.root, scope(a), (tx) => tx.execute(statement)))).toBe(PERMISSION_DENIED);
    }
  });
});

describe('the staff search’s stored folded text (search_text, address_key) and its leakproof operators', () => {
  beforeAll(async () => {
    // Each company's request and customer say the same words; B's also a word of its own.
    for (const [t, words] of [
      [a, 'نشتی مشترک'],
      [b, 'نشتی مشترک محرمانه'],
    ] as const)
      await db.owner.root.transaction(async (tx) => {
        await tx.execute(sql`select set_config('app.tenant_id', ${t.tenantId}, true)`);
        await tx
          .update(request)
          .set({ description: words, address: 'کوچه یاس' })
          .where(eq(request.requestId, t.requestId));
        await tx.update(subscriber).set({ ownerName: words }).where(eq(subscriber.subscriberId, t.subscriberId));
      });
  });

  /** What tenant A's transaction finds by a condition on `table` (the ids), as app_user. */
  const foundByA = (table: 'request' | 'subscriber', condition: ReturnType<typeof sql>) =>
    withTenant(db.api.root, scope(a), (tx) =>
      rows<{ tenant_id: string }>(tx, sql`select tenant_id from ${sql.identifier(table)} where ${condition}`),
    );

  it('finds only the company’s own rows by words, through the leakproof LIKE, whatever the index', async () => {
    for (const table of ['request', 'subscriber'] as const) {
      const shared = await foundByA(table, sql`search_text ~~~ ('%' || app_search_fold('نشتی') || '%')`);
      expect(shared.map((r) => r.tenant_id)).toEqual([a.tenantId]);
      expect(await foundByA(table, sql`search_text ~~~ ('%' || app_search_fold('محرمانه') || '%')`)).toEqual([]);
    }
    expect((await foundByA('request', sql`address_key = app_search_fold('كوچه ياس')`)).map((r) => r.tenant_id)).toEqual(
      [a.tenantId],
    );
  });

  it('a pattern LIKE would fail on (an unpaired escape at its end) matches nothing and raises nothing', async () => {
    // Raised for some rows and not others, the error would say something about rows the policies hide.
    expect(await foundByA('request', sql`search_text ~~~ ${'%محرمانه\\'}`)).toEqual([]);
    expect(await foundByA('request', sql`search_text ~~~ ${'%\\'}`)).toEqual([]);
  });

  it('cannot be written: the columns are generated from the row itself', async () => {
    expect(
      await sqlState(
        withTenant(db.api.root, scope(a), (tx) =>
          tx.execute(sql`update request set search_text = 'x' where request_id = ${a.requestId}`),
        ),
      ),
    ).toBe('428C9'); // generated_always
  });
});

describe('with no tenant set', () => {
  it.each(tables)('%s: nothing is visible', async (table) => {
    const seen = await withoutTenant(db.api.root, (tx) =>
      rows<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.identifier(table)}`),
    );
    expect(seen[0]?.n).toBe(0);
  });

  it.each(tables)('%s: every write is refused', async (table) => {
    const { table: target, row } = foreignRows[table] as (typeof foreignRows)[string];
    expect(await sqlState(withoutTenant(db.api.root, (tx) => tx.insert(target).values(row(a))))).toBe(
      PERMISSION_DENIED,
    );
  });

  it('an empty tenant setting (what a pooled session shows after a transaction) also sees nothing', async () => {
    const seen = await db.api.root.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.tenant_id', '', true)`);
      await tx.execute(sql`set local role app_user`);
      return rows<{ n: number }>(tx, sql`select count(*)::int as n from unit`);
    });
    expect(seen[0]?.n).toBe(0);
  });

  it('withTenant refuses to open a transaction without a valid tenant id', async () => {
    await expect(withTenant(db.api.root, { tenantId: '', actor: 'x' }, async () => 1)).rejects.toBeInstanceOf(
      MissingTenantError,
    );
    await expect(
      withTenant(db.api.root, { tenantId: "x' or true --", actor: 'x' }, async () => 1),
    ).rejects.toBeInstanceOf(MissingTenantError);
  });
});

describe('as the read-only supervision role', () => {
  it('can write nothing, whatever the tenant setting', async () => {
    for (const table of tables) {
      const { table: target, row } = foreignRows[table] as (typeof foreignRows)[string];
      const state = await sqlState(
        db.api.root.transaction(async (tx) => {
          await tx.execute(sql`select set_config('app.tenant_id', ${a.tenantId}, true)`);
          await tx.execute(sql`set local role app_supervisor`);
          await tx.insert(target).values(row(a));
        }),
      );
      expect(state).toBe(PERMISSION_DENIED);
    }
  });
});

describe('within a company: operational units read their own requests only (the unit_reach policy)', () => {
  /** The ids of the requests a transaction with this reach sees (as app_user, tenant A). */
  const seenWith = (requestReach?: { unitId: string | null }) =>
    withTenant(db.api.root, { ...scope(a), ...(requestReach ? { requestReach } : {}) }, async (tx) =>
      (await tx.select({ id: request.requestId }).from(request)).map((r) => r.id),
    );
  let otherUnitId: string;

  beforeAll(async () => {
    otherUnitId = randomUUID();
    await db.owner.root.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.tenant_id', ${a.tenantId}, true)`);
      await tx.insert(unit).values({
        tenantId: a.tenantId,
        unitId: otherUnitId,
        parentUnitId: a.rootUnitId,
        code: 'other-office',
        kind: 'district',
        nameFa: 'امور دیگر',
      });
    });
  });

  it('the company (no reach given) and a unit above the assigned one see it; another unit, no unit and another company’s unit see nothing', async () => {
    expect(await seenWith()).toEqual([a.requestId]);
    expect(await seenWith({ unitId: a.rootUnitId })).toEqual([a.requestId]);
    expect(await seenWith({ unitId: a.unitId })).toEqual([a.requestId]);
    expect(await seenWith({ unitId: otherUnitId })).toEqual([]);
    expect(await seenWith({ unitId: null })).toEqual([]);
    expect(await seenWith({ unitId: b.unitId })).toEqual([]);
  });

  it('fails closed: app_user with the tenant set but no reach set sees no request, and updates touch none', async () => {
    const [seen, updated] = await db.api.root
      .transaction(async (tx) => {
        await tx.execute(sql`select set_config('app.tenant_id', ${a.tenantId}, true)`);
        await tx.execute(sql`set local role app_user`);
        const visible = await rows<{ n: number }>(tx, sql`select count(*)::int as n from request`);
        const touched = await tx.update(request).set({ description: 'x' }).returning({ id: request.requestId });
        throw Object.assign(new Error('rollback'), { result: [visible[0]?.n, touched.length] });
      })
      .catch((error: { result?: [number, number] }) => error.result ?? [-1, -1]);
    expect(seen).toBe(0);
    expect(updated).toBe(0);
  });

  it('a unit the request was once dispatched to still sees it (its live queue lets it go)', async () => {
    await db.owner.root.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.tenant_id', ${a.tenantId}, true)`);
      await tx.insert(requestEvent).values({
        tenantId: a.tenantId,
        requestId: a.requestId,
        actorSubject: 'test',
        kind: 'dispatched',
        unitId: otherUnitId,
      });
    });
    expect(await seenWith({ unitId: otherUnitId })).toEqual([a.requestId]);
  });
});
