import type { Browser, Page } from 'playwright-core';
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

/** The agent's call screen (issue 10): a new call starts blank, errors stay inline, the keyboard, the timer. */

let platform: Platform;
let browser: Browser;

withPortal((p, b) => {
  platform = p;
  browser = b;
});

// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers as JSON
type Json = any;

/** A GraphQL call with the signed-in user's own token, as another screen (or another agent) would make it. */
function api(page: Page) {
  return (query: string, variables: Record<string, unknown> = {}): Promise<Json> =>
    graphqlFromPage(page, query, variables);
}

let serial = 0;
/** A fresh mobile number nobody in the demo data has. */
function freshMobile(): string {
  serial += 1;
  return `0935${String(Date.now() + serial).slice(-7)}`;
}

async function unitIdNamed(page: Page, nameFa: string): Promise<string> {
  const units = await api(page)('{ units(first: 200) { nodes { id nameFa } } }');
  const found = units.data.units.nodes.find((u: { nameFa: string }) => u.nameFa === nameFa);
  if (!found) throw new Error(`no unit ${nameFa}`);
  return found.id;
}

async function registerCustomer(page: Page, input: Record<string, unknown>): Promise<string> {
  const registered = await api(page)(
    `mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) {
      __typename ... on RegisterSubscriberSuccess { data { id } } } }`,
    { input },
  );
  return registered.data.registerSubscriber.data.id;
}

async function requestByCode(page: Page, trackingCode: string): Promise<Json> {
  const answer = await api(page)(
    `query($code: String!) { requestByTrackingCode(trackingCode: $code) {
      id address description callerName callerMobileMasked locationUnit { nameFa } subscriber { id } } }`,
    { code: trackingCode },
  );
  return answer.data.requestByTrackingCode;
}

async function trackingCodeShown(page: Page): Promise<string> {
  const code = page.getByTestId('tracking-code').first();
  await code.waitFor();
  return (await code.getAttribute('data-code')) ?? '';
}

async function pick(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).focus();
  await page.keyboard.type(text);
  await page.getByRole('option').first().waitFor();
  await page.keyboard.press('Enter');
}

const eslamshahr = 'امور آب و فاضلاب اسلامشهر';
const varamin = 'امور آب و فاضلاب ورامین';

async function agentPage(): Promise<Page> {
  const context = await newContext(browser);
  const page = await context.newPage();
  onTestFailed(async () => {
    if (!page.isClosed()) await screenshot(page, `failed-call-screen-${Date.now()}`);
  });
  await signIn(page, platform.baseUrl, 'tehran.agent', '/agent');
  await page.getByTestId('caller-number').waitFor();
  return page;
}

describe('the agent’s call screen', () => {
  it('a new call starts blank after a customer’s call, and Enter in the area picker registers nothing', async () => {
    const page = await agentPage();
    const customerMobile = freshMobile();
    const customerAddress = 'اسلامشهر، خیابان امام، کوچه ۷، پلاک ۳';
    await registerCustomer(page, {
      ownerName: 'مریم کاظمی',
      subscriptionNumber: `88${customerMobile.slice(-7)}`,
      mobile: customerMobile,
      unitId: await unitIdNamed(page, eslamshahr),
      address: customerAddress,
    });

    // 1. The customer calls about a burst pipe: their district and address fill the form.
    await page.getByTestId('caller-number').fill(customerMobile);
    await page.getByTestId('subscriber-card').waitFor();
    await pick(page, 'category-picker', 'شکستگی لوله');
    await expect.poll(() => page.getByTestId('area-picker').inputValue()).toBe(eslamshahr);
    expect(await page.getByTestId('address').inputValue()).toBe(customerAddress);
    await page.getByTestId('description').fill('آب از کنار کنتور بیرون می‌زند');
    await page.keyboard.press('Control+Enter');
    await trackingCodeShown(page);

    // 2. The next caller is not a customer, from another district: nothing of the previous call is there.
    await page.getByTestId('new-call-after').click();
    const stranger = freshMobile();
    await page.getByTestId('caller-number').fill(stranger);
    await page.getByTestId('no-subscriber').waitFor();
    expect(await page.getByTestId('subscriber-card').count()).toBe(0);
    await pick(page, 'category-picker', 'شکستگی لوله');
    await page.getByTestId('area-picker').waitFor();
    expect(await page.getByTestId('area-picker').inputValue()).toBe('');
    expect(await page.getByTestId('address').inputValue()).toBe('');
    expect(await page.getByTestId('description').inputValue()).toBe('');
    expect(await page.getByTestId('caller-name').inputValue()).toBe('');
    expect(await page.getByTestId('incident-proposal').count()).toBe(0);

    // 3. Typing in the area picker chooses the area (never appended to old text); Enter there submits nothing.
    await page.getByTestId('description').fill('لوله اصلی کوچه شکسته است');
    await pick(page, 'area-picker', 'ورامین');
    await expect.poll(() => page.getByTestId('area-picker').inputValue()).toBe(varamin);
    await page.getByTestId('address').fill('ورامین، بلوار امام، کوچه ۲۱');
    await page.getByTestId('area-picker').focus();
    await page.keyboard.press('Enter');
    // Typing again replaces the chosen name (the text is selected on focus).
    await page.keyboard.type('ورامین');
    await page.getByRole('option').first().waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    // Give a wrongly submitted form the time to come back: nothing was registered.
    await page.waitForTimeout(1500);
    expect(await page.getByTestId('call-done').count()).toBe(0);
    expect(await page.getByTestId('call-form').count()).toBe(1);
    // Leaving the picker shows the name of the area chosen.
    await page.getByTestId('address').focus();
    expect(await page.getByTestId('area-picker').inputValue()).toBe(varamin);

    // 4. Ctrl+Enter from the picker itself registers it — in the district chosen, with the address typed.
    await page.getByTestId('area-picker').focus();
    await page.keyboard.press('Control+Enter');
    const code = await trackingCodeShown(page);
    const request = await requestByCode(page, code);
    expect(request.locationUnit.nameFa).toBe(varamin);
    // (Digits are stored as typed or in ASCII; the place is what matters here.)
    expect(request.address.replace(/[۰-۹]/g, (d: string) => String(d.charCodeAt(0) - 0x06f0))).toBe(
      'ورامین، بلوار امام، کوچه 21',
    );
    expect(request.subscriber).toBeNull();
    expect(request.callerName).toBeNull();
    await page.context().close();
  });

  it('a network failure mid-call is an inline notice; a retry answers the same request', async () => {
    const page = await agentPage();
    const description = `فشار آب بسیار کم است ${Date.now()}`;
    // The network goes down right after the server registered the request (its answer is dropped), and stays down
    // for everything that follows until the agent retries.
    let offline = false;
    let registerCalls = 0;
    const keys = new Set<string>();
    await page.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (body.includes('AgentRegisterRequest')) {
        registerCalls += 1;
        keys.add(route.request().headers()['idempotency-key'] ?? '');
        if (registerCalls === 1) {
          await route.fetch(); // the server has it…
          offline = true;
          return route.abort('connectionreset'); // …the agent's browser never hears back
        }
      }
      if (offline) return route.abort('internetdisconnected');
      return route.fallback();
    });

    await page.getByTestId('caller-number').fill(freshMobile());
    await page.getByTestId('no-subscriber').waitFor();
    await pick(page, 'category-picker', 'افت فشار');
    await page.getByTestId('description').fill(description);
    await pick(page, 'area-picker', 'ورامین');
    await page.getByTestId('address').fill('ورامین، خیابان شهدا');
    await page.getByTestId('caller-name').fill('رضا احمدی');
    await page.getByTestId('submit-call').click();

    // An inline notice; the screen and every value stay.
    await page.getByTestId('form-error').waitFor();
    expect(await page.getByTestId('call-form').count()).toBe(1);
    expect(await page.getByTestId('description').inputValue()).toBe(description);
    expect(await page.getByTestId('caller-name').inputValue()).toBe('رضا احمدی');
    expect(await page.getByTestId('area-picker').inputValue()).toBe(varamin);
    await screenshot(page, 'call-screen-offline');

    // The retry still fails (the network is down), yet the screen stays; then the network is back.
    await page.getByTestId('submit-call').click();
    await expect.poll(() => registerCalls).toBe(2);
    await page.getByTestId('form-error').waitFor();
    expect(await page.getByTestId('call-form').count()).toBe(1);
    offline = false;
    await page.getByTestId('submit-call').click();
    const code = await trackingCodeShown(page);
    await page.getByTestId('call-done').waitFor();

    // One key for the call, one request on the server: the one the first submit made.
    expect(keys.size).toBe(1);
    const request = await requestByCode(page, code);
    expect(request.description).toBe(description);
    const list = await api(page)(
      `query { requests(first: 50, categoryCode: "water.low_pressure") { nodes { description } } }`,
    );
    expect(list.data.requests.nodes.filter((r: { description: string }) => r.description === description)).toHaveLength(
      1,
    );
    await page.context().close();
  });

  it('the tracking code shows as soon as the server has one, even when recording the call then fails', async () => {
    const page = await agentPage();
    let offline = false;
    await page.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (offline) return route.abort('internetdisconnected');
      if (body.includes('AgentRegisterRequest')) {
        // The request is answered; from then on the network is down (the call's record, any refetch).
        const response = await route.fetch();
        offline = true;
        return route.fulfill({ response });
      }
      return route.fallback();
    });
    await page.getByTestId('caller-number').fill(freshMobile());
    await page.getByTestId('no-subscriber').waitFor();
    await pick(page, 'category-picker', 'شکستگی لوله');
    await page.getByTestId('description').fill('آب از زیر آسفالت بیرون می‌زند');
    await pick(page, 'area-picker', 'ورامین');
    await page.getByTestId('address').fill('ورامین، میدان اصلی');
    await page.getByTestId('submit-call').click();

    await page.getByTestId('partial-submit').waitFor();
    const code = await trackingCodeShown(page);
    await page.getByTestId('form-error').waitFor();
    expect(await page.getByTestId('call-form').count()).toBe(1);
    offline = false;
    await page.getByTestId('submit-call').click();
    await page.getByTestId('call-done').waitFor();
    expect(await trackingCodeShown(page)).toBe(code);
    await page.context().close();
  });
  it('the keyboard on a Persian layout: focus on the next thing, Ctrl+Enter from any field, Alt+N, the ? list', async () => {
    const page = await agentPage();
    const cdp = await page.context().newCDPSession(page);
    /** A key as a Persian layout sends it: the character it types (key) on the physical key (code). */
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
    const alt = 1;
    const ctrl = 2;
    const shift = 8;
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

    const mobile = freshMobile();
    await registerCustomer(page, {
      ownerName: 'حسن مرادی',
      subscriptionNumber: `66${mobile.slice(-7)}`,
      mobile,
      unitId: await unitIdNamed(page, eslamshahr),
      address: 'اسلامشهر، خیابان بهار، کوچه ۴',
    });
    // The customer is found: the focus goes to the subject of the call, not five Tabs away.
    await page.getByTestId('caller-number').fill(mobile);
    await page.getByTestId('subscriber-card').waitFor();
    await expect.poll(focused).toBe('category-picker');
    // The subject chosen: on to the description.
    await page.keyboard.type('افت فشار');
    await page.getByRole('option').first().waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('description');
    await page.keyboard.type('فشار آب طبقه دوم صفر است');

    // Ctrl+Enter (Persian layout: the same physical keys) from the caller's number, outside the form, submits it.
    await page.getByTestId('caller-number').focus();
    await press('Enter', 'Enter', 13, ctrl);
    await page.getByTestId('call-done').waitFor();
    await expect.poll(focused).toBe('new-call-after');

    // Alt+N is the key that types «د» on a Persian layout: a new call, blank, the caller's number focused.
    await press('د', 'KeyN', 78, alt);
    await page.getByTestId('call-form').waitFor();
    await expect.poll(focused).toBe('caller-number');
    expect(await page.getByTestId('caller-number').inputValue()).toBe('');
    expect(await page.getByTestId('call-done').count()).toBe(0);

    // Alt+N works while typing in a field too.
    await page.keyboard.type('0912');
    await press('د', 'KeyN', 78, alt);
    await expect.poll(() => page.getByTestId('caller-number').inputValue()).toBe('');

    // «؟» (Shift and the / key) outside a field lists the shortcuts.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await press('؟', 'Slash', 191, shift);
    const overlay = page.getByRole('dialog');
    await overlay.waitFor();
    const listed = await overlay.textContent();
    expect(listed).toContain('Alt+N');
    expect(listed).toContain('Ctrl+Enter');
    await screenshot(page, 'call-screen-shortcuts');
    await expectAccessible(page, 'shortcuts overlay');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.context().close();
  });

  it('the call timer starts with the call, and the talk time recorded is the one it shows', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.clock.install();
    await signIn(page, platform.baseUrl, 'tehran.agent', '/agent');
    const timer = page.getByTestId('call-timer');
    const mobile = freshMobile();
    await page.getByTestId('new-call').click();
    await page.getByTestId('caller-number').fill(mobile);
    await pick(page, 'category-picker', 'تعرفه‌ها');
    await page.getByTestId('answer-script').waitFor();
    // Two minutes and five seconds of talk.
    await page.clock.fastForward('02:05');
    await expect.poll(async () => (await timer.textContent()) ?? '').toMatch(/[۲2]:[۰0][۵5]|[۲2]:[۰0][۶-۹6-9]/);
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('contact-recorded').waitFor();
    const shown = (await timer.textContent()) ?? '';
    const [minutes, seconds] = (shown.match(/([\d۰-۹]+):([\d۰-۹]+)/)?.slice(1) ?? []).map((d) =>
      Number(d.replace(/[۰-۹]/g, (c) => String(c.charCodeAt(0) - 0x06f0))),
    );
    const contacts = await api(page)('{ contacts(first: 20) { nodes { callerNumber talkSeconds } } }');
    const recorded = contacts.data.contacts.nodes.find(
      (c: { callerNumber: string }) => c.callerNumber === `+98${mobile.slice(1)}`,
    );
    expect(recorded.talkSeconds).toBeGreaterThanOrEqual(125);
    expect(recorded.talkSeconds).toBe((minutes ?? 0) * 60 + (seconds ?? 0));
    // The timer stopped with the call: it shows the same figure a moment later.
    await page.clock.fastForward('00:10');
    expect(await timer.textContent()).toBe(shown);
    await context.close();
  });
  it('a neighbour calling about a customer: the customer’s history on every line, the call under the neighbour’s name', async () => {
    const page = await agentPage();
    const ownerMobile = freshMobile();
    const subscriptionNumber = `77${ownerMobile.slice(-7)}`;
    const subscriberId = await registerCustomer(page, {
      ownerName: 'فاطمه رحیمی',
      subscriptionNumber,
      mobile: ownerMobile,
      unitId: await unitIdNamed(page, eslamshahr),
      address: 'اسلامشهر، خیابان نرگس',
    });
    const lines = await api(page)('{ lines { id code } }');
    const line1522 = lines.data.lines.find((l: { code: string }) => l.code === '1522').id;
    // The owner called the old 1522 line last week (the PBX knew only the number).
    await api(page)(`mutation($input: RecordContactInput!) { recordContact(input: $input) { __typename } }`, {
      input: {
        channel: 'PHONE',
        lineId: line1522,
        callerNumber: ownerMobile,
        outcome: 'INFORMED',
        startedAt: new Date(Date.now() - 7 * 24 * 3600 * 1000).toISOString(),
      },
    });

    // A neighbour calls from their own phone and gives the customer's subscription number.
    const neighbour = freshMobile();
    await page.getByTestId('caller-number').fill(neighbour);
    await page.getByTestId('no-subscriber').waitFor();
    await page.getByTestId('subscriber-search').fill(subscriptionNumber);
    await page.getByTestId('subscriber-search').press('Enter');
    await page.getByTestId('subscriber-card').waitFor();
    expect(await page.getByTestId('mobile-on-file').textContent()).toMatch(/[۰-۹0-9]{4}/);
    expect(await page.getByTestId('caller-vs-owner').textContent()).toContain('ممکن است مالک نباشد');
    const history = page.getByTestId('subscriber-history');
    await expect
      .poll(() => history.getByTestId('history-line').allTextContents())
      .toEqual([expect.stringContaining('۱۵۲۲')]);

    await pick(page, 'category-picker', 'نشت کنتور');
    await page.getByTestId('description').fill('کنتور خانه همسایه نشت دارد');
    await page.getByTestId('caller-name').fill('همسایه، آقای نوری');
    await page.keyboard.press('Control+Enter');
    const code = await trackingCodeShown(page);
    const request = await requestByCode(page, code);
    expect(request.callerName).toBe('همسایه، آقای نوری');
    expect(request.callerMobileMasked).toMatch(new RegExp(`${neighbour.slice(-4)}$`));
    expect(request.subscriber.id).toBe(subscriberId);
    await screenshot(page, 'call-screen-history');
    await expectAccessible(page, 'call screen with history');

    // The next call from the owner's phone shows this request in the history, newest first.
    await page.getByTestId('new-call-after').click();
    await page.getByTestId('caller-number').fill(ownerMobile);
    await page.getByTestId('subscriber-card').waitFor();
    expect(await page.getByTestId('caller-vs-owner').textContent()).toContain('همراه ثبت‌شده');
    await expect.poll(() => page.getByTestId('subscriber-history').locator('li').count()).toBe(3);
    expect(await page.getByTestId('subscriber-history').locator('li').first().getAttribute('data-testid')).toMatch(
      /history-(request|contact)/,
    );
    await page.context().close();
  });
});
