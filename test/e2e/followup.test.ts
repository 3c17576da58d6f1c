import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  expectAccessible,
  expectRtl,
  graphqlFromPage,
  newContext,
  type Platform,
  persianDigits,
  screenshot,
  sidewaysScroll,
  signIn,
  withPortal,
} from '../support/browser.js';

/**
 * Section (b), follow-up in the portal: a case opened by hand on a fresh request (the platform's scan opens cases
 * only for overdue requests, and the test cannot move time) is worked by the follow-up officer with the unit —
 * asked with an agreed Jalali time (a past one refused beside the field), answered by the unit from its own view,
 * returned once with a new time, answered again and accepted — then with the customer (a call back, an SMS answer
 * sent through a lost and regained connection) and closed as fixed; every step is in the request's history too.
 */

let platform: Platform;
let browser: Browser;

withPortal((p, b) => {
  platform = p;
  browser = b;
});

/** An instant as a typed Jalali date and time of day in Tehran: `1405/09/08`, `14:30`. */
function jalali(at: Date): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', {
    timeZone: 'Asia/Tehran',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}/${get('month')}/${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

const hours = (n: number) => new Date(Date.now() + n * 3_600_000);

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
    if (!page.isClosed()) await screenshot(page, `failed-followup-${username}-${Date.now()}`);
  });
  await signIn(page, platform.baseUrl, username, target);
  return page;
}

/** The case's state as the detail's badge says it. */
const caseState = (page: Page) => page.getByTestId('followup-state').first().getAttribute('data-state');

/** Chooses an action of the case and waits for its form. */
async function chooseAction(page: Page, action: string) {
  await page.getByTestId(`followup-action-${action}`).click();
  await page.getByTestId('followup-action-form').waitFor();
}

/** The kinds of the case's steps, in order. */
const stepKinds = (page: Page) =>
  page.getByTestId('followup-step').evaluateAll((all) => all.map((s) => s.getAttribute('data-kind')));

describe('follow-up: the officer works a case with the unit and the customer', () => {
  let officer: Page;
  let unit: Page;
  let trackingCode = '';
  let casePath = '';

  it('the agent registers a request for the Eslamshahr office; the follow-up officer lands on the worklist and opens a case on it by hand', async () => {
    const agent = await staffPage('tehran.agent', '/desk');
    const units = await graphqlFromPage(agent, '{ units(first: 100) { nodes { id code } } }');
    const unitId = units.data.units.nodes.find((u: { code: string }) => u.code === 'district-eslamshahr').id;
    const made = await graphqlFromPage(
      agent,
      `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
        __typename ... on RegisterRequestSuccess { data { trackingCode } } } }`,
      {
        input: {
          categoryCode: 'water.pipe_burst',
          channel: 'PHONE',
          callerMobile: `0912${String(Date.now()).slice(-7)}`,
          assignedUnitId: unitId,
          description: 'لوله در پیاده‌رو ترکیده و آب در کوچه جاری است؛ مشترک سه بار تماس گرفته',
        },
      },
    );
    expect(made.data.registerRequest.__typename).toBe('RegisterRequestSuccess');
    trackingCode = made.data.registerRequest.data.trackingCode;

    // The follow-up officer's front page is the follow-up worklist.
    officer = await staffPage('tehran.follow-up', '/');
    await expect.poll(() => new URL(officer.url()).pathname).toBe('/followup');
    await officer.getByRole('link', { name: 'پیگیری‌ها' }).waitFor();

    // From the request: no case open yet, so the officer may open one, with the reason.
    await officer.goto(`${platform.baseUrl}/desk/${trackingCode}`);
    await officer.getByTestId('request-followup-open').click();
    await officer.getByTestId('request-followup-submit').click();
    await officer.getByText('این مورد لازم است').waitFor();
    await officer.getByTestId('request-followup-reason').fill('مشترک چند بار تماس گرفته و واحد پاسخی نداده است');
    await officer.getByTestId('request-followup-submit').click();
    const line = officer.getByTestId('request-followup');
    await line.waitFor();
    expect(await line.textContent()).toContain('پیگیری');
    await officer.getByTestId('request-followup-link').click();
    await officer.waitForURL(/\/followup\/[^/]+$/);
    casePath = new URL(officer.url()).pathname;
    await officer.getByTestId('followup-timeline').waitFor();
    expect(await caseState(officer)).toBe('OPEN');
  });

  it('the worklist shows the case: tracking code, category, priority, why in Persian, state, time left, calls, unit, Jalali date', async () => {
    await officer.goto(`${platform.baseUrl}/followup`);
    const row = officer.locator(`[data-testid="followup-row"][data-code="${trackingCode}"]`);
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('گشوده به دست کارشناس');
    expect(text).toContain('نزد کارشناس پیگیری');
    expect(text).toContain('امور آب و فاضلاب اسلامشهر');
    // The request is young: its time left, in Persian digits (a late one says «… دیر»).
    expect(await row.getByTestId('followup-lateness').textContent()).toMatch(
      /^[۰-۹]+ (روز|ساعت|دقیقه)( و [۰-۹]+ (ساعت|دقیقه))? (مانده|دیر)$/,
    );
    expect(await row.getByTestId('followup-calls').textContent()).toMatch(/^[۰-۹]+$/);
    expect(await row.locator('time').textContent()).toMatch(/^۱۴۰[۴-۶]\/[۰-۹]{2}\/[۰-۹]{2}$/);
    // The filter: closed cases only leaves it out; back to all open.
    await officer.getByTestId('followup-filter-state').selectOption('CLOSED');
    await expect.poll(() => new URL(officer.url()).search).toBe('?state=CLOSED');
    await expect.poll(() => row.count()).toBe(0);
    await officer.getByTestId('followup-filter-state').selectOption('NOT_CLOSED');
    await row.waitFor();
    await expectRtl(officer);
    await shot(officer, 'followup-worklist');
    await expectAccessible(officer, 'follow-up worklist');
    await row.getByTestId('followup-open').click();
    await expect.poll(() => new URL(officer.url()).pathname).toBe(casePath);
  });

  it('the officer asks the unit: a past agreed time is refused beside the field, a future one taken', async () => {
    await officer.getByTestId('followup-timeline').waitFor();
    const facts = (await officer.getByTestId('followup-request-facts').textContent()) ?? '';
    expect(facts).toContain('لوله در پیاده‌رو ترکیده');
    expect(await officer.getByTestId('followup-request-link').getAttribute('href')).toBe(`/desk/${trackingCode}`);
    // Only what an open case offers.
    const offered = await officer
      .getByTestId('followup-actions')
      .getByRole('button')
      .evaluateAll((all) => all.map((b) => b.getAttribute('data-testid')));
    expect(offered).toEqual([
      'followup-action-ASK_UNIT',
      'followup-action-CALLBACK',
      'followup-action-ANSWER_CUSTOMER',
      'followup-action-NOTE',
      'followup-action-ESCALATE',
      'followup-action-CLOSE',
    ]);
    await expectRtl(officer);
    await shot(officer, 'followup-case-open');
    await expectAccessible(officer, 'follow-up case');

    await chooseAction(officer, 'ASK_UNIT');
    await officer.getByTestId('followup-note').fill('لطفاً تا فردا لوله را تعمیر و نتیجه را اعلام کنید');
    const past = jalali(hours(-3));
    await officer.getByTestId('followup-agreed-date').fill(persianDigits(past.date));
    await officer.getByTestId('followup-agreed-time').fill(persianDigits(past.time));
    await officer.getByTestId('followup-action-submit').click();
    const date = officer.getByTestId('followup-agreed-date');
    await expect.poll(() => date.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await date.getAttribute('aria-describedby')) ?? '';
    const errorText = await officer.evaluate(
      (ids) =>
        ids
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      describedBy,
    );
    expect(errorText).toContain('باید در آینده باشد');
    await shot(officer, 'followup-ask-past-time');
    expect(await caseState(officer)).toBe('OPEN');

    const future = jalali(hours(26));
    await date.fill(persianDigits(future.date));
    await officer.getByTestId('followup-agreed-time').fill(future.time);
    await officer.getByTestId('followup-action-submit').click();
    await expect.poll(() => caseState(officer)).toBe('WAITING_UNIT');
    await officer.getByText('اقدام ثبت شد.').waitFor();
    expect(await stepKinds(officer)).toEqual(['OPENED', 'ASK_UNIT']);
    // Asked, the unit is reminded, not asked again; the case cannot be closed while it waits for the unit.
    expect(await officer.getByTestId('followup-action-REMIND').count()).toBe(1);
    expect(await officer.getByTestId('followup-action-CLOSE').count()).toBe(0);
  });

  it('the unit sees the case in its worklist, waiting for its answer first, and answers', async () => {
    unit = await staffPage('tehran.unit', '/followup');
    const rows = unit.getByTestId('followup-row');
    const row = unit.locator(`[data-testid="followup-row"][data-code="${trackingCode}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('WAITING_UNIT');
    // Waiting for the unit first: no other state above one waiting.
    const order = await rows.evaluateAll((all) => all.map((r) => r.getAttribute('data-state')));
    const firstOther = order.findIndex((s) => s !== 'WAITING_UNIT');
    if (firstOther >= 0) expect(order.slice(firstOther)).not.toContain('WAITING_UNIT');
    await expectRtl(unit);
    await shot(unit, 'followup-unit-worklist');
    await expectAccessible(unit, 'the unit’s follow-up worklist');

    await row.getByTestId('followup-open').click();
    await unit.getByTestId('followup-answer-form').waitFor();
    // The unit answers; it does not work the case.
    expect(await unit.getByTestId('followup-actions').count()).toBe(0);
    expect(await unit.getByTestId('followup-asked').textContent()).toContain('لوله را تعمیر');
    await expectRtl(unit);
    await shot(unit, 'followup-unit-case');
    await expectAccessible(unit, 'the unit’s view of a follow-up case');
    await unit.getByTestId('followup-answer-submit').click();
    await unit.getByText('این مورد لازم است').waitFor();
    await unit.getByTestId('followup-answer-note').fill('اکیپ اعزام شد؛ لوله فردا صبح تعویض می‌شود');
    await unit.getByTestId('followup-answer-submit').click();
    await unit.getByTestId('followup-answered').waitFor();
    expect(await unit.getByTestId('followup-answer-form').count()).toBe(0);
    await expect.poll(() => caseState(unit)).toBe('ANSWERED');
  });

  it('the officer returns the answer with a new time; the unit answers again; the officer accepts', async () => {
    await officer.reload();
    await officer.getByTestId('followup-unit-answer').waitFor();
    expect(await officer.getByTestId('followup-unit-answer').textContent()).toContain('فردا صبح تعویض');
    expect(await caseState(officer)).toBe('ANSWERED');
    await chooseAction(officer, 'RETURN_ANSWER');
    await officer.getByTestId('followup-note').fill('تعویض فردا کافی نیست؛ آب امروز باید بسته شود');
    const sooner = jalali(hours(6));
    await officer.getByTestId('followup-agreed-date').fill(sooner.date);
    await officer.getByTestId('followup-agreed-time').fill(persianDigits(sooner.time));
    await officer.getByTestId('followup-action-submit').click();
    await expect.poll(() => caseState(officer)).toBe('WAITING_UNIT');

    await unit.reload();
    await unit.getByTestId('followup-answer-form').waitFor();
    expect(await unit.getByTestId('followup-asked').textContent()).toContain('آب امروز باید بسته شود');
    await unit.getByTestId('followup-answer-note').fill('شیر فلکه بسته شد و لوله امروز تعویض شد');
    await unit.getByTestId('followup-answer-submit').click();
    await unit.getByTestId('followup-answered').waitFor();

    await officer.reload();
    await officer.getByTestId('followup-unit-answer').waitFor();
    expect(await officer.getByTestId('followup-unit-answer').textContent()).toContain('امروز تعویض شد');
    await chooseAction(officer, 'ACCEPT_ANSWER');
    await officer.getByTestId('followup-action-submit').click();
    await expect.poll(() => caseState(officer)).toBe('OPEN');
    expect(await stepKinds(officer)).toEqual([
      'OPENED',
      'ASK_UNIT',
      'UNIT_ANSWER',
      'RETURN_ANSWER',
      'UNIT_ANSWER',
      'ACCEPT_ANSWER',
    ]);
  });

  it('the officer calls the customer back, answers by SMS through a lost connection, and closes the case as fixed', async () => {
    await chooseAction(officer, 'CALLBACK');
    await officer.getByTestId('followup-action-submit').click();
    await officer.getByText('این مورد لازم است').waitFor();
    await officer.getByTestId('followup-outcome-NO_ANSWER').check();
    await officer.getByTestId('followup-action-submit').click();
    await expect.poll(() => stepKinds(officer)).toContain('CALLBACK');
    expect(await officer.getByTestId('followup-timeline').textContent()).toContain('پاسخ نداد');

    await chooseAction(officer, 'ANSWER_CUSTOMER');
    const sms = 'مشترک گرامی، لولهٔ ترکیده امروز تعویض شد. با پوزش از تأخیر — آبفا';
    await officer.getByTestId('followup-text').fill(sms);
    const count = officer.getByTestId('followup-sms-count');
    expect(await count.getAttribute('data-length')).toBe(String(sms.length));
    expect(await count.textContent()).toContain(`${persianDigits(String(sms.length))} از ۳۳۵ نویسه`);
    // The connection drops as it is sent: the network error, and nothing typed is lost.
    await officer.context().setOffline(true);
    await officer.getByTestId('followup-action-submit').click();
    await officer.getByText('ارتباط با سرور برقرار نشد').waitFor();
    expect(await officer.getByTestId('followup-text').inputValue()).toBe(sms);
    await shot(officer, 'followup-offline');
    await officer.context().setOffline(false);
    await officer.getByTestId('followup-action-submit').click();
    await expect.poll(() => stepKinds(officer)).toContain('ANSWER_CUSTOMER');
    expect(await officer.getByTestId('followup-timeline').textContent()).toContain('امروز تعویض شد. با پوزش');

    await chooseAction(officer, 'CLOSE');
    await officer.getByTestId('followup-result-FIXED').check();
    await officer.getByTestId('followup-note').fill('مشترک پیامک را دریافت کرد');
    await officer.getByTestId('followup-action-submit').click();
    const confirmation = officer.getByTestId('followup-close-confirmation');
    await confirmation.waitFor();
    expect(await confirmation.textContent()).toContain('برطرف شد');
    expect(await caseState(officer)).toBe('OPEN');
    await shot(officer, 'followup-close-confirm');
    await officer.getByTestId('followup-close-confirm').click();
    await expect.poll(() => caseState(officer)).toBe('CLOSED');
    expect(await officer.getByTestId('followup-actions').count()).toBe(0);
    expect(await officer.getByTestId('followup-case-facts').textContent()).toContain('برطرف شد');
    await shot(officer, 'followup-case-closed');
    await expectAccessible(officer, 'a closed follow-up case');
  });

  it('the request’s history shows the follow-up steps; the worklist no longer lists the case', async () => {
    await officer.goto(`${platform.baseUrl}/desk/${trackingCode}`);
    await officer.getByTestId('request-timeline').waitFor();
    const history = (await officer.getByTestId('request-timeline').textContent()) ?? '';
    for (const step of [
      'پروندهٔ پیگیری گشوده شد',
      'پیگیری: درخواست از واحد',
      'پیگیری: پاسخ واحد',
      'پیگیری: پاسخ واحد بازگردانده شد',
      'پیگیری: پاسخ واحد پذیرفته شد',
      'پیگیری: تماس با مشترک',
      'پیگیری: پاسخ پیامکی به مشترک',
      'پروندهٔ پیگیری بسته شد',
    ])
      expect(history).toContain(step);
    // Closed: none open, so the officer could open another.
    await officer.getByTestId('request-followup-open').waitFor();
    await shot(officer, 'followup-request-history');

    await officer.goto(`${platform.baseUrl}/followup`);
    await officer
      .getByTestId('followup-worklist')
      .or(officer.getByText('پرونده‌ای با این وضعیت نیست.'))
      .first()
      .waitFor();
    expect(await officer.locator(`[data-testid="followup-row"][data-code="${trackingCode}"]`).count()).toBe(0);
    await officer.goto(`${platform.baseUrl}/followup?state=CLOSED`);
    await officer.locator(`[data-testid="followup-row"][data-code="${trackingCode}"]`).waitFor();
  });

  it('on a phone (390 px) the case detail never scrolls sideways', async () => {
    const context = await newContext(browser, { phone: true });
    contexts.push(context);
    const phone = await context.newPage();
    await phone.goto(`${platform.baseUrl}${casePath}`);
    await phone.locator('#username').fill('tehran.follow-up');
    await phone.locator('#password').fill('abfa-demo');
    await phone.locator('button[type=submit]').click();
    await phone.getByTestId('followup-timeline').waitFor();
    expect(await sidewaysScroll(phone)).toBeLessThanOrEqual(0);
    await expectRtl(phone);
    await shot(phone, 'followup-case-phone');
    await phone.goto(`${platform.baseUrl}/followup?state=ALL`);
    await phone.getByTestId('followup-row').first().waitFor();
    expect(await sidewaysScroll(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'followup-worklist-phone');
  });
});
