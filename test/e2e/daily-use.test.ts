import { mkdirSync } from 'node:fs';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { describe, expect, it, onTestFailed } from 'vitest';
import {
  expectAccessible,
  graphqlFromPage,
  newContext,
  type Platform,
  screenshot,
  signIn,
  withPortal,
} from '../support/browser.js';

/**
 * Section (a) in daily use (issue 10): where the problem is (typed by the agent, or the citizen's phone), every form
 * submitted from the keyboard on a Persian layout with the focus going on, the incident's reference for a caller
 * linked to it, and the lists at phone size.
 */

let platform: Platform;
let browser: Browser;

withPortal((p, b) => {
  platform = p;
  browser = b;
});

let serial = 0;
/** A fresh mobile number nobody in the demo data has. */
function freshMobile(): string {
  serial += 1;
  return `0936${String(Date.now() + serial).slice(-7)}`;
}

async function staffPage(username: string, target: string, options: { phone?: boolean } = {}): Promise<Page> {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  onTestFailed(async () => {
    if (!page.isClosed()) await screenshot(page, `failed-daily-use-${Date.now()}`);
  });
  if (!options.phone) await signIn(page, platform.baseUrl, username, target);
  else {
    // At phone size the header hides the name signIn waits for: the screen's own elements are waited for instead.
    await page.goto(`${platform.baseUrl}${target}`);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill('abfa-demo');
    await page.locator('button[type=submit]').click();
  }
  return page;
}

async function unitIdNamed(page: Page, nameFa: string): Promise<string> {
  const units = await graphqlFromPage(page, '{ units(first: 200) { nodes { id nameFa } } }');
  const found = units.data.units.nodes.find((u: { nameFa: string }) => u.nameFa === nameFa);
  if (!found) throw new Error(`no unit ${nameFa}`);
  return found.id;
}

async function categoryName(page: Page, code: string): Promise<string> {
  const answer = await graphqlFromPage(page, '{ categories { code nameFa } }');
  return answer.data.categories.find((c: { code: string }) => c.code === code).nameFa;
}

async function pick(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).focus();
  await page.keyboard.type(text);
  await page.getByRole('option').first().waitFor();
  await page.keyboard.press('Enter');
}

/** Keys as a Persian layout sends them (the character typed on the physical key), through the DevTools protocol. */
function persianKeyboard(cdp: CDPSession) {
  const press = async (key: string, code: string, keyCode: number, modifiers: number) => {
    for (const type of ['rawKeyDown', 'keyUp'] as const)
      await cdp.send('Input.dispatchKeyEvent', {
        type,
        key,
        code,
        modifiers,
        windowsVirtualKeyCode: keyCode,
        nativeVirtualKeyCode: keyCode,
      });
  };
  return {
    ctrlEnter: () => press('Enter', 'Enter', 13, 2),
    enter: () => press('Enter', 'Enter', 13, 0),
  };
}

const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

/** A Jalali day in Tehran with ASCII digits (1405/09/17), as people type it in the forms. */
function jalaliDay(date: Date): string {
  const parts = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', {
    timeZone: 'Asia/Tehran',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}/${part('month')}/${part('day')}`;
}

const varamin = 'امور آب و فاضلاب ورامین';
const eslamshahr = 'امور آب و فاضلاب اسلامشهر';

describe('section (a) in daily use', () => {
  it('the agent types where the problem is (Persian digits too); a bad value is refused naming the field', async () => {
    const page = await staffPage('tehran.agent', '/agent');
    await page.getByTestId('caller-number').fill(freshMobile());
    await page.getByTestId('no-subscriber').waitFor();
    await pick(page, 'category-picker', 'شکستگی لوله');
    await page.getByTestId('description').fill('لوله اصلی کنار پارک شکسته است');
    await pick(page, 'area-picker', 'ورامین');
    await expect.poll(() => page.getByTestId('area-picker').inputValue()).toBe(varamin);
    await page.getByTestId('address').fill('ورامین، بلوار امام، کنار پارک');

    // Words where numbers belong: refused in Persian, naming the field; nothing is registered.
    await page.getByTestId('coordinates').fill('پارک شهر');
    await page.keyboard.press('Control+Enter');
    const error = page.getByText('مختصات محل: دو عدد بنویسید');
    await error.waitFor();
    expect(await page.getByTestId('coordinates').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('call-done').count()).toBe(0);

    // As the caller reads them from their phone, in Persian digits with the Persian decimal point and comma.
    await page.getByTestId('coordinates').fill('۳۵٫۳۲۴۶، ۵۱٫۶۴۷۱');
    await page.keyboard.press('Control+Enter');
    const code = page.getByTestId('tracking-code').first();
    await code.waitFor();
    const answer = await graphqlFromPage(
      page,
      'query($c: String!) { requestByTrackingCode(trackingCode: $c) { latitude longitude } }',
      { c: await code.getAttribute('data-code') },
    );
    expect(answer.data.requestByTrackingCode).toEqual({ latitude: 35.3246, longitude: 51.6471 });
    await page.context().close();
  });

  it('the citizen sends their phone’s location only when they ask, sees it and can remove it; Enter in a picker submits nothing', async () => {
    const context = await newContext(browser, { phone: true });
    await context.grantPermissions(['geolocation'], { origin: platform.baseUrl });
    await context.setGeolocation({ latitude: 35.6892, longitude: 51.389, accuracy: 25 });
    const page = await context.newPage();
    await page.goto(`${platform.baseUrl}/submit?tenant=tehran`);
    await page.getByTestId('submit-category').waitFor();
    const keys = persianKeyboard(await context.newCDPSession(page));

    // Enter in the subject picker chooses; it never submits the form (no "required" errors appear).
    await page.getByTestId('submit-category').focus();
    await keys.enter();
    expect(await page.getByText('لازم است').count()).toBe(0);
    await page.keyboard.type('قبض');
    await page.getByRole('option').first().waitFor();
    await keys.enter();
    await expect.poll(() => page.getByTestId('submit-category').inputValue()).not.toBe('');
    expect(await page.getByText('لازم است').count()).toBe(0);

    await page.getByTestId('submit-description').fill('مبلغ قبض این دوره دو برابر شده است');
    await page.getByTestId('submit-mobile').fill('۰۹۳۶ ۲۲۲ ۳۳۴۴');
    // Nothing is taken before the citizen asks.
    expect(await page.getByTestId('submit-location').count()).toBe(0);
    await page.getByTestId('submit-locate').click();
    const taken = page.getByTestId('submit-location-value');
    await taken.waitFor();
    expect(await taken.textContent()).toBe('۳۵٫۶۸۹۲۰، ۵۱٫۳۸۹۰۰');
    expect(await page.getByTestId('submit-location').textContent()).toContain('۲۵ متر');
    await screenshot(page, 'citizen-form-location');
    await expectAccessible(page, 'citizen form with a location');
    // Removed, it is not sent; asked again, it is.
    await page.getByTestId('submit-location-clear').click();
    await page.getByTestId('submit-locate').waitFor();
    expect(await taken.count()).toBe(0);
    await page.getByTestId('submit-locate').click();
    await taken.waitFor();

    // Ctrl+Enter from the mobile number submits; the focus goes on to what to keep.
    await page.getByTestId('submit-mobile').focus();
    await keys.ctrlEnter();
    const code = page.getByTestId('tracking-code');
    await code.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('submit-done');
    const trackingCode = await code.getAttribute('data-code');
    await context.close();

    const staff = await staffPage('tehran.manager', '/desk');
    const answer = await graphqlFromPage(
      staff,
      'query($c: String!) { requestByTrackingCode(trackingCode: $c) { channel latitude longitude } }',
      { c: trackingCode },
    );
    expect(answer.data.requestByTrackingCode).toEqual({ channel: 'WEB', latitude: 35.6892, longitude: 51.389 });
    await staff.context().close();
  });

  it('a call linked to an incident gives the caller the incident’s tracking link, which shows its status', async () => {
    const page = await staffPage('tehran.agent', '/agent');
    const title = 'شکستگی خط اصلی خیابان یاس';
    const opened = await graphqlFromPage(
      page,
      `mutation($input: OpenIncidentInput!) { openIncident(input: $input) {
        __typename ... on OpenIncidentSuccess { data { id publicToken } } } }`,
      {
        input: {
          categoryCode: 'water.main_break',
          unitId: await unitIdNamed(page, eslamshahr),
          title,
          address: 'اسلامشهر، خیابان یاس',
        },
      },
    );
    const { publicToken } = opened.data.openIncident.data;

    await page.getByTestId('caller-number').fill(freshMobile());
    await page.getByTestId('no-subscriber').waitFor();
    await pick(page, 'category-picker', await categoryName(page, 'water.main_break'));
    await pick(page, 'area-picker', 'اسلامشهر');
    const proposal = page
      .getByTestId('incident-proposal')
      .locator('.mantine-Paper-root')
      .filter({ hasText: 'خیابان یاس' });
    await proposal.getByTestId('incident-link-button').click();
    await page.getByTestId('incident-link-chosen').waitFor();
    // Focus went on to the submit button: Enter records the call.
    await expect.poll(() => focusedTestId(page)).toBe('submit-call');
    await page.keyboard.press('Enter');
    await page.getByTestId('linked-to-incident').waitFor();
    // The incident as it is now: this call counted on it (not the proposal's count from before the call).
    expect(await page.getByTestId('linked-to-incident').textContent()).toContain('۱ تماس');
    const link = (await page.getByTestId('incident-track-link').textContent()) ?? '';
    expect(link).toBe(`${platform.baseUrl}/track?tenant=tehran&t=${publicToken}`);
    await screenshot(page, 'call-linked-incident-link');
    await expectAccessible(page, 'call linked to an incident');
    await page.context().close();

    // The caller opens it: the incident's public status, not its staff title.
    const citizenContext = await newContext(browser, { phone: true });
    const citizen = await citizenContext.newPage();
    await citizen.goto(link);
    const followed = citizen.getByTestId('track-incident-result');
    await expect.poll(() => followed.textContent()).toContain('در دست رسیدگی');
    expect(await followed.textContent()).not.toContain('یاس');
    await citizenContext.close();
  });

  it('every form submits with Ctrl+Enter from any field on a Persian layout, and the focus goes on to the next thing', async () => {
    const page = await staffPage('tehran.manager', '/outages');
    const keys = persianKeyboard(await page.context().newCDPSession(page));
    const me = (await graphqlFromPage(page, '{ viewer { displayName } }')).data.viewer.displayName;

    // A planned water cut: Ctrl+Enter from its area; the notice takes the focus; the list names who registered it.
    await page.getByTestId('outage-register-toggle').click();
    await page.getByTestId('outage-unit').selectOption({ label: varamin });
    const tomorrow = jalaliDay(new Date(Date.now() + 24 * 3600 * 1000));
    await page.getByTestId('outage-start-date').fill(tomorrow);
    await page.getByTestId('outage-start-time').fill('08:00');
    await page.getByTestId('outage-end-date').fill(tomorrow);
    await page.getByTestId('outage-end-time').fill('12:00');
    await page.getByTestId('outage-reason').fill('تعویض شیر فلکه');
    const area = `ورامین، کوچه ${serial++}، خیابان نسترن`;
    await page.getByTestId('outage-area').fill(area);
    await keys.ctrlEnter();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.hasAttribute('data-notice') ?? false))
      .toBe(true);
    const row = page.getByTestId('outage-row').filter({ hasText: 'نسترن' }).first();
    await row.waitFor();
    expect(await row.getByTestId('outage-created-by').textContent()).toBe(me);

    // An incident: Ctrl+Enter from its address; the new incident's detail takes the focus.
    await page.goto(`${platform.baseUrl}/incidents`);
    await page.getByTestId('incident-open-toggle').click();
    await page.getByTestId('incident-title').fill('نشت خط انتقال بلوار امام');
    await page.getByTestId('incident-category').selectOption('water.main_break');
    await page.getByTestId('incident-unit').selectOption({ label: varamin });
    await page.getByTestId('incident-address').fill('ورامین، بلوار امام');
    await keys.ctrlEnter();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('incident-detail');
    // Resolving it: Ctrl+Enter from the note; the outcome takes the focus.
    await page.getByTestId('incident-resolve-note').fill('خط تعمیر شد');
    await keys.ctrlEnter();
    await expect.poll(() => focusedTestId(page)).toBe('incident-resolved');

    // An answer script: Ctrl+Enter from its title; publishing the new draft is next.
    await page.goto(`${platform.baseUrl}/knowledge`);
    await page.getByTestId('knowledge-new').click();
    await page.getByTestId('knowledge-write-body').fill('به تماس‌گیرنده بگویید گروه در راه است.');
    await page.getByTestId('knowledge-write-title').fill('پاسخ نشت خط انتقال');
    await keys.ctrlEnter();
    await expect.poll(() => focusedTestId(page)).toBe('knowledge-publish');
    await page.keyboard.press('Enter');
    await page.getByText('نسخه منتشر شد').waitFor();

    // The desk: dispatching with Ctrl+Enter from the unit picker, then an internal note from its box.
    const registered = await graphqlFromPage(
      page,
      `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
        __typename ... on RegisterRequestSuccess { data { trackingCode } } } }`,
      {
        input: {
          categoryCode: 'billing.high_bill',
          channel: 'PHONE',
          callerMobile: freshMobile(),
          description: 'قبض زیاد آمده است',
        },
      },
    );
    await page.goto(`${platform.baseUrl}/desk/${registered.data.registerRequest.data.trackingCode}`);
    await page.getByTestId('request-action-DISPATCH').click();
    await page.getByTestId('request-action-unit').selectOption({ label: varamin });
    await page.getByTestId('request-action-unit').focus();
    await keys.ctrlEnter();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.hasAttribute('data-notice') ?? false))
      .toBe(true);
    await page.getByTestId('request-note-text').fill('مشترک عصر در خانه است');
    await keys.ctrlEnter();
    await expect.poll(() => page.getByText('مشترک عصر در خانه است').count()).toBeGreaterThan(0);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.hasAttribute('data-notice') ?? false))
      .toBe(true);
    await expectAccessible(page, 'request detail after the keyboard');
    await page.context().close();
  });

  it('the centre manager, who holds requests:work company-wide, hands a request to a team and returns one to the centre', async () => {
    const page = await staffPage('tehran.manager', '/desk');
    const keys = persianKeyboard(await page.context().newCDPSession(page));
    const register = async () => {
      const answer = await graphqlFromPage(
        page,
        `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
          __typename ... on RegisterRequestSuccess { data { trackingCode status } } } }`,
        {
          input: {
            categoryCode: 'water.low_pressure',
            channel: 'PHONE',
            callerMobile: freshMobile(),
            description: 'فشار آب طبقه سوم کم است',
            assignedUnitId: await unitIdNamed(page, eslamshahr),
          },
        },
      );
      expect(answer.data.registerRequest.data.status).toBe('DISPATCHED');
      return answer.data.registerRequest.data.trackingCode as string;
    };
    const assigned = async (code: string) =>
      (
        await graphqlFromPage(
          page,
          'query($c: String!) { requestByTrackingCode(trackingCode: $c) { status assignedUnit { nameFa } } }',
          { c: code },
        )
      ).data.requestByTrackingCode;

    // Hand to one of the district office's own teams.
    const first = await register();
    await page.goto(`${platform.baseUrl}/desk/${first}`);
    await page.getByTestId('request-action-HAND_TO_TEAM').click();
    const team = page.getByTestId('request-action-team');
    await team.waitFor();
    const teamName = (await team.locator('option').nth(1).textContent()) ?? '';
    await team.selectOption({ index: 1 });
    await keys.ctrlEnter();
    await expect.poll(async () => (await assigned(first)).assignedUnit?.nameFa).toBe(teamName);

    // Return another to the centre, with why: registered again, the reason shown.
    const second = await register();
    await page.goto(`${platform.baseUrl}/desk/${second}`);
    await page.getByTestId('request-action-RETURN_TO_CENTRE').click();
    const reason = 'امور اسلامشهر تماس گرفت: این نشانی در محدودهٔ شهریار است';
    await page.getByTestId('request-action-reason').fill(reason);
    await keys.ctrlEnter();
    await expect.poll(() => page.getByTestId('returned-notice').textContent()).toContain(reason);
    expect(await assigned(second)).toEqual({ status: 'REGISTERED', assignedUnit: null });
    await expectAccessible(page, 'request detail (manager, returned)');
    await page.context().close();
  });

  it('the queue, search and planned cuts never scroll sideways on a phone', async () => {
    mkdirSync('/tmp/abfa-phone', { recursive: true });
    const wide = (page: Page) =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const unit = await staffPage('tehran.unit', '/queue', { phone: true });
    await unit.getByTestId('queue-item').first().waitFor();
    expect(await wide(unit)).toBeLessThanOrEqual(0);
    await unit.screenshot({ path: '/tmp/abfa-phone/queue.png', fullPage: true });
    await expectAccessible(unit, 'queue on a phone');
    await unit.context().close();

    const manager = await staffPage('tehran.manager', '/search?q=%D8%AE%DB%8C%D8%A7%D8%A8%D8%A7%D9%86', {
      phone: true,
    });
    await manager.getByTestId('search-request').first().waitFor();
    expect(await wide(manager)).toBeLessThanOrEqual(0);
    await manager.screenshot({ path: '/tmp/abfa-phone/search.png', fullPage: true });
    await expectAccessible(manager, 'search on a phone');

    await manager.goto(`${platform.baseUrl}/outages?view=all`);
    await manager.getByTestId('outage-row').first().waitFor();
    expect(await wide(manager)).toBeLessThanOrEqual(0);
    // Each row reads as label: value lines, the one who registered it among them.
    const label = await manager
      .getByTestId('outage-created-by')
      .first()
      .evaluate((cell) => getComputedStyle(cell.closest('td') as Element, '::before').content);
    expect(label).toBe('"ثبت‌کننده"');
    await manager.screenshot({ path: '/tmp/abfa-phone/outages.png', fullPage: true });
    await expectAccessible(manager, 'planned cuts on a phone');
    await manager.context().close();
  });
});
