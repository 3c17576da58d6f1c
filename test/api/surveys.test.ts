import {
  contact as contactTable,
  followUpCase,
  jalaliWeekOf,
  requestEvent,
  request as requestTable,
  survey,
  surveyAttempt,
} from '@abfa/schema';
import { createJobRunner, createLogger, credentialsCipher, platformTasks, providerDirectory } from '@abfa/server';
import { and, eq, inArray, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';
import {
  type GraphqlBody,
  globalId,
  rawId,
  saveSurveySettingsMutation,
  surveyHelpers,
  surveySettingsDefaults,
} from '../support/surveys.js';

/**
 * Section (c), surveys, through the API, the public survey page and the platform's own sampling job: the weekly draw
 * as stored (shares, minimums, never twice, cool-down, the reason kept); the telephone survey with its worklist,
 * taking, attempts and answers; the SMS link (signed, single use, expiring); the after-call IVR digits; and "not
 * fixed" from any of them reopening the request and opening one follow-up case.
 */

let db: TestDatabase;
let t: TestApp;
let tehran: string;
const units: Record<string, string> = {};

const { gql, asOwner, loadUnits, resolvedRequest, surveyLinkOf, ...helpers } = surveyHelpers(() => ({
  db,
  t,
  tenantId: tehran,
  units,
}));
async function gqlAs(token: string, query: string, variables?: Record<string, unknown>) {
  const response = await request(t.app)
    .post('/graphql')
    .set({ authorization: `Bearer ${token}` })
    .send({ query, variables });
  return response.body as GraphqlBody;
}

const runner = () =>
  createJobRunner({
    db: db.api.root,
    log: createLogger('silent'),
    tasks: platformTasks({ providers: providerDirectory({ cipher: credentialsCipher(undefined) }) }),
    schedules: [],
  });
/** Runs the background jobs until none is due. */
async function drain() {
  for (let i = 0; i < 20; i++) if ((await runner().runOnce()) === 0) return;
  throw new Error('the jobs did not settle');
}

const sample = (now?: Date) => helpers.sample({ now });
const surveysOf = (requestIds: string[]) =>
  asOwner((tx) => tx.select().from(survey).where(inArray(survey.requestId, requestIds)));
const casesOf = (requestId: string) =>
  asOwner((tx) => tx.select().from(followUpCase).where(eq(followUpCase.requestId, requestId)));
const statusOf = async (requestId: string) =>
  (await asOwner((tx) => tx.select().from(requestTable).where(eq(requestTable.requestId, requestId))))[0]?.status;

const setSettings = helpers.saveSurveySettings;

/** A sampled telephone survey of a fresh resolved request (the draw takes every one when fewer than the minimum). */
async function phoneSurvey(mobile: string, settings: Record<string, unknown> = {}) {
  await setSettings({ minimumPerUnit: 100, ...settings });
  const made = await resolvedRequest({ mobile, unit: 'district-varamin' });
  await sample();
  const [drawn] = await surveysOf([made.requestId]);
  if (!drawn) throw new Error('not drawn');
  return { ...made, surveyId: drawn.surveyId, id: globalId('Survey', drawn.surveyId) };
}

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  tehran = t.tenantId('tehran');
  await loadUnits();
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});
beforeEach(async () => {
  await asOwner((tx) => tx.execute(sql`delete from survey_settings`));
});

describe('the weekly sample, as the job stores it', () => {
  it('draws each unit’s share with its minimum, never the same request or customer twice, and says why', async () => {
    // A week long past (so no other test's requests are in it): Saturday 1405-07-05 = 27 September 2026.
    const week = jalaliWeekOf(new Date('2026-09-29T08:00:00Z'));
    const inWeek = (h: number) => new Date(week.start.getTime() + h * 3_600_000);
    const eslamshahr: { requestId: string }[] = [];
    for (let i = 0; i < 40; i++)
      eslamshahr.push(await resolvedRequest({ mobile: `0912100${String(i).padStart(4, '0')}`, at: inWeek(10 + i) }));
    const varamin: { requestId: string }[] = [];
    for (let i = 0; i < 5; i++)
      varamin.push(
        await resolvedRequest({
          mobile: `0912200${String(i).padStart(4, '0')}`,
          unit: 'district-varamin',
          at: inWeek(20),
        }),
      );
    // The same customer as an Eslamshahr request: asked once only.
    varamin.push(await resolvedRequest({ mobile: '09121000000', unit: 'district-varamin', at: inWeek(21) }));
    // Reopened since: not asked whether it was fixed (but counted in the unit's work).
    await asOwner((tx) =>
      tx
        .update(requestTable)
        .set({ status: 'reopened' })
        .where(eq(requestTable.requestId, varamin[0]?.requestId ?? '')),
    );
    await setSettings({ share: 0.2, minimumPerUnit: 4 });

    const now = new Date(week.end.getTime() + 3 * 3_600_000);
    const first = await sample(now);
    const drawnE = await surveysOf(eslamshahr.map((r) => r.requestId));
    const drawnV = await surveysOf(varamin.map((r) => r.requestId));
    // Eslamshahr: 40 resolved × 0.2 = 8; Varamin: 6 resolved → the minimum, 4, of the 4 eligible customers left.
    expect(drawnE).toHaveLength(8);
    expect(drawnV).toHaveLength(4);
    expect(first.drawn).toBe(12);
    const mobiles = [...drawnE, ...drawnV].map((s) => s.mobile);
    expect(new Set(mobiles).size).toBe(12);
    expect(drawnV.map((s) => s.requestId)).not.toContain(varamin[0]?.requestId);
    expect(drawnE[0]).toMatchObject({
      method: 'phone',
      status: 'pending',
      unitId: rawId(units['district-eslamshahr'] ?? ''),
    });
    expect(drawnE[0]?.reason).toMatchObject({
      rule: 'weekly_share',
      week: week.key,
      resolvedInWeek: 40,
      share: 0.2,
      minimumPerUnit: 4,
      target: 8,
      alreadySampled: 0,
    });
    // The agent who took the call is who the call's question scores.
    expect(drawnE[0]?.agentSubject).toBeTruthy();

    // The next hour's run draws nobody more: the week's targets are met and no request is asked twice.
    expect((await sample(new Date(now.getTime() + 3_600_000))).drawn).toBe(0);
  });

  it('keeps to the delay, the excluded categories and the cool-down per customer', async () => {
    const fresh = await resolvedRequest({ mobile: '09123000001', at: new Date(Date.now() - 2 * 3_600_000) });
    const excluded = await resolvedRequest({ mobile: '09123000002', category: 'water.low_pressure' });
    // The customer was asked ten days ago about an earlier request: not again within the 30 days.
    const earlier = await resolvedRequest({ mobile: '09123000003', at: new Date(Date.now() - 11 * 86_400_000) });
    await asOwner((tx) =>
      tx.insert(survey).values({
        tenantId: tehran,
        method: 'phone',
        requestId: earlier.requestId,
        mobile: '+989123000003',
        reason: { rule: 'weekly_share' },
        sampledAt: new Date(Date.now() - 10 * 86_400_000),
      }),
    );
    const recentCustomer = await resolvedRequest({ mobile: '09123000003' });
    await setSettings({ excludedCategories: ['water.low_pressure'], cooldownDays: 30 });
    await sample();
    expect(await surveysOf([fresh.requestId, excluded.requestId, recentCustomer.requestId])).toEqual([]);
  });

  it('refuses bad rules naming the field, and only the centre manager sets them', async () => {
    expect(await setSettings({ share: 1.5 })).toMatchObject({ code: 'BAD_INPUT', field: 'input.share' });
    expect(await setSettings({ excludedCategories: ['no.such'] })).toMatchObject({
      code: 'BAD_INPUT',
      field: 'input.excludedCategories',
    });
    expect(await setSettings({ method: 'IVR' })).toMatchObject({ code: 'BAD_INPUT', field: 'input.method' });
    const officer = await gql('tehran.survey', saveSurveySettingsMutation, { input: surveySettingsDefaults });
    expect(officer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

const surveyFields = `id status method attemptCount mobileMasked mobileToCall takenByMe fixed callScore fixScore overallScore
  request { trackingCode } questionnaire { version questions { key measure kind } } answers { key score yes text }
  attempts { outcome note }`;
const take = `mutation($id: ID!) { takeSurvey(surveyId: $id) { __typename ... on TakeSurveySuccess { data { ${surveyFields} } }
  ... on Error { code field message } } }`;
const attempt = `mutation($input: SurveyAttemptInput!) { recordSurveyAttempt(input: $input) {
  __typename ... on RecordSurveyAttemptSuccess { data { reopened survey { ${surveyFields} } } }
  ... on Error { code field message messageFa } } }`;
const save = `mutation($id: ID!, $answers: [SurveyAnswerInput!]!) { saveSurveyAnswers(surveyId: $id, answers: $answers) {
  __typename ... on SaveSurveyAnswersSuccess { data { ${surveyFields} } } ... on Error { code field } } }`;
const worklist = `{ surveyWorklist(first: 200) { id mobileMasked request { trackingCode } } }`;

type SurveyView = {
  id: string;
  status: string;
  attemptCount: number;
  mobileMasked: string | null;
  mobileToCall: string | null;
  takenByMe: boolean;
  fixed: boolean | null;
  attempts: { outcome: string; note: string | null }[];
  answers: { key: string; score: number | null; yes: boolean | null; text: string | null }[];
};

describe('the telephone survey', () => {
  it('worklist → take (the number to the taker only) → busy → tried later → unreachable after the tries', async () => {
    const s = await phoneSurvey('09124000001', { maxAttempts: 2, retryMinutes: 60 });
    const listed = field<{ id: string; mobileMasked: string }[]>(
      await gql('tehran.survey', worklist),
      'surveyWorklist',
    );
    expect(listed.find((x) => x.id === s.id)).toMatchObject({ mobileMasked: '+98912***0001' });

    const taken = field<{ data: SurveyView }>(await gql('tehran.survey', take, { id: s.id }), 'takeSurvey').data;
    expect(taken).toMatchObject({ mobileToCall: '+989124000001', takenByMe: true, status: 'PENDING' });
    // Another officer neither sees the number nor takes it meanwhile.
    const other = field<{ code: string }>(await gql('tehran.manager', take, { id: s.id }), 'takeSurvey');
    expect(other).toMatchObject({ code: 'CONFLICT' });
    const seen = await gql('tehran.manager', `query($id: ID!) { node(id: $id) { ... on Survey { mobileToCall } } }`, {
      id: s.id,
    });
    expect(seen.data?.node).toEqual({ mobileToCall: null });

    const busy = field<{ data: { survey: SurveyView } }>(
      await gql('tehran.survey', attempt, { input: { surveyId: s.id, outcome: 'BUSY', note: 'اشغال' } }),
      'recordSurveyAttempt',
    ).data.survey;
    expect(busy).toMatchObject({ status: 'PENDING', attemptCount: 1, takenByMe: false });
    // Tried again at another time: not in the worklist until its gap has passed.
    const later = field<{ id: string }[]>(await gql('tehran.survey', worklist), 'surveyWorklist');
    expect(later.map((x) => x.id)).not.toContain(s.id);
    await asOwner((tx) =>
      tx
        .update(survey)
        .set({ nextAttemptAt: new Date(Date.now() - 1000) })
        .where(eq(survey.surveyId, s.surveyId)),
    );
    const last = field<{ data: { survey: SurveyView } }>(
      await gql('tehran.survey', attempt, { input: { surveyId: s.id, outcome: 'NO_ANSWER' } }),
      'recordSurveyAttempt',
    ).data.survey;
    expect(last).toMatchObject({ status: 'UNREACHABLE', attemptCount: 2 });
    expect(last.attempts.map((a) => a.outcome)).toEqual(['BUSY', 'NO_ANSWER']);
  });

  it('answers as the customer speaks; "not fixed" reopens the request with their words and opens one case', async () => {
    const s = await phoneSurvey('09124000002');
    await gql('tehran.survey', take, { id: s.id });
    const partial = field<{ data: SurveyView }>(
      await gql('tehran.survey', save, {
        id: s.id,
        answers: [
          { key: 'call_handling', score: 5 },
          { key: 'fixed', yes: false },
        ],
      }),
      'saveSurveyAnswers',
    ).data;
    expect(partial.answers).toEqual([
      { key: 'call_handling', score: 5, yes: null, text: null },
      { key: 'fixed', score: null, yes: false, text: null },
    ]);
    // Completing without every scored answer is refused, naming the missing one; nothing changes.
    const incomplete = field<{ code: string; field: string }>(
      await gql('tehran.survey', attempt, { input: { surveyId: s.id, outcome: 'COMPLETED' } }),
      'recordSurveyAttempt',
    );
    expect(incomplete).toMatchObject({ code: 'BAD_INPUT', field: 'input.answers.fix_quality' });
    expect(await statusOf(s.requestId)).toBe('resolved');

    const answers = [
      { key: 'fix_quality', score: 2 },
      { key: 'overall', score: 3 },
      { key: 'comment', text: 'هنوز آب گل‌آلود است' },
    ];
    const done = field<{ data: { reopened: boolean; survey: SurveyView } }>(
      await gql('tehran.survey', attempt, { input: { surveyId: s.id, outcome: 'COMPLETED', answers } }),
      'recordSurveyAttempt',
    ).data;
    expect(done.reopened).toBe(true);
    expect(done.survey).toMatchObject({
      status: 'COMPLETED',
      fixed: false,
      callScore: 5,
      fixScore: 2,
      overallScore: 3,
    });
    expect(await statusOf(s.requestId)).toBe('reopened');
    const reopening = await asOwner((tx) =>
      tx
        .select()
        .from(requestEvent)
        .where(and(eq(requestEvent.requestId, s.requestId), eq(requestEvent.toStatus, 'reopened'))),
    );
    expect(reopening).toHaveLength(1);
    expect(reopening[0]).toMatchObject({ note: 'هنوز آب گل‌آلود است' });
    expect(reopening[0]?.detail).toMatchObject({ by: 'survey', channel: 'phone', surveyId: s.surveyId });
    const cases = await casesOf(s.requestId);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ trigger: 'not_fixed', reason: 'هنوز آب گل‌آلود است', state: 'open' });

    // The same completion again (a retried submit): refused, still one reopening and one case.
    const again = field<{ code: string }>(
      await gql('tehran.survey', attempt, { input: { surveyId: s.id, outcome: 'COMPLETED', answers } }),
      'recordSurveyAttempt',
    );
    expect(again).toMatchObject({ code: 'CONFLICT' });
    expect(await casesOf(s.requestId)).toHaveLength(1);
  });

  it('refuses answers of the wrong kind or to no question, naming them; agents cannot conduct surveys', async () => {
    const s = await phoneSurvey('09124000003');
    await gql('tehran.survey', take, { id: s.id });
    const wrong = field<{ code: string; field: string }>(
      await gql('tehran.survey', save, { id: s.id, answers: [{ key: 'overall', score: 7 }] }),
      'saveSurveyAnswers',
    );
    expect(wrong).toMatchObject({ code: 'BAD_INPUT', field: 'input.answers.overall' });
    const unknown = field<{ code: string; field: string }>(
      await gql('tehran.survey', save, { id: s.id, answers: [{ key: 'nope', yes: true }] }),
      'saveSurveyAnswers',
    );
    expect(unknown).toMatchObject({ code: 'BAD_INPUT', field: 'input.answers.nope' });
    const agent = await gql('tehran.agent', take, { id: s.id });
    expect(agent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('the electronic survey by SMS link', () => {
  const linkOf = async (requestId: string) => (await surveyLinkOf(requestId)).token;
  const open = (token: string) => request(t.app).get(`/public/tehran/surveys/${token}`);
  const answer = (token: string, answers: Record<string, unknown>) =>
    request(t.app).post(`/public/tehran/surveys/${token}`).send({ answers });

  it('sends a signed link; the page shows the questions; answered once; reused or altered refused', async () => {
    await setSettings({ method: 'SMS' });
    const made = await resolvedRequest({ mobile: '09125000001', unit: 'district-shahriar' });
    await sample();
    const token = await linkOf(made.requestId);

    const page = await open(token);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ trackingCode: made.trackingCode, category: { fa: expect.any(String) } });
    expect(page.body.questions.map((q: { key: string }) => q.key)).toEqual([
      'call_handling',
      'fixed',
      'fix_quality',
      'overall',
      'comment',
    ]);

    // Altered: another reference with this signature, or this reference with another signature.
    const [reference, signature] = token.split('-') as [string, string];
    const altered = [
      `${BigInt(reference) + 1n}-${signature}`,
      `${reference}-${signature.slice(0, 15)}${signature.endsWith('A') ? 'B' : 'A'}`,
    ];
    for (const bad of altered) {
      expect((await open(bad)).status).toBe(404);
      expect((await answer(bad, { fixed: true })).status).toBe(404);
    }
    // Bad answers name the question; nothing is stored.
    const wrong = await answer(token, { call_handling: 4, fixed: 'maybe', fix_quality: 4, overall: 4 });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0]).toMatchObject({ code: 'BAD_INPUT', field: 'answers.fixed' });

    const ok = await answer(token, { call_handling: 4, fixed: true, fix_quality: 5, overall: 5, comment: 'ممنون' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ answered: true, reopened: false });
    const [stored] = await surveysOf([made.requestId]);
    expect(stored).toMatchObject({ status: 'completed', fixed: true, fixScore: 5, completedBy: 'citizen' });
    expect(stored?.linkUsedAt).toBeInstanceOf(Date);
    expect(await statusOf(made.requestId)).toBe('resolved');

    const reused = await answer(token, { call_handling: 1, fixed: false, fix_quality: 1, overall: 1 });
    expect(reused.status).toBe(409);
    expect(reused.body.errors[0].code).toBe('ALREADY_ANSWERED');
    expect((await open(token)).status).toBe(409);
    expect((await surveysOf([made.requestId]))[0]).toMatchObject({ fixed: true, overallScore: 5 });
  });

  it('an expired link is refused; "not fixed" by link reopens the request and opens one case', async () => {
    await setSettings({ method: 'SMS' });
    const late = await resolvedRequest({ mobile: '09125000002', unit: 'district-damavand' });
    const notFixed = await resolvedRequest({ mobile: '09125000003', unit: 'district-pakdasht' });
    await sample();
    const lateToken = await linkOf(late.requestId);
    await asOwner((tx) =>
      tx
        .update(survey)
        .set({ linkExpiresAt: new Date(Date.now() - 1000) })
        .where(eq(survey.requestId, late.requestId)),
    );
    const expired = await answer(lateToken, { call_handling: 4, fixed: true, fix_quality: 4, overall: 4 });
    expect(expired.status).toBe(410);
    expect(expired.body.errors[0].code).toBe('EXPIRED');
    await sample();
    expect((await surveysOf([late.requestId]))[0]?.status).toBe('expired');

    const token = await linkOf(notFixed.requestId);
    const said = await answer(token, { call_handling: 3, fixed: false, fix_quality: 1, overall: 2 });
    expect(said.body).toEqual({ answered: true, reopened: true });
    expect(await statusOf(notFixed.requestId)).toBe('reopened');
    const cases = await casesOf(notFixed.requestId);
    expect(cases).toHaveLength(1);
    expect(cases[0]?.trigger).toBe('not_fixed');
    // Sent again (the first reply was lost, or a double tap): answered as the first was, stored once, one case.
    const twice = await Promise.all([
      answer(token, { call_handling: 3, fixed: false, fix_quality: 1, overall: 2 }),
      answer(token, { call_handling: 3, fixed: false, fix_quality: 1, overall: 2 }),
    ]);
    expect(twice.map((r) => [r.status, r.body])).toEqual([
      [200, { answered: true, reopened: true }],
      [200, { answered: true, reopened: true }],
    ]);
    expect(await casesOf(notFixed.requestId)).toHaveLength(1);
    // Other answers through the same link are refused: it was answered.
    const other = await answer(token, { call_handling: 5, fixed: true, fix_quality: 5, overall: 5 });
    expect(other.status).toBe(409);
  });
});

describe('the after-call IVR survey', () => {
  const ivr = `mutation($call: String!, $digits: String!, $line: String, $ext: String) {
    recordIvrSurvey(pbxCallId: $call, digits: $digits, line: $line, agentExtension: $ext) {
      __typename ... on RecordIvrSurveySuccess { data { id method status callScore overallScore } }
      ... on Error { code field message } } }`;
  const record = `mutation($input: RecordContactInput!) { recordContact(input: $input) {
    __typename ... on RecordContactSuccess { data { id } } ... on Error { code field message } } }`;

  it('stores the digits against the call and its agent, once per call', async () => {
    const token = await t.serviceToken('tehran-integrator', 'surveys:ivr');
    const contact = field<{ data: { id: string } }>(
      await gql('tehran.agent', record, {
        input: { channel: 'PHONE', categoryCode: 'water.pipe_burst', outcome: 'INFORMED', pbxCallId: 'ivr-call-1' },
      }),
      'recordContact',
    );
    const stored = field<{
      data: {
        id: string;
        method: string;
        callScore: number;
        overallScore: number;
      };
    }>(await gqlAs(token, ivr, { call: 'ivr-call-1', digits: '45' }), 'recordIvrSurvey').data;
    expect(stored).toMatchObject({ method: 'IVR', callScore: 4, overallScore: 5 });
    const [row] = await asOwner((tx) =>
      tx
        .select()
        .from(survey)
        .where(eq(survey.surveyId, rawId(stored.id))),
    );
    expect(row).toMatchObject({
      contactId: rawId(contact.data.id),
      agentSubject: 'demo-tehran.agent',
      status: 'completed',
    });
    // Posted again (the PBX retried): the same survey, unchanged.
    const again = field<{ data: { id: string; callScore: number } }>(
      await gqlAs(token, ivr, { call: 'ivr-call-1', digits: '11' }),
      'recordIvrSurvey',
    ).data;
    expect(again).toMatchObject({ id: stored.id, callScore: 4 });
  });

  it('records a call it did not know from the PBX’s word; refuses bad digits and unknown lines by field', async () => {
    const token = await t.serviceToken('tehran-integrator', 'surveys:ivr');
    const missingLine = field<{ code: string; field: string }>(
      await gqlAs(token, ivr, { call: 'ivr-call-2', digits: '5' }),
      'recordIvrSurvey',
    );
    expect(missingLine).toMatchObject({ code: 'BAD_INPUT', field: 'input.line' });
    const badLine = field<{ code: string; field: string }>(
      await gqlAs(token, ivr, { call: 'ivr-call-2', digits: '5', line: '999' }),
      'recordIvrSurvey',
    );
    expect(badLine).toMatchObject({ code: 'BAD_INPUT', field: 'input.line' });
    const badDigit = field<{ code: string; field: string }>(
      await gqlAs(token, ivr, { call: 'ivr-call-2', digits: '47', line: '122' }),
      'recordIvrSurvey',
    );
    expect(badDigit).toMatchObject({ code: 'BAD_INPUT', field: 'input.digits.1' });
    const made = field<{ data: { callScore: number } }>(
      await gqlAs(token, ivr, { call: 'ivr-call-2', digits: '3', line: '122', ext: '2101' }),
      'recordIvrSurvey',
    ).data;
    expect(made.callScore).toBe(3);
    const [call] = await asOwner((tx) =>
      tx.select().from(contactTable).where(eq(contactTable.pbxCallId, 'ivr-call-2')),
    );
    expect(call).toMatchObject({ outcome: 'answered', agentExtension: '2101', service: '122', channel: 'phone' });
  });

  it('is the PBX’s alone: people and integrations without the scope are refused', async () => {
    const agent = await gql('tehran.agent', ivr, { call: 'x', digits: '5' });
    expect(agent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await gqlAs(await t.serviceToken('tehran-integrator', 'contacts:write'), ivr, {
      call: 'x',
      digits: '5',
    });
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('the questionnaire', () => {
  const publish = `mutation($basedOn: Int!, $questions: [SurveyQuestionInput!]!, $note: String) {
    publishSurveyQuestionnaire(basedOn: $basedOn, questions: $questions, note: $note) {
      __typename ... on PublishSurveyQuestionnaireSuccess { data { version note questions { key textFa } } }
      ... on Error { code field message } } }`;
  const current = `{ surveyQuestionnaire { version questions { key measure kind textFa textEn ivr } } }`;

  it('a new version from the national default; surveys keep the version they asked; stale edits refused', async () => {
    const before = await phoneSurvey('09126000001');
    const national = field<{ version: number; questions: Record<string, unknown>[] }>(
      await gql('tehran.manager', current),
      'surveyQuestionnaire',
    );
    expect(national.version).toBe(0);
    const questions = [
      ...national.questions.map((q) => (q.key === 'overall' ? { ...q, textFa: 'رضایت کلی شما از ۱ تا ۵؟' } : q)),
      {
        key: 'heard_of_app',
        measure: 'EXTRA',
        kind: 'YES_NO',
        textFa: 'آیا برنامهٔ همراه را می‌شناسید؟',
        textEn: 'Do you know our app?',
        ivr: false,
      },
    ];
    const v1 = field<{ data: { version: number; note: string } }>(
      await gql('tehran.manager', publish, { basedOn: 0, questions, note: 'پرسش برنامهٔ همراه' }),
      'publishSurveyQuestionnaire',
    ).data;
    expect(v1).toMatchObject({ version: 1, note: 'پرسش برنامهٔ همراه' });
    const stale = field<{ code: string; field: string }>(
      await gql('tehran.manager', publish, { basedOn: 0, questions }),
      'publishSurveyQuestionnaire',
    );
    expect(stale).toMatchObject({ code: 'CONFLICT', field: 'input.basedOn' });
    const invalid = field<{ code: string; field: string }>(
      await gql('tehran.manager', publish, { basedOn: 1, questions: questions.filter((q) => q.key !== 'fixed') }),
      'publishSurveyQuestionnaire',
    );
    expect(invalid).toMatchObject({ code: 'BAD_INPUT', field: 'input.questions' });

    const after = await phoneSurvey('09126000002');
    const versionOf = async (id: string) =>
      (
        await gql(
          'tehran.survey',
          `query($id: ID!) { node(id: $id) { ... on Survey { questionnaire { version } } } }`,
          {
            id,
          },
        )
      ).data?.node;
    expect(await versionOf(before.id)).toEqual({ questionnaire: { version: 0 } });
    expect(await versionOf(after.id)).toEqual({ questionnaire: { version: 1 } });
    const versions = field<{ version: number }[]>(
      await gql('tehran.survey', '{ surveyQuestionnaireVersions { version } }'),
      'surveyQuestionnaireVersions',
    );
    expect(versions.map((v) => v.version)).toEqual([1, 0]);
    const officer = await gql('tehran.survey', publish, { basedOn: 1, questions });
    expect(officer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The attempts' table is written by attempts only (none here yet for this survey).
    expect(
      await asOwner((tx) => tx.select().from(surveyAttempt).where(eq(surveyAttempt.surveyId, after.surveyId))),
    ).toEqual([]);
  });
});

describe('scores', () => {
  const scores = `query($period: String!, $by: SurveyScoreGroup!) { surveyScores(period: $period, by: $by) {
    minimumCases company { kpis { kpi x n rate } }
    groups { unitId name kpis { kpi x n rate score lower upper rank insufficientData } } } }`;

  it('shrinks each unit’s verified-fix rate as the reference’s worked example does, ranking only those with enough', async () => {
    // shared/reference/national-ranking.md: seven units' "really fixed?" answers of Mehr 1405.
    const example = [
      ['district-eslamshahr', 340, 400, 0.838], // B
      ['district-shahriar', 70, 80, 0.825], // G
      ['district-varamin', 8, 8, 0.792], // A: n < 30
      ['district-pakdasht', 45, 60, 0.76], // C
      ['district-damavand', 3, 5, 0.757], // E: n < 30
      ['district-robat-karim', 900, 1200, 0.751], // D
      ['team-eslamshahr-repairs', 150, 220, 0.703], // F
    ] as const;
    await asOwner(async (tx) => {
      for (const [code, x, n] of example)
        await tx.execute(sql`
          with calls as (
            insert into contact (tenant_id, channel, service, outcome)
            select ${tehran}, 'phone', '122', 'informed' from generate_series(1, ${n}) returning contact_id)
          insert into survey (tenant_id, method, contact_id, unit_id, reason, status, fixed, completed_at, ended_at,
                              completed_by)
          select ${tehran}, 'ivr', contact_id, ${rawId(units[code] ?? '')}, '{"rule":"example"}', 'completed',
                 row_number() over () <= ${x}, '2026-10-10T08:00:00Z', '2026-10-10T08:00:00Z', 'test'
          from calls`);
    });
    const body = await gql('tehran.manager', scores, { period: '1405-07', by: 'UNIT' });
    type Standing = {
      kpi: string;
      x: number;
      n: number;
      rate: number | null;
      score: number;
      rank: number | null;
      insufficientData: boolean;
    };
    const result = field<{
      minimumCases: number;
      company: { kpis: Standing[] };
      groups: { unitId: string; name: string; kpis: Standing[] }[];
    }>(body, 'surveyScores');
    expect(result.minimumCases).toBe(30);
    expect(result.company.kpis.find((k) => k.kpi === 'VERIFIED_FIX')).toMatchObject({ x: 1516, n: 1973 });
    const fix = (g: { kpis: Standing[] }) => g.kpis.find((k) => k.kpi === 'VERIFIED_FIX') as Standing;
    for (const [code, x, n, score] of example) {
      const group = result.groups.find((g) => g.unitId === units[code]);
      expect(fix(group as { kpis: Standing[] })).toMatchObject({ x, n, rate: x / n, insufficientData: n < 30 });
      expect(fix(group as { kpis: Standing[] }).score).toBeCloseTo(score, 2);
    }
    // Ranked by the shrunken score among those with 30 answers or more: B, G, C, D, F (A and E not ranked).
    const ranked = result.groups
      .filter((g) => fix(g).rank !== null)
      .sort((a, b) => (fix(a).rank ?? 0) - (fix(b).rank ?? 0))
      .map((g) => g.unitId);
    expect(ranked).toEqual(
      [
        'district-eslamshahr',
        'district-shahriar',
        'district-pakdasht',
        'district-robat-karim',
        'team-eslamshahr-repairs',
      ].map((code) => units[code]),
    );
    // The list leads with the best verified-fix score.
    expect(result.groups[0]?.unitId).toBe(units['district-eslamshahr']);
    const badPeriod = await gql('tehran.manager', scores, { period: '1405-13', by: 'UNIT' });
    expect(badPeriod.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'period' });
  });
});

describe('"not fixed" after the call', () => {
  it('an IVR that asks whether it was fixed reopens the request the call was about, once', async () => {
    const current = field<{ version: number; questions: Record<string, unknown>[] }>(
      await gql(
        'tehran.manager',
        '{ surveyQuestionnaire { version questions { key measure kind textFa textEn ivr } } }',
      ),
      'surveyQuestionnaire',
    );
    const questions = current.questions.map((q) => (q.key === 'fixed' ? { ...q, ivr: true } : q));
    const published = await gql(
      'tehran.manager',
      `mutation($basedOn: Int!, $questions: [SurveyQuestionInput!]!) {
        publishSurveyQuestionnaire(basedOn: $basedOn, questions: $questions) { __typename } }`,
      { basedOn: current.version, questions },
    );
    expect(field<{ __typename: string }>(published, 'publishSurveyQuestionnaire').__typename).toBe(
      'PublishSurveyQuestionnaireSuccess',
    );
    const made = await resolvedRequest({ mobile: '09127000001', unit: 'district-shahriar' });
    await asOwner((tx) =>
      tx.insert(contactTable).values({
        tenantId: tehran,
        channel: 'phone',
        service: '122',
        outcome: 'repeat_call',
        requestId: made.requestId,
        pbxCallId: 'ivr-not-fixed',
      }),
    );
    const token = await t.serviceToken('tehran-integrator', 'surveys:ivr');
    const ivr = `mutation($call: String!, $digits: String!) { recordIvrSurvey(pbxCallId: $call, digits: $digits) {
      __typename ... on RecordIvrSurveySuccess { data { fixed callScore overallScore } } ... on Error { code field } } }`;
    // The IVR's questions in order: the call (4), fixed (2 = no), overall (3).
    const stored = field<{ data: { fixed: boolean } }>(
      await gqlAs(token, ivr, { call: 'ivr-not-fixed', digits: '423' }),
      'recordIvrSurvey',
    ).data;
    expect(stored).toMatchObject({ fixed: false, callScore: 4, overallScore: 3 });
    // The PBX reads no requests: the platform's job reopens it.
    expect(await statusOf(made.requestId)).toBe('resolved');
    await drain();
    expect(await statusOf(made.requestId)).toBe('reopened');
    expect(await casesOf(made.requestId)).toHaveLength(1);
    await gqlAs(token, ivr, { call: 'ivr-not-fixed', digits: '423' });
    await drain();
    expect(await casesOf(made.requestId)).toHaveLength(1);
    const reopenings = await asOwner((tx) =>
      tx
        .select()
        .from(requestEvent)
        .where(and(eq(requestEvent.requestId, made.requestId), eq(requestEvent.toStatus, 'reopened'))),
    );
    expect(reopenings).toHaveLength(1);
    expect(reopenings[0]?.detail).toMatchObject({ by: 'survey', channel: 'ivr' });
  });
});
