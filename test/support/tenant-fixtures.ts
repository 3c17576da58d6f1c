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
  type Db,
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
} from '@abfa/schema';
import { sql } from 'drizzle-orm';

/** A tenant made for a test, with one row in every tenant table. */
export interface SeededTenant {
  tenantId: string;
  code: string;
  rootUnitId: string;
  unitId: string;
  lineId: string;
  staffId: string;
  auditId: string;
  subscriberId: string;
  outageId: string;
  incidentId: string;
  requestId: string;
  eventId: string;
  contactId: string;
  articleId: string;
  jobId: string;
  accountId: string;
  messageId: string;
  campaignId: string;
  caseId: string;
  notificationId: string;
  complaintId: string;
  surveyId: string;
  ivrSurveyId: string;
}

/** A category of the national catalog that fixtures override (inserted if the database has none). */
export const fixtureCategory = 'test.fixture_category';

/**
 * Seeds a tenant with a row in every tenant table, as the owner with that tenant set (RLS is forced, so the
 * owner too writes only where the tenant matches). `tenantTablesCovered` lists the tables this touches: the
 * isolation suite fails when the catalog has a tenant table that is not in it.
 */
export async function seedTenant(db: Db, code: string): Promise<SeededTenant> {
  const tenantId = randomUUID();
  const ids = {
    rootUnitId: randomUUID(),
    unitId: randomUUID(),
    lineId: randomUUID(),
    staffId: randomUUID(),
    auditId: randomUUID(),
    subscriberId: randomUUID(),
    outageId: randomUUID(),
    incidentId: randomUUID(),
    requestId: randomUUID(),
    eventId: randomUUID(),
    contactId: randomUUID(),
    articleId: randomUUID(),
    jobId: randomUUID(),
    accountId: randomUUID(),
    messageId: randomUUID(),
    campaignId: randomUUID(),
    caseId: randomUUID(),
    notificationId: randomUUID(),
    complaintId: randomUUID(),
    surveyId: randomUUID(),
    ivrSurveyId: randomUUID(),
  };
  await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    await tx.execute(
      sql`insert into category (code, family, service, name_fa, name_en, emergency, default_priority, sla_minutes, sla_clock, creates_request)
          values (${fixtureCategory}, 'information', '1523', 'دسته آزمایشی', 'Test category', false, 'normal', 60, 'business', false)
          on conflict (code) do nothing`,
    );
    await tx.insert(tenant).values({
      tenantId,
      code,
      nameFa: `شرکت ${code}`,
      nameEn: `Company ${code}`,
      province: 'tehran',
      kind: 'merged_provincial',
    });
    await tx.insert(unit).values({ tenantId, unitId: ids.rootUnitId, code: 'hq', kind: 'company', nameFa: 'ستاد' });
    await tx.insert(unit).values({
      tenantId,
      unitId: ids.unitId,
      parentUnitId: ids.rootUnitId,
      code: 'district-1',
      kind: 'district',
      nameFa: 'امور یک',
    });
    await tx.insert(line).values({
      tenantId,
      lineId: ids.lineId,
      code: '122',
      service: '122',
      channel: 'phone',
      number: '122',
      nameFa: 'سامانه ۱۲۲',
    });
    await tx
      .insert(staffProfile)
      .values({ tenantId, staffId: ids.staffId, subject: `subject-${code}`, unitId: ids.unitId, roles: ['agent'] });
    await tx.insert(categoryOverride).values({ tenantId, categoryCode: fixtureCategory, slaMinutes: 30 });
    await tx.insert(auditEvent).values({
      tenantId,
      auditId: ids.auditId,
      actorSubject: 'test',
      actorKind: 'system',
      operation: 'test.seed',
      outcome: 'success',
    });
    // Section (a): one row of each, linked to each other the way real ones are.
    const hour = 3_600_000;
    await tx.insert(subscriber).values({
      tenantId,
      subscriberId: ids.subscriberId,
      subscriptionNumber: `S-${code}`,
      ownerName: 'مشترک آزمایشی',
      mobile: '+989121234567',
      unitId: ids.unitId,
    });
    await tx.insert(plannedOutage).values({
      tenantId,
      outageId: ids.outageId,
      unitId: ids.unitId,
      area: 'محله آزمایشی',
      startsAt: new Date(Date.now() - hour),
      endsAt: new Date(Date.now() + hour),
      reason: 'تعمیرات',
      createdBy: 'test',
    });
    await tx.insert(incident).values({
      tenantId,
      incidentId: ids.incidentId,
      categoryCode: fixtureCategory,
      unitId: ids.unitId,
      title: 'شکستگی آزمایشی',
      openedBy: 'test',
    });
    await tx.insert(request).values({
      tenantId,
      requestId: ids.requestId,
      sequence: 1,
      trackingCode: `T-${code}`,
      categoryCode: fixtureCategory,
      service: '1523',
      priority: 'normal',
      channel: 'phone',
      lineId: ids.lineId,
      subscriberId: ids.subscriberId,
      assignedUnitId: ids.unitId,
      incidentId: ids.incidentId,
      outageId: ids.outageId,
      dueAt: new Date(Date.now() + hour),
      registeredBy: 'test',
      publicNote: `public note of ${code}`,
      returnedAt: new Date(),
      returnReason: `returned by ${code}`,
      returnedByUnitId: ids.unitId,
      followUpFlaggedAt: new Date(),
    });
    await tx.insert(requestEvent).values({
      tenantId,
      eventId: ids.eventId,
      requestId: ids.requestId,
      actorSubject: 'test',
      kind: 'registered',
      toStatus: 'registered',
    });
    await tx.insert(contact).values({
      tenantId,
      contactId: ids.contactId,
      lineId: ids.lineId,
      channel: 'phone',
      service: '1523',
      outcome: 'request_registered',
      subscriberId: ids.subscriberId,
      requestId: ids.requestId,
    });
    // KPI rollups (derived data, but tenant data all the same): one day of the company's centre.
    await tx.insert(kpiDaily).values({
      tenantId,
      day: '2026-12-01',
      unitId: ids.unitId,
      categoryCode: fixtureCategory,
      lineId: ids.lineId,
      channel: 'phone',
      contactsOffered: 3,
      requestsRegistered: 1,
    });
    await tx.insert(kpiCompanyDaily).values({
      tenantId,
      day: '2026-12-01',
      categoryCode: fixtureCategory,
      contactsOffered: 3,
      requestsRegistered: 1,
    });
    await tx.insert(kpiCompanyMonthly).values({
      tenantId,
      month: '1405-09',
      categoryCode: fixtureCategory,
      contactsOffered: 3,
      requestsRegistered: 1,
    });
    await tx.insert(knowledgeArticle).values({
      tenantId,
      articleId: ids.articleId,
      version: 1,
      categoryCode: fixtureCategory,
      title: 'پاسخ آزمایشی',
      body: 'متن',
      createdBy: 'test',
    });
    await tx.insert(tenantCounter).values({ tenantId, name: 'request', value: 1 });
    // A dead job (the API may revive it): its payload names the company's own request.
    await tx.insert(job).values({
      tenantId,
      jobId: ids.jobId,
      task: 'test.fixture',
      payload: { requestId: ids.requestId },
      state: 'dead',
      attempts: 1,
      maxAttempts: 1,
      lastError: 'Error: fixture',
      jobKey: `fixture:${code}`,
    });
    // Section (d): the company's SMS account (its sealed credentials), a message about its request, a wording of
    // its own, and a mobile that opted out.
    await tx.insert(messagingAccount).values({
      tenantId,
      accountId: ids.accountId,
      provider: 'local',
      sender: '10001523',
      credentials: `sealed credentials of ${code}`,
      updatedBy: 'test',
    });
    await tx.insert(campaign).values({
      tenantId,
      campaignId: ids.campaignId,
      title: `campaign of ${code}`,
      body: 'قطع آب',
      audienceKind: 'list',
      preparedBy: 'test',
    });
    await tx.insert(campaignRecipient).values({ tenantId, campaignId: ids.campaignId, recipient: '+989121234567' });
    await tx.insert(message).values({
      tenantId,
      campaignId: ids.campaignId,
      messageId: ids.messageId,
      kind: 'request_registered',
      lane: 'transactional',
      recipient: '+989121234567',
      body: `message of ${code}`,
      parts: 1,
      accountId: ids.accountId,
      requestId: ids.requestId,
      createdBy: 'test',
    });
    await tx
      .insert(messageTemplate)
      .values({ tenantId, kind: 'request_resolved', body: `wording of ${code}`, updatedBy: 'test' });
    await tx.insert(messageTemplateProposal).values({
      tenantId,
      kind: 'request_registered',
      body: `proposed wording of ${code}`,
      proposedBy: 'test',
    });
    await tx.insert(messageOptOut).values({ tenantId, recipient: '+989121234567', source: 'staff', createdBy: 'test' });
    await tx.insert(ivrMenu).values({
      tenantId,
      version: 1,
      tree: { greeting: { text: `menu of ${code}` }, options: [] },
      state: 'published',
      preparedBy: 'test',
    });
    await tx.insert(ivrAudio).values({
      tenantId,
      name: `greeting of ${code}`,
      contentType: 'audio/wav',
      bytes: Buffer.from('RIFF'),
      size: 4,
      uploadedBy: 'test',
    });
    // Section (b): the company's follow-up settings, and a case on its request with one step.
    await tx.insert(followUpSettings).values({ tenantId, warnAtPercent: 75, updatedBy: 'test' });
    await tx.insert(followUpCase).values({
      tenantId,
      caseId: ids.caseId,
      requestId: ids.requestId,
      trigger: 'manual',
      reason: `case of ${code}`,
      openedBy: 'test',
    });
    await tx.insert(followUpActionLog).values({
      tenantId,
      caseId: ids.caseId,
      kind: 'opened',
      trigger: 'manual',
      actorSubject: 'test',
      messageId: ids.messageId,
    });
    await tx.insert(notification).values({
      tenantId,
      notificationId: ids.notificationId,
      kind: 'escalated',
      unitId: ids.unitId,
      requestId: ids.requestId,
      caseId: ids.caseId,
      level: 2,
    });
    await tx.insert(notificationRead).values({ tenantId, notificationId: ids.notificationId, subject: 'test' });
    await tx.insert(complaint).values({
      tenantId,
      complaintId: ids.complaintId,
      trackingCode: '1000000005',
      subject: 'unit_work',
      channel: 'phone',
      description: `complaint of ${code}`,
      complainantMobile: '+989121234567',
      unitId: ids.unitId,
      subscriberId: ids.subscriberId,
      receivedBy: 'test',
    });
    await tx.insert(complaintRequest).values({ tenantId, complaintId: ids.complaintId, requestId: ids.requestId });
    // A complaint's stage deadline passed: its handlers told.
    await tx.insert(notification).values({
      tenantId,
      kind: 'complaint_overdue',
      role: 'centre_manager',
      complaintId: ids.complaintId,
      level: 1,
    });
    await tx.insert(complaintEvent).values({
      tenantId,
      complaintId: ids.complaintId,
      action: 'received',
      toStage: 'received',
      actorSubject: 'test',
    });
    // Section (c): a questionnaire version, the sampling rules, a request's survey by SMS link (answered, with an
    // attempt) and a call's IVR survey.
    await tx
      .insert(surveyQuestionnaire)
      .values({ tenantId, version: 1, questions: nationalQuestionnaire, createdBy: 'test' });
    await tx.insert(surveySettings).values({ tenantId, excludedCategories: [fixtureCategory], updatedBy: 'test' });
    await tx.insert(survey).values({
      tenantId,
      surveyId: ids.surveyId,
      method: 'sms',
      questionnaireVersion: 1,
      requestId: ids.requestId,
      unitId: ids.unitId,
      agentSubject: 'test',
      mobile: '+989121234567',
      reason: { rule: 'weekly_share' },
      linkRef: '1',
      linkExpiresAt: new Date(Date.now() + 3600_000),
      messageId: ids.messageId,
      answers: { fixed: false, comment: `survey of ${code}` },
    });
    await tx
      .insert(surveyAttempt)
      .values({ tenantId, surveyId: ids.surveyId, officerSubject: 'test', outcome: 'no_answer' });
    await tx.insert(survey).values({
      tenantId,
      surveyId: ids.ivrSurveyId,
      method: 'ivr',
      contactId: ids.contactId,
      reason: { rule: 'ivr' },
      status: 'completed',
      callScore: 5,
      completedAt: new Date(),
      endedAt: new Date(),
      completedBy: 'test',
    });
    await tx.insert(statisticsReport).values({
      tenantId,
      kind: 'weekly',
      periodKey: '1405-09-08',
      periodFrom: '2026-11-28',
      periodTo: '2026-12-04',
      content: { company: {}, note: `report of ${code}` },
      generatedBy: 'test',
    });
  });
  return { tenantId, code, ...ids };
}

export const tenantTablesCovered = [
  'audit_event',
  'campaign',
  'campaign_recipient',
  'category_override',
  'complaint',
  'complaint_event',
  'complaint_request',
  'contact',
  'followup_action',
  'followup_case',
  'followup_settings',
  'incident',
  'ivr_audio',
  'ivr_menu',
  'job',
  'knowledge_article',
  'kpi_daily',
  'kpi_company_daily',
  'kpi_company_monthly',
  'line',
  'message',
  'message_opt_out',
  'message_template',
  'message_template_proposal',
  'statistics_report',
  'survey',
  'survey_attempt',
  'survey_questionnaire',
  'survey_settings',
  'messaging_account',
  'notification',
  'notification_read',
  'planned_outage',
  'request',
  'request_event',
  'staff_profile',
  'subscriber',
  'tenant',
  'tenant_counter',
  'unit',
];

/** Runs `work` as app_user with no tenant set: the state a request is in when it forgot its tenant. */
export function withoutTenant<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local role app_user`);
    return work(tx);
  });
}
