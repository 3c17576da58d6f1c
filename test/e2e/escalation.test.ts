import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
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
 * Section (b) for managers in the portal: the escalation overview (`/followup/overview`: the ladder's rungs, the units
 * and the complaints by stage, as the API counts them), the header's notifications bell (a case escalated by hand
 * reaches the district office's staff, who read it and land on the case), and the follow-up settings (changed and
 * saved by the centre manager, refusals beside their field, read-only for the follow-up officer); the agent has none.
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

/** A GraphQL call with the page's person's own token; GraphQL errors fail the test. */
async function api(page: Page, query: string, variables: Record<string, unknown> = {}) {
  const body = await graphqlFromPage(page, query, variables);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
});

async function staffPage(username: string, target: string, phone = false): Promise<Page> {
  const context = await newContext(browser, { phone });
  contexts.push(context);
  const page = await context.newPage();
  onTestFailed(async () => {
    if (!page.isClosed()) await screenshot(page, `failed-escalation-${username}-${Date.now()}`);
  });
  if (phone) {
    // On a phone the header does not show the name: wait for the screen instead.
    await page.goto(`${platform.baseUrl}${target}`);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill('abfa-demo');
    await page.locator('button[type=submit]').click();
    await page.locator('#main').waitFor();
  } else await signIn(page, platform.baseUrl, username, target);
  return page;
}

/** The text of the error Mantine shows under an input (its `aria-describedby`). */
async function fieldError(input: Locator): Promise<string> {
  await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
  const ids = (await input.getAttribute('aria-describedby')) ?? '';
  return input.page().evaluate(
    (list) =>
      list
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    ids,
  );
}

interface Rung {
  level: number;
  target: string;
  open: number;
  pastDue: number;
}
interface UnitCount {
  unitCode: string | null;
  open: number;
  waitingUnit: number;
  answered: number;
  pastDue: number;
  highestLevel: number;
}
interface Settings {
  overdue: boolean;
  notFixed: boolean;
  repeatCall: boolean;
  returnedTwice: boolean;
  warnAtPercent: number;
  ladder: { level: number; target: string; minutes: number | null }[];
  smsRecipients: { level: number; mobile: string; unitId: string | null }[];
}
const settingsFields =
  'overdue notFixed repeatCall returnedTwice warnAtPercent ladder { level target minutes } smsRecipients { level mobile unitId }';

/** The settings put back as they were, through the API; they must read back the same. */
async function restoreSettings(page: Page, original: Settings) {
  const restored = await api(
    page,
    `mutation($input: FollowUpSettingsInput!) { setFollowUpSettings(input: $input) {
      __typename ... on SetFollowUpSettingsSuccess { data { ${settingsFields} } } } }`,
    {
      input: {
        overdue: original.overdue,
        notFixed: original.notFixed,
        repeatCall: original.repeatCall,
        returnedTwice: original.returnedTwice,
        warnAtPercent: original.warnAtPercent,
        ladder: original.ladder.map((r) =>
          r.minutes === null ? { target: r.target } : { target: r.target, minutes: r.minutes },
        ),
        smsRecipients: original.smsRecipients,
      },
    },
  );
  expect(restored.setFollowUpSettings.data).toEqual(original);
}

describe('escalation: the managers’ overview, the bell and the settings', () => {
  let trackingCode = '';
  let caseId = '';
  let original: Settings;

  it('two requests of the Eslamshahr office get a case opened by hand each, escalated to their district office', async () => {
    const agent = await staffPage('tehran.agent', '/desk');
    const officer = await staffPage('tehran.follow-up', '/followup');
    const units = await api(agent, '{ units(first: 100) { nodes { id code } } }');
    const unitId = units.units.nodes.find((u: { code: string }) => u.code === 'district-eslamshahr').id;
    // Two, so that one is still unread after the other is opened from the bell.
    for (const [i, description] of [
      'فشار آب در کل کوچه افت کرده و مشترک دو بار تماس گرفته است',
      'آب از زیر آسفالت خیابان بیرون می‌زند',
    ].entries()) {
      const made = await api(
        agent,
        `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
          __typename ... on RegisterRequestSuccess { data { id trackingCode } } } }`,
        {
          input: {
            categoryCode: 'water.pipe_burst',
            channel: 'PHONE',
            callerMobile: `0912${String(Date.now() + i).slice(-7)}`,
            assignedUnitId: unitId,
            description,
          },
        },
      );
      expect(made.registerRequest.__typename).toBe('RegisterRequestSuccess');
      const opened = await api(
        officer,
        `mutation($requestId: ID!, $reason: String!) { openFollowUpCase(requestId: $requestId, reason: $reason) {
          __typename ... on OpenFollowUpCaseSuccess { data { id escalationLevel } } } }`,
        { requestId: made.registerRequest.data.id, reason: 'واحد پاسخی نداده است' },
      );
      expect(opened.openFollowUpCase).toMatchObject({
        __typename: 'OpenFollowUpCaseSuccess',
        data: { escalationLevel: 1 },
      });
      const escalated = await api(
        officer,
        `mutation($input: FollowUpActionInput!) { actOnFollowUpCase(input: $input) {
          __typename ... on ActOnFollowUpCaseSuccess { data { escalationLevel } } } }`,
        { input: { caseId: opened.openFollowUpCase.data.id, action: 'ESCALATE', note: 'یک روز است بی‌پاسخ مانده' } },
      );
      expect(escalated.actOnFollowUpCase).toEqual({
        __typename: 'ActOnFollowUpCaseSuccess',
        data: { escalationLevel: 2 },
      });
      if (i === 0) {
        trackingCode = made.registerRequest.data.trackingCode;
        caseId = opened.openFollowUpCase.data.id;
      }
    }
    await officer.context().close();
    await agent.context().close();
  });

  let manager: Page;

  it('the manager opens «نمای تشدید» from the menu: the rungs and the units as the API counts them, complaints by stage', async () => {
    manager = await staffPage('tehran.manager', '/overview');
    const menu = manager.getByRole('navigation');
    await menu.getByRole('link', { name: 'نمای تشدید' }).click();
    await expect.poll(() => new URL(manager.url()).pathname).toBe('/followup/overview');
    await manager.getByTestId('escalation-rung').first().waitFor();
    // One menu entry is current: the escalation overview's, not the worklist's above it.
    expect(await menu.getByRole('link', { name: 'نمای تشدید' }).getAttribute('data-active')).toBe('true');
    expect(await menu.getByRole('link', { name: 'پیگیری‌ها' }).getAttribute('data-active')).toBeNull();

    const data = await api(
      manager,
      `{ escalationOverview { level target open pastDue }
         followUpByUnit { unitCode open waitingUnit answered pastDue highestLevel }
         complaintOverview { stage open overdue atLastLevel } }`,
    );
    const ladder = data.escalationOverview as Rung[];
    expect(ladder.length).toBeGreaterThanOrEqual(1);
    const cards = manager.getByTestId('escalation-rung');
    const shown = await cards.evaluateAll((all) =>
      all.map((c) => ({
        level: Number(c.getAttribute('data-level')),
        target: c.getAttribute('data-target'),
        open: Number(c.getAttribute('data-open')),
        pastDue: Number(c.getAttribute('data-past-due')),
      })),
    );
    expect(shown).toEqual(ladder);
    // The words and digits as read: the rung's people in Persian, its counts in Persian digits.
    const targets: Record<string, string> = {
      unit: 'واحد اجرایی',
      district: 'امور/منطقه',
      company: 'معاونت بهره‌برداری (ستاد)',
      executive: 'مدیرعامل',
    };
    for (const [i, rung] of ladder.entries()) {
      const card = cards.nth(i);
      const text = (await card.textContent()) ?? '';
      expect(text).toContain(`سطح ${persianDigits(rung.level)}`);
      expect(text).toContain(targets[rung.target] ?? rung.target);
      expect(await card.getByTestId('escalation-rung-open').textContent()).toBe(persianDigits(rung.open));
      expect(await card.getByTestId('escalation-rung-past-due').textContent()).toBe(persianDigits(rung.pastDue));
      expect(text).not.toMatch(/[0-9]/);
    }
    // Our case is on the second rung, the district office.
    expect(ladder.find((r) => r.level === 2)?.open).toBeGreaterThanOrEqual(1);

    const units = data.followUpByUnit as UnitCount[];
    const rows = await manager.getByTestId('escalation-unit').evaluateAll((all) =>
      all.map((r) => ({
        unitCode: r.getAttribute('data-unit') || null,
        open: Number(r.getAttribute('data-open')),
        waitingUnit: Number(r.getAttribute('data-waiting-unit')),
        answered: Number(r.getAttribute('data-answered')),
        pastDue: Number(r.getAttribute('data-past-due')),
        highestLevel: Number(r.getAttribute('data-highest-level')),
      })),
    );
    expect(rows).toEqual(units);
    const eslamshahr = manager.locator('[data-testid="escalation-unit"][data-unit="district-eslamshahr"]');
    expect(Number(await eslamshahr.getAttribute('data-highest-level'))).toBeGreaterThanOrEqual(2);
    const unitText = (await eslamshahr.textContent()) ?? '';
    expect(unitText).toContain('امور آب و فاضلاب اسلامشهر');
    expect(unitText).not.toMatch(/[0-9]/);
    expect(await manager.getByTestId('escalation-worklist-link').getAttribute('href')).toBe('/followup');

    // The centre manager reads complaints: every open stage, each linking to its list.
    const stages = data.complaintOverview as { stage: string; open: number; overdue: number; atLastLevel: number }[];
    const stageRows = manager.getByTestId('escalation-complaint-stage');
    if (stages.every((s) => s.open === 0)) {
      await manager.getByTestId('escalation-complaints').getByText('شکایت بازی نیست.').waitFor();
    } else {
      const shownStages = await stageRows.evaluateAll((all) =>
        all.map((r) => ({
          stage: r.getAttribute('data-stage'),
          open: Number(r.getAttribute('data-open')),
          overdue: Number(r.getAttribute('data-overdue')),
          atLastLevel: Number(r.getAttribute('data-at-last-level')),
        })),
      );
      expect(shownStages).toEqual(stages);
      expect(await manager.getByTestId('escalation-complaints').textContent()).toContain(
        'در سطح آخر (دیده‌شده در ستاد ملی)',
      );
      const first = stages[0]?.stage ?? '';
      expect(await stageRows.first().getByTestId('escalation-complaint-link').getAttribute('href')).toBe(
        `/complaints?stage=${first}`,
      );
    }

    await expectRtl(manager);
    await shot(manager, 'escalation-overview');
    await expectAccessible(manager, 'escalation overview');
  });

  it('on a phone (390 px) the overview and its header fit: the bell beside the other header buttons, nothing sideways', async () => {
    const phone = await staffPage('tehran.manager', '/followup/overview', true);
    await phone.getByTestId('escalation-rung').first().waitFor();
    await phone.getByTestId('notification-bell').waitFor();
    expect(await sidewaysScroll(phone)).toBeLessThanOrEqual(0);
    // The header's own row does not overflow, and every button in it is within the screen.
    const header = await phone.evaluate(() => {
      const bar = document.querySelector('header') as HTMLElement;
      const row = bar.firstElementChild as HTMLElement;
      const outside = [...bar.querySelectorAll('button, a')]
        .map((b) => b.getBoundingClientRect())
        .filter((r) => r.width > 0 && (r.left < 0 || r.right > window.innerWidth)).length;
      return { overflow: row.scrollWidth - row.clientWidth, outside };
    });
    expect(header).toEqual({ overflow: 0, outside: 0 });
    // The company's short name stays on one line.
    const title = phone.locator('header span', { hasText: 'آبفا' }).first();
    expect((await title.boundingBox())?.height ?? 0).toBeLessThan(30);
    await expectRtl(phone);
    await shot(phone, 'escalation-overview-phone');
    // The bell's list fits the phone's screen.
    await phone.getByTestId('notification-bell').click();
    const list = await phone.getByTestId('notification-popover').boundingBox();
    expect(list?.x ?? -1).toBeGreaterThanOrEqual(0);
    expect((list?.x ?? 0) + (list?.width ?? 999)).toBeLessThanOrEqual(390);
    await phone.keyboard.press('Escape');
    await phone.context().close();
  });

  it('the district office’s staff see the escalation in the bell; reading it takes them to the case', async () => {
    const unit = await staffPage('tehran.unit', '/followup');
    const bell = unit.getByTestId('notification-bell');
    await bell.waitFor();
    const before = (await api(unit, '{ unreadNotificationCount }')).unreadNotificationCount as number;
    expect(before).toBeGreaterThanOrEqual(2);
    await expect.poll(() => bell.getAttribute('aria-label')).toBe(`اعلان‌ها (${persianDigits(before)} خوانده‌نشده)`);
    expect(await unit.getByTestId('notification-indicator').textContent()).toContain(persianDigits(before));

    // Opened by the keyboard; Esc closes it and gives the focus back to the bell.
    await bell.focus();
    await unit.keyboard.press('Enter');
    const popover = unit.getByTestId('notification-popover');
    await popover.waitFor();
    const item = popover
      .getByTestId('notification-item')
      .filter({ has: unit.locator(`[data-code="${trackingCode}"]`) })
      .filter({ has: unit.getByText('تشدید به سطح ۲') });
    await item.waitFor();
    expect(await item.getAttribute('data-read')).toBe('false');
    expect(await item.getAttribute('data-kind')).toBe('ESCALATED');
    const itemText = (await item.textContent()) ?? '';
    expect(itemText).toContain('امور آب و فاضلاب اسلامشهر');
    expect(itemText).toMatch(/[۰-۹]+ (دقیقه|ساعت)( و [۰-۹]+ دقیقه)? پیش|کمتر از/);
    expect(itemText).not.toMatch(/[0-9]/);
    // Unread ones in bold.
    expect(
      await item
        .locator('p')
        .first()
        .evaluate((p) => getComputedStyle(p).fontWeight),
    ).toBe('700');
    expect(await popover.getByTestId('notification-item').count()).toBeLessThanOrEqual(20);
    await expectRtl(unit);
    await shot(unit, 'escalation-bell-open');
    await expectAccessible(unit, 'notifications bell open');
    await unit.keyboard.press('Escape');
    await popover.waitFor({ state: 'hidden' });
    await expect
      .poll(() => unit.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('notification-bell');

    // A click reads it and opens its case.
    await bell.click();
    await item.waitFor();
    await item.click();
    await expect.poll(() => decodeURIComponent(new URL(unit.url()).pathname)).toBe(`/followup/${caseId}`);
    await unit.getByTestId('followup-timeline').waitFor();
    await expect.poll(() => bell.getAttribute('data-unread')).toBe(String(before - 1));
    const told = await api(unit, '{ notifications(first: 100) { kind read followUpCase { id } } }');
    expect(
      told.notifications.filter(
        (n: { kind: string; followUpCase: { id: string } | null }) => n.followUpCase?.id === caseId,
      ),
    ).toContainEqual({ kind: 'ESCALATED', read: true, followUpCase: { id: caseId } });

    // «همه خوانده شد»: the bell goes quiet.
    await bell.click();
    await unit.getByTestId('notification-all-read').click();
    await expect.poll(() => bell.getAttribute('data-unread')).toBe('0');
    expect(await bell.getAttribute('aria-label')).toBe('اعلان‌ها (۰ خوانده‌نشده)');
    await expect
      .poll(() =>
        popover.getByTestId('notification-item').evaluateAll((all) => all.map((i) => i.getAttribute('data-read'))),
      )
      .not.toContain('false');
    await unit.context().close();
  });

  it('the manager changes the warning share and a rung’s time; refusals stand beside their field; the saved values survive a reload', async () => {
    original = (await api(manager, `{ followUpSettings { ${settingsFields} } }`)).followUpSettings;
    await manager.getByTestId('escalation-settings-link').click();
    await expect.poll(() => new URL(manager.url()).pathname).toBe('/followup/settings');
    const warn = manager.getByTestId('settings-warn');
    await warn.waitFor();
    expect(await warn.inputValue()).toBe(persianDigits(original.warnAtPercent));
    const rungs = manager.getByTestId('settings-rung');
    expect(await rungs.count()).toBe(original.ladder.length);
    expect(await rungs.last().getByTestId('settings-rung-last').count()).toBe(1);
    const first = rungs.first();
    expect(Number(await first.getAttribute('data-minutes'))).toBe(original.ladder[0]?.minutes);
    // The menu: the overview's entry is current on its settings too.
    const menu = manager.getByRole('navigation');
    expect(await menu.getByRole('link', { name: 'نمای تشدید' }).getAttribute('data-active')).toBe('true');
    expect(await menu.getByRole('link', { name: 'پیگیری‌ها' }).getAttribute('data-active')).toBeNull();
    await expectRtl(manager);
    await shot(manager, 'escalation-settings');
    await expectAccessible(manager, 'follow-up settings');

    // 150 per cent: the API refuses it beside the field.
    await warn.fill('۱۵۰');
    await manager.getByTestId('settings-save').click();
    expect(await fieldError(warn)).toContain('باید ۱ تا ۹۹ باشد');
    expect(await manager.getByTestId('settings-saved').count()).toBe(0);

    // A rung of ten minutes: refused beside that rung's time.
    const newWarn = original.warnAtPercent === 75 ? 70 : 75;
    await warn.fill(persianDigits(newWarn));
    const hours = first.getByTestId('settings-rung-hours');
    await hours.fill('۰');
    await first.getByTestId('settings-rung-minutes').fill('۱۰');
    await manager.getByTestId('settings-save').click();
    expect(await fieldError(hours)).toContain('باید دقیقهٔ کامل، از ۳۰ تا ۴۳٬۲۰۰ (۳۰ روز) باشد');
    expect(await warn.getAttribute('aria-invalid')).not.toBe('true');

    // A level added shows its rows; removed again, the ladder is as it was.
    await manager.getByTestId('settings-add-rung').click();
    expect(await rungs.count()).toBe(original.ladder.length + 1);
    await rungs.last().getByTestId('settings-rung-remove').click();
    expect(await rungs.count()).toBe(original.ladder.length);

    // Six and a half hours, in Persian digits as typed: saved.
    await hours.fill('۶');
    await first.getByTestId('settings-rung-minutes').fill('۳۰');
    await expect.poll(() => first.getByTestId('settings-rung-time').textContent()).toBe('یعنی ۶ ساعت و ۳۰ دقیقه');
    await manager.getByTestId('settings-save').click();
    await manager.getByTestId('settings-saved').waitFor();
    expect(await manager.getByTestId('settings-saved').textContent()).toContain('تنظیمات ذخیره شد.');

    await manager.reload();
    await warn.waitFor();
    expect(await warn.inputValue()).toBe(persianDigits(newWarn));
    expect(await rungs.first().getAttribute('data-minutes')).toBe('390');
    expect(await rungs.first().getByTestId('settings-rung-hours').inputValue()).toBe('۶');
    const saved = (await api(manager, `{ followUpSettings { ${settingsFields} } }`)).followUpSettings as Settings;
    expect(saved).toEqual({
      ...original,
      warnAtPercent: newWarn,
      ladder: original.ladder.map((r, i) => (i === 0 ? { ...r, minutes: 390 } : r)),
    });

    // Back as they were.
    await restoreSettings(manager, original);
    await manager.reload();
    await warn.waitFor();
    expect(await warn.inputValue()).toBe(persianDigits(original.warnAtPercent));
  });

  it('the manager lists duty mobiles told by SMS on the ladder’s rungs: refusals beside their field, saved, read-only for the officer, removed', async () => {
    const units = await api(manager, '{ units(first: 200) { nodes { id code } } }');
    const eslamshahr = units.units.nodes.find((u: { code: string }) => u.code === 'district-eslamshahr').id as string;
    expect(original.ladder.length).toBeGreaterThanOrEqual(3);
    expect(original.ladder.length).toBeLessThan(6);
    await manager.goto(`${platform.baseUrl}/followup/settings`);
    const section = manager.getByTestId('settings-sms');
    await section.waitFor();
    expect(await section.getByRole('heading', { level: 2 }).textContent()).toBe('پیامک به شماره‌های کشیک');
    expect(await section.textContent()).toContain('کد رهگیری');
    const rows = manager.getByTestId('settings-sms-row');
    expect(await rows.count()).toBe(original.smsRecipients.length);
    // From a clean list: whatever was there is removed first (put back at the end).
    while ((await rows.count()) > 0) await rows.first().getByTestId('settings-sms-remove').click();
    await manager.getByTestId('settings-sms-none').waitFor();

    // One on rung 1 for the Eslamshahr office: «افزودن شماره» puts the focus in the new row's number.
    const add = manager.getByTestId('settings-sms-add');
    await add.click();
    const first = rows.nth(0);
    await expect
      .poll(() => manager.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('settings-sms-mobile');
    // The number reads left to right (its box is ltr); its label stays right to left.
    expect(await first.getByTestId('settings-sms-mobile').evaluate((i) => getComputedStyle(i).direction)).toBe('ltr');
    expect(
      await first
        .locator('label')
        .nth(1)
        .evaluate((l) => getComputedStyle(l).direction),
    ).toBe('rtl');
    expect(await first.getByTestId('settings-sms-mobile').getAttribute('inputmode')).toBe('tel');
    expect(await first.getAttribute('data-level')).toBe('1');
    const levels = await first.getByTestId('settings-sms-level').locator('option').allTextContents();
    expect(levels).toHaveLength(original.ladder.length);
    expect(levels[0]).toBe('سطح ۱: واحد اجرایی');
    expect(levels.join(' ')).not.toMatch(/[0-9]/);
    await manager.keyboard.type('۰۹۱۲ ۱۱۱ ۲۲۳۳');
    expect(await first.getByTestId('settings-sms-unit').inputValue()).toBe('');
    expect(await first.getByTestId('settings-sms-unit').locator('option').first().textContent()).toBe('همهٔ واحدها');
    await first.getByTestId('settings-sms-unit').selectOption(eslamshahr);

    // One on a fifth rung, which is then removed from the ladder: the row is flagged before anything is saved.
    const rungs = manager.getByTestId('settings-rung');
    await manager.getByTestId('settings-add-rung').click();
    await add.click();
    const second = rows.nth(1);
    const secondLevel = second.getByTestId('settings-sms-level');
    await secondLevel.selectOption({ index: original.ladder.length });
    expect(await second.getAttribute('data-level')).toBe(String(original.ladder.length + 1));
    await rungs.last().getByTestId('settings-rung-remove').click();
    expect(await rungs.count()).toBe(original.ladder.length);
    expect(await fieldError(secondLevel)).toContain('این سطح از نردبان حذف شده است');
    expect(await second.getAttribute('data-level')).toBe('');
    // Rung 3, for every unit; a number too short for a mobile: refused by the API beside it, in Persian.
    await secondLevel.selectOption({ label: 'سطح ۳: معاونت بهره‌برداری (ستاد)' });
    expect(await secondLevel.getAttribute('aria-invalid')).not.toBe('true');
    const secondMobile = second.getByTestId('settings-sms-mobile');
    await secondMobile.fill('0912');
    await manager.getByTestId('settings-save').click();
    const refused = await fieldError(secondMobile);
    expect(refused).toContain('شماره تلفن همراه معتبر نیست');
    await expect
      .poll(() => manager.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('settings-sms-mobile');
    expect(await first.getByTestId('settings-sms-mobile').getAttribute('aria-invalid')).not.toBe('true');
    expect(await manager.getByTestId('settings-saved').count()).toBe(0);
    // Nothing saved: the API still has the numbers it had.
    expect(
      (await api(manager, '{ followUpSettings { smsRecipients { level mobile unitId } } }')).followUpSettings,
    ).toEqual({
      smsRecipients: original.smsRecipients,
    });
    await expectRtl(manager);
    await shot(manager, 'escalation-settings-sms-refused');

    await secondMobile.fill('09351234567');
    await manager.getByTestId('settings-save').click();
    await manager.getByTestId('settings-saved').waitFor();

    // After a reload: as saved, the numbers as people read them in Persian digits; the API has them in +98 form.
    await manager.reload();
    await section.waitFor();
    await expect.poll(() => rows.count()).toBe(2);
    expect(await first.getAttribute('data-level')).toBe('1');
    expect(await first.getByTestId('settings-sms-mobile').inputValue()).toBe('۰۹۱۲ ۱۱۱ ۲۲۳۳');
    await expect.poll(() => first.getByTestId('settings-sms-unit').inputValue()).toBe(eslamshahr);
    expect(
      await first
        .getByTestId('settings-sms-unit')
        .evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent),
    ).toBe('امور آب و فاضلاب اسلامشهر');
    expect(await second.getAttribute('data-level')).toBe('3');
    expect(await second.getByTestId('settings-sms-mobile').inputValue()).toBe('۰۹۳۵ ۱۲۳ ۴۵۶۷');
    expect(await second.getByTestId('settings-sms-unit').inputValue()).toBe('');
    const saved = (await api(manager, `{ followUpSettings { ${settingsFields} } }`)).followUpSettings as Settings;
    expect(saved).toEqual({
      ...original,
      smsRecipients: [
        { level: 1, mobile: '+989121112233', unitId: eslamshahr },
        { level: 3, mobile: '+989351234567', unitId: null },
      ],
    });
    await shot(manager, 'escalation-settings-sms');
    await expectAccessible(manager, 'follow-up settings with duty mobiles');

    // The follow-up officer sees them, not to change: disabled, in Persian digits, no adding or removing.
    const officer = await staffPage('tehran.follow-up', '/followup/settings');
    const officerRows = officer.getByTestId('settings-sms-row');
    await expect.poll(() => officerRows.count()).toBe(2);
    const officerMobile = officerRows.first().getByTestId('settings-sms-mobile');
    expect(await officerMobile.isDisabled()).toBe(true);
    expect(await officerMobile.inputValue()).toBe('۰۹۱۲ ۱۱۱ ۲۲۳۳');
    expect(await officerRows.first().getByTestId('settings-sms-level').isDisabled()).toBe(true);
    expect(await officerRows.first().getByTestId('settings-sms-unit').isDisabled()).toBe(true);
    expect(await officer.getByTestId('settings-sms-add').count()).toBe(0);
    expect(await officer.getByTestId('settings-sms-remove').count()).toBe(0);
    await shot(officer, 'escalation-settings-sms-read-only');
    await expectAccessible(officer, 'follow-up settings with duty mobiles, read-only');
    await officer.context().close();

    // Both removed and saved: the list is empty (the whole list is always sent).
    await rows.first().getByTestId('settings-sms-remove').click();
    await rows.first().getByTestId('settings-sms-remove').click();
    await manager.getByTestId('settings-sms-none').waitFor();
    await manager.getByTestId('settings-save').click();
    await manager.getByTestId('settings-saved').waitFor();
    expect(
      (await api(manager, '{ followUpSettings { smsRecipients { level } } }')).followUpSettings.smsRecipients,
    ).toEqual([]);

    // Back as they were.
    await restoreSettings(manager, original);
  });

  it('the follow-up officer sees the settings read-only', async () => {
    const officer = await staffPage('tehran.follow-up', '/followup/settings');
    await officer.getByTestId('settings-read-only').waitFor();
    expect(await officer.getByTestId('settings-warn').isDisabled()).toBe(true);
    expect(await officer.getByTestId('settings-trigger-overdue').isDisabled()).toBe(true);
    expect(await officer.getByTestId('settings-rung-target').first().isDisabled()).toBe(true);
    expect(await officer.getByTestId('settings-save').count()).toBe(0);
    expect(await officer.getByTestId('settings-add-rung').count()).toBe(0);
    expect(await officer.getByTestId('settings-rung-remove').count()).toBe(0);
    // The officer has the bell too (followups:read).
    await officer.getByTestId('notification-bell').waitFor();
    await expectAccessible(officer, 'follow-up settings, read-only');
    await officer.context().close();
  });

  it('the agent gets no bell and no escalation entry, and the overview is not theirs', async () => {
    const agent = await staffPage('tehran.agent', '/desk');
    const links = await agent.getByRole('navigation').getByRole('link').allTextContents();
    expect(links).not.toContain('نمای تشدید');
    expect(await agent.getByTestId('notification-bell').count()).toBe(0);
    await agent.goto(`${platform.baseUrl}/followup/overview`);
    await agent.getByText('این بخش برای نقش شما در دسترس نیست.').waitFor();
    expect(await agent.getByTestId('escalation-rung').count()).toBe(0);
  });
});
