import { optOutLine, optOutLinkForCounting, smsLength } from '@abfa/schema';
import type { Browser, Page } from 'playwright-core';
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
 * Section (d), targeted information in the portal: the information officer prepares campaigns (an area’s customers,
 * an uploaded list), watching the SMS parts as they type and the reach the API previews; the centre manager sees
 * what waits for approval, sends one back with a reason, and approves it once mended — never one of their own (the
 * maker-checker rule: the screen does not offer it, and the server refuses it when forced). The platform’s job
 * runner sends an approved campaign through the LOCAL provider meanwhile, so its state is read as it is.
 */

let platform: Platform;
let browser: Browser;

withPortal((p, b) => {
  platform = p;
  browser = b;
});

/** Whether Tehran is in the campaigns’ quiet hours (21:00–08:00) now. */
function quietHoursNow(): boolean {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tehran', hour: '2-digit', hourCycle: 'h23' }).format(new Date()),
  );
  return hour >= 21 || hour < 8;
}

async function staffPage(username: string, target: string, options: { phone?: boolean } = {}): Promise<Page> {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  onTestFailed(async () => {
    if (!page.isClosed()) await screenshot(page, `failed-campaigns-${Date.now()}`);
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

/** A full-page screenshot from the top (the focus may have scrolled the page under the fixed header). */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** The campaign’s uuid in the page’s address (/messaging/campaigns/<uuid>). */
async function openedUuid(page: Page): Promise<string> {
  await page.waitForURL(/\/messaging\/campaigns\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}

const globalId = (uuid: string) => Buffer.from(`Campaign:${uuid}`).toString('base64');

async function campaignState(page: Page, uuid: string) {
  const answer = await graphqlFromPage(
    page,
    `query($id: ID!) { node(id: $id) { ... on Campaign { state recipients preparedBy
      progress { queued sending sent delivered failed cancelled } } } }`,
    { id: globalId(uuid) },
  );
  return answer.data.node as {
    state: string;
    recipients: number | null;
    preparedBy: string;
    progress: Record<string, number>;
  };
}

/** Chooses an option of a Mantine multi-select (its input's test id) by typing its name. */
async function choose(page: Page, testId: string, optionName: string) {
  const input = page.getByTestId(testId);
  await input.click();
  await input.fill(optionName);
  await page.getByRole('option', { name: optionName, exact: true }).click();
  await page.keyboard.press('Escape');
}

describe('campaigns: prepared by the information officer, approved by the centre manager', () => {
  let manager: Page;
  let officer: Page;
  let district: { id: string; nameFa: string };
  /** The UNITS campaign the officer prepares, the manager sends back and then approves. */
  let unitsCampaign = '';
  const title = `قطعی آب منطقه در روز جمعه ${persianDigits(String(Date.now()).slice(-4))}`;

  it('the centre manager sets the company’s LOCAL SMS account first', async () => {
    manager = await staffPage('tehran.manager', '/messaging/account');
    await manager.getByTestId('account-form').waitFor();
    await manager.getByTestId('account-provider').selectOption('LOCAL');
    await manager.getByTestId('account-sender').fill('10001523');
    await manager.getByTestId('account-save').click();
    await manager.getByText('حساب پیامک ذخیره شد.').waitFor();
    const saved = await graphqlFromPage(manager, '{ messagingAccount { provider sender } }');
    expect(saved.data.messagingAccount).toEqual({ provider: 'LOCAL', sender: '10001523' });
  });

  it('the information officer prepares a UNITS campaign: parts as they type, {company} only, the reach previewed, submitted', async () => {
    officer = await staffPage('tehran.information', '/messaging');
    await officer.getByTestId('messaging-tab-campaigns').click();
    await officer.waitForURL(/\/messaging\/campaigns$/);
    await expectRtl(officer);
    await officer.getByTestId('campaigns-new').click();
    await officer.waitForURL(/\/messaging\/campaigns\/new$/);
    await officer.getByTestId('campaign-form').waitFor();
    // An information officer prepares; only the centre manager approves.
    const viewer = await graphqlFromPage(officer, '{ viewer { subject permissions tenant { nameFa code } } }');
    expect(viewer.data.viewer.permissions).toContain('campaigns:prepare');
    expect(viewer.data.viewer.permissions).not.toContain('campaigns:approve');
    const company = viewer.data.viewer.tenant.nameFa as string;
    // What each SMS ends with: the opt-out line, its link counted at its longest (the server counts the same).
    const line = optOutLine(optOutLinkForCounting(platform.baseUrl, viewer.data.viewer.tenant.code as string));
    const counted = (text: string) => smsLength(text + line);

    await officer.getByTestId('campaign-title').fill(title);
    const body = officer.getByTestId('campaign-body');
    const parts = officer.getByTestId('campaign-parts');
    // The opt-out line takes most of a single part (70 units in Persian): a short notice fits one.
    const first = 'قطع آب جمعه';
    const more = ' لطفاً آب مورد نیاز خود را ذخیره کنید. از شکیبایی شما سپاسگزاریم.';
    expect(counted(first).segments).toBe(1);
    expect(counted(first + more).segments).toBe(2);
    await body.fill('');
    await body.focus();
    await officer.keyboard.type(first);
    await expect.poll(() => parts.getAttribute('data-parts')).toBe('1');
    await expect(parts.textContent()).resolves.toBe('۱ بخش');
    await expect(officer.getByTestId('campaign-chars').textContent()).resolves.toBe(
      `${persianDigits(String(counted(first).units))} نویسه`,
    );
    await officer.keyboard.type(more);
    await expect.poll(() => parts.getAttribute('data-parts')).toBe('2');
    await expect(parts.textContent()).resolves.toBe('۲ بخش');

    // The company's name goes in where the cursor is: counted as sent, and shown so in the preview.
    await body.focus();
    await officer.keyboard.press('Control+Home');
    await officer.getByTestId('campaign-insert-company').click();
    await expect.poll(() => body.inputValue()).toBe(`{company}${first}${more}`);
    await expect
      .poll(() => officer.getByTestId('campaign-chars').getAttribute('data-units'))
      .toBe(String(counted(company + first + more).units));
    await expect(officer.getByTestId('campaign-preview-text').textContent()).resolves.toContain(company);
    await expect(officer.getByTestId('campaign-preview-text').textContent()).resolves.not.toContain('{company}');
    await expect(officer.getByTestId('campaign-preview-text').textContent()).resolves.toContain('لغو: ');
    // Any other placeholder is refused as it is typed (a campaign has no tracking code to fill in).
    await body.focus();
    await officer.keyboard.press('Control+End');
    await officer.keyboard.type(' {trackingCode}');
    const refusal = officer.getByText('جای‌نگهدارهایی دارد که این نوع پیام پر نمی‌کند: {trackingCode}');
    await refusal.waitFor();
    for (let i = 0; i < ' {trackingCode}'.length; i++) await officer.keyboard.press('Backspace');
    await expect.poll(() => refusal.count()).toBe(0);
    await body.fill(`{company}\n${first}${more}`);

    // The quiet hours are said beside the schedule; a time in them (not an emergency) is warned about.
    await officer.getByTestId('campaign-quiet').getByText('ساعت سکوت').first().waitFor();
    const tomorrow = new Intl.DateTimeFormat('fa-IR-u-ca-persian-nu-arabext', {
      timeZone: 'Asia/Tehran',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(Date.now() + 86_400_000);
    await officer.getByTestId('campaign-schedule-date').fill(tomorrow);
    await officer.getByTestId('campaign-schedule-time').fill('۲۲:۳۰');
    await officer.getByTestId('campaign-quiet-warning').waitFor();
    await officer.getByTestId('campaign-schedule-time').fill('');
    await officer.getByTestId('campaign-schedule-date').fill('');

    // A district office's customers (and every unit below it).
    const units = await graphqlFromPage(officer, '{ units(first: 500, kind: DISTRICT) { nodes { id nameFa code } } }');
    const districts = (units.data.units.nodes as { id: string; nameFa: string; code: string }[]).sort((a, b) =>
      a.code.localeCompare(b.code),
    );
    expect(districts.length).toBeGreaterThan(0);
    district = districts[0] as { id: string; nameFa: string };
    await choose(officer, 'campaign-units', persianDigits(district.nameFa));
    await officer.getByTestId('campaign-preview').getByText('پس از ذخیرهٔ پیش‌نویس').waitFor();
    await shot(officer, 'campaigns-builder-new');
    await expectAccessible(officer, 'campaign builder (new)');

    await officer.getByTestId('campaign-save').click();
    unitsCampaign = await openedUuid(officer);
    await officer.getByTestId('campaign-notice').getByText('پیش‌نویس ذخیره شد.').waitFor();
    // The API's preview: the district's customers with a mobile, none opted out.
    const recipients = officer.getByTestId('campaign-preview-recipients');
    await expect.poll(async () => Number(await recipients.getAttribute('data-value'))).toBeGreaterThan(0);
    expect(await recipients.textContent()).toMatch(/^[۰-۹٬]+$/);
    // The server counts the parts as the builder did as one typed (the company's name filled in).
    await expect(officer.getByTestId('campaign-preview-parts').getAttribute('data-value')).resolves.toBe(
      await officer.getByTestId('campaign-parts').getAttribute('data-parts'),
    );
    await expect(officer.getByTestId('campaign-preview-cost').textContent()).resolves.toContain('تعیین نشده');
    await shot(officer, 'campaigns-builder-draft');
    await expectAccessible(officer, 'campaign builder (draft)');

    await officer.getByTestId('campaign-submit').click();
    await officer.getByTestId('campaign-notice').getByText('برای تأیید مدیر مرکز فرستاده شد.').waitFor();
    await expect(officer.getByTestId('campaign-state').first().textContent()).resolves.toBe('منتظر تأیید');
    // Submitted: read only, and no decision for the one who prepared it.
    await expect(officer.getByTestId('campaign-form').count()).resolves.toBe(0);
    await expect(officer.getByTestId('campaign-decision').count()).resolves.toBe(0);
    await expect(officer.getByTestId('campaign-audience-text').textContent()).resolves.toContain(
      persianDigits(district.nameFa),
    );
    await shot(officer, 'campaigns-detail-submitted');
    await expectAccessible(officer, 'campaign detail (submitted)');
  });

  it('a LIST campaign: the CSV is uploaded once the draft is saved, and the report names the bad line in Persian', async () => {
    await officer.goto(`${platform.baseUrl}/messaging/campaigns/new`);
    await officer.getByTestId('campaign-form').waitFor();
    await officer.getByTestId('campaign-title').fill('یادآوری پرداخت قبض به فهرست مشترکان');
    await officer.getByTestId('campaign-body').fill('{company}\nقبض آب شما صادر شد؛ لطفاً تا پایان هفته بپردازید.');
    // Each audience has its own picker: categories (and their period), an incident, a planned cut, a file.
    await officer.getByLabel('درخواست‌دهندگان چند موضوع').check();
    await officer.getByTestId('campaign-categories').waitFor();
    await expect(officer.getByTestId('campaign-since-days').inputValue()).resolves.toBe('۳۰');
    await officer.getByLabel('تماس‌گیرندگان یک حادثه').check();
    await expect.poll(() => officer.getByTestId('campaign-incident').locator('option').count()).toBeGreaterThan(1);
    await officer.getByLabel('مشترکان یک قطعی برنامه‌ریزی‌شده').check();
    await officer
      .getByTestId('campaign-outage')
      .or(officer.getByText('قطعی برنامه‌ریزی‌شده‌ای ثبت نشده است.'))
      .first()
      .waitFor();
    await officer.getByLabel('فهرست بارگذاری‌شده (CSV)').check();
    const csv = ['mobile', '09121234567', '۰۹۳۵۱۱۱۲۲۳۳', 'abc-def', '+989121234567', ''].join('\n');
    await officer.locator('input[type=file]').setInputFiles({
      name: 'list.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await officer.getByTestId('campaign-save').click();
    await openedUuid(officer);
    const report = officer.getByTestId('campaign-list-report');
    await report.waitFor();
    await expect(report.getByTestId('list-accepted').getAttribute('data-value')).resolves.toBe('2');
    await expect(report.getByTestId('list-duplicates').getAttribute('data-value')).resolves.toBe('1');
    await expect(report.getByTestId('list-rejected').getAttribute('data-value')).resolves.toBe('1');
    const line = report.getByTestId('list-rejected-line');
    await expect(line.count()).resolves.toBe(1);
    await expect(line.getAttribute('data-line')).resolves.toBe('4');
    await expect(line.textContent()).resolves.toContain('۴');
    await expect(line.textContent()).resolves.toContain('نه شمارهٔ همراه است نه شمارهٔ اشتراک');
    await expect.poll(() => officer.getByTestId('campaign-preview-recipients').getAttribute('data-value')).toBe('2');
    await expect(officer.getByTestId('campaign-list-size').textContent()).resolves.toContain('۲');
    await shot(officer, 'campaigns-list-upload');
    await expectAccessible(officer, 'campaign builder (list uploaded)');
  });

  it('the centre manager sees what waits for approval and sends the UNITS campaign back with a reason', async () => {
    await manager.goto(`${platform.baseUrl}/messaging/campaigns`);
    const waiting = manager.getByTestId('campaigns-waiting');
    await expect.poll(() => waiting.getAttribute('data-count')).toBe('1');
    await expect(waiting.textContent()).resolves.toBe('منتظر تأیید (۱)');
    await waiting.click();
    await manager.waitForURL(/state=SUBMITTED/);
    const rows = manager.locator('[data-testid=campaign-row]');
    await expect.poll(() => rows.count()).toBe(1);
    await expect(rows.first().getAttribute('data-state')).resolves.toBe('SUBMITTED');
    await expect(rows.first().getByTestId('campaign-state').textContent()).resolves.toBe('منتظر تأیید');
    await expect(rows.first().getByTestId('campaign-audience').textContent()).resolves.toContain(
      persianDigits(district.nameFa),
    );
    const listed = (await rows.first().textContent()) ?? '';
    expect(listed).toMatch(/[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}/);
    expect(listed).not.toMatch(/[0-9]{4}\/[0-9]{2}/);
    await shot(manager, 'campaigns-list-waiting');
    await expectAccessible(manager, 'campaigns list (waiting)');

    await rows.first().getByTestId('campaign-open').click();
    await manager.waitForURL(new RegExp(`/messaging/campaigns/${unitsCampaign}$`));
    await manager.getByTestId('campaign-decision').waitFor();
    await manager.getByTestId('campaign-reject').click();
    // The reason is required, said beside the field, and nothing is sent without it.
    await manager.getByTestId('campaign-reject-confirm').click();
    await manager.getByTestId('campaign-decision').getByText('این مورد لازم است').waitFor();
    await manager.getByTestId('campaign-reject-reason').fill('ساعت قطعی را هم در متن بنویسید.');
    await shot(manager, 'campaigns-detail-send-back');
    await expectAccessible(manager, 'campaign detail (sending back)');
    await manager.getByTestId('campaign-reject-confirm').click();
    await manager.getByText('پیام‌رسانی با دلیل به تهیه‌کننده بازگردانده شد.').waitFor();
    await expect(manager.getByTestId('campaign-state').first().getAttribute('data-state')).resolves.toBe('DRAFT');
    await expect(manager.getByTestId('campaign-rejection-reason').textContent()).resolves.toBe(
      'ساعت قطعی را هم در متن بنویسید.',
    );
  });

  it('the officer reads the reason on the draft, mends it and submits it again', async () => {
    await officer.goto(`${platform.baseUrl}/messaging/campaigns/${unitsCampaign}`);
    await officer.getByTestId('campaign-returned').waitFor();
    await expect(officer.getByTestId('campaign-rejection-reason').textContent()).resolves.toBe(
      'ساعت قطعی را هم در متن بنویسید.',
    );
    await officer.getByTestId('campaign-form').waitFor();
    await officer
      .getByTestId('campaign-body')
      .fill('{company}\nآب منطقه روز جمعه از ساعت ۸ تا ۱۴ برای تعمیر خط قطع است. آب مورد نیاز را ذخیره کنید.');
    // During quiet hours only an emergency goes out now: the test marks it so then, to see it sent.
    if (quietHoursNow()) await officer.getByTestId('campaign-emergency-switch').check();
    await shot(officer, 'campaigns-builder-returned');
    await officer.getByTestId('campaign-submit').click();
    await officer.getByTestId('campaign-notice').getByText('برای تأیید مدیر مرکز فرستاده شد.').waitFor();
    await expect.poll(() => officer.getByTestId('campaign-state').first().getAttribute('data-state')).toBe('SUBMITTED');
    // Submitted again: the reason is gone with the draft.
    await expect(officer.getByTestId('campaign-returned').count()).resolves.toBe(0);
  });

  it('the centre manager approves it: approved, then sent by the job runner', async () => {
    await manager.goto(`${platform.baseUrl}/messaging/campaigns/${unitsCampaign}`);
    await manager.getByTestId('campaign-approve').click();
    const expected = (await campaignState(manager, unitsCampaign)).state;
    expect(expected).toBe('SUBMITTED');
    await manager.getByText(/این پیام برای [۰-۹٬]+ نفر فرستاده می‌شود/).waitFor();
    await manager.getByTestId('campaign-approve-confirm').click();
    await manager.getByText('پیام‌رسانی تأیید شد و در زمان خود فرستاده می‌شود.').waitFor();
    await expect
      .poll(() => manager.getByTestId('campaign-state').first().getAttribute('data-state'))
      .toMatch(/^(APPROVED|SENDING|SENT)$/);
    await manager.getByTestId('campaign-progress').waitFor();
    await expect(manager.getByTestId('campaign-decision').count()).resolves.toBe(0);
    const history = (await manager.getByTestId('campaign-history').textContent()) ?? '';
    expect(history).toContain('تأیید');
    // Outside quiet hours (or as an emergency) the job runner writes its messages and hands them to the LOCAL
    // provider: the screen follows on its own (every 5 s) until the messages are out.
    await expect
      .poll(async () => (await campaignState(manager, unitsCampaign)).state, { timeout: 60_000 })
      .toMatch(/^(SENDING|SENT)$/);
    const sending = await campaignState(manager, unitsCampaign);
    expect(sending.recipients).toBeGreaterThan(0);
    await expect
      .poll(async () => Number(await manager.getByTestId('campaign-progress').getAttribute('data-total')), {
        timeout: 20_000,
      })
      .toBe(sending.recipients);
    await expect(manager.getByTestId('campaign-written').textContent()).resolves.toMatch(/^[۰-۹٬]+ پیام نوشته‌شده/);
    await shot(manager, 'campaigns-detail-sending');
    await expectAccessible(manager, 'campaign detail (sending)');
    // Its delivery report per recipient: the messages list narrowed to this campaign.
    await manager.getByTestId('campaign-recipients-link').click();
    await manager.waitForURL(/\/messaging\?campaign=/);
    await manager.getByTestId('messages-filter-campaign').getByText('قطعی آب منطقه در روز جمعه').waitFor();
    await expect
      .poll(() => manager.locator('[data-testid=message-row]').count())
      .toBe(Math.min(sending.recipients ?? 0, 50));
  });

  it('the centre manager prepares one of their own: not offered approval, and the server refuses it when forced', async () => {
    await manager.goto(`${platform.baseUrl}/messaging/campaigns/new`);
    await manager.getByTestId('campaign-form').waitFor();
    await manager.getByTestId('campaign-title').fill('شستشوی مخازن آب منطقه');
    await manager
      .getByTestId('campaign-body')
      .fill('{company}\nمخازن آب منطقه شنبه شستشو می‌شوند؛ ممکن است فشار آب کم شود.');
    await choose(manager, 'campaign-units', persianDigits(district.nameFa));
    await manager.getByTestId('campaign-submit').click();
    const own = await openedUuid(manager);
    await manager.getByTestId('campaign-notice').getByText('برای تأیید مدیر مرکز فرستاده شد.').waitFor();
    await manager.getByTestId('campaign-own').waitFor();
    await expect(manager.getByTestId('campaign-own').textContent()).resolves.toContain('خودتان تهیه کرده‌اید');
    await expect(manager.getByTestId('campaign-approve').count()).resolves.toBe(0);
    await expect(manager.getByTestId('campaign-reject').count()).resolves.toBe(0);
    await shot(manager, 'campaigns-detail-own');
    await expectAccessible(manager, 'campaign detail (own)');

    // The API refuses it too, in Persian.
    const refused = await graphqlFromPage(
      manager,
      'mutation($id: ID!) { approveCampaign(id: $id) { __typename ... on ConflictError { messageFa } } }',
      { id: globalId(own) },
    );
    expect(refused.data.approveCampaign.__typename).toBe('ConflictError');
    expect(refused.data.approveCampaign.messageFa).toContain('خودتان تهیه کرده‌اید');

    // Forced through the screen (the portal told it is someone else): the server's refusal is what shows.
    const forced = await manager.context().newPage();
    await forced.route('**/graphql', async (route) => {
      if (!(route.request().postData() ?? '').includes('query Viewer')) return route.fallback();
      const response = await route.fetch();
      const json = await response.json();
      if (json.data?.viewer) json.data.viewer.subject = 'demo-someone.else';
      return route.fulfill({ response, json });
    });
    await forced.goto(`${platform.baseUrl}/messaging/campaigns/${own}`);
    await forced.getByTestId('campaign-approve').click();
    await forced.getByTestId('campaign-approve-confirm').click();
    await forced.getByRole('alert').filter({ hasText: 'خودتان تهیه کرده‌اید' }).waitFor();
    expect((await campaignState(manager, own)).state).toBe('SUBMITTED');
    await forced.close();

    // The officer, who holds no campaigns:approve, is refused by the API as well.
    const notAllowed = await graphqlFromPage(
      officer,
      'mutation($id: ID!) { approveCampaign(id: $id) { __typename } }',
      {
        id: globalId(own),
      },
    );
    expect(notAllowed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Cancelled after a confirmation.
    await manager.reload();
    await manager.getByTestId('campaign-cancel').click();
    await manager.getByTestId('campaign-cancel-confirm').click();
    await manager.getByText('پیام‌رسانی لغو شد.').waitFor();
    await expect(manager.getByTestId('campaign-state').first().getAttribute('data-state')).resolves.toBe('CANCELLED');
    await expect(manager.getByTestId('campaign-state').first().textContent()).resolves.toBe('لغوشده');
  });

  it('a customer opens the opt-out link of their SMS on a phone, confirms (offline first: told so), and gets no campaigns again', async () => {
    const sent = await graphqlFromPage(manager, '{ messages(first: 50, kinds: [CUSTOM]) { nodes { body } } }');
    const bodies = (sent.data.messages.nodes as { body: string }[]).map((m) => m.body);
    const link = bodies.map((b) => /لغو: (\S+\/o\/\S+)$/.exec(b)?.[1]).find(Boolean);
    expect(link).toMatch(new RegExp(`^${platform.baseUrl}/o/tehran/\\d+-[0-9a-f]{8}$`));
    const context = await newContext(browser, { phone: true });
    const citizen = await context.newPage();
    // An altered link opens nothing.
    await citizen.goto(`${link?.slice(0, -8)}00000000`);
    await citizen.getByTestId('opt-out-confirm').click();
    await citizen.getByText('این پیوند با هیچ پیامی از این شرکت مطابقت ندارد').waitFor();

    await citizen.goto(link ?? '');
    await citizen.getByTestId('opt-out-company').waitFor();
    await expectRtl(citizen);
    expect(await sidewaysScroll(citizen)).toBeLessThanOrEqual(0);
    await shot(citizen, 'opt-out-page-phone');
    await expectAccessible(citizen, 'opt-out page (phone)');
    // Opening the link alone opts no one out (messaging apps preview links).
    const before = await graphqlFromPage(manager, '{ messageOptOuts { source } }');
    const linked = (data: typeof before) =>
      (data.data.messageOptOuts as { source: string }[]).filter((o) => o.source === 'link').length;
    expect(linked(before)).toBe(0);
    // The connection drops as they tap: they are told, and nothing is recorded until it is back.
    await context.setOffline(true);
    await citizen.getByTestId('opt-out-confirm').click();
    await citizen.getByText('ارتباط با سرور برقرار نشد').waitFor();
    await context.setOffline(false);
    await citizen.getByTestId('opt-out-confirm').click();
    await citizen.getByTestId('opt-out-done').waitFor();
    await expect(citizen.getByTestId('opt-out-mobile').textContent()).resolves.toMatch(/^\+[۰-۹]+\D+[۰-۹]{4}$/);
    await shot(citizen, 'opt-out-done-phone');
    await expectAccessible(citizen, 'opt-out done (phone)');
    const after = await graphqlFromPage(manager, '{ messageOptOuts { source } }');
    expect(linked(after)).toBe(1);
    await context.close();
  });

  it('the officer loses the connection while saving a draft: told so, nothing lost, saved once it is back', async () => {
    await officer.goto(`${platform.baseUrl}/messaging/campaigns/new`);
    await officer.getByTestId('campaign-form').waitFor();
    await officer.getByTestId('campaign-title').fill('بی‌اتصال');
    await officer.getByTestId('campaign-body').fill('{company}\nآب منطقه فردا قطع است.');
    await choose(officer, 'campaign-units', persianDigits(district.nameFa));
    await officer.context().setOffline(true);
    await officer.getByTestId('campaign-save').click();
    await officer.getByText('ارتباط با سرور برقرار نشد').waitFor();
    await expect(officer.getByTestId('campaign-title').inputValue()).resolves.toBe('بی‌اتصال');
    expect(officer.url()).toMatch(/\/messaging\/campaigns\/new$/);
    await officer.context().setOffline(false);
    await officer.getByTestId('campaign-save').click();
    const saved = await openedUuid(officer);
    await officer.getByTestId('campaign-notice').getByText('پیش‌نویس ذخیره شد.').waitFor();
    const titled = await graphqlFromPage(officer, '{ campaigns(first: 50) { nodes { title } } }');
    expect((titled.data.campaigns.nodes as { title: string }[]).filter((c) => c.title === 'بی‌اتصال')).toHaveLength(1);
    expect(saved).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('at phone width the campaigns list and the builder fit the screen', async () => {
    const phone = await staffPage('tehran.information', '/messaging/campaigns', { phone: true });
    await phone.locator('[data-testid=campaign-row]').first().waitFor();
    await expectRtl(phone);
    expect(await sidewaysScroll(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'campaigns-list-phone');
    await expectAccessible(phone, 'campaigns list (phone)');

    await phone.getByTestId('campaigns-new').click();
    await phone.getByTestId('campaign-form').waitFor();
    await phone.getByTestId('campaign-body').fill('{company}\nآب منطقه فردا قطع است.');
    expect(await sidewaysScroll(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'campaigns-builder-phone');
    await expectAccessible(phone, 'campaign builder (phone)');

    await phone.goto(`${platform.baseUrl}/messaging/campaigns/${unitsCampaign}`);
    await phone.getByTestId('campaign-progress').waitFor();
    expect(await sidewaysScroll(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'campaigns-detail-phone');
    await phone.context().close();
    for (const page of [manager, officer]) await page.context().close();
  });
});
