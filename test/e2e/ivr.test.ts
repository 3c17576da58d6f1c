import type { Browser, Page } from 'playwright-core';
import { describe, expect, it, onTestFailed } from 'vitest';
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
 * Section (d), the IVR entry menu in the portal («منوی تلفن گویا»): the information officer writes the next version
 * as a form (greeting, the day’s announcements, options by key to a queue, a sub-menu, a message), sees a refusal of
 * the API beside the field it names, uploads a recording and chooses it for the greeting, saves and submits; the
 * centre manager reads it as a caller hears it, sends it back with a reason, and publishes it once mended — never the
 * officer (the screen does not offer it). The PBX’s view (`ivrPublishedMenu`) then holds the tree.
 */

let platform: Platform;
let browser: Browser;

withPortal((p, b) => {
  platform = p;
  browser = b;
});

async function staffPage(username: string, target: string, options: { phone?: boolean } = {}): Promise<Page> {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  onTestFailed(async () => {
    if (!page.isClosed()) await screenshot(page, `failed-ivr-${Date.now()}`);
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

/** A valid tiny WAV: the 44-byte header (PCM, mono, 8 kHz, 16 bits) and a tenth of a second of a tone. */
function tinyWav(samples = 800): Buffer {
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(Math.sin(i / 4) * 8000), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

const reason = 'برای کلید ۹ ساعات کاری مرکز را اعلام کنید.';
const greeting = 'به ۱۲۲ آبفای تهران خوش آمدید.';
const recordingName = 'خوشامد نوروزی';

describe('the IVR entry menu: written by the information officer, published by the centre manager', () => {
  let officer: Page;
  let manager: Page;
  let audioId = '';

  it('the officer builds the menu, sees the API’s refusal beside its field, uploads a recording, saves and submits', async () => {
    officer = await staffPage('tehran.information', '/messaging/ivr');
    await officer.getByTestId('ivr-tab').waitFor();
    await expectRtl(officer);
    await expect(officer.getByTestId('messaging-tab-ivr').textContent()).resolves.toBe('منوی تلفن گویا');
    await officer.getByTestId('ivr-published-none').waitFor();
    const viewer = await graphqlFromPage(officer, '{ viewer { permissions } }');
    expect(viewer.data.viewer.permissions).toEqual(expect.arrayContaining(['ivr:read', 'ivr:prepare']));
    expect(viewer.data.viewer.permissions).not.toContain('ivr:approve');

    await officer.getByTestId('ivr-start').click();
    await officer.getByTestId('ivr-form').waitFor();
    await officer.getByTestId('ivr-greeting-text').fill(greeting);
    await expect(officer.getByTestId('ivr-announce').isChecked()).resolves.toBe(true);
    await officer.getByTestId('ivr-prompt-1-text').fill('برای گزارش حوادث آب ۱ و برای پیگیری درخواست ۲ را بزنید.');
    const options = officer.getByTestId('ivr-option');
    // The first option: key 1, to the PBX's queue of water incidents.
    await expect(options.nth(0).getByTestId('ivr-option-key').inputValue()).resolves.toBe('1');
    await options.nth(0).getByTestId('ivr-option-label').fill('حوادث آب');
    await options.nth(0).getByTestId('ivr-option-queue').fill('122-water');
    // The second: key 2 (the first free key), a sub-menu with a transfer to 1523 — its label left empty for now.
    await officer.getByTestId('ivr-menu-1-add').click();
    await expect(options.nth(1).getByTestId('ivr-option-key').inputValue()).resolves.toBe('2');
    await options.nth(1).getByTestId('ivr-option-kind').selectOption('menu');
    await officer.getByTestId('ivr-menu-2').waitFor();
    await officer.getByTestId('ivr-prompt-2-text').fill('برای گفتگو با کارشناس پیگیری ۱ را بزنید.');
    await officer.getByTestId('ivr-menu-2-add').click();
    await options.nth(2).getByTestId('ivr-option-label').fill('کارشناس پیگیری');
    await options.nth(2).getByTestId('ivr-option-kind').selectOption('transfer');
    await options.nth(2).getByTestId('ivr-option-number').fill('1523');

    // Saved with an empty label: the API refuses `tree.menu.options.1.label`, said beside it in Persian, focused.
    await officer.getByTestId('ivr-save').click();
    const label = officer.locator('#ivr-tree-menu-options-1-label');
    await expect.poll(() => label.getAttribute('aria-invalid')).toBe('true');
    await officer.getByTestId('ivr-editor').getByText('نباید خالی باشد').waitFor();
    await expect.poll(() => officer.evaluate(() => document.activeElement?.id)).toBe('ivr-tree-menu-options-1-label');
    await officer.getByTestId('ivr-form-error').waitFor();
    await shot(officer, 'ivr-editor-field-error');
    await label.fill('پیگیری درخواست');
    await expect.poll(() => label.getAttribute('aria-invalid')).not.toBe('true');
    // A key used twice in a menu: refused at that key.
    await officer.locator('#ivr-tree-menu-options-1-key').selectOption('1');
    await officer.getByTestId('ivr-save').click();
    await officer.getByTestId('ivr-editor').getByText('این کلید در همین منو دو بار آمده است').waitFor();
    await expect(officer.locator('#ivr-tree-menu-options-1-key').getAttribute('aria-invalid')).resolves.toBe('true');
    await officer.locator('#ivr-tree-menu-options-1-key').selectOption('2');

    // A recording: a small WAV made here, uploaded, listed, played, and chosen for the greeting.
    await officer.getByTestId('ivr-recording-name').fill(recordingName);
    await officer.locator('input[type=file]').setInputFiles({
      name: 'greeting.wav',
      mimeType: 'audio/wav',
      buffer: tinyWav(),
    });
    await officer.getByTestId('ivr-upload').click();
    await officer.getByTestId('ivr-upload-notice').getByText(`ضبط «${recordingName}» بارگذاری شد.`).waitFor();
    const recording = officer.getByTestId('ivr-recording');
    await expect.poll(() => recording.count()).toBe(1);
    audioId = (await recording.first().getAttribute('data-audio-id')) ?? '';
    expect(audioId).toMatch(/^[0-9a-f-]{36}$/);
    await expect(recording.first().textContent()).resolves.toContain('WAV');
    await recording.first().getByTestId('ivr-recording-play').click();
    await expect.poll(() => officer.getByTestId('ivr-recording-audio').getAttribute('src')).toMatch(/^blob:/);
    await officer.getByTestId('ivr-greeting-audio').selectOption({ label: recordingName });

    // The caller's outline follows the form: greeting with its recording, the announcements, each key.
    const outline = officer.getByTestId('ivr-editor-outline');
    await expect.poll(() => outline.textContent()).toContain(recordingName);
    const heard = (await outline.textContent()) ?? '';
    expect(heard).toContain(greeting);
    expect(heard).toContain('اطلاعیه‌های قطعی برنامه‌ریزی‌شده و حوادث منطقه');
    expect(heard).toContain('کلید ۱: حوادث آب');
    expect(heard).toContain('122-water');
    expect(heard).toContain('کلید ۲: پیگیری درخواست');
    expect(heard).toContain('انتقال به شمارهٔ ۱۵۲۳');
    await officer.getByTestId('ivr-note').fill('نخستین منوی مرکز: حوادث و پیگیری.');

    await officer.getByTestId('ivr-save').click();
    await officer.getByTestId('ivr-notice').getByText('پیش‌نویس ذخیره شد.').waitFor();
    await expect.poll(() => officer.getByTestId('ivr-editor').getAttribute('data-version')).toBe('1');
    await expect(officer.getByTestId('ivr-editor').getByRole('heading').first().textContent()).resolves.toBe(
      'پیش‌نویس نسخهٔ ۱',
    );
    await expect(officer.getByTestId('ivr-form-error').count()).resolves.toBe(0);
    await shot(officer, 'ivr-editor-draft');
    await expectAccessible(officer, 'IVR menu editor (draft)');

    await officer.getByTestId('ivr-submit').click();
    await officer.getByTestId('ivr-notice').getByText('برای تأیید مدیر مرکز فرستاده شد.').waitFor();
    const waiting = officer.getByTestId('ivr-waiting');
    await waiting.waitFor();
    await expect(waiting.getByTestId('ivr-state').textContent()).resolves.toBe('منتظر تأیید');
    // Submitted: no editor, and no approval for the officer.
    await expect(officer.getByTestId('ivr-form').count()).resolves.toBe(0);
    await expect(officer.getByTestId('ivr-approve').count()).resolves.toBe(0);
    await expect(officer.getByTestId('ivr-reject').count()).resolves.toBe(0);
    await officer.getByTestId('ivr-waits-for-manager').waitFor();
    await expect(officer.locator('[data-testid=ivr-version][data-state=SUBMITTED]').count()).resolves.toBe(1);
    await shot(officer, 'ivr-submitted-officer');
  });

  it('the centre manager reads the submitted menu and sends it back with a reason', async () => {
    manager = await staffPage('tehran.manager', '/messaging/ivr');
    const waiting = manager.getByTestId('ivr-waiting');
    await waiting.waitFor();
    await expect(waiting.getAttribute('data-version')).resolves.toBe('1');
    await expect(waiting.getByTestId('ivr-waiting-note').textContent()).resolves.toContain('نخستین منوی مرکز');
    const heard = (await waiting.getByTestId('ivr-waiting-outline').textContent()) ?? '';
    expect(heard).toContain('کلید ۱: حوادث آب');
    expect(heard).toContain(recordingName);
    await waiting.getByTestId('ivr-changes-first').waitFor();
    // Dates in the Persian calendar, in Persian digits.
    const text = (await waiting.textContent()) ?? '';
    expect(text).toMatch(/[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}/);
    expect(text).not.toMatch(/[0-9]{4}\/[0-9]{2}\/[0-9]{2}/);
    await expectRtl(manager);
    await shot(manager, 'ivr-approval');
    await expectAccessible(manager, 'IVR menu approval');

    await manager.getByTestId('ivr-reject').click();
    await manager.getByTestId('ivr-reject-confirm').click();
    await manager.getByTestId('ivr-decision').getByText('این مورد لازم است').waitFor();
    await manager.getByTestId('ivr-reject-reason').fill(reason);
    await expectAccessible(manager, 'IVR menu approval (sending back)');
    await manager.getByTestId('ivr-reject-confirm').click();
    await manager.getByTestId('ivr-notice').getByText('نسخه با دلیل به نویسنده بازگردانده شد.').waitFor();
    await expect.poll(() => manager.getByTestId('ivr-waiting').count()).toBe(0);
    await expect(manager.locator('[data-testid=ivr-version][data-state=DRAFT]').count()).resolves.toBe(1);
  });

  it('the officer reads the reason beside the draft, mends it and submits it again', async () => {
    await officer.goto(`${platform.baseUrl}/messaging/ivr`);
    await officer.getByTestId('ivr-sent-back').waitFor();
    await expect(officer.getByTestId('ivr-rejection-reason').textContent()).resolves.toBe(reason);
    await expect(officer.getByTestId('ivr-greeting-audio').inputValue()).resolves.toBe(audioId);
    await officer.getByTestId('ivr-menu-1-add').click();
    // The options in the page: 1, 2 (its sub-menu's option inside it), and the new one.
    const added = officer.getByTestId('ivr-option').nth(3);
    await expect(added.getByTestId('ivr-option-label').getAttribute('id')).resolves.toBe(
      'ivr-tree-menu-options-2-label',
    );
    await added.getByTestId('ivr-option-key').selectOption('9');
    await added.getByTestId('ivr-option-label').fill('ساعات کاری');
    await added.getByTestId('ivr-option-kind').selectOption('announcement');
    await added.getByTestId('ivr-option-announcement-text').fill('مرکز تماس ۱۲۲ شبانه‌روزی پاسخگوست.');
    await added.getByTestId('ivr-option-after').selectOption('hangup');
    await expect(officer.getByTestId('ivr-editor-outline').textContent()).resolves.toContain('سپس پایان تماس');
    await officer.getByTestId('ivr-unsaved').waitFor();
    await shot(officer, 'ivr-editor-sent-back');
    // Submitting saves what is unsaved first.
    await officer.getByTestId('ivr-submit').click();
    await officer.getByTestId('ivr-notice').getByText('برای تأیید مدیر مرکز فرستاده شد.').waitFor();
    await officer.getByTestId('ivr-waiting').waitFor();
    await expect(officer.getByTestId('ivr-approve').count()).resolves.toBe(0);
  });

  it('the centre manager publishes it, and the PBX’s menu holds the tree', async () => {
    await manager.goto(`${platform.baseUrl}/messaging/ivr`);
    const waiting = manager.getByTestId('ivr-waiting');
    await waiting.waitFor();
    await expect(waiting.getByTestId('ivr-waiting-outline').textContent()).resolves.toContain('ساعات کاری');
    await manager.getByTestId('ivr-approve').click();
    await manager.getByText('نسخهٔ ۱ منتشر شود و نسخهٔ کنونی کنار گذاشته شود؟').waitFor();
    await manager.getByTestId('ivr-approve-confirm').click();
    await manager
      .getByTestId('ivr-notice')
      .getByText('منو منتشر شد؛ مرکز تلفن از دریافت بعدی آن را پخش می‌کند.')
      .waitFor();
    const published = manager.getByTestId('ivr-published');
    await published.getByTestId('ivr-published-outline').waitFor();
    await expect(published.getByTestId('ivr-state').getAttribute('data-state')).resolves.toBe('PUBLISHED');
    await published.getByTestId('ivr-pbx-json').waitFor({ state: 'attached' });

    const answer = await graphqlFromPage(manager, '{ ivrPublishedMenu }');
    expect(answer.errors).toBeUndefined();
    const menu = answer.data.ivrPublishedMenu;
    expect(menu).toMatchObject({
      format: 'abfa-ivr-menu/1',
      version: 1,
      greeting: { text: greeting, audioId },
      audio: { [audioId]: { url: `/messaging/ivr/audio/${audioId}` } },
    });
    expect(menu.menu.options.map((o: { key: string }) => o.key)).toEqual(['1', '2', '9']);
    expect(menu.menu.options[0]).toEqual({
      key: '1',
      label: 'حوادث آب',
      destination: { kind: 'queue', queue: '122-water' },
    });
    expect(menu.menu.options[1].destination.menu.options[0]).toEqual({
      key: '1',
      label: 'کارشناس پیگیری',
      destination: { kind: 'transfer', number: '1523' },
    });
    expect(menu.menu.options[2].destination).toEqual({
      kind: 'announcement',
      prompt: { text: 'مرکز تماس ۱۲۲ شبانه‌روزی پاسخگوست.' },
      after: 'hangup',
    });
    await shot(manager, 'ivr-published');
    await expectAccessible(manager, 'IVR menu (published)');
  });

  it('a new version starts from the published one and shows what it changes', async () => {
    await officer.goto(`${platform.baseUrl}/messaging/ivr`);
    await officer.getByTestId('ivr-published-outline').waitFor();
    await officer.getByTestId('ivr-start').click();
    const label = officer.getByTestId('ivr-option').nth(0).getByTestId('ivr-option-label');
    await expect(label.inputValue()).resolves.toBe('حوادث آب');
    await officer.getByTestId('ivr-changes').getByText('با منوی منتشرشده فرقی ندارد.').waitFor();
    await label.fill('حوادث و شکستگی لوله');
    await expect.poll(() => officer.getByTestId('ivr-change-added').count()).toBe(1);
    await expect(officer.getByTestId('ivr-change-removed').textContent()).resolves.toContain('حوادث آب');
    await expect(officer.getByTestId('ivr-change-added').textContent()).resolves.toContain('حوادث و شکستگی لوله');
    // Reordered: the key stays with its option.
    await officer.getByTestId('ivr-option').nth(0).getByTestId('ivr-option-down').click();
    await expect(officer.locator('#ivr-tree-menu-options-1-label').inputValue()).resolves.toBe('حوادث و شکستگی لوله');
    await expect(officer.locator('#ivr-tree-menu-options-1-key').inputValue()).resolves.toBe('1');
    await officer.getByTestId('ivr-save').click();
    await officer.getByTestId('ivr-notice').getByText('پیش‌نویس ذخیره شد.').waitFor();
    await expect.poll(() => officer.getByTestId('ivr-editor').getAttribute('data-version')).toBe('2');
    await shot(officer, 'ivr-editor-next-version');
    await expectAccessible(officer, 'IVR menu editor (next version)');
  });

  it('at phone width the editor and the published menu fit the screen', async () => {
    const phone = await staffPage('tehran.information', '/messaging/ivr', { phone: true });
    await phone.getByTestId('ivr-form').waitFor();
    await expectRtl(phone);
    expect(await sidewaysScroll(phone)).toBeLessThanOrEqual(0);
    // A sub-menu two levels down still fits.
    await expect(phone.locator('#ivr-tree-menu-options-0-destination').inputValue()).resolves.toBe('menu');
    expect(await sidewaysScroll(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'ivr-editor-phone');
    await expectAccessible(phone, 'IVR menu editor (phone)');
  });
});
