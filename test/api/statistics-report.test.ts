import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  formatJalali,
  formatTrackingCode,
  fromJalali,
  jalaliKey,
  jalaliPeriodOf,
  jalaliWeekOf,
  normalizePersian,
  parseJalali,
  parseRollupPeriod,
  repositoryRoot,
  request as requestTable,
  rowsOf,
  toJalali,
} from '@abfa/schema';
import { makeReport, refreshRollups, rollupDayOf } from '@abfa/server';
import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeReportBrowser } from '../../server/src/modules/national/report/index.js';
import { loadStatisticsReport, renderStatisticsReportHtml } from '../../server/src/modules/statistics/report-pdf.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';
import { globalId, rawId, registerRequestMutation, surveyHelpers } from '../support/surveys.js';

/**
 * The centre's dashboard and its kept reports (section c, issue 15 §4), end to end: a small worked example made
 * through the API (requests registered and resolved, one of them late; telephone surveys completed with known
 * answers; a complaint) and contacts with known queue waits, rolled up by the real rollup code; then `centreDashboard`
 * against a hand computation, the weekly and monthly reports made by the jobs' own `makeReport` (kept once), the
 * report's cases, and its PDF read back with pdftotext. Who may read them: statistics:read in one's own company.
 */

const run = promisify(execFile);
const artifacts = path.resolve(repositoryRoot, 'test-results/statistics-report');

let db: TestDatabase;
let t: TestApp;
let tehran: string;
const units: Record<string, string> = {};

const { gql, asOwner, asCompany, loadUnits, saveSurveySettings, sample } = surveyHelpers(() => ({
  db,
  t,
  tenantId: tehran,
  units,
}));

const transition = `mutation($input: TransitionRequestInput!) { transitionRequest(input: $input) {
  __typename ... on TransitionRequestSuccess { data { status } } ... on Error { code field message } } }`;
const take = `mutation($id: ID!) { takeSurvey(surveyId: $id) { __typename ... on Error { code field message } } }`;
const attempt = `mutation($input: SurveyAttemptInput!) { recordSurveyAttempt(input: $input) {
  __typename ... on RecordSurveyAttemptSuccess { data { reopened } } ... on Error { code field message } } }`;
const complain = `mutation($input: ComplaintInput!) { registerComplaint(input: $input) {
  __typename ... on Error { code field message } } }`;

const figureFields = `requestsRegistered requestsResolved requestsReopened slaMet slaBreached slaCompliance reopenRate
  contactsOffered contactsAnswered contactsAbandoned contactsAbandonedUnseen serviceLevel averageSpeedOfAnswerSeconds
  abandonmentRate firstContactResolutionRate csat verifiedFixRate surveyOverallResponses surveysFixedAnswered
  surveysCompleted surveysEnded surveyResponseRate complaintsReceived followupsOpened`;
const dashboardQuery = `query($period: String!) { centreDashboard(period: $period) {
  period { key labelFa from to }
  company { ${figureFields} }
  units { unitId nameFa figures { ${figureFields} } }
  weeks { key labelFa labelEn figures { contactsOffered requestsRegistered } }
  months { key labelFa figures { contactsOffered requestsRegistered } } } }`;
const reportFields = `id kind periodKey generatedAt period { key labelFa from to }
  company { slaCompliance csat verifiedFixRate serviceLevel requestsRegistered }
  units { nameFa figures { requestsRegistered } }
  scores { unitId nameFa ended completed responseRate kpis { kpi x n rate score lower upper rank insufficientData } }
  cases { requestId trackingCode unitNameFa fixed fixScore overallScore comment completedAt followUpState }`;
const reportsQuery = `query($kind: StatisticsReportKind) { statisticsReports(first: 10, kind: $kind) {
  totalCount nodes { id kind periodKey generatedAt period { key labelFa } } } }`;
const reportQuery = `query($id: ID!) { node(id: $id) { ... on StatisticsReport { ${reportFields} } } }`;
const reportOf = async (id: string) => (await gql('tehran.manager', reportQuery, { id })).data?.node as ReportView;

type Figures = Record<string, number | null>;
interface Dashboard {
  period: { key: string; labelFa: string; from: string; to: string };
  company: Figures;
  units: { unitId: string; nameFa: string; figures: Figures }[];
  weeks: { key: string; labelFa: string; labelEn: string; figures: Figures }[];
  months: { key: string; labelFa: string; figures: Figures }[];
}
interface ReportCaseView {
  requestId: string;
  trackingCode: string;
  unitNameFa: string | null;
  fixed: boolean | null;
  fixScore: number | null;
  overallScore: number | null;
  comment: string | null;
  completedAt: string;
  followUpState: string | null;
}
interface ReportView {
  id: string;
  kind: string;
  periodKey: string;
  generatedAt: string;
  period: { key: string; labelFa: string };
  company: Figures;
  units: { nameFa: string; figures: Figures }[];
  scores: { unitId: string; nameFa: string; kpis: { kpi: string; x: number; n: number; rank: number | null }[] }[];
  cases: ReportCaseView[];
}

/** The worked example's requests: R1–R4 surveyed, R5 resolved late; R3 and R4 "not fixed". */
const made: { id: string; trackingCode: string; requestId: string }[] = [];
const now = new Date();
const today = rollupDayOf(now, 'Asia/Tehran');
/** A day of the month before (about 40 days back): a second week and month on the trend. */
const earlier = new Date(now.getTime() - 40 * 86_400_000);
const earlierDay = rollupDayOf(earlier, 'Asia/Tehran');
const month = jalaliPeriodOf(today, 'month');
const comment = 'هنوز <b>آب</b> قطع است & فشار 0 است';

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  tehran = t.tenantId('tehran');
  await loadUnits();

  // Every resolved request drawn at once: a telephone survey each, no delay, everyone (below the minimum).
  const settings = await saveSurveySettings({ minimumPerUnit: 100, delayHours: 0, method: 'PHONE' });
  expect(settings.__typename).toBe('SaveSurveySettingsSuccess');

  // Five requests registered by the agent for the first district office, accepted and resolved there.
  for (let i = 1; i <= 5; i++) {
    const registered = field<{ data: { id: string; trackingCode: string } }>(
      await gql('tehran.agent', registerRequestMutation, {
        input: {
          categoryCode: 'water.pipe_burst',
          channel: 'PHONE',
          callerMobile: `0912555000${i}`,
          assignedUnitId: units['district-eslamshahr'],
          description: 'ترکیدگی لوله',
        },
      }),
      'registerRequest',
    ).data;
    made.push({ ...registered, requestId: rawId(registered.id) });
  }
  const step = async (id: string, input: Record<string, unknown>) =>
    field<{ __typename: string }>(
      await gql('tehran.unit', transition, { input: { requestId: id, ...input } }),
      'transitionRequest',
    );
  for (const r of made.slice(0, 4)) {
    expect(await step(r.id, { action: 'ACCEPT' })).toMatchObject({ __typename: 'TransitionRequestSuccess' });
    expect(await step(r.id, { action: 'RESOLVE', note: 'لوله تعویض شد' })).toMatchObject({
      __typename: 'TransitionRequestSuccess',
    });
  }

  // The draw: R1–R4 (R5 is resolved after it, so it is not asked).
  const drawn = await sample({ now: new Date(Date.now() + 60_000) });
  expect(drawn.drawn).toBe(4);
  const surveys = await asOwner((tx) =>
    tx.execute(sql`select survey_id::text as id, request_id::text as "requestId" from survey`),
  );
  const surveyOf = new Map(rowsOf<{ id: string; requestId: string }>(surveys).map((s) => [s.requestId, s.id]));
  // Overall 5, 4, 4, 2 → CSAT 3 of 4; "really fixed?" yes, yes, no, no → verified fix 2 of 4 (R3 and R4 reopen).
  const answers: [boolean, number, number, string?][] = [
    [true, 5, 5],
    [true, 4, 4],
    [false, 2, 4, comment],
    [false, 3, 2],
  ];
  for (const [i, [fixed, fixScore, overall, text]] of answers.entries()) {
    const id = globalId('Survey', surveyOf.get(made[i]?.requestId ?? '') ?? '');
    expect(field<{ __typename: string }>(await gql('tehran.survey', take, { id }), 'takeSurvey').__typename).toBe(
      'TakeSurveySuccess',
    );
    const done = field<{ __typename: string }>(
      await gql('tehran.survey', attempt, {
        input: {
          surveyId: id,
          outcome: 'COMPLETED',
          answers: [
            { key: 'call_handling', score: 5 },
            { key: 'fixed', yes: fixed },
            { key: 'fix_quality', score: fixScore },
            { key: 'overall', score: overall },
            ...(text ? [{ key: 'comment', text }] : []),
          ],
        },
      }),
      'recordSurveyAttempt',
    );
    expect(done.__typename).toBe('RecordSurveyAttemptSuccess');
  }

  // R5 resolved past its due time: its due time is set an hour before it was resolved.
  const late = made[4] as (typeof made)[number];
  expect(await step(late.id, { action: 'ACCEPT' })).toMatchObject({ __typename: 'TransitionRequestSuccess' });
  expect(await step(late.id, { action: 'RESOLVE', note: 'دیر انجام شد' })).toMatchObject({
    __typename: 'TransitionRequestSuccess',
  });
  await asOwner((tx) =>
    tx
      .update(requestTable)
      .set({ dueAt: new Date(Date.now() - 3_600_000) })
      .where(eq(requestTable.requestId, late.requestId)),
  );

  // A complaint by telephone (the centre's: no unit named yet).
  expect(
    field<{ __typename: string }>(
      await gql('tehran.agent', complain, {
        input: { subject: 'BILL', channel: 'PHONE', description: 'قبض تکراری', complainantMobile: '09125550099' },
      }),
      'registerComplaint',
    ).__typename,
  ).toBe('RegisterComplaintSuccess');

  // The PBX's calls of today with known waits: answered after 10, 30 and 5 s (two resolved on the spot), abandoned
  // after 40 s before any agent's phone rang, and after 3 s at agent 101's phone; and one call 40 days ago.
  await asOwner((tx) =>
    tx.execute(sql`
      insert into contact (tenant_id, channel, service, outcome, started_at, queue_wait_seconds, talk_seconds,
                           first_contact_resolution, agent_extension)
      values (${tehran}, 'phone', '122', 'answered', now(), 10, 60, true, '101'),
             (${tehran}, 'phone', '122', 'answered', now(), 30, 90, false, '102'),
             (${tehran}, 'phone', '122', 'informed', now(), 5, 45, true, '101'),
             (${tehran}, 'phone', '122', 'abandoned', now(), 40, null, false, null),
             (${tehran}, 'phone', '122', 'abandoned', now(), 3, null, false, '101'),
             (${tehran}, 'phone', '1523', 'answered', ${earlier.toISOString()}::timestamptz, 12, 30, false, '101')`),
  );

  await asCompany((tx) => refreshRollups(tx, { tenantId: tehran, days: [earlierDay, today] }));
});

afterAll(async () => {
  await closeReportBrowser();
  await t?.close();
  await db?.close();
});

describe('the centre’s dashboard', () => {
  it('gives the worked example’s figures for the month, company and unit', async () => {
    const dashboard = field<Dashboard>(
      await gql('tehran.manager', dashboardQuery, { period: month }),
      'centreDashboard',
    );
    expect(dashboard.period.key).toBe(month);
    expect(dashboard.company).toMatchObject({
      requestsRegistered: 5,
      requestsResolved: 5,
      // R5 late: 4 of 5 on time.
      slaMet: 4,
      slaBreached: 1,
      slaCompliance: 4 / 5,
      // R3 and R4 reopened by "not fixed" of 5 resolutions.
      requestsReopened: 2,
      reopenRate: 2 / 5,
      // 5 calls: answered within 20 s 10 s and 5 s → 2 of 5 (abandons fail); ASA (10 + 30 + 5) ÷ 3.
      contactsOffered: 5,
      contactsAnswered: 3,
      contactsAbandoned: 2,
      contactsAbandonedUnseen: 1,
      serviceLevel: 2 / 5,
      averageSpeedOfAnswerSeconds: 15,
      abandonmentRate: 2 / 5,
      firstContactResolutionRate: 2 / 3,
      // Overall 5, 4, 4, 2: 3 of 4 are 4–5; fixed yes, yes, no, no.
      surveyOverallResponses: 4,
      csat: 3 / 4,
      surveysFixedAnswered: 4,
      verifiedFixRate: 2 / 4,
      surveysCompleted: 4,
      surveysEnded: 4,
      surveyResponseRate: 1,
      complaintsReceived: 1,
      followupsOpened: 2,
    });
    // The unit's requests and surveys are its own; the calls and the complaint are the centre's (its root unit).
    const eslamshahr = dashboard.units.find((u) => u.unitId === units['district-eslamshahr']);
    expect(eslamshahr?.figures).toMatchObject({
      requestsRegistered: 5,
      slaCompliance: 4 / 5,
      csat: 3 / 4,
      verifiedFixRate: 2 / 4,
      contactsOffered: 0,
      serviceLevel: null,
      complaintsReceived: 0,
    });
    const centre = dashboard.units.find((u) => u.unitId !== units['district-eslamshahr']);
    expect(centre?.figures).toMatchObject({ contactsOffered: 5, complaintsReceived: 1, requestsRegistered: 0 });
    // A rate of no cases is null ("no data"), never 0.
    expect(centre?.figures.slaCompliance).toBeNull();
    expect(centre?.figures.csat).toBeNull();
    // Most requests first.
    expect(dashboard.units[0]?.unitId).toBe(units['district-eslamshahr']);
  });

  it('trends by Jalali week (keyed by its Saturday) and by Jalali month', async () => {
    const range = `${jalaliKey(toJalali(earlier))}..${jalaliKey(toJalali(now))}`;
    const dashboard = field<Dashboard>(
      await gql('tehran.manager', dashboardQuery, { period: range }),
      'centreDashboard',
    );
    const thisWeek = jalaliWeekOf(now).key;
    const earlierWeek = jalaliWeekOf(earlier).key;
    expect(dashboard.weeks.map((w) => w.key)).toEqual([earlierWeek, thisWeek]);
    for (const week of dashboard.weeks) {
      // A week's key is a Jalali day, and that day is the Saturday its week starts on.
      const saturday = parseJalali(week.key);
      expect(saturday).toBeDefined();
      expect(
        jalaliWeekOf(new Date(fromJalali(saturday as NonNullable<typeof saturday>).getTime() + 43_200_000)).key,
      ).toBe(week.key);
      expect(week.labelFa).toMatch(/^هفتهٔ [۰-۹]+ \S+ [۰-۹]{4}$/);
      expect(week.labelEn).toBe(`week of ${week.key}`);
    }
    expect(dashboard.weeks.find((w) => w.key === thisWeek)?.figures).toMatchObject({
      contactsOffered: 5,
      requestsRegistered: 5,
    });
    expect(dashboard.weeks.find((w) => w.key === earlierWeek)?.figures).toMatchObject({
      contactsOffered: 1,
      requestsRegistered: 0,
    });
    expect(dashboard.months.map((m) => m.key)).toEqual([jalaliPeriodOf(earlierDay, 'month'), month]);
    expect(dashboard.months.map((m) => m.labelFa)).toEqual(
      [jalaliPeriodOf(earlierDay, 'month'), month].map((key) => parseRollupPeriod(key)?.labelFa),
    );
    expect(dashboard.company.contactsOffered).toBe(6);
  });

  it('refuses a period that is not one, naming it', async () => {
    const body = await gql('tehran.manager', dashboardQuery, { period: '1405-13' });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'period' });
  });
});

describe('the kept reports', () => {
  let monthly: ReportView;
  let weekly: ReportView;

  it('makes the month’s and the week’s report once each (a second run makes nothing)', async () => {
    // The mornings after: the first day of the next Jalali month, and a week from now.
    const nextMonth = new Date(`${parseRollupPeriod(month)?.to}T12:00:00+03:30`).getTime() + 86_400_000;
    const monthMorning = new Date(nextMonth);
    const weekMorning = new Date(now.getTime() + 7 * 86_400_000);
    const first = await asCompany(async (tx) => [
      await makeReport(tx, tehran, 'monthly', { now: monthMorning }),
      await makeReport(tx, tehran, 'weekly', { now: weekMorning }),
    ]);
    expect(first).toEqual([
      { made: true, periodKey: month },
      { made: true, periodKey: jalaliWeekOf(now).key },
    ]);
    const again = await asCompany(async (tx) => [
      await makeReport(tx, tehran, 'monthly', { now: monthMorning }),
      await makeReport(tx, tehran, 'weekly', { now: weekMorning }),
    ]);
    expect(again.map((r) => r.made)).toEqual([false, false]);

    const listed = field<{ totalCount: number; nodes: ReportView[] }>(
      await gql('tehran.manager', reportsQuery),
      'statisticsReports',
    );
    expect(listed.totalCount).toBe(2);
    const onlyMonthly = field<{ totalCount: number; nodes: ReportView[] }>(
      await gql('tehran.manager', reportsQuery, { kind: 'MONTHLY' }),
      'statisticsReports',
    );
    expect(onlyMonthly.nodes.map((r) => r.kind)).toEqual(['MONTHLY']);
    monthly = await reportOf(onlyMonthly.nodes[0]?.id ?? '');
    expect(monthly).toMatchObject({ kind: 'MONTHLY', periodKey: month, period: { key: month } });
    expect(monthly.company).toMatchObject({ slaCompliance: 4 / 5, csat: 3 / 4, verifiedFixRate: 1 / 2 });
    // The week's report covers Saturday to Friday of this week: the same worked example.
    weekly = await reportOf(listed.nodes.find((r) => r.kind === 'WEEKLY')?.id ?? '');
    expect(weekly.periodKey).toBe(jalaliWeekOf(now).key);
    expect(weekly.company).toMatchObject({ requestsRegistered: 5, serviceLevel: 2 / 5 });
  });

  it('lists the cases that need follow-up: "not fixed" or a score of 2 or less, with their follow-up case', async () => {
    const byCode = (code: string) => monthly.cases.find((c) => c.trackingCode === code);
    expect(monthly.cases).toHaveLength(2);
    const r3 = made[2] as (typeof made)[number];
    const r4 = made[3] as (typeof made)[number];
    expect(byCode(r3.trackingCode)).toMatchObject({
      requestId: r3.id,
      fixed: false,
      fixScore: 2,
      overallScore: 4,
      comment,
      followUpState: 'OPEN',
    });
    expect(byCode(r4.trackingCode)).toMatchObject({ requestId: r4.id, fixed: false, overallScore: 2 });
    expect(byCode(r3.trackingCode)?.unitNameFa).toBeTruthy();
    // The unit's survey scores: 4 answers each, too few for a rank (minimum 30).
    const unit = monthly.scores.find((s) => s.unitId === units['district-eslamshahr']);
    expect(unit?.kpis.find((k) => k.kpi === 'VERIFIED_FIX')).toMatchObject({ x: 2, n: 4, rank: null });
    expect(unit?.kpis.find((k) => k.kpi === 'CSAT')).toMatchObject({ x: 3, n: 4 });
    // One node by its id.
    const node = await gql(
      'tehran.manager',
      `query($id: ID!) { node(id: $id) { ... on StatisticsReport { periodKey } } }`,
      {
        id: monthly.id,
      },
    );
    expect(node.data?.node).toEqual({ periodKey: month });
  });

  it('prints as a PDF with the company, the period and the tracking codes in Persian', async () => {
    const uuid = rawId(monthly.id);
    const response = await request(t.app)
      .get(`/statistics/reports/${uuid}.pdf`)
      .set(await t.bearer('tehran.manager'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain(`statistics-monthly-${month}.pdf`);
    const pdf = response.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    mkdirSync(artifacts, { recursive: true });
    const file = path.join(artifacts, 'monthly.pdf');
    writeFileSync(file, pdf);
    await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', file, path.join(artifacts, 'monthly-page')]);
    const text = (await run('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 16 * 1024 * 1024 })).stdout;
    const flat = comparable(text);
    const company = await asOwner((tx) => tx.execute(sql`select name_fa from tenant where tenant_id = ${tehran}`));
    const nameFa = rowsOf<{ name_fa: string }>(company)[0]?.name_fa ?? '';
    expect(nameFa).not.toBe('');
    expect(flat).toContain(comparable(nameFa));
    expect(flat).toContain(comparable(parseRollupPeriod(month)?.labelFa ?? '?'));
    expect(flat).toContain(comparable('گزارش ماهانهٔ مرکز ارتباط مردمی'));
    expect(flat).toContain(comparable('موارد نیازمند پیگیری'));
    // Each case's tracking code, grouped and in Persian digits, as the portal writes it.
    for (const c of monthly.cases)
      expect(flat).toContain(comparable(formatTrackingCode(c.trackingCode, { persianDigits: true })));
    // CSAT 3 of 4 and the SLA's 4 of 5, in Persian digits; no Latin digit anywhere (the comment's «0» too).
    expect(flat).toContain(comparable('۷۵٫۰٪'));
    expect(flat).toContain(comparable('۴ از ۵'));
    expect(text).not.toMatch(/[0-9]/);

    // By the API's global id too; an agent is refused; another company's id is unknown; a bad id is named.
    const byGlobalId = await request(t.app)
      .get(`/statistics/reports/${encodeURIComponent(monthly.id)}.pdf`)
      .set(await t.bearer('tehran.executive'));
    expect(byGlobalId.status).toBe(200);
    const agent = await request(t.app)
      .get(`/statistics/reports/${uuid}.pdf`)
      .set(await t.bearer('tehran.agent'));
    expect(agent.status).toBe(403);
    expect(agent.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const other = await request(t.app)
      .get(`/statistics/reports/${uuid}.pdf`)
      .set(await t.bearer('isfahan.manager'));
    expect(other.status).toBe(404);
    expect(other.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    const missing = await request(t.app)
      .get('/statistics/reports/00000000-0000-4000-8000-000000000000.pdf')
      .set(await t.bearer('tehran.manager'));
    expect(missing.status).toBe(404);
    const bad = await request(t.app)
      .get('/statistics/reports/not-a-report.pdf')
      .set(await t.bearer('tehran.manager'));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_INPUT', field: 'id' });
    const anonymous = await request(t.app).get(`/statistics/reports/${uuid}.pdf`);
    expect(anonymous.status).toBe(401);
  });

  it('prints the week’s report with the week in words', async () => {
    const response = await request(t.app)
      .get(`/statistics/reports/${rawId(weekly.id)}.pdf`)
      .set(await t.bearer('tehran.survey'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toContain(`statistics-weekly-${weekly.periodKey}.pdf`);
    mkdirSync(artifacts, { recursive: true });
    const file = path.join(artifacts, 'weekly.pdf');
    writeFileSync(file, response.body as Buffer);
    const text = comparable((await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout);
    expect(text).toContain(comparable('گزارش هفتگی مرکز ارتباط مردمی'));
    // «هفتهٔ ۱۴ آذر ۱۴۰۵»: the Saturday the week starts on, in Jalali words.
    const saturday = parseJalali(weekly.periodKey);
    if (!saturday) throw new Error('the week’s key is not a Jalali day');
    expect(text).toContain(comparable(`هفتهٔ ${formatJalali(fromJalali(saturday))}`));
  });

  it('writes what people typed as text, never as markup', async () => {
    const report = await asCompany((tx) => loadStatisticsReport(tx, rawId(monthly.id)));
    if (!report) throw new Error('no report');
    const html = renderStatisticsReportHtml(report);
    expect(html).not.toContain('<b>آب</b>');
    expect(html).toContain('&lt;b&gt;آب&lt;/b&gt; قطع است &amp; فشار ۰ است');
    expect(html).toContain('<html lang="fa" dir="rtl">');
    expect(html).toContain('size: A4 landscape');
  });
});

describe('who may read the statistics', () => {
  it('the survey officer, the centre manager and the executive; not an agent; each company its own', async () => {
    for (const who of ['tehran.survey', 'tehran.manager', 'tehran.executive'])
      expect((await gql(who, dashboardQuery, { period: month })).errors).toBeUndefined();
    const agent = await gql('tehran.agent', dashboardQuery, { period: month });
    expect(agent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const agentReports = await gql('tehran.agent', reportsQuery);
    expect(agentReports.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Another company sees none of Tehran's figures or reports.
    const isfahan = field<Dashboard>(
      await gql('isfahan.manager', dashboardQuery, { period: month }),
      'centreDashboard',
    );
    expect(isfahan.company).toMatchObject({ requestsRegistered: 0, contactsOffered: 0, csat: null });
    const theirs = field<{ totalCount: number }>(await gql('isfahan.manager', reportsQuery), 'statisticsReports');
    expect(theirs.totalCount).toBe(0);
    const list = field<{ nodes: { id: string }[] }>(await gql('tehran.manager', reportsQuery), 'statisticsReports');
    const node = await gql('isfahan.manager', `query($id: ID!) { node(id: $id) { id } }`, { id: list.nodes[0]?.id });
    expect(node.data?.node).toBeNull();
  });
});

/**
 * Text for comparing what we wrote with what pdftotext reads back (as the national report's test does): bidi
 * controls dropped, spaces, ZWNJ and line breaks folded to one space, the lam-alef ligature and combining marks
 * folded, punctuation to spaces and numbers set apart.
 */
function comparable(text: string) {
  return normalizePersian(text)
    .replace(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/g, '')
    .replace(/[\u064B-\u065F\u0670]/g, '')
    .replace(/لا/g, 'ال')
    .replace(/[:،؛.«»()*·\-–]/g, ' ')
    .replace(/[\u06F0-\u06F90-9][\u06F0-\u06F90-9\u066B\u066C\u066A]*/g, ' $& ')
    .replace(/[\u200C\u200B\s]+/g, ' ')
    .trim();
}
