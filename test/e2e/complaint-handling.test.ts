import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  expectAccessible,
  expectRtl,
  graphqlFromPage,
  newContext,
  type Platform,
  screenshot,
  sidewaysScroll,
  signIn,
  withPortal,
} from '../support/browser.js';

/**
 * Section (b), complaints in the staff portal (ISO 10002): an agent takes a complaint by phone about a demo request
 * from the request's page (a wrong mobile refused beside its field, a lost connection keeping what was typed), and the
 * follow-up officer finds it in «شکایات» and takes it through every stage — assessed (a missing unit refused beside
 * its field), investigated, the response decided and sent after a confirmation, closed with the complainant's
 * satisfaction — then appealed a level up; the history shows each step. Unit staff have no complaints screens.
 */

let platform: Platform;
let browser: Browser;

withPortal((p, b) => {
  platform = p;
  browser = b;
});

/** A full-page screenshot from the top. */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
});

async function staffPage(username: string, target: string): Promise<Page> {
  const context = await newContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  onTestFailed(async () => {
    if (!page.isClosed()) await screenshot(page, `failed-complaint-handling-${username}-${Date.now()}`);
  });
  await signIn(page, platform.baseUrl, username, target);
  return page;
}

/** The error text a field is described by (Mantine puts it beside the field and links it by aria-describedby). */
async function fieldError(page: Page, testId: string): Promise<string> {
  const field = page.getByTestId(testId);
  await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
  const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
  return page.evaluate(
    (ids) =>
      ids
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    describedBy,
  );
}

/** The complaint's stage as the detail's badge says it. */
const stageOf = (page: Page) => page.getByTestId('complaint-stage').first().getAttribute('data-stage');

/** The actions offered, in order. */
const offered = (page: Page) =>
  page
    .getByTestId('complaint-actions')
    .getByRole('button')
    .evaluateAll((all) => all.map((b) => b.getAttribute('data-testid')?.replace('complaint-action-', '')));

/** Chooses an action and waits for its form. */
async function chooseAction(page: Page, action: string) {
  await page.getByTestId(`complaint-action-${action}`).click();
  await page.locator(`[data-testid="complaint-action-form"][data-action="${action}"]`).waitFor();
}

/** The actions of the history, in order. */
const history = (page: Page) =>
  page.getByTestId('complaint-event').evaluateAll((all) => all.map((e) => e.getAttribute('data-action')));

describe('complaints in the staff portal: registered by an agent, handled by the follow-up officer', () => {
  let agent: Page;
  let officer: Page;
  let requestCode = '';
  let complaintCode = '';
  let complaintPath = '';
  const description = 'اکیپ حفاری کوچه را نیمه‌کاره رها کرده و ۳ روز است کسی پاسخگو نیست';
  const mobile = `0912${String(Date.now()).slice(-7)}`;

  it('the agent opens a complaint from a demo request’s page: a wrong mobile is refused beside its field', async () => {
    agent = await staffPage('tehran.agent', '/desk');
    // The agent registers complaints but does not handle them: no «شکایات» in the menu.
    expect(await agent.getByRole('link', { name: 'شکایات' }).count()).toBe(0);
    const listed = await graphqlFromPage(agent, '{ requests(first: 1) { nodes { id trackingCode } } }');
    const request = listed.data.requests.nodes[0] as { id: string; trackingCode: string };
    requestCode = request.trackingCode;

    await agent.goto(`${platform.baseUrl}/desk/${requestCode}`);
    await agent.getByTestId('request-complaint-link').click();
    await agent.waitForURL(/\/complaints\/new\?request=/);
    expect(new URL(agent.url()).searchParams.get('request')).toBe(request.id);
    const concerned = agent.getByTestId('complaint-request-code');
    await concerned.waitFor();
    expect(await concerned.locator('bdi').getAttribute('data-code')).toBe(requestCode);
    await expectRtl(agent);
    await shot(agent, 'complaint-register-form');
    await expectAccessible(agent, 'complaint registration form');

    // Nothing filled: the required fields say so.
    await agent.getByTestId('complaint-submit').click();
    expect(await fieldError(agent, 'complaint-subject')).toContain('این مورد لازم است');
    expect(await fieldError(agent, 'complaint-description')).toContain('این مورد لازم است');

    await agent.getByTestId('complaint-subject').selectOption('UNIT_WORK');
    expect(await agent.getByTestId('complaint-channel-select').inputValue()).toBe('PHONE');
    await agent.getByTestId('complaint-description').fill(description);
    await agent.getByTestId('complaint-name').fill('مریم رضایی');
    await agent.getByTestId('complaint-mobile').fill('۰۹۱۲۳۴');
    await agent.getByTestId('complaint-submit').click();
    // The API's refusal, beside the mobile field, in Persian; what was typed stays.
    const refused = await fieldError(agent, 'complaint-mobile');
    expect(refused).toMatch(/[\u0600-\u06FF]/);
    expect(refused).not.toContain('complainantMobile');
    expect(await agent.getByTestId('complaint-description').inputValue()).toBe(description);
    await shot(agent, 'complaint-register-wrong-mobile');
    await expectAccessible(agent, 'complaint registration with a refused mobile');
  });

  it('the connection drops as the agent submits: a Persian error, nothing lost; sent again, the 10-digit code and the SMS queued', async () => {
    await agent.getByTestId('complaint-mobile').fill(mobile);
    await agent.context().setOffline(true);
    await agent.getByTestId('complaint-submit').click();
    await agent.getByText('ارتباط با سرور برقرار نشد').waitFor();
    expect(await agent.getByTestId('complaint-description').inputValue()).toBe(description);
    expect(await agent.getByTestId('complaint-mobile').inputValue()).toBe(mobile);
    expect(await agent.getByTestId('complaint-subject').inputValue()).toBe('UNIT_WORK');
    expect(await agent.getByTestId('complaint-name').inputValue()).toBe('مریم رضایی');
    await shot(agent, 'complaint-register-offline');
    await agent.context().setOffline(false);
    await agent.getByTestId('complaint-submit').click();

    // The agent does not read complaints: the code is shown here, with the acknowledgement SMS queued.
    await agent.getByTestId('complaint-registered').waitFor();
    const code = agent.getByTestId('tracking-code');
    complaintCode = (await code.getAttribute('data-code')) ?? '';
    expect(complaintCode).toMatch(/^\d{10}$/);
    expect(await code.textContent()).toMatch(/^[۰-۹-]+$/);
    expect(await agent.getByTestId('complaint-sms').getAttribute('data-queued')).toBe('true');
    await shot(agent, 'complaint-registered');
    await expectAccessible(agent, 'complaint registered');
  });

  it('the follow-up officer finds it in «شکایات»: code, subject, channel, stage, Jalali deadline; the stage filter', async () => {
    officer = await staffPage('tehran.follow-up', '/');
    await officer.getByRole('link', { name: 'شکایات' }).click();
    await officer.waitForURL(/\/complaints$/);
    const row = officer.locator(`[data-testid="complaint-row"][data-code="${complaintCode}"]`);
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('کار واحد عملیاتی');
    expect(text).toContain('تلفن');
    expect(await row.getAttribute('data-stage')).toBe('ACKNOWLEDGED');
    expect(await row.getByTestId('complaint-stage').textContent()).toBe('اعلام وصول');
    expect(await row.locator('time').first().textContent()).toMatch(
      /^۱۴۰[۴-۶]\/[۰-۹]{2}\/[۰-۹]{2}، [۰-۹]{2}:[۰-۹]{2}$/,
    );
    expect(await row.getByTestId('tracking-code-text').textContent()).toMatch(/^[۰-۹-]+$/);
    // A stage filter from the address (as other screens link to it), and from the select.
    await officer.getByTestId('complaint-filter-stage').selectOption('CLOSED');
    await expect.poll(() => new URL(officer.url()).search).toBe('?stage=CLOSED');
    await expect.poll(() => row.count()).toBe(0);
    await officer.goto(`${platform.baseUrl}/complaints?stage=ACKNOWLEDGED`);
    await row.waitFor();
    expect(await officer.getByTestId('complaint-filter-stage').inputValue()).toBe('ACKNOWLEDGED');
    const stages = await officer
      .getByTestId('complaint-row')
      .evaluateAll((all) => [...new Set(all.map((r) => r.getAttribute('data-stage')))]);
    expect(stages).toEqual(['ACKNOWLEDGED']);
    await expectRtl(officer);
    await shot(officer, 'complaint-list');
    await expectAccessible(officer, 'complaint list');
    await row.getByTestId('complaint-open').click();
    await officer.waitForURL(/\/complaints\/[^/]+$/);
    complaintPath = new URL(officer.url()).pathname;
  });

  it('the detail: header, stages, the request it concerns, the actions of its stage only', async () => {
    await officer.getByTestId('complaint-history').waitFor();
    if ((await stageOf(officer)) === 'RECEIVED') {
      await chooseAction(officer, 'ACKNOWLEDGE');
      await officer.getByTestId('complaint-action-submit').click();
      await expect.poll(() => stageOf(officer)).toBe('ACKNOWLEDGED');
    }
    const facts = (await officer.getByTestId('complaint-facts').textContent()) ?? '';
    expect(facts).toContain('کار واحد عملیاتی');
    expect(facts).toContain('مریم رضایی');
    expect(facts).toContain('۳ روز است');
    const steps = await officer
      .getByTestId('complaint-step')
      .evaluateAll((all) => all.map((s) => s.getAttribute('data-state')));
    expect(steps).toEqual(['DONE', 'DONE', 'CURRENT', 'NEXT', 'NEXT', 'NEXT', 'NEXT']);
    expect(await officer.getByTestId('complaint-step-due').textContent()).toMatch(/[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}/);
    expect(await officer.getByTestId('complaint-request-link').getAttribute('href')).toBe(`/desk/${requestCode}`);
    expect(await offered(officer)).toEqual(['ASSESS', 'NOTE']);
    await expectRtl(officer);
    await shot(officer, 'complaint-detail-acknowledged');
    await expectAccessible(officer, 'complaint detail');
  });

  it('assessed (a missing unit refused beside its field), investigated, the response decided with its count', async () => {
    await chooseAction(officer, 'ASSESS');
    await officer.getByTestId('complaint-severity-HIGH').check();
    await officer.getByTestId('complaint-action-submit').click();
    expect(await fieldError(officer, 'complaint-assess-unit')).toContain('واحد مسئول لازم است');
    expect(await stageOf(officer)).toBe('ACKNOWLEDGED');
    await shot(officer, 'complaint-assess-no-unit');
    await officer.getByTestId('complaint-assess-unit').selectOption({ label: 'امور آب و فاضلاب اسلامشهر' });
    await officer.getByTestId('complaint-action-submit').click();
    await expect.poll(() => stageOf(officer)).toBe('ASSESSED');
    await officer.getByText('اقدام ثبت شد.').waitFor();
    expect(await officer.getByTestId('complaint-severity-value').textContent()).toBe('زیاد');
    expect(await officer.getByTestId('complaint-unit-value').textContent()).toBe('امور آب و فاضلاب اسلامشهر');

    await chooseAction(officer, 'INVESTIGATE');
    await officer.getByTestId('complaint-note').fill('گزارش سرپرست حفاری خواسته شد');
    // Enter in the form's one-line fields submits; the note is a textarea, so Ctrl+Enter.
    await officer.getByTestId('complaint-note').press('Control+Enter');
    await expect.poll(() => stageOf(officer)).toBe('INVESTIGATING');

    await chooseAction(officer, 'DECIDE_RESPONSE');
    const response = 'شهروند گرامی، کار حفاری تا پایان هفته تمام و آسفالت کوچه ترمیم می‌شود. با پوزش — آبفا';
    await officer.getByTestId('complaint-response').fill(response);
    const count = officer.getByTestId('complaint-response-count');
    expect(await count.getAttribute('data-length')).toBe(String(response.length));
    expect(await count.textContent()).toContain('از ۲٬۰۰۰ نویسه');
    await officer.getByTestId('complaint-action-submit').click();
    await expect.poll(() => stageOf(officer)).toBe('RESPONSE_DECIDED');
    expect(await officer.getByTestId('complaint-response-text').textContent()).toContain('آسفالت کوچه ترمیم');
  });

  it('the response is sent after a confirmation; closed with satisfaction 4 after another', async () => {
    await chooseAction(officer, 'COMMUNICATE_RESPONSE');
    await officer.getByTestId('complaint-action-submit').click();
    const confirmation = officer.getByTestId('complaint-confirmation');
    await confirmation.waitFor();
    expect(await confirmation.textContent()).toContain('پیامک');
    expect(await stageOf(officer)).toBe('RESPONSE_DECIDED');
    await shot(officer, 'complaint-communicate-confirm');
    await officer.getByTestId('complaint-confirm').click();
    await expect.poll(() => stageOf(officer)).toBe('RESPONDED');

    await chooseAction(officer, 'CLOSE');
    await officer.getByTestId('complaint-satisfaction-4').check();
    await officer.getByTestId('complaint-action-submit').click();
    await officer.getByTestId('complaint-confirmation').waitFor();
    expect(await officer.getByTestId('complaint-confirmation').textContent()).toContain('رضایت شاکی: ۴');
    expect(await stageOf(officer)).toBe('RESPONDED');
    await officer.getByTestId('complaint-confirm').click();
    await expect.poll(() => stageOf(officer)).toBe('CLOSED');
    expect(await officer.getByTestId('complaint-satisfaction-value').getAttribute('data-satisfaction')).toBe('4');
    expect(await officer.getByTestId('complaint-satisfaction-value').textContent()).toBe('۴ از ۵');
    expect(await offered(officer)).toEqual(['APPEAL', 'REOPEN', 'NOTE']);
    await shot(officer, 'complaint-closed');
    await expectAccessible(officer, 'a closed complaint');
  });

  it('appealed with a note: back to «ارزیابی‌شده» at appeal level 1; the history shows every step', async () => {
    await chooseAction(officer, 'APPEAL');
    await officer.getByTestId('complaint-action-submit').click();
    expect(await fieldError(officer, 'complaint-note')).toContain('این مورد لازم است');
    await officer.getByTestId('complaint-note').fill('شاکی دوباره تماس گرفت: آسفالت ترمیم نشده است');
    await officer.getByTestId('complaint-action-submit').click();
    await expect.poll(() => stageOf(officer)).toBe('ASSESSED');
    expect(await officer.getByTestId('complaint-stage').first().textContent()).toBe('ارزیابی‌شده');
    expect(await officer.getByTestId('complaint-appeal-level').getAttribute('data-level')).toBe('1');
    expect(await officer.getByTestId('complaint-appeal-level').textContent()).toBe('۱');

    const actions = await history(officer);
    expect(actions.filter((a) => a !== 'received' && a !== 'acknowledge')).toEqual([
      'assess',
      'investigate',
      'decideResponse',
      'communicateResponse',
      'close',
      'appeal',
    ]);
    expect(actions.slice(0, 2)).toEqual(['received', 'acknowledge']);
    const timeline = (await officer.getByTestId('complaint-history').textContent()) ?? '';
    for (const word of ['ثبت شکایت', 'اعلام وصول', 'ارزیابی', 'شروع بررسی', 'تعیین پاسخ', 'ارسال پاسخ به شاکی', 'بستن'])
      expect(timeline).toContain(word);
    expect(timeline).toContain('تجدیدنظر (سطح بالاتر)');
    // Staff read the internal notes in the history.
    expect(timeline).toContain('گزارش سرپرست حفاری خواسته شد');
    expect(timeline).toContain('آسفالت ترمیم نشده است');
    expect(timeline).toContain('بسته‌شده ← ارزیابی‌شده');

    // In the list: the appeal level.
    await officer.goto(`${platform.baseUrl}/complaints`);
    const row = officer.locator(`[data-testid="complaint-row"][data-code="${complaintCode}"]`);
    await row.waitFor();
    expect(await row.getByTestId('complaint-appeal-level').getAttribute('data-level')).toBe('1');
  });

  it('on a phone (390 px) the complaint never scrolls sideways', async () => {
    const context = await newContext(browser, { phone: true });
    contexts.push(context);
    const phone = await context.newPage();
    await phone.goto(`${platform.baseUrl}${complaintPath}`);
    await phone.locator('#username').fill('tehran.follow-up');
    await phone.locator('#password').fill('abfa-demo');
    await phone.locator('button[type=submit]').click();
    await phone.getByTestId('complaint-history').waitFor();
    expect(await sidewaysScroll(phone)).toBeLessThanOrEqual(0);
    await expectRtl(phone);
    await shot(phone, 'complaint-detail-phone');
  });

  it('unit staff have no complaints menu and are refused on /complaints', async () => {
    const unit = await staffPage('tehran.unit', '/complaints');
    await unit.getByText('این بخش برای نقش شما در دسترس نیست.').waitFor();
    expect(await unit.getByRole('link', { name: 'شکایات' }).count()).toBe(0);
    expect(await unit.getByTestId('complaint-list').count()).toBe(0);
    const answer = await graphqlFromPage(unit, '{ complaints(first: 1) { nodes { id } } }');
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
