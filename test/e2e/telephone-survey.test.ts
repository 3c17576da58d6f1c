import { followUpCase, survey } from '@abfa/schema';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { TestApp } from '../support/app.js';
import {
  expectAccessible,
  expectRtl,
  graphqlFromPage,
  newContext,
  persianDigits,
  screenshot,
  sidewaysScroll,
  signIn,
} from '../support/browser.js';
import type { TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';
import { globalId, startPortalApp, surveyHelpers } from '../support/surveys.js';

/**
 * Section (c) in the portal, by telephone: the survey officer lands on the calls due, takes one (its full number
 * shown), records a busy line and goes on to the next survey, answers its script as the customer speaks — the answers
 * kept through a reload — and completes it with "not fixed", which reopens the request and opens its follow-up case;
 * a survey a colleague holds is refused in the server's words; the call page on a phone; and the centre manager
 * publishes a questionnaire version with an extra question (and is told when another was published meanwhile).
 *
 * Like public-survey.test.ts this runs the real app in-process on a test database (the portal built as ever, the
 * embedded issuer on the same origin), so the requests can be resolved by SQL as the owner and the surveys drawn by
 * the platform's own sampling job (`sampleSurveys`), as test/api/surveys.test.ts does.
 */

let db: TestDatabase;
let t: TestApp;
let browser: Browser;
let tehran: string;
const units: Record<string, string> = {};
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ({ db, t, browser } = await startPortalApp());
  tehran = t.tenantId('tehran');
  await loadUnits();
  // Every resolved request of the unit is drawn (fewer than the minimum), asked by telephone.
  const saved = await saveSurveySettings({ minimumPerUnit: 100, method: 'PHONE' });
  expect(saved.__typename).toBe('SaveSurveySettingsSuccess');
});
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await t?.close();
  await db?.close();
});

const { gql, asOwner, loadUnits, saveSurveySettings, resolvedRequest, sample } = surveyHelpers(() => ({
  db,
  t,
  tenantId: tehran,
  units,
}));

interface Drawn {
  requestId: string;
  trackingCode: string;
  /** The survey's global id, as the portal's address holds it. */
  surveyId: string;
  mobile: string;
}

/**
 * A request of the Varamin office registered by the agent, resolved by its unit two days ago with what it did (by
 * SQL, as the owner), and drawn for a survey by the sampling job.
 */
async function drawnSurvey(mobile: string, description: string, done: string): Promise<Drawn> {
  const { requestId, ...made } = await resolvedRequest({
    mobile,
    unit: 'district-varamin',
    description,
    address: 'ورامین، خیابان شهید رجایی، کوچه 12',
    publicNote: done,
  });
  await sample();
  const [row] = await asOwner((tx) => tx.select().from(survey).where(eq(survey.requestId, requestId)));
  if (!row) throw new Error('not drawn');
  return { requestId, trackingCode: made.trackingCode, surveyId: globalId('Survey', row.surveyId), mobile };
}

async function staffPage(username: string, target: string, options: { phone?: boolean } = {}): Promise<Page> {
  const context = await newContext(browser, options);
  contexts.push(context);
  const page = await context.newPage();
  onTestFailed(async () => {
    if (!page.isClosed()) await screenshot(page, `failed-survey-${username}-${Date.now()}`);
  });
  if (!options.phone) await signIn(page, t.base, username, target);
  else {
    // At phone size the header hides the name signIn waits for: the screen's own elements are waited for instead.
    await page.goto(`${t.base}${target}`);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill('abfa-demo');
    await page.locator('button[type=submit]').click();
  }
  return page;
}

/** A full-page screenshot from the top, into the artifacts folder and /tmp (to be looked at). */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
  await page.screenshot({ path: `/tmp/${name}.png`, fullPage: true });
}

const question = (page: Page, key: string) => page.locator(`[data-testid="survey-question"][data-key="${key}"]`);
/** Picks an answer as the officer clicks it: the score or yes/no by its label. */
const pickAnswer = (page: Page, key: string, label: string) =>
  question(page, key)
    .locator('label')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .click();
const answerState = (page: Page, key: string) =>
  question(page, key).getByTestId('survey-answer-state').getAttribute('data-state');
const surveyPath = (id: string) => `/surveys/${encodeURIComponent(id)}`;

describe('the survey officer calls the customers drawn', () => {
  let officer: Page;
  let busy: Drawn;
  let answered: Drawn;
  let held: Drawn;

  it('lands on the calls due: each survey’s request, unit, time since resolution, calls so far, masked number', async () => {
    busy = await drawnSurvey('09125550001', 'ترکیدگی لوله در پیاده‌رو', 'لوله تعویض و آسفالت ترمیم شد');
    answered = await drawnSurvey('09125550002', 'آب از زیر کنتور نشت می‌کند', 'اتصال کنتور تعویض شد و نشتی برطرف شد');
    held = await drawnSurvey('09125550003', 'شکستگی لوله اصلی', 'لوله اصلی تعمیر شد');
    // A colleague (the centre manager) has the third one open: the officer's list leaves it out.
    const taken = await gql('tehran.manager', `mutation($id: ID!) { takeSurvey(surveyId: $id) { __typename } }`, {
      id: held.surveyId,
    });
    expect(field<{ __typename: string }>(taken, 'takeSurvey').__typename).toBe('TakeSurveySuccess');

    officer = await staffPage('tehran.survey', '/');
    await expect.poll(() => new URL(officer.url()).pathname).toBe('/surveys');
    await officer.getByRole('navigation').getByRole('link', { name: 'نظرسنجی', exact: true }).waitFor();
    const row = officer.locator(`[data-testid="survey-row"][data-code="${busy.trackingCode}"]`);
    await row.waitFor();
    await officer.locator(`[data-testid="survey-row"][data-code="${answered.trackingCode}"]`).waitFor();
    expect(await officer.locator(`[data-testid="survey-row"][data-code="${held.trackingCode}"]`).count()).toBe(0);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('امور آب و فاضلاب ورامین');
    expect(text).toContain('هنوز تماسی نگرفته');
    expect(await row.getByTestId('tracking-code-text').textContent()).toMatch(/^[۰-۹]+(-[۰-۹]+)+$/);
    expect(await row.getByTestId('survey-resolved-ago').textContent()).toBe('۲ روز پیش');
    expect(await row.locator('time').textContent()).toMatch(/^۱۴[۰-۹]{2}\/[۰-۹]{2}\/[۰-۹]{2}، [۰-۹]{2}:[۰-۹]{2}$/);
    expect(await row.getByTestId('survey-mobile-masked').textContent()).toBe(`${persianDigits('+98912')}***۰۰۰۱`);
    await expectRtl(officer);
    await shot(officer, 'survey-worklist');
    await expectAccessible(officer, 'the survey worklist');
  });

  it('takes a survey: its full number to dial, the request, why it was drawn; a busy line is tried again later', async () => {
    const row = officer.locator(`[data-testid="survey-row"][data-code="${busy.trackingCode}"]`);
    await row.getByTestId('survey-start').click();
    await expect.poll(() => new URL(officer.url()).pathname).toBe(surveyPath(busy.surveyId));
    const number = officer.getByTestId('survey-mobile');
    await number.waitFor();
    expect(await number.getAttribute('href')).toBe('tel:+989125550001');
    expect(await number.textContent()).toBe('۰۹۱۲ ۵۵۵ ۰۰۰۱');
    const facts = (await officer.getByTestId('survey-request-facts').textContent()) ?? '';
    expect(facts).toContain('ترکیدگی لوله در پیاده‌رو');
    expect(facts).toContain('کوچه ۱۲');
    expect(facts).toContain('لوله تعویض و آسفالت ترمیم شد');
    expect(facts).toContain('امور آب و فاضلاب ورامین');
    const reason = (await officer.getByTestId('survey-reason').first().textContent()) ?? '';
    expect(reason).toMatch(/در هفته‌ای که از شنبه ۱۴[۰-۹]{2}\/[۰-۹]{2}\/[۰-۹]{2} آغاز شد/);
    expect(reason).toContain('به قرعه');
    // The script is the survey's own version: the national default, in its order.
    const keys = await officer
      .getByTestId('survey-question')
      .evaluateAll((all) => all.map((q) => q.getAttribute('data-key')));
    expect(keys).toEqual(['call_handling', 'fixed', 'fix_quality', 'overall', 'comment']);
    expect(await officer.getByTestId('survey-complete').isDisabled()).toBe(true);

    await officer.getByTestId('survey-note').fill('دو بار زنگ خورد، اشغال بود');
    await officer.getByTestId('survey-attempt-BUSY').click();
    const result = officer.getByTestId('survey-result');
    await result.waitFor();
    expect(await result.getAttribute('data-outcome')).toBe('BUSY');
    expect(await officer.getByTestId('survey-result-notice').textContent()).toContain('تماس ثبت شد: اشغال');
    expect(await officer.getByTestId('survey-status').getAttribute('data-status')).toBe('PENDING');
    const step = officer.getByTestId('survey-attempt-step');
    await step.waitFor();
    expect(await step.getAttribute('data-outcome')).toBe('BUSY');
    expect(await step.textContent()).toContain('دو بار زنگ خورد');
    // No longer in this officer's hands: the number is gone, the script read-only.
    expect(await officer.getByTestId('survey-mobile').count()).toBe(0);
    expect(await officer.getByTestId('survey-attempt').count()).toBe(0);
  });

  it('goes on to the next survey and answers the script as the customer speaks, kept through a reload', async () => {
    await officer.getByTestId('survey-next').click();
    // The busy one is not due again yet, the held one is a colleague's: the next is the third.
    await expect.poll(() => new URL(officer.url()).pathname).toBe(surveyPath(answered.surveyId));
    await officer.getByTestId('survey-mobile').waitFor();
    expect(await officer.getByTestId('survey-mobile').getAttribute('href')).toBe('tel:+989125550002');

    await pickAnswer(officer, 'call_handling', '۵');
    await expect.poll(() => answerState(officer, 'call_handling')).toBe('saved');
    await pickAnswer(officer, 'fixed', 'خیر');
    await expect.poll(() => answerState(officer, 'fixed')).toBe('saved');
    // "Not fixed": completing will reopen the request, said before it is done.
    const warning = officer.getByTestId('survey-not-fixed-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('بازگشایی');
    // The connection fails as the next answer is saved: said beside the question, and tried again.
    let dropped = false;
    await officer.route('**/graphql', (route) => {
      if (!dropped && route.request().postData()?.includes('SaveSurveyAnswers')) {
        dropped = true;
        return route.abort('internetdisconnected');
      }
      return route.continue();
    });
    await pickAnswer(officer, 'fix_quality', '۲');
    await expect.poll(() => answerState(officer, 'fix_quality')).toBe('error');
    const failed = question(officer, 'fix_quality').getByTestId('survey-answer-error');
    expect(await failed.textContent()).toContain('ذخیره نشد');
    expect(await officer.getByTestId('survey-save-state').getAttribute('data-state')).toBe('error');
    await officer.unroute('**/graphql');
    await question(officer, 'fix_quality').getByTestId('survey-answer-retry').click();
    await expect.poll(() => answerState(officer, 'fix_quality')).toBe('saved');
    expect(await failed.count()).toBe(0);
    expect(await officer.getByTestId('survey-save-state').textContent()).toContain('پاسخ‌ها ذخیره شد');
    // The overall score is still missing: completing waits for it.
    expect(await officer.getByTestId('survey-complete').isDisabled()).toBe(true);
    expect(await officer.getByTestId('survey-complete-hint').textContent()).toContain('رضایت کلی');

    // The connection drops (a reload): what was said is still there.
    await officer.reload();
    await officer.getByTestId('survey-mobile').waitFor();
    await expect
      .poll(() => question(officer, 'call_handling').getByTestId('survey-scale').getAttribute('data-value'))
      .toBe('5');
    expect(await question(officer, 'fixed').getByTestId('survey-yes-no').getAttribute('data-value')).toBe('false');
    expect(await question(officer, 'fix_quality').getByTestId('survey-scale').getAttribute('data-value')).toBe('2');
    expect(await question(officer, 'fix_quality').getByRole('radio', { name: '۲' }).isChecked()).toBe(true);
    await officer.getByTestId('survey-not-fixed-warning').waitFor();

    // The overall score by keyboard: the radio row moves with the arrow keys.
    await pickAnswer(officer, 'overall', '۲');
    await officer.keyboard.press('ArrowDown');
    await expect
      .poll(() => question(officer, 'overall').getByTestId('survey-scale').getAttribute('data-value'))
      .toBe('3');
    await expect.poll(() => answerState(officer, 'overall')).toBe('saved');
    await question(officer, 'comment').getByTestId('survey-text').fill('هنوز از زیر کنتور آب می‌آید؛ 2 روز است');
    await expect.poll(() => answerState(officer, 'comment')).toBe('saved');
    expect(await officer.getByTestId('survey-complete').isEnabled()).toBe(true);
    await expectRtl(officer);
    await shot(officer, 'survey-call-answered');
    await expectAccessible(officer, 'the survey call page');
  });

  it('completes it: the request is reopened with a follow-up case, said in the result, and the answers are kept', async () => {
    await officer.getByTestId('survey-complete').click();
    const result = officer.getByTestId('survey-result');
    await result.waitFor();
    expect(await result.getAttribute('data-outcome')).toBe('COMPLETED');
    expect(await result.getAttribute('data-reopened')).toBe('true');
    expect(await officer.getByTestId('survey-result-notice').textContent()).toContain('بازگشایی');
    expect(await officer.getByTestId('survey-status').getAttribute('data-status')).toBe('COMPLETED');
    await expect.poll(() => officer.getByTestId('survey-request-status').getAttribute('data-status')).toBe('REOPENED');
    expect(await officer.getByTestId('survey-request-status').textContent()).toContain('بازگشایی‌شده');
    await officer.getByTestId('survey-next').waitFor();
    await shot(officer, 'survey-call-completed');
    await expectAccessible(officer, 'the completed survey');

    // Through the API, as the officer: the request is reopened; the survey holds the answers as given.
    const seen = await graphqlFromPage(
      officer,
      `query($code: String!, $id: ID!) { requestByTrackingCode(trackingCode: $code) { status }
        node(id: $id) { ... on Survey { status fixed callScore fixScore overallScore answers { key text } } } }`,
      { code: answered.trackingCode, id: answered.surveyId },
    );
    expect(seen.data.requestByTrackingCode.status).toBe('REOPENED');
    expect(seen.data.node).toMatchObject({
      status: 'COMPLETED',
      fixed: false,
      callScore: 5,
      fixScore: 2,
      overallScore: 3,
    });
    expect(seen.data.node.answers.find((a: { key: string }) => a.key === 'comment').text).toBe(
      'هنوز از زیر کنتور آب می‌آید؛ 2 روز است',
    );
    const cases = await asOwner((tx) =>
      tx.select().from(followUpCase).where(eq(followUpCase.requestId, answered.requestId)),
    );
    expect(cases.map((c) => c.trigger)).toEqual(['not_fixed']);

    // The ended surveys list it with its outcome and the customer's word.
    await officer.goto(`${t.base}/surveys/ended`);
    const ended = officer.locator(`[data-testid="survey-ended-row"][data-code="${answered.trackingCode}"]`);
    await ended.waitFor();
    expect(await ended.getAttribute('data-status')).toBe('COMPLETED');
    expect(await ended.getByTestId('survey-fixed').textContent()).toBe('خیر');
    await shot(officer, 'survey-ended');
    await expectAccessible(officer, 'the ended surveys');
  });

  it('a survey a colleague holds is refused in the server’s words', async () => {
    await officer.goto(`${t.base}${surveyPath(held.surveyId)}`);
    await officer.getByTestId('survey-take').click();
    const error = officer.getByTestId('survey-take-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('همکار دیگری این نظرسنجی را در دست دارد');
    expect(await officer.getByTestId('survey-mobile').count()).toBe(0);
  });

  it('on a phone: the worklist and the call page fit the screen, the number large enough to tap', async () => {
    const phoneCall = await drawnSurvey('09125550004', 'فشار آب بسیار کم است', 'شیر فلکه اصلی باز شد');
    const phone = await staffPage('tehran.survey', '/surveys', { phone: true });
    const row = phone.locator(`[data-testid="survey-row"][data-code="${phoneCall.trackingCode}"]`);
    await row.waitFor();
    expect(await sidewaysScroll(phone)).toBe(0);
    await shot(phone, 'survey-worklist-phone');
    await row.getByTestId('survey-start').click();
    const number = phone.getByTestId('survey-mobile');
    await number.waitFor();
    expect(await number.textContent()).toBe('۰۹۱۲ ۵۵۵ ۰۰۰۴');
    const box = await number.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(32);
    await pickAnswer(phone, 'call_handling', '۴');
    await expect.poll(() => answerState(phone, 'call_handling')).toBe('saved');
    await expectRtl(phone);
    expect(await sidewaysScroll(phone)).toBe(0);
    await shot(phone, 'survey-call-phone');
    await expectAccessible(phone, 'the survey call page on a phone');
  });
});

describe('the centre manager’s questionnaire', () => {
  let manager: Page;

  it('shows the national default as version 0 and publishes a version with an extra question, which becomes current', async () => {
    manager = await staffPage('tehran.manager', '/surveys/questionnaire');
    const current = manager.getByTestId('questionnaire-current-version');
    await current.waitFor();
    expect(await current.textContent()).toBe('نسخهٔ ۰ (پیش‌فرض کشوری)');
    await expectRtl(manager);
    await shot(manager, 'survey-questionnaire');
    await expectAccessible(manager, 'the questionnaire');

    await manager.getByTestId('questionnaire-edit').click();
    await manager.getByTestId('questionnaire-form').waitFor();
    await manager.getByTestId('questionnaire-add-kind').selectOption('YES_NO');
    await manager.getByTestId('questionnaire-add').click();
    const added = manager.locator('[data-testid="questionnaire-draft-question"][data-key="extra_1"]');
    await added.waitFor();
    // Blank wording is refused beside the field before anything is sent.
    await manager.getByTestId('questionnaire-publish').click();
    await added.getByText('این مورد لازم است').first().waitFor();
    await added.getByTestId('questionnaire-text-fa').fill('آیا مأموران هنگام کار کارت شناسایی همراه داشتند؟');
    await added.getByTestId('questionnaire-text-en').fill('Did the crew carry their identity cards?');
    // Asked before the comment: one place up.
    await added.getByTestId('questionnaire-up').click();
    const order = await manager
      .getByTestId('questionnaire-draft-question')
      .evaluateAll((all) => all.map((q) => q.getAttribute('data-key')));
    expect(order).toEqual(['call_handling', 'fixed', 'fix_quality', 'overall', 'extra_1', 'comment']);
    await manager.getByTestId('questionnaire-note').fill('پرسش کارت شناسایی مأموران افزوده شد');
    await shot(manager, 'survey-questionnaire-editing');
    await expectAccessible(manager, 'the questionnaire editor');
    await manager.getByTestId('questionnaire-publish').click();
    await manager.getByTestId('questionnaire-published').waitFor();
    expect(await manager.getByTestId('questionnaire-published').textContent()).toContain('نسخهٔ ۱ منتشر شد');
    await expect.poll(() => current.getAttribute('data-version')).toBe('1');
    const keys = await manager
      .getByTestId('questionnaire-current-questions')
      .getByTestId('questionnaire-question')
      .evaluateAll((all) => all.map((q) => q.getAttribute('data-key')));
    expect(keys).toEqual(['call_handling', 'fixed', 'fix_quality', 'overall', 'extra_1', 'comment']);
    const versions = await manager
      .getByTestId('questionnaire-version')
      .locator('[data-version]')
      .evaluateAll((all) => all.map((v) => v.getAttribute('data-version')));
    expect(versions).toEqual(['1', '0']);
    const api = await graphqlFromPage(
      manager,
      '{ surveyQuestionnaire { version note questions { key measure kind } } }',
    );
    expect(api.data.surveyQuestionnaire).toMatchObject({
      version: 1,
      note: 'پرسش کارت شناسایی مأموران افزوده شد',
    });
    expect(api.data.surveyQuestionnaire.questions[4]).toEqual({ key: 'extra_1', measure: 'EXTRA', kind: 'YES_NO' });
    await shot(manager, 'survey-questionnaire-published');
  });

  it('is told when another version was published meanwhile, and reloads it', async () => {
    await manager.getByTestId('questionnaire-edit').click();
    await manager.getByTestId('questionnaire-form').waitFor();
    // Meanwhile, from another desk: version 2.
    const v1 = field<{ questions: Record<string, unknown>[] }>(
      await gql('tehran.manager', '{ surveyQuestionnaire { questions { key measure kind textFa textEn ivr } } }'),
      'surveyQuestionnaire',
    );
    const other = await gql(
      'tehran.manager',
      `mutation($questions: [SurveyQuestionInput!]!) { publishSurveyQuestionnaire(basedOn: 1, questions: $questions) { __typename } }`,
      { questions: v1.questions },
    );
    expect(field<{ __typename: string }>(other, 'publishSurveyQuestionnaire').__typename).toBe(
      'PublishSurveyQuestionnaireSuccess',
    );
    await manager.getByTestId('questionnaire-publish').click();
    const conflict = manager.getByTestId('questionnaire-conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('نسخهٔ ۲ پس از نسخه‌ای که ویرایش کردید ساخته شده است');
    await conflict.getByRole('button').click();
    await expect
      .poll(() => manager.getByTestId('questionnaire-current-version').getAttribute('data-version'))
      .toBe('2');
  });

  it('sets the sampling rules: the share as a percent, refusals beside their field', async () => {
    await manager.goto(`${t.base}/surveys/settings`);
    const share = manager.getByTestId('sampling-share');
    await share.waitFor();
    expect(await share.inputValue()).toBe('۱۰');
    await manager.getByTestId('sampling-retryMinutes').fill('۵');
    await manager.getByTestId('sampling-share').fill('۱۵');
    await manager.getByTestId('sampling-save').click();
    const retry = manager.getByTestId('sampling-retryMinutes');
    await expect.poll(() => retry.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await retry.getAttribute('aria-describedby')) ?? '';
    const errorText = await manager.evaluate(
      (ids) =>
        ids
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      describedBy,
    );
    expect(errorText).toContain('باید از ۱۰ تا ۱۰٬۰۸۰ دقیقه باشد');
    await retry.fill('۹۰');
    await manager.getByTestId('sampling-save').click();
    await manager.getByTestId('sampling-saved').waitFor();
    const api = await graphqlFromPage(manager, '{ surveySettings { share retryMinutes } }');
    expect(api.data.surveySettings).toEqual({ share: 0.15, retryMinutes: 90 });
    await expectRtl(manager);
    await shot(manager, 'survey-sampling');
    await expectAccessible(manager, 'the sampling settings');
  });
});
