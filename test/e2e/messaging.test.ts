import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, Locator, Page } from 'playwright-core';
import { describe, expect, it, onTestFailed } from 'vitest';
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
 * Section (d) in the portal: the centre manager sets the company's SMS account; the information officer rewords a
 * transactional message watching its SMS parts as they type, follows the delivery reports (filtered, cancelled,
 * sent again, exported to Excel), sees the account without being able to change it, and records an opt-out.
 * Messages come from requests an agent registers with the caller's mobile (each queues a REQUEST_REGISTERED SMS);
 * the platform's job runner sends them through the LOCAL provider meanwhile, so the states are read as they are.
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
  return `0937${String(Date.now() + serial).slice(-7)}`;
}

async function staffPage(username: string, target: string, options: { phone?: boolean } = {}): Promise<Page> {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  onTestFailed(async () => {
    if (!page.isClosed()) await screenshot(page, `failed-messaging-${Date.now()}`);
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

/** An agent registers a request for a caller with this mobile: the platform queues its REQUEST_REGISTERED SMS. */
async function registerWithMobile(agent: Page, mobile: string): Promise<string> {
  const answer = await graphqlFromPage(
    agent,
    `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
      __typename ... on RegisterRequestSuccess { data { trackingCode } } } }`,
    {
      input: {
        categoryCode: 'billing.high_bill',
        channel: 'PHONE',
        callerMobile: mobile,
        description: 'قبض این ماه زیاد آمده است',
      },
    },
  );
  expect(answer.data.registerRequest.__typename).toBe('RegisterRequestSuccess');
  return answer.data.registerRequest.data.trackingCode as string;
}

/** The message to `mobile`, as the API has it (the state the job runner has left it in). */
async function messageTo(page: Page, mobile: string) {
  const answer = await graphqlFromPage(
    page,
    'query($r: String) { messages(first: 5, recipient: $r) { nodes { id state lastError kind } } }',
    { r: mobile },
  );
  return answer.data.messages.nodes[0] as { id: string; state: string; lastError: string | null; kind: string };
}

/** Downloads what a click starts and reads it back as an Excel workbook. */
async function downloadedWorkbook(page: Page, testId: string): Promise<ExcelJS.Workbook> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const bytes = await readFile(await download.path());
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return workbook;
}

const rowStates = (page: Page) =>
  page.locator('[data-testid=message-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));

/** The list shows only messages in `state` (at least one), once the filter's answer has come. */
const onlyIn = async (page: Page, state: string) => {
  const states = await rowStates(page);
  return states.length > 0 && states.every((s) => s === state);
};

describe('messaging: the information officer and the centre manager', () => {
  let agent: Page;
  let manager: Page;
  let officer: Page;
  /** Registered before the company had an SMS account: its message failed. */
  const failedMobile = freshMobile();

  it('a message queued while the company has no SMS account fails, saying why', async () => {
    agent = await staffPage('tehran.agent', '/agent');
    await registerWithMobile(agent, failedMobile);
    // An agent holds no messages:read: no «اطلاع‌رسانی» in the menu, and no messages from the API.
    const menu = await agent.getByRole('navigation').getByRole('link').allTextContents();
    expect(menu).not.toContain('اطلاع‌رسانی');
    expect((await graphqlFromPage(agent, '{ messages(first: 1) { totalCount } }')).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    manager = await staffPage('tehran.manager', '/');
    await expect
      .poll(async () => (await messageTo(manager, failedMobile))?.state ?? 'none', { timeout: 30_000 })
      .toBe('FAILED');
    expect((await messageTo(manager, failedMobile)).lastError).toContain('حساب پیامک فعالی ندارد');
  });

  it('the centre manager sets a LOCAL SMS account (sender 10001523) and sees it saved', async () => {
    await manager.getByRole('navigation').getByRole('link', { name: 'اطلاع‌رسانی' }).click();
    await manager.waitForURL(/\/messaging$/);
    await manager.getByTestId('messaging-tab-account').click();
    await manager.waitForURL(/\/messaging\/account$/);
    await expectRtl(manager);
    await manager.getByTestId('account-none').waitFor();
    await manager.getByTestId('account-form').waitFor();

    // A sender that is not a number is refused beside the field, in Persian, before anything is sent.
    await manager.getByTestId('account-provider').selectOption('LOCAL');
    await manager.getByTestId('account-sender').fill('ab');
    await manager.getByTestId('account-save').click();
    await manager.getByText('شمارهٔ فرستنده باید ۳ تا ۲۰ رقم باشد').waitFor();

    await manager.getByTestId('account-sender').fill('10001523');
    // One hand-over a minute: the messages registered next wait in the queue long enough to be cancelled.
    await manager.getByTestId('account-rate').fill('۱');
    // The price of a part, for the campaigns' cost estimate.
    await manager.getByTestId('account-price').fill('۱۲۰');
    await manager.getByTestId('account-save').click();
    await manager.getByText('حساب پیامک ذخیره شد.').waitFor();
    await expect(manager.getByTestId('account-sender-value').textContent()).resolves.toBe('۱۰۰۰۱۵۲۳');
    await expect(manager.getByTestId('account-provider-value').textContent()).resolves.toContain('داخلی');
    await expect(manager.getByTestId('account-rate-value').textContent()).resolves.toContain('۱ در دقیقه');
    await expect(manager.getByTestId('account-price-value').textContent()).resolves.toBe('۱۲۰ ریال');
    await expect(manager.getByTestId('account-none').count()).resolves.toBe(0);
    // The form starts again from what was saved, in Persian digits.
    await expect(manager.getByTestId('account-sender').inputValue()).resolves.toBe('۱۰۰۰۱۵۲۳');
    const saved = await graphqlFromPage(manager, '{ messagingAccount { provider sender ratePerMinute pricePerPart } }');
    expect(saved.data.messagingAccount).toEqual({
      provider: 'LOCAL',
      sender: '10001523',
      ratePerMinute: 1,
      pricePerPart: 120,
    });

    // Choosing Kavenegar asks for its API key, as a password field, with no saved key to keep.
    await manager.getByTestId('account-provider').selectOption('KAVENEGAR');
    await expect(manager.getByTestId('account-credential-apiKey').getAttribute('type')).resolves.toBe('password');
    await expect(manager.getByTestId('account-form-credentials-saved').count()).resolves.toBe(0);
    await screenshot(manager, 'messaging-account-manager');
    await expectAccessible(manager, 'messaging account (centre manager)');
    await manager.getByTestId('account-provider').selectOption('LOCAL');
    await expect(manager.getByTestId('account-credentials').count()).resolves.toBe(0);
  });

  it('the information officer rewords REQUEST_REGISTERED (parts as they type, a chip, {foo} refused) and the manager approves it; reset likewise', async () => {
    officer = await staffPage('tehran.information', '/messaging/templates');
    const card = officer.locator('[data-testid=template-card][data-kind=REQUEST_REGISTERED]');
    await card.waitFor();
    await expectRtl(officer);
    await expect(card.getByTestId('template-version').getAttribute('data-version')).resolves.toBe('0');
    const body = card.getByTestId('template-body');
    const parts = card.getByTestId('template-parts');

    const first = 'درخواست شما در سامانه آبفا ثبت شد و به‌زودی پیگیری می‌شود.';
    const more = ' از شکیبایی شما سپاسگزاریم.';
    expect(first.length).toBeLessThanOrEqual(70);
    expect((first + more).length).toBeGreaterThan(70);
    await body.fill('');
    await body.focus();
    await officer.keyboard.type(first);
    await expect.poll(() => parts.getAttribute('data-parts')).toBe('1');
    await expect(parts.textContent()).resolves.toBe('۱ بخش');
    const charsOne = await card.getByTestId('template-chars').textContent();
    expect(charsOne).toBe(`${persianDigits(String(first.length))} نویسه`);
    await expect(card.getByTestId('template-remaining').textContent()).resolves.toBe(
      `${persianDigits(String(70 - first.length))} نویسه تا بخش بعد`,
    );
    await officer.keyboard.type(more);
    await expect.poll(() => parts.getAttribute('data-parts')).toBe('2');
    await expect(parts.textContent()).resolves.toBe('۲ بخش');
    await card.getByText('۷۰ نویسه در یک بخش، ۶۷ در هر بخش پس از آن').waitFor();

    // A placeholder chip goes in where the cursor is; the preview fills it with a sample, in Persian digits.
    await officer.keyboard.type(' کد پیگیری: ');
    await card.locator('[data-testid=template-placeholder][data-name=trackingCode]').click();
    await expect.poll(() => body.inputValue()).toBe(`${first}${more} کد پیگیری: {trackingCode}`);
    await expect(card.getByTestId('template-preview').textContent()).resolves.toContain('۱۴۰۵۰۹۱۲۳۴');
    await expect(card.getByTestId('template-preview').textContent()).resolves.not.toContain('{trackingCode}');

    // A placeholder the kind cannot fill is refused as it is typed, and saving does not send it.
    await body.focus();
    await officer.keyboard.press('End');
    await officer.keyboard.type(' {foo}');
    const refusal = card.getByText('جای‌نگهدارهایی دارد که این نوع پیام پر نمی‌کند: {foo}');
    await refusal.waitFor();
    await card.getByTestId('template-save').click();
    await expect(card.getByTestId('template-version').getAttribute('data-version')).resolves.toBe('0');
    // The refused save puts the cursor back in the text, where it was.
    await expect
      .poll(() => officer.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('template-body');
    // The server refuses it too, in the same Persian words.
    const refused = await graphqlFromPage(
      officer,
      `mutation { proposeMessageTemplate(kind: REQUEST_REGISTERED, body: "{company} {foo}", enabled: true) {
        __typename ... on InputError { field messageFa } } }`,
    );
    expect(refused.data.proposeMessageTemplate.__typename).toBe('InputError');
    expect(refused.data.proposeMessageTemplate.field).toBe('body');
    expect(refused.data.proposeMessageTemplate.messageFa).toContain('جای‌نگهدارهایی دارد که این نوع پیام پر نمی‌کند');

    for (let i = 0; i < ' {foo}'.length; i++) await officer.keyboard.press('Backspace');
    await expect.poll(() => refusal.count()).toBe(0);
    // Proposed, not in force: the national wording is still what goes, until another person approves.
    await card.getByTestId('template-save').click();
    await card.getByText('تغییر پیشنهاد شد').waitFor();
    await expect(card.getByTestId('template-version').getAttribute('data-version')).resolves.toBe('0');
    await expect(card.getByTestId('template-proposal-body').textContent()).resolves.toContain(more.trim());
    await expect(card.getByTestId('template-proposal-waits').textContent()).resolves.toBe('منتظر تأیید مدیر مرکز.');
    await expect(card.getByTestId('template-approve').count()).resolves.toBe(0);
    await screenshot(officer, 'messaging-templates');
    await expectAccessible(officer, 'messaging templates');

    // The centre manager approves it: version 1 is what is sent.
    await manager.goto(`${platform.baseUrl}/messaging/templates`);
    const managerCard = manager.locator('[data-testid=template-card][data-kind=REQUEST_REGISTERED]');
    await managerCard.getByTestId('template-approve').click();
    await managerCard.getByText('تغییر تأیید شد').waitFor();
    await expect(managerCard.getByTestId('template-version').textContent()).resolves.toBe('نسخه ۱');
    await expect(managerCard.getByTestId('template-proposal').count()).resolves.toBe(0);
    await expect(managerCard.getByTestId('template-updated').textContent()).resolves.toMatch(
      /[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}/,
    );
    await screenshot(manager, 'messaging-templates-approved');

    // Back to the national wording (after a confirmation): proposed by the officer, approved by the manager.
    await officer.reload();
    await card.waitFor();
    await expect(card.getByTestId('template-version').getAttribute('data-version')).resolves.toBe('1');
    await card.getByTestId('template-reset').click();
    await card.getByTestId('template-reset-confirm').click();
    await card.getByText('بازگشت به متن پیش‌فرض پیشنهاد شد').waitFor();
    await manager.reload();
    await managerCard.getByTestId('template-approve').click();
    await managerCard.getByText('تغییر تأیید شد').waitFor();
    await expect(managerCard.getByTestId('template-version').getAttribute('data-version')).resolves.toBe('0');
    await expect(managerCard.getByTestId('template-body').inputValue()).resolves.toContain('{trackingCode}');
    await expect(managerCard.getByTestId('template-body').inputValue()).resolves.not.toContain(more.trim());
    const templates = await graphqlFromPage(officer, '{ messageTemplates { kind version proposal { body } } }');
    expect(templates.data.messageTemplates.find((t: { kind: string }) => t.kind === 'REQUEST_REGISTERED')).toEqual({
      kind: 'REQUEST_REGISTERED',
      version: 0,
      proposal: null,
    });
  });

  it('the delivery reports: new messages listed, filtered by state, one cancelled (or sent again), exported to Excel', async () => {
    const mobiles = [freshMobile(), freshMobile(), freshMobile()];
    const codes: string[] = [];
    for (const mobile of mobiles) codes.push(await registerWithMobile(agent, mobile));

    await officer.goto(`${platform.baseUrl}/messaging`);
    await officer.locator('[data-testid=message-row]').first().waitFor();
    await expect.poll(() => officer.locator('[data-testid=message-row]').count()).toBeGreaterThanOrEqual(4);
    await expect(officer.getByTestId('list-total').getAttribute('data-total')).resolves.toMatch(/^\d+$/);

    // The newest message: to the last caller, about their request (its tracking code links to it), masked.
    const newest = officer.locator('[data-testid=message-row]').first();
    await expect(newest.getAttribute('data-kind')).resolves.toBe('REQUEST_REGISTERED');
    await expect(newest.getByTestId('message-state').textContent()).resolves.toMatch(
      /^(در صف|در حال ارسال|ارسال شده|رسیده)$/,
    );
    await expect(newest.getByTestId('message-request').getAttribute('href')).resolves.toBe(`/desk/${codes[2]}`);
    const recipient = (await newest.getByTestId('message-recipient').textContent()) ?? '';
    expect(recipient).toContain('*');
    expect(recipient).toMatch(/[۰-۹]/);
    expect(recipient).not.toMatch(/[0-9]/);
    await expect(newest.getByTestId('message-parts').textContent()).resolves.toMatch(/^[۱-۹]$/);
    await screenshot(officer, 'messaging-messages');
    await expectAccessible(officer, 'messaging messages');

    // The message of the request registered before the account: failed, with its reason.
    await officer.getByTestId('messages-filter-state').selectOption('FAILED');
    await expect.poll(() => onlyIn(officer, 'FAILED')).toBe(true);
    await expect(officer.getByTestId('message-error').first().textContent()).resolves.toContain(
      'حساب پیامک فعالی ندارد',
    );

    // By the whole mobile (Persian digits typed): only that caller's message.
    await officer.getByTestId('messages-filter-state').selectOption('');
    await officer.getByTestId('messages-filter-mobile').fill(persianDigits(mobiles[1] ?? ''));
    await expect.poll(() => officer.locator('[data-testid=message-row]').count()).toBe(1);
    await expect(
      officer.locator('[data-testid=message-row]').first().getByTestId('message-request').getAttribute('href'),
    ).resolves.toBe(`/desk/${codes[1]}`);
    await officer.getByTestId('messages-filter-clear').click();

    // Queued ones: at one hand-over a minute, the later callers' messages wait. Cancel one — unless the job runner
    // has sent it meanwhile, in which case the server's Persian refusal shows and the retry path is taken instead.
    await officer.getByTestId('messages-filter-state').selectOption('QUEUED');
    await officer.waitForURL(/state=QUEUED/);
    const none = officer.getByText('پیامی با این پالایه‌ها یافت نشد.');
    await expect.poll(async () => (await onlyIn(officer, 'QUEUED')) || (await none.count()) > 0).toBe(true);
    let cancelled = false;
    const queuedId = await officer
      .locator('[data-testid=message-row][data-state=QUEUED]')
      .first()
      .getAttribute('data-id', { timeout: 1000 })
      .catch(() => null);
    const queuedRow = officer.locator(`[data-testid=message-row][data-id="${queuedId}"]`);
    if (queuedId) {
      await queuedRow.getByTestId('message-cancel').click();
      await queuedRow.getByTestId('message-confirm').click();
      const done = officer.getByText('پیام لغو شد و فرستاده نمی‌شود.');
      const refusedCancel = officer.getByRole('alert').filter({ hasText: /لغو/ });
      await done.or(refusedCancel).first().waitFor();
      cancelled = (await done.count()) > 0;
      if (cancelled) {
        // The row shows its new state where it is (the notice has the focus, to go on from).
        await expect.poll(() => queuedRow.getAttribute('data-state')).toBe('CANCELLED');
        await expect(queuedRow.getByTestId('message-state').textContent()).resolves.toBe('لغوشده');
        await expect.poll(() => officer.evaluate(() => document.activeElement?.hasAttribute('data-notice'))).toBe(true);
      } else {
        await expect(refusedCancel.first().textContent()).resolves.toMatch(/پیام در حال تحویل|فقط پیام در صف/);
      }
    }

    // Sent again: the cancelled message, or else the one that failed for want of an account.
    const again = cancelled ? 'CANCELLED' : 'FAILED';
    await officer.getByTestId('messages-filter-state').selectOption(again);
    await expect.poll(() => onlyIn(officer, again)).toBe(true);
    const retriedId = await officer
      .locator(`[data-testid=message-row][data-state=${again}]`)
      .first()
      .getAttribute('data-id');
    const retried = officer.locator(`[data-testid=message-row][data-id="${retriedId}"]`);
    await retried.getByTestId('message-retry').click();
    await retried.getByTestId('message-confirm').click();
    await officer.getByText('پیام دوباره در صف ارسال قرار گرفت.').waitFor();
    // Sent again as it was (failed, cancelled): the same message, queued, in its row.
    await expect.poll(() => retried.getByTestId('message-state').textContent()).toBe('در صف');
    await screenshot(officer, cancelled ? 'messaging-messages-cancelled-retried' : 'messaging-messages-retried');

    // Excel: the filtered rows (every page), Persian headers, right to left, masked numbers only.
    await officer.getByTestId('messages-filter-clear').click();
    await officer.getByTestId('messages-filter-kind').selectOption('REQUEST_REGISTERED');
    await officer.getByTestId('messages-preset-today').click();
    await expect
      .poll(() => officer.getByTestId('messages-filter-from').inputValue())
      .toMatch(/^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}$/);
    const counted = await graphqlFromPage(
      officer,
      '{ messages(first: 1, kinds: [REQUEST_REGISTERED]) { totalCount } }',
    );
    const total = counted.data.messages.totalCount as number;
    expect(total).toBeGreaterThanOrEqual(4);
    await expect.poll(() => officer.getByTestId('list-total').getAttribute('data-total')).toBe(String(total));
    const workbook = await downloadedWorkbook(officer, 'messages-excel');
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    expect(sheet.views[0]?.rightToLeft).toBe(true);
    const headers = (sheet.getRow(1).values as unknown[]).filter(Boolean).map(String);
    expect(headers).toEqual(expect.arrayContaining(['زمان ساخت', 'گیرنده', 'نوع پیام', 'وضعیت', 'بخش', 'متن']));
    expect(sheet.rowCount).toBe(1 + total);
    const recipientColumn = headers.indexOf('گیرنده') + 1;
    const kindColumn = headers.indexOf('نوع پیام') + 1;
    const partsColumn = headers.indexOf('بخش') + 1;
    const everyMobile = [failedMobile, ...mobiles].map((m) => m.slice(1));
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const masked = String(row.getCell(recipientColumn).value);
      expect(masked).toContain('*');
      for (const mobile of everyMobile) expect(masked).not.toContain(mobile);
      expect(row.getCell(kindColumn).value).toBe('ثبت درخواست');
      expect(typeof row.getCell(partsColumn).value).toBe('number');
    }
  });

  it('the information officer sees the SMS account but cannot change it; records and removes an opt-out', async () => {
    await officer.goto(`${platform.baseUrl}/messaging/account`);
    await officer.getByTestId('account-summary').waitFor();
    await expect(officer.getByTestId('account-sender-value').textContent()).resolves.toBe('۱۰۰۰۱۵۲۳');
    await officer.getByTestId('account-read-only').waitFor();
    await expect(officer.getByTestId('account-form').count()).resolves.toBe(0);
    await expect(officer.locator('main input').count()).resolves.toBe(0);
    // Nor would the API let them.
    const refused = await graphqlFromPage(
      officer,
      'mutation { setMessagingAccount(input: { provider: LOCAL, sender: "10009999" }) { __typename } }',
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await screenshot(officer, 'messaging-account-officer');
    await expectAccessible(officer, 'messaging account (information officer)');

    await officer.getByTestId('messaging-tab-opt-outs').click();
    await officer.waitForURL(/\/messaging\/opt-outs$/);
    const mobile = freshMobile();
    await officer.getByTestId('opt-out-mobile').fill('0912');
    await officer.getByTestId('opt-out-record').click();
    await officer.getByText('شمارهٔ همراه کامل را بنویسید').waitFor();
    await officer.getByTestId('opt-out-mobile').fill(persianDigits(mobile));
    await officer.getByTestId('opt-out-record').click();
    await officer.getByText('انصراف ثبت شد').waitFor();
    await expect.poll(() => officer.locator('[data-testid=opt-out-row]').count()).toBe(1);
    const masked = (await officer.getByTestId('opt-out-masked').first().textContent()) ?? '';
    expect(masked).toContain('*');
    expect(masked).not.toMatch(/[0-9]/);
    expect(masked).not.toContain(persianDigits(mobile.slice(4, 8)));
    await expect(officer.locator('[data-testid=opt-out-row]').first().textContent()).resolves.toContain('ثبت کارکنان');
    await screenshot(officer, 'messaging-opt-outs');
    await expectAccessible(officer, 'messaging opt-outs');
    await officer.getByTestId('opt-out-remove').click();
    await officer.getByTestId('opt-out-remove-confirm').click();
    await officer.getByText('انصراف حذف شد').waitFor();
    await expect.poll(() => officer.locator('[data-testid=opt-out-row]').count()).toBe(0);
    await officer.getByText('این شماره انصراف نداده است.').waitFor();
  });

  it('the website notices tab shows the feed’s addresses and exactly what the public feed holds now', async () => {
    await officer.goto(`${platform.baseUrl}/messaging`);
    await officer.getByTestId('messaging-tab-notices').click();
    await officer.waitForURL(/\/messaging\/notices$/);
    await expect(officer.getByTestId('notices-url-json').textContent()).resolves.toBe(
      `${platform.baseUrl}/public/tehran/notices.json`,
    );
    await expect(officer.getByTestId('notices-url-atom').textContent()).resolves.toBe(
      `${platform.baseUrl}/public/tehran/notices.atom`,
    );
    const feed = await officer.evaluate(async () => (await fetch('/public/tehran/notices.json')).json());
    const expected = (feed.notices as unknown[]).length;
    if (expected === 0) await officer.getByTestId('notices-none').waitFor();
    else await expect.poll(() => officer.locator('[data-testid=notice-row]').count()).toBe(expected);
    await expectRtl(officer);
    await screenshot(officer, 'messaging-notices');
    await expectAccessible(officer, 'website notices');
  });

  it('at phone width the delivery reports and the template editor fit the screen', async () => {
    const phone = await staffPage('tehran.information', '/messaging', { phone: true });
    await phone.locator('[data-testid=message-row]').first().waitFor();
    await expectRtl(phone);
    expect(await sidewaysScroll(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, 'messaging-messages-phone');
    await expectAccessible(phone, 'messaging messages (phone)');

    await phone.getByTestId('messaging-tab-templates').click();
    const card: Locator = phone.locator('[data-testid=template-card][data-kind=REQUEST_REGISTERED]');
    await card.waitFor();
    expect(await sidewaysScroll(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, 'messaging-templates-phone');
    await expectAccessible(phone, 'messaging templates (phone)');
    await phone.context().close();
    for (const page of [agent, manager, officer]) await page.context().close();
  });
});
