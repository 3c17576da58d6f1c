import { request as requestTable, survey } from '@abfa/schema';
import { eq, sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { TestApp } from '../support/app.js';
import {
  expectAccessible,
  expectRtl,
  newContext,
  persianDigits,
  screenshot,
  sidewaysScroll,
  signIn,
} from '../support/browser.js';
import type { TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';
import { rawId, startPortalApp, surveyHelpers } from '../support/surveys.js';

/**
 * Section (c) in the portal: the public survey page a customer opens from the SMS link (on a phone, no sign-in) —
 * answered once with "not fixed" and a comment, which reopens the request; the same link again, an altered one and
 * an expired one each said in their own words; a connection lost on sending keeps the answers and sending again
 * works — and the survey scores screen showing the API's figures for the centre manager.
 *
 * Unlike the other browser files this one runs the real app in-process on a test database (the portal built as
 * ever, the embedded issuer on the same origin): the survey is drawn by the platform's own sampling job and the
 * link read from the SMS it wrote, as test/api/surveys.test.ts does, and the database is set by SQL where the test
 * needs a state no screen makes (a resolved request, an expired link, a past month's answers).
 */

let db: TestDatabase;
let t: TestApp;
let browser: Browser;
let tehran: string;
const units: Record<string, string> = {};

beforeAll(async () => {
  ({ db, t, browser } = await startPortalApp());
  tehran = t.tenantId('tehran');
  await loadUnits();
  const settings = await saveSurveySettings({ minimumPerUnit: 100, method: 'SMS' });
  expect(settings.__typename).toBe('SaveSurveySettingsSuccess');
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await db?.close();
});

const { gql, asOwner, loadUnits, saveSurveySettings, resolvedRequest, sample, surveyLinkOf } = surveyHelpers(() => ({
  db,
  t,
  tenantId: tehran,
  units,
}));

/** A survey by SMS of a fresh resolved request: drawn by the sampling job, its link read from the SMS it wrote. */
async function smsSurvey(mobile: string, unit: string) {
  const made = await resolvedRequest({ mobile, unit, description: 'ترکیدگی لوله در کوچه' });
  await sample({ publicUrl: t.base });
  const { link } = await surveyLinkOf(made.requestId, t.base);
  return { ...made, link };
}

const categoryName = async (code: string) =>
  field<{ code: string; nameFa: string }[]>(
    await gql('tehran.agent', '{ categories { code nameFa } }'),
    'categories',
  ).find((c) => c.code === code)?.nameFa;
const surveyOf = async (requestId: string) =>
  (await asOwner((tx) => tx.select().from(survey).where(eq(survey.requestId, requestId))))[0];
const statusOf = async (requestId: string) =>
  (await asOwner((tx) => tx.select().from(requestTable).where(eq(requestTable.requestId, requestId))))[0]?.status;

/** A full-page screenshot from the top. */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

async function phonePage(): Promise<Page> {
  const context = await newContext(browser, { phone: true });
  const page = await context.newPage();
  onTestFailed(async () => {
    if (!page.isClosed()) await screenshot(page, `failed-public-survey-${Date.now()}`);
  });
  return page;
}

/** Chooses an answer by tapping its tile (the radio button drawn by it). */
const choose = (page: Page, key: string, value: string | number | boolean) =>
  page.getByTestId(`survey-${key}-${String(value)}`).click();
const isChosen = (page: Page, key: string, value: string | number | boolean) =>
  page.getByTestId(`survey-${key}-${String(value)}`).isChecked();

describe('the public survey page', () => {
  let first: Awaited<ReturnType<typeof smsSurvey>>;

  it('on a phone: the request and the questions, the required answers checked, "not fixed" reopens it', async () => {
    first = await smsSurvey('09125100001', 'district-shahriar');
    const page = await phonePage();
    await page.goto(first.link);
    await page.getByTestId('survey-form').waitFor();
    await expectRtl(page);
    // The request's tracking code, in Persian digits, and its subject.
    const code = page.getByTestId('survey-request').getByTestId('tracking-code-text');
    expect(await code.getAttribute('data-code')).toBe(first.trackingCode.replace(/\D/g, ''));
    expect(await code.textContent()).toMatch(/^[۰-۹-]+$/);
    expect(await page.getByTestId('survey-category').textContent()).toBe(
      `موضوع: ${await categoryName('water.pipe_burst')}`,
    );
    // Five questions of the national questionnaire, each a fieldset named by its legend (the comment a text box).
    expect(await page.locator('fieldset legend').count()).toBe(4);
    expect(await page.getByRole('group').count()).toBeGreaterThanOrEqual(4);
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
    await shot(page, 'survey-page-phone');
    await expectAccessible(page, 'public survey (phone)');

    // Sent with nothing answered: each required question says so, the focus goes to the first; nothing is stored.
    await page.getByTestId('survey-submit').click();
    await page.getByTestId('survey-missing').getByText('به ۴ پرسش لازم هنوز پاسخ نداده‌اید').waitFor();
    expect(await page.getByTestId('survey-question-error').count()).toBe(4);
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name))
      .toBe('survey-call_handling');
    expect((await surveyOf(first.requestId))?.status).toBe('pending');
    await shot(page, 'survey-required-phone');

    // The keyboard moves within a question: a tap on 3, then the arrow key to 4.
    await choose(page, 'call_handling', 3);
    await page.keyboard.press('ArrowDown');
    expect(await isChosen(page, 'call_handling', 4)).toBe(true);
    // …with the focus drawn round the tile.
    expect(
      await page
        .getByTestId('survey-call_handling-4')
        .evaluate((radio) => getComputedStyle(radio.nextElementSibling as Element).outlineStyle),
    ).toBe('solid');
    await screenshot(page, 'survey-keyboard-focus-phone');
    expect(await page.getByTestId('survey-question-error').count()).toBe(3);
    expect(await page.getByTestId('survey-missing').textContent()).toContain('به ۳ پرسش لازم');
    await choose(page, 'fixed', false);
    await page.getByTestId('survey-not-fixed-hint').waitFor();
    await choose(page, 'fix_quality', 2);
    await choose(page, 'overall', 1);
    await page.getByTestId('survey-text-comment').fill('آب هنوز از زیر آسفالت نشت می‌کند.');
    expect(await page.getByTestId('survey-progress').textContent()).toBe('۴ از ۴ پرسش لازم پاسخ داده شده است.');
    expect(await page.getByTestId('survey-missing').count()).toBe(0);
    await shot(page, 'survey-answered-phone');
    await page.getByTestId('survey-submit').click();

    await page.getByTestId('survey-thanks').waitFor();
    expect(await page.getByTestId('survey-reopened').textContent()).toBe(
      'درخواست شما دوباره به واحد اجرایی ارجاع شد و پیگیری می‌شود',
    );
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('survey-thanks');
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
    await shot(page, 'survey-thanks-phone');
    await expectAccessible(page, 'public survey answered (phone)');
    const stored = await surveyOf(first.requestId);
    expect(stored).toMatchObject({ status: 'completed', fixed: false, callScore: 4, fixScore: 2, overallScore: 1 });
    expect(stored?.answers).toMatchObject({ comment: 'آب هنوز از زیر آسفالت نشت می‌کند.' });
    expect(await statusOf(first.requestId)).toBe('reopened');
    await page.context().close();
  });

  it('the same link again says it was answered; an altered link says it is not valid', async () => {
    const page = await phonePage();
    await page.goto(first.link);
    await page.getByTestId('survey-refused').waitFor();
    expect(await page.getByTestId('survey-refused').getAttribute('data-refusal')).toBe('ALREADY_ANSWERED');
    expect(await page.getByTestId('survey-refused').textContent()).toContain('پیش‌تر پاسخ داده شده');
    expect(await page.getByTestId('survey-form').count()).toBe(0);
    await expectRtl(page);
    await shot(page, 'survey-answered-already-phone');
    await expectAccessible(page, 'public survey answered already (phone)');

    const last = first.link.slice(-1);
    await page.goto(`${first.link.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`);
    await page.getByTestId('survey-refused').waitFor();
    expect(await page.getByTestId('survey-refused').getAttribute('data-refusal')).toBe('NOT_FOUND');
    expect(await page.getByTestId('survey-refused').textContent()).toContain('این پیوند نظرسنجی معتبر نیست');
    await shot(page, 'survey-invalid-phone');
    await page.context().close();
  });

  it('an expired link says the time to answer is over', async () => {
    const late = await smsSurvey('09125100002', 'district-damavand');
    await asOwner((tx) =>
      tx
        .update(survey)
        .set({ linkExpiresAt: new Date(Date.now() - 1000) })
        .where(eq(survey.requestId, late.requestId)),
    );
    const page = await phonePage();
    await page.goto(late.link);
    await page.getByTestId('survey-refused').waitFor();
    expect(await page.getByTestId('survey-refused').getAttribute('data-refusal')).toBe('EXPIRED');
    expect(await page.getByTestId('survey-refused').textContent()).toContain(
      'مهلت پاسخ به این نظرسنجی به پایان رسیده است',
    );
    expect(await page.getByTestId('tel-1523').getAttribute('href')).toBe('tel:1523');
    await shot(page, 'survey-expired-phone');
    await expectAccessible(page, 'public survey expired (phone)');
    await page.context().close();
  });

  it('a connection lost while sending: told so, the answers kept (a reload too), sent again once it is back', async () => {
    const made = await smsSurvey('09125100003', 'district-pakdasht');
    const page = await phonePage();
    await page.goto(made.link);
    await page.getByTestId('survey-form').waitFor();
    await choose(page, 'call_handling', 5);
    await choose(page, 'fixed', true);
    await choose(page, 'fix_quality', 4);
    await choose(page, 'overall', 5);
    await page.getByTestId('survey-text-comment').fill('ممنون از گروه تعمیرات');
    // The first sending never reaches the server (the phone lost its signal).
    let dropped = 0;
    await page.route('**/public/tehran/surveys/**', (route) => {
      if (route.request().method() === 'POST' && dropped === 0) {
        dropped += 1;
        return route.abort('internetdisconnected');
      }
      return route.continue();
    });
    await page.getByTestId('survey-submit').click();
    await page.getByTestId('survey-error').getByText('ارتباط اینترنت برقرار نیست').waitFor();
    expect(dropped).toBe(1);
    expect(await page.getByTestId('survey-submit').textContent()).toBe('ارسال دوباره');
    for (const [key, value] of [
      ['call_handling', 5],
      ['fixed', true],
      ['fix_quality', 4],
      ['overall', 5],
    ] as const)
      expect(await isChosen(page, key, value)).toBe(true);
    expect(await page.getByTestId('survey-text-comment').inputValue()).toBe('ممنون از گروه تعمیرات');
    expect((await surveyOf(made.requestId))?.status).toBe('pending');
    await shot(page, 'survey-connection-lost-phone');
    await expectAccessible(page, 'public survey connection lost (phone)');

    // Even a reload keeps what was answered (for the tab's life).
    await page.reload();
    await page.getByTestId('survey-form').waitFor();
    expect(await isChosen(page, 'fixed', true)).toBe(true);
    expect(await page.getByTestId('survey-text-comment').inputValue()).toBe('ممنون از گروه تعمیرات');

    await page.getByTestId('survey-submit').click();
    await page.getByTestId('survey-thanks').waitFor();
    expect(await page.getByTestId('survey-reopened').count()).toBe(0);
    expect(await surveyOf(made.requestId)).toMatchObject({ status: 'completed', fixed: true, overallScore: 5 });
    expect(await statusOf(made.requestId)).toBe('resolved');
    // Answered: nothing is kept in the tab any more.
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('abfa.survey.')))).toEqual(
      [],
    );
    await page.context().close();
  });
});

describe('the survey scores screen', () => {
  /** Completed after-call surveys of Mehr 1405 for a unit (and an agent), with these counts of good answers. */
  async function answers(
    unit: string,
    agent: string,
    n: number,
    fixed: number,
    quality: number,
    call: number,
    csat: number,
  ) {
    await asOwner((tx) =>
      tx.execute(sql`
        with calls as (
          insert into contact (tenant_id, channel, service, outcome)
          select ${tehran}, 'phone', '122', 'informed' from generate_series(1, ${n}) returning contact_id),
        numbered as (select contact_id, row_number() over () as i from calls)
        insert into survey (tenant_id, method, contact_id, unit_id, agent_subject, reason, status, fixed, fix_score,
                            call_score, overall_score, completed_at, ended_at, completed_by)
        select ${tehran}, 'ivr', contact_id, ${rawId(units[unit] ?? '')}, ${agent}, '{"rule":"e2e"}', 'completed',
               i <= ${fixed}, case when i <= ${quality} then 5 else 2 end, case when i <= ${call} then 4 else 3 end,
               case when i <= ${csat} then 5 else 1 end, '2026-10-10T08:00:00Z', '2026-10-10T08:00:00Z', 'test'
        from numbered`),
    );
  }

  const scoresQuery = `query($period: String!, $by: SurveyScoreGroup!) { surveyScores(period: $period, by: $by) {
    minimumCases company { ended completed responseRate kpis { kpi x n rate } }
    groups { unitId name ended completed responseRate kpis { kpi x n rate score lower upper rank insufficientData } } } }`;
  type Standing = {
    kpi: string;
    x: number;
    n: number;
    rate: number | null;
    score: number | null;
    lower: number | null;
    upper: number | null;
    rank: number | null;
    insufficientData: boolean;
  };
  type Scores = {
    minimumCases: number;
    company: { ended: number; completed: number; responseRate: number | null; kpis: Standing[] };
    groups: {
      unitId: string | null;
      name: string | null;
      ended: number;
      completed: number;
      responseRate: number | null;
      kpis: Standing[];
    }[];
  };

  /** A rate as the portal shows it in Persian: «۸۳٫۳٪». */
  const rate = (value: number | null) =>
    value == null ? '—' : `${persianDigits((value * 100).toFixed(1)).replace('.', '٫')}٪`;

  it('shows the API’s figures: the company at the top, each unit’s shrunken score, interval, rank or «داده ناکافی»', async () => {
    await answers('district-eslamshahr', 'demo-tehran.agent', 120, 100, 90, 100, 96);
    await answers('district-shahriar', 'demo-tehran.agent', 60, 45, 40, 50, 42);
    await answers('district-pakdasht', 'demo-tehran.survey', 40, 26, 20, 30, 24);
    await answers('district-varamin', 'demo-tehran.survey', 8, 8, 7, 8, 8);
    // Telephone surveys of that month ended too (completed or not): the response rate.
    for (const [i, status] of (['completed', 'completed', 'completed', 'refused', 'unreachable'] as const).entries()) {
      const made = await resolvedRequest({
        mobile: `0912520000${i}`,
        unit: 'district-eslamshahr',
        description: 'ترکیدگی لوله در کوچه',
      });
      await asOwner((tx) =>
        tx.insert(survey).values({
          tenantId: tehran,
          method: 'phone',
          requestId: made.requestId,
          unitId: rawId(units['district-eslamshahr'] ?? ''),
          reason: { rule: 'e2e' },
          status,
          completedAt: status === 'completed' ? new Date('2026-10-12T08:00:00Z') : null,
          endedAt: new Date('2026-10-12T08:00:00Z'),
          completedBy: status === 'completed' ? 'test' : null,
        }),
      );
    }
    const api = field<Scores>(
      await gql('tehran.manager', scoresQuery, { period: '1405-07', by: 'UNIT' }),
      'surveyScores',
    );
    expect(api.groups.length).toBeGreaterThanOrEqual(4);

    const context = await newContext(browser);
    const page = await context.newPage();
    onTestFailed(async () => {
      if (!page.isClosed()) await screenshot(page, `failed-survey-scores-${Date.now()}`);
    });
    await signIn(page, t.base, 'tehran.manager', '/surveys/scores?period=1405-07');
    await page.getByTestId('score-table').waitFor();
    await expectRtl(page);
    // The menu leads here.
    expect(await page.getByRole('navigation').getByRole('link', { name: 'امتیاز نظرسنجی' }).getAttribute('href')).toBe(
      '/surveys/scores',
    );

    // The company's figures.
    const figure = (kpi: string) => page.locator(`[data-testid=company-figure][data-kpi=${kpi}]`);
    expect(await figure('RESPONSE_RATE').getByTestId('company-figure-value').textContent()).toBe(
      rate(api.company.responseRate),
    );
    expect(await figure('RESPONSE_RATE').getByTestId('company-figure-detail').textContent()).toBe(
      `${persianDigits(api.company.completed)} تکمیل از ${persianDigits(api.company.ended)} پایان‌یافته`,
    );
    for (const kpi of ['CSAT', 'VERIFIED_FIX', 'FIX_QUALITY', 'CALL_HANDLING']) {
      const k = api.company.kpis.find((c) => c.kpi === kpi) as Standing;
      expect(await figure(kpi).getByTestId('company-figure-value').textContent()).toBe(rate(k.rate));
      expect(await figure(kpi).getByTestId('company-figure-detail').textContent()).toBe(
        `${persianDigits(k.x)} از ${persianDigits(k.n)} پاسخ`,
      );
    }

    // The units in the API's order, each KPI as the API has it: only those with something in the month (the API
    // leaves out a unit surveyed only today, by the tests above).
    const shown = api.groups;
    expect(shown.every((g) => g.ended > 0 || g.kpis.some((k) => k.n > 0))).toBe(true);
    const rows = page.getByTestId('score-row');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unit')))).toEqual(
      shown.map((g) => g.unitId),
    );
    let insufficient = 0;
    for (const [i, group] of shown.entries()) {
      const row = rows.nth(i);
      expect(await row.getByTestId('score-name').textContent()).toBe(group.name);
      expect(await row.getByTestId('score-response').textContent()).toBe(
        group.ended > 0
          ? `${rate(group.responseRate)}${persianDigits(group.completed)} تکمیل از ${persianDigits(group.ended)} پایان‌یافته`
          : '—بدون نظرسنجی تلفنی یا پیامکی',
      );
      for (const k of group.kpis) {
        const cell = row.locator(`[data-testid=score-kpi][data-kpi=${k.kpi}]`);
        if (k.n === 0) {
          expect(await cell.textContent()).toBe('بدون پاسخ');
          continue;
        }
        expect(await cell.getByTestId('score-value').textContent()).toBe(rate(k.score));
        expect(await cell.getByTestId('score-interval').textContent()).toBe(
          `بازهٔ ۹۵٪: ${rate(k.lower)} تا ${rate(k.upper)}`,
        );
        expect(await cell.getByTestId('score-raw').textContent()).toBe(
          `خام: ${rate(k.rate)} (${persianDigits(k.x)} از ${persianDigits(k.n)} پاسخ)`,
        );
        if (k.insufficientData) {
          insufficient += 1;
          expect(await cell.getByTestId('score-insufficient').textContent()).toBe('داده ناکافی');
          expect(await cell.getByTestId('score-rank').count()).toBe(0);
        } else expect(await cell.getByTestId('score-rank').textContent()).toBe(`رتبهٔ ${persianDigits(k.rank ?? 0)}`);
      }
    }
    // Varamin's 8 answers are shown, not ranked.
    expect(insufficient).toBeGreaterThanOrEqual(4);
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
    await shot(page, 'survey-scores-desktop');
    await expectAccessible(page, 'survey scores');

    // By agent: the agents' call-handling scores lead.
    await page.getByTestId('score-by').getByText('کارشناسان مرکز تماس').click();
    await page.waitForURL(/by=agent/);
    const agents = field<Scores>(
      await gql('tehran.manager', scoresQuery, { period: '1405-07', by: 'AGENT' }),
      'surveyScores',
    );
    await expect.poll(() => page.getByTestId('score-row').count()).toBe(agents.groups.length);
    const leading = agents.groups[0]?.kpis.find((k) => k.kpi === 'CALL_HANDLING') as Standing;
    expect(
      await page
        .getByTestId('score-row')
        .first()
        .locator('[data-testid=score-kpi][data-kpi=CALL_HANDLING] [data-testid=score-value]')
        .textContent(),
    ).toBe(rate(leading.score));
    await shot(page, 'survey-scores-agents-desktop');
    await expectAccessible(page, 'survey scores by agent');

    // On a phone: each unit a card, nothing wider than the screen.
    await page.goto(`${t.base}/surveys/scores?period=1405-07`);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('score-table').waitFor();
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
    await shot(page, 'survey-scores-phone');
    await expectAccessible(page, 'survey scores (phone)');
    await context.close();
  });
});
