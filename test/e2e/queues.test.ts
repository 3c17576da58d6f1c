import type { Browser, Page } from 'playwright-core';
import { describe, expect, it, onTestFailed } from 'vitest';
import {
  expectAccessible,
  expectRtl,
  graphqlFromPage,
  newContext,
  type Platform,
  screenshot,
  signIn,
  withPortal,
} from '../support/browser.js';

/**
 * Each role lands on its own work, queues come in the order work is done with a countdown in Persian, lists say
 * their totals, and a new critical request announces itself in the tab's title — on the embedded platform with its
 * demo data, in Debian's Chromium.
 */
let platform: Platform;
let browser: Browser;

withPortal((p, b) => {
  platform = p;
  browser = b;
});

/** A GraphQL call with the signed-in user's own token, as another screen would make it. */
function call(page: Page, query: string, variables: Record<string, unknown> = {}) {
  return graphqlFromPage(page, query, variables);
}

const rank: Record<string, number> = { CRITICAL: 0, HIGH: 1, NORMAL: 2, LOW: 3 };
/** «۲ ساعت و ۱۰ دقیقه مانده», «۳ ساعت دیرکرد», «نزدیک مهلت: ۴۵ دقیقه مانده», «۱ روز و ۳ ساعت مانده». */
const persianCountdown =
  /^(نزدیک مهلت: )?([۰-۹]+ (روز|ساعت|دقیقه)( و [۰-۹]+ (ساعت|دقیقه))?|کمتر از ۱ دقیقه) (مانده|دیرکرد)$/;

describe('each role lands on its own work', () => {
  it.each([
    ['tehran.agent', '/agent', ''],
    ['tehran.unit', '/queue', ''],
    ['tehran.follow-up', '/followup', ''],
    ['tehran.manager', '/overview', ''],
  ])('%s signs in at / and lands on %s%s', async (user, path, search) => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, platform.baseUrl, user, '/');
    await expect.poll(() => new URL(page.url()).pathname).toBe(path);
    expect(new URL(page.url()).search).toBe(search);
    await context.close();
  });
});

describe('the follow-up officer’s overdue list and the manager’s overview', () => {
  it('lists only overdue requests, most late first, with the list’s total and each one’s lateness', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    onTestFailed(() => screenshot(page, 'failed-overdue-list'));
    await signIn(page, platform.baseUrl, 'tehran.follow-up', '/desk?overdue=1');
    const rows = page.getByTestId('desk-row');
    await rows.first().waitFor();
    expect(await page.getByTestId('desk-filter-overdue').isChecked()).toBe(true);
    const overdue = await rows.evaluateAll((all) => all.map((r) => r.getAttribute('data-overdue')));
    expect(new Set(overdue)).toEqual(new Set(['true']));
    // Most late first: every countdown says late, and the lateness never grows down the list.
    const texts = (await rows.getByTestId('countdown').allTextContents()).map((t) => t.trim());
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(text).toMatch(persianCountdown);
    expect(texts.every((t) => t.endsWith('دیرکرد'))).toBe(true);
    // The whole list's total, not only what is shown: «۱۲۳ درخواست (۵۰ نمایش داده شده)».
    const total = page.getByTestId('list-total');
    expect(Number(await total.getAttribute('data-total'))).toBeGreaterThanOrEqual(await rows.count());
    expect(await total.textContent()).toMatch(/^[۰-۹٬]+ درخواست/);
    await expectRtl(page);
    await screenshot(page, 'overdue-list');
    await expectAccessible(page, 'overdue list');
    await context.close();
  });

  it('the manager’s overview shows today’s figures in Persian digits, in all and by line', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, platform.baseUrl, 'tehran.manager', '/');
    await page.getByTestId('overview-total').waitFor();
    expect(await page.getByTestId('overview-open').textContent()).toMatch(/[۰-۹]/);
    expect(Number(await page.getByTestId('overview-open').getAttribute('data-value'))).toBeGreaterThan(0);
    const lines = await page.getByTestId('overview-line').evaluateAll((all) => all.map((r) => r.dataset.line));
    expect(lines).toEqual(expect.arrayContaining(['122', '1523']));
    expect(await page.getByTestId('overview-day').textContent()).toMatch(/۱۴۰[۵-۶]/);
    await screenshot(page, 'centre-overview');
    await expectAccessible(page, 'centre overview');
    // On a phone too.
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'centre-overview-phone');
    await context.close();
  });
});

describe('a unit’s queue', () => {
  it('comes by priority then time left, each with its countdown in Persian; a new critical request counts in the title', async () => {
    const unitContext = await newContext(browser);
    const unitPage = await unitContext.newPage();
    const managerContext = await newContext(browser);
    const manager = await managerContext.newPage();
    onTestFailed(() => screenshot(unitPage, 'failed-unit-queue-order'));
    await signIn(unitPage, platform.baseUrl, 'tehran.unit', '/');
    await unitPage.getByTestId('queue-live').waitFor();
    const items = unitPage.getByTestId('queue-item');
    await items.first().waitFor();

    // The order work is done in: priority first, then the earliest due.
    const order = await items.evaluateAll((all) =>
      all.map((i) => ({ priority: i.dataset.priority ?? '', due: i.dataset.dueAt ?? '' })),
    );
    expect(order.length).toBeGreaterThan(1);
    for (let i = 1; i < order.length; i++) {
      const [a, b] = [order[i - 1], order[i]];
      if (!a || !b) continue;
      expect(rank[a.priority] ?? 9, `item ${i}`).toBeLessThanOrEqual(rank[b.priority] ?? 9);
      if (a.priority === b.priority) expect(a.due <= b.due, `item ${i} due`).toBe(true);
    }
    for (const text of await items.getByTestId('countdown').allTextContents())
      expect(text.trim()).toMatch(persianCountdown);
    const total = unitPage.getByTestId('queue-total');
    const before = Number(await total.getAttribute('data-total'));
    expect(before).toBeGreaterThanOrEqual(order.length);
    expect(await total.textContent()).toMatch(/^[۰-۹٬]+ درخواست در صف$/);
    await screenshot(unitPage, 'unit-queue-ordered');
    await expectAccessible(unitPage, 'unit queue, ordered, with countdowns');

    // The unit's tab goes to the back; a critical request for the unit is registered at the centre.
    await unitPage.evaluate(() => window.dispatchEvent(new Event('blur')));
    await signIn(manager, platform.baseUrl, 'tehran.manager', '/desk');
    const unitId = (await graphqlFromPage(unitPage, '{ viewer { unit { id } } }')).data.viewer.unit.id as string;
    const registered = await call(
      manager,
      `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
        __typename ... on RegisterRequestSuccess { data { trackingCode priority } } } }`,
      {
        input: {
          categoryCode: 'water.pipe_burst',
          channel: 'PHONE',
          assignedUnitId: unitId,
          locationUnitId: unitId,
          callerMobile: '09121110000',
          address: 'خیابان آزادی، کوچه ۵',
          latitude: 35.6997,
          longitude: 51.338,
          description: 'لوله اصلی ترکیده است',
        },
      },
    );
    const created = registered.data.registerRequest.data;
    expect(created.priority).toBe('CRITICAL');
    const item = unitPage.locator(`[data-testid="queue-item"][data-tracking-code="${created.trackingCode}"]`);
    await item.waitFor();
    // Among the critical ones, before every request of a lower priority; the total grew by one.
    expect(await item.getAttribute('data-priority')).toBe('CRITICAL');
    const after = await items.evaluateAll((all) => all.map((i) => i.dataset.priority));
    const position = after.indexOf('CRITICAL', 0);
    expect(position).toBe(0);
    expect(after.slice(0, after.lastIndexOf('CRITICAL') + 1).every((p) => p === 'CRITICAL')).toBe(true);
    await expect.poll(() => total.getAttribute('data-total')).toBe(String(before + 1));
    // «(۱) …» in the title while the tab is at the back; cleared when it comes to the front.
    await expect.poll(() => unitPage.title()).toMatch(/^\(۱\) /);
    // A pipe burst is due in three hours (the clock on screen turns each minute).
    expect(await item.getByTestId('countdown').textContent()).toMatch(/^(۳ ساعت|۲ ساعت و ۵[۰-۹] دقیقه) مانده$/);
    // For the crew: the map app at the request's coordinates, and the reporter's number on a tap (audited).
    expect(await item.getByTestId('queue-map').getAttribute('href')).toBe('geo:35.6997,51.338?q=35.6997,51.338');
    await item.getByTestId('queue-call-back').click();
    const tel = item.getByTestId('queue-call');
    await tel.waitFor();
    expect(await tel.getAttribute('href')).toBe('tel:+989121110000');
    await unitPage.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect.poll(() => unitPage.title()).not.toMatch(/^\(/);
    await screenshot(unitPage, 'unit-queue-new-critical');

    // On a phone, the crew's screen keeps the links within reach.
    await unitPage.setViewportSize({ width: 390, height: 844 });
    await screenshot(unitPage, 'unit-queue-phone');
    await expectAccessible(unitPage, 'unit queue on a phone');
    await Promise.all([unitContext.close(), managerContext.close()]);
  });
});
