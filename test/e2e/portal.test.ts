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
  tokenTtlSeconds,
  withPortal,
} from '../support/browser.js';

let platform: Platform;
let browser: Browser;

withPortal((p, b) => {
  platform = p;
  browser = b;
});

describe('the portal in a real browser', () => {
  it('signs an agent in through the issuer and shows who they are, right to left', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, platform.baseUrl, 'tehran.agent', '/agent');
    await expectRtl(page);
    await expect.poll(() => page.getByTestId('viewer-tenant').textContent()).toContain('تهران');
    expect(new URL(page.url()).pathname).toBe('/agent');
    await screenshot(page, 'agent-workspace');
    await expectAccessible(page, 'agent workspace');
    await context.close();
  });

  it('citizen tracking page: Persian, right to left, usable on a phone', async () => {
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    await page.goto(`${platform.baseUrl}/track?tenant=tehran`);
    await expectRtl(page);
    // Every active company, from the server, searchable by its Persian name; ?tenant= picked the first.
    const picker = page.getByTestId('citizen-tenant');
    await expect.poll(() => picker.inputValue()).toBe('شرکت آب و فاضلاب استان تهران');
    await picker.click();
    await expect.poll(() => page.getByRole('option').count()).toBeGreaterThan(20);
    await picker.fill('یزد');
    await expect.poll(() => page.getByRole('option').allTextContents()).toEqual(['شرکت آب و فاضلاب استان یزد']);
    await page.keyboard.press('Escape');
    await screenshot(page, 'citizen-track');
    await expectAccessible(page, 'citizen tracking');
    await context.close();
  });

  it('agent workspace: the caller’s open requests change without a reload', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, platform.baseUrl, 'tehran.agent', '/agent');
    /** A GraphQL call with the signed-in agent's own token, as another screen (or another agent) would make it. */
    const call = (query: string, variables: Record<string, unknown>) => graphqlFromPage(page, query, variables);
    const digits = String(Date.now()).slice(-7);
    const mobile = `0912${digits}`;
    const registered = await call(
      `mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) {
        __typename ... on RegisterSubscriberSuccess { data { id } } } }`,
      { input: { ownerName: 'زهرا رضایی', subscriptionNumber: `77${digits}`, mobile } },
    );
    const subscriberId = registered.data.registerSubscriber.data.id;

    await page.getByTestId('caller-number').fill(mobile);
    const open = page.getByTestId('open-requests');
    await expect.poll(() => open.textContent()).toContain('درخواست بازی ندارد');

    const request = await call(
      `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
        __typename ... on RegisterRequestSuccess { data { trackingCodeDisplay } } } }`,
      {
        input: {
          categoryCode: 'billing.high_bill',
          channel: 'PHONE',
          callerMobile: mobile,
          subscriberId,
          description: 'مبلغ قبض این دوره دو برابر شده است',
        },
      },
    );
    // Shown in the one tracking-code format (the API's grouping), in Persian digits.
    const shown: string = request.data.registerRequest.data.trackingCodeDisplay;
    const persian = shown.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)] ?? d);
    await expect.poll(() => open.textContent()).toContain(persian);
    await context.close();
  });

  let agent: Page | undefined;
  let citizen: Page | undefined;
  it('a pipe burst from call to resolution: tracking code, incident link, live queue, citizen page', async () => {
    const unitContext = await newContext(browser);
    const unitPage = await unitContext.newPage();
    onTestFailed(async () => {
      for (const [name, page] of Object.entries({ unit: unitPage, agent, citizen }))
        if (page && !page.isClosed()) await screenshot(page, `failed-${name}`);
    });
    await signIn(unitPage, platform.baseUrl, 'tehran.unit', '/queue');
    await unitPage.getByTestId('queue-live').waitFor();
    // A mark on this very document: if the page reloaded to show the new request, the mark would be gone.
    await unitPage.evaluate(() => Object.assign(window, { sameDocument: true }));

    // 1. The agent takes a call about a burst pipe, with the keyboard alone.
    const agentContext = await newContext(browser);
    agent = await agentContext.newPage();
    await signIn(agent, platform.baseUrl, 'tehran.agent', '/agent');
    const caller = '09127654321';
    await agent.getByTestId('caller-number').fill(caller);
    await agent.getByTestId('category-picker').focus();
    await agent.keyboard.type('شکستگی لوله');
    await agent.keyboard.press('Enter');
    await agent.getByTestId('area-picker').focus();
    await agent.keyboard.type('اسلامشهر');
    await agent.keyboard.press('Enter');
    await agent.getByTestId('address').fill('اسلامشهر، خیابان امام، کوچه ۱۲');
    await agent.getByTestId('description').fill('آب از زیر آسفالت بیرون می‌زند');
    await agent.keyboard.press('Control+Enter');
    const code = (await agent.getByTestId('tracking-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[۰-۹]{4}\s*-\s*[۰-۹]{4}$/);
    await screenshot(agent, 'agent-request-registered');
    await expectAccessible(agent, 'agent workspace, request registered');
    await agent.getByTestId('open-incident').click();
    await agent.getByTestId('incident-opened').waitFor();

    // 2. A second call from the same area is offered that incident instead of a duplicate request.
    await agent.getByTestId('new-call-after').click();
    await agent.getByTestId('caller-number').fill('09351112233');
    await agent.getByTestId('category-picker').focus();
    await agent.keyboard.type('شکستگی لوله');
    await agent.keyboard.press('Enter');
    await agent.getByTestId('area-picker').focus();
    await agent.keyboard.type('اسلامشهر');
    await agent.keyboard.press('Enter');
    await agent.getByTestId('incident-proposal').waitFor();
    await screenshot(agent, 'agent-incident-proposal');
    await agent.getByTestId('incident-link-button').first().click();
    await agent.getByTestId('incident-link-chosen').waitFor();
    await agent.getByTestId('submit-call').click();
    await agent.getByTestId('linked-to-incident').waitFor();
    // The call is counted on the incident; no second request for the same burst.
    expect(await agent.getByTestId('tracking-code').count()).toBe(0);
    await agent.goto(`${platform.baseUrl}/incidents`);
    const incidentRow = agent.getByTestId('incident-row').filter({ hasText: 'اسلامشهر، خیابان امام' });
    await expect.poll(() => incidentRow.first().getByTestId('incident-calls').textContent()).toBe('۲');

    // 3. The unit's queue shows the first request without a reload, and the unit resolves it.
    const asciiCode = code.replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d))).replace(/\D/g, '');
    const item = unitPage.locator(`[data-testid="queue-item"][data-tracking-code="${asciiCode}"]`);
    await item.waitFor();
    expect(await unitPage.evaluate(() => 'sameDocument' in window)).toBe(true);
    await screenshot(unitPage, 'unit-queue');
    await expectAccessible(unitPage, 'unit queue');
    await item.getByTestId('queue-resolve').click();
    await unitPage.getByTestId('queue-resolve-note').fill('لوله تعویض شد و آب وصل است');
    await unitPage.getByTestId('queue-resolve-submit').click();
    await item.waitFor({ state: 'detached' });

    // 4. The citizen's page shows it resolved, in Persian with Jalali dates: tracking code and the full mobile number
    // (typed the way people do, in Persian digits).
    const citizenContext = await newContext(browser, { phone: true });
    citizen = await citizenContext.newPage();
    await citizen.goto(`${platform.baseUrl}/track?tenant=tehran`);
    await citizen.getByTestId('track-code').fill(code);
    await citizen.getByTestId('track-mobile').fill('۰۹۱۲ ۷۶۵ ۴۳۲۱');
    await citizen.getByTestId('track-submit').click();
    const result = citizen.getByTestId('track-result');
    await result.waitFor();
    await expect.poll(() => result.textContent()).toMatch(/رسیدگی شد|حل شد|انجام شد/);
    // A Jalali year in Persian digits (the Gregorian year would be 2026).
    expect(await result.textContent()).toMatch(/۱۴۰[۵-۶]/);
    await expectRtl(citizen);
    await screenshot(citizen, 'citizen-track-resolved');
    await expectAccessible(citizen, 'citizen tracking, resolved');

    await Promise.all([unitContext.close(), agentContext.close(), citizenContext.close()]);
  });

  it('every main screen of the centre manager: right to left, Jalali dates, no serious accessibility problem', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, platform.baseUrl, 'tehran.manager', '/desk');
    const screens: { path: string; name: string; ready: string }[] = [
      { path: '/desk', name: 'request-desk', ready: 'desk-row' },
      { path: '/contacts', name: 'contacts', ready: 'contact-row' },
      { path: '/incidents', name: 'incidents', ready: 'incident-row' },
      { path: '/outages', name: 'planned-outages', ready: 'outage-view' },
      { path: '/knowledge', name: 'knowledge', ready: 'knowledge-result' },
      { path: '/queue', name: 'unit-queue-manager', ready: 'queue-unit-select' },
    ];
    for (const screen of screens) {
      await page.goto(`${platform.baseUrl}${screen.path}`);
      await page.getByTestId(screen.ready).first().waitFor();
      await expectRtl(page);
      await screenshot(page, screen.name);
      await expectAccessible(page, screen.name);
    }

    // The contacts log, newest first, from the demo data: a call taken by a person (their name, not the PBX's
    // wording or an account id), started on a Jalali day in Persian digits.
    await page.goto(`${platform.baseUrl}/contacts`);
    const personName = /^[\u0600-\u06FF\u200C —]+$/;
    const byPerson = page.getByTestId('contact-row').filter({
      has: page.locator('[data-testid="contact-agent"][data-system="false"]').filter({ hasText: personName }),
    });
    await byPerson.first().waitFor();
    expect(await byPerson.first().getByTestId('contact-started').textContent()).toMatch(
      /^۱۴۰[۴-۶]\/[۰-۹]{2}\/[۰-۹]{2}/,
    );

    // A district office's queue with its crews: the demo requests of the Eslamshahr teams come in, each naming its
    // crew; without them, only the office's own.
    await page.goto(`${platform.baseUrl}/queue`);
    await page.getByTestId('queue-unit-select').selectOption({ label: 'امور آب و فاضلاب اسلامشهر' });
    await page.getByTestId('queue-item').first().waitFor();
    await expect.poll(() => page.getByTestId('queue-item-unit').count()).toBe(0);
    await page.getByLabel('همراه با درخواست‌های واحدهای زیرمجموعه (اکیپ‌ها)').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('below')).toBe('1');
    const crewItem = page.getByTestId('queue-item-unit').filter({ hasText: 'اسلامشهر' }).filter({ hasNotText: 'امور' });
    await crewItem.first().waitFor();
    await screenshot(page, 'unit-queue-with-crews');

    // The desk lists six months of demo requests with Jalali dates; a row opens the request with its timeline.
    await page.goto(`${platform.baseUrl}/desk?status=DISPATCHED`);
    const row = page.getByTestId('desk-row').first();
    expect(await page.getByTestId('desk-list').textContent()).toMatch(/۱۴۰[۴-۵]\/[۰-۹]{2}\/[۰-۹]{2}/);
    const code = await row.getAttribute('data-tracking-code');
    await page.goto(`${platform.baseUrl}/desk/${code}`);
    await page.getByTestId('timeline-event').first().waitFor();
    await screenshot(page, 'request-detail');
    await expectAccessible(page, 'request detail');
    // Dispatching it again starts from the unit routing suggests (its location's district office, in Tehran).
    await page.getByTestId('request-action-DISPATCH').click();
    const unitSelect = page.getByTestId('request-action-unit');
    await expect.poll(() => unitSelect.inputValue()).not.toBe('');
    expect(await page.getByTestId('request-action-form').textContent()).toContain('پیشنهاد مسیریابی');
    await page.getByTestId('request-action-DISPATCH').click();

    // English on demand: the document turns left to right, dates stay Jalali.
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // The navigation bar slides to the other side (Mantine's transition): let it settle before the picture.
    await page.waitForTimeout(1000);
    await screenshot(page, 'request-detail-en');
    await context.close();
  });

  it('a citizen submits a non-emergency request from a phone, reads the tracking code and opens the link', async () => {
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    await page.goto(`${platform.baseUrl}/submit?tenant=isfahan`);
    await expectRtl(page);
    // Nothing filled in: the errors are shown next to the fields, in Persian.
    await page.getByTestId('submit-button').click();
    await expect.poll(() => page.locator('[aria-invalid="true"]').count()).toBeGreaterThan(0);
    await page.getByTestId('submit-category').click();
    await page.getByRole('option').first().click();
    await page.getByTestId('submit-description').fill('کنتور منزل کار نمی‌کند و عدد آن ثابت مانده است');
    await page.getByTestId('submit-mobile').fill('۰۹۱۳۱۲۳۴۵۶۷');
    await page.getByTestId('submit-address').fill('اصفهان، خیابان چهارباغ، کوچه ۷');
    await page.getByTestId('submit-button').click();
    const code = page.getByTestId('tracking-code');
    await code.waitFor();
    expect(await code.textContent()).toMatch(/[۰-۹]{4}/);
    // The link is the key to the status: shown whole, on this server, with its random token.
    const link = (await page.getByTestId('track-link').textContent())?.trim() ?? '';
    const url = new URL(link);
    expect(`${url.origin}${url.pathname}`).toBe(`${platform.baseUrl}/track`);
    expect(url.searchParams.get('tenant')).toBe('isfahan');
    expect(url.searchParams.get('t')).toMatch(/^[0-9a-f]{32}$/);
    await screenshot(page, 'citizen-submitted');
    await expectAccessible(page, 'citizen submission');

    // Opened later, in a fresh tab (as from a text message): the status at once, nothing to type.
    const later = await context.newPage();
    await later.goto(link);
    const result = later.getByTestId('track-result');
    await result.waitFor();
    expect(await later.getByTestId('track-result-code').textContent()).toBe(await code.textContent());
    expect(await result.textContent()).toMatch(/۱۴۰[۵-۶]/);
    expect(await later.getByTestId('track-mobile').inputValue()).toBe('');
    await expectRtl(later);
    await screenshot(later, 'citizen-track-by-link');
    await expectAccessible(later, 'citizen tracking by link');
    await context.close();
  });

  it('an error from the server stands next to its field, in Persian, and the form keeps what was typed', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    onTestFailed(() => screenshot(page, 'failed-field-error'));
    await signIn(page, platform.baseUrl, 'tehran.manager', '/outages');
    await page.getByTestId('outage-register-toggle').click();
    // Nothing filled in: the portal itself names the missing fields.
    await page.getByTestId('outage-register-submit').click();
    await expect.poll(() => page.getByTestId('outage-area').getAttribute('aria-invalid')).toBe('true');
    // An end before the start passes the portal's checks; the server refuses it on endsAt, shown under the end date.
    const values = {
      'outage-area': 'اسلامشهر، شهرک قائمیه',
      'outage-start-date': '۱۴۰۶/۰۱/۲۰',
      'outage-start-time': '۱۰:۰۰',
      'outage-end-date': '۱۴۰۶/۰۱/۱۹',
      'outage-end-time': '۱۲:۰۰',
      'outage-reason': 'تعویض شیر فلکه خط اصلی',
    };
    await page.getByTestId('outage-unit').selectOption({ index: 1 });
    for (const [id, value] of Object.entries(values)) await page.getByTestId(id).fill(value);
    await page.getByTestId('outage-register-submit').click();
    const endDate = page.getByTestId('outage-end-date');
    await expect.poll(() => endDate.getAttribute('aria-invalid')).toBe('true');
    const wrapper = page.locator('.mantine-InputWrapper-root', { has: endDate });
    expect(await wrapper.textContent()).toMatch(/[\u0600-\u06FF]/);
    for (const [id, value] of Object.entries(values)) expect(await page.getByTestId(id).inputValue()).toBe(value);
    await screenshot(page, 'outage-field-error');
    await expectAccessible(page, 'planned outage form with an error');
    await context.close();
  });

  it('signs out through the issuer, and the portal asks for a sign-in again', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, platform.baseUrl, 'tehran.manager', '/desk');
    await page.getByTestId('sign-out').click();
    // The issuer asks to confirm the sign-out (its own page, in Persian).
    await page.getByRole('button', { name: 'بله، خارج شوم' }).click();
    await page.waitForURL((url) => url.pathname === '/' || url.pathname.startsWith('/oidc'));
    await page.goto(`${platform.baseUrl}/desk`);
    await page.locator('#username').waitFor();
    await context.close();
  });

  it('refreshes the access token with the refresh token before it runs out, and keeps working', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, platform.baseUrl, 'tehran.follow-up', '/desk');
    await page.getByTestId('desk-row').first().waitFor();
    const stored = () =>
      page.evaluate(() => {
        const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'));
        const user = key ? (JSON.parse(sessionStorage.getItem(key) ?? '{}') as Record<string, unknown>) : {};
        return {
          accessToken: user.access_token,
          expiresAt: user.expires_at,
          refreshToken: Boolean(user.refresh_token),
        };
      });
    const first = await stored();
    expect(first.refreshToken).toBe(true);
    // Tokens last a minute here and the portal renews them 30 s before expiry, with no page load or sign-in.
    await expect
      .poll(async () => (await stored()).accessToken, { timeout: (tokenTtlSeconds + 30) * 1000, interval: 1000 })
      .not.toBe(first.accessToken);
    // One renewal, not a loop: the new token is kept until it too nears its end.
    const renewed = (await stored()).accessToken;
    await page.waitForTimeout(5000);
    expect((await stored()).accessToken).toBe(renewed);
    expect(new URL(page.url()).pathname).toBe('/desk');
    // The new token serves the next screen (navigation inside the portal, no reload).
    await page.getByRole('link', { name: 'حوادث' }).click();
    await page.getByTestId('incident-row').first().waitFor();
    await context.close();
  }, 150_000);
});
