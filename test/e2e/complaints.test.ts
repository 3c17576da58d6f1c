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
 * A citizen’s complaint (section b, ISO 10002) in the portal: filed on a phone from the public form (refused
 * fields said beside them), acknowledged with its own tracking code and link, followed on the tracking page stage by
 * stage while a follow-up officer handles it — the response shown once communicated, internal notes never.
 */

let platform: Platform;
let browser: Browser;

withPortal((p, b) => {
  platform = p;
  browser = b;
});

describe('a citizen’s complaint', () => {
  let citizen: Page;
  let trackPath = '';

  it('files it on a phone: the form says what is missing, then gives the complaint’s code and link', async () => {
    const context = await newContext(browser, { phone: true });
    citizen = await context.newPage();
    onTestFailed(async () => {
      if (!citizen.isClosed()) await screenshot(citizen, `failed-complaint-${Date.now()}`);
    });
    await citizen.goto(`${platform.baseUrl}/complain?tenant=tehran`);
    await citizen.getByTestId('complain-submit').waitFor();
    await expectRtl(citizen);
    await citizen.getByTestId('complain-submit').click();
    await citizen.getByText('لازم است').first().waitFor();
    await citizen.getByText('شماره همراه ۱۱ رقمی که با ۰۹ شروع می‌شود').waitFor();
    expect(await sidewaysScroll(citizen)).toBeLessThanOrEqual(0);
    await screenshot(citizen, 'complaint-form-phone');
    await expectAccessible(citizen, 'complaint form (phone)');

    await citizen.getByTestId('complain-subject-employee_conduct').click();
    await citizen.getByTestId('complain-description').fill('مأمور قرائت کنتور با من بدرفتاری کرد.');
    await citizen.getByTestId('complain-mobile').fill('۰۹۱۲۳۳۳۴۴۵۵');
    await citizen.getByTestId('complain-submit').click();
    await citizen.getByTestId('complain-done').waitFor();
    const link = citizen.getByTestId('complain-track');
    trackPath = (await link.getAttribute('href')) ?? '';
    expect(trackPath).toMatch(/^\/track\?tenant=tehran&t=[0-9a-f]{32}$/);
    await screenshot(citizen, 'complaint-done-phone');
    await expectAccessible(citizen, 'complaint filed (phone)');

    await link.click();
    await citizen.getByTestId('track-complaint-result').waitFor();
    // Received and acknowledged (the SMS with its code went with it); assessment is being worked towards.
    await expect
      .poll(() =>
        citizen
          .locator('[data-testid=complaint-stages] [data-state]')
          .evaluateAll((steps) => steps.map((s) => s.getAttribute('data-state'))),
      )
      .toEqual(['done', 'done', 'current', 'next', 'next', 'next', 'next']);
    expect(await sidewaysScroll(citizen)).toBeLessThanOrEqual(0);
    await screenshot(citizen, 'complaint-track-phone');
    await expectAccessible(citizen, 'complaint tracking (phone)');
  });

  it('the follow-up officer handles it; the citizen reads the response, never the internal note', async () => {
    const context = await newContext(browser);
    const officer = await context.newPage();
    await signIn(officer, platform.baseUrl, 'tehran.follow-up', '/');
    const token = new URL(`${platform.baseUrl}${trackPath}`).searchParams.get('t') ?? '';
    const listed = await graphqlFromPage(officer, '{ complaints(first: 50) { nodes { id stage description } } }');
    const ours = (listed.data.complaints.nodes as { id: string; description: string }[]).find((c) =>
      c.description.includes('مأمور قرائت کنتور'),
    );
    expect(ours).toBeDefined();
    const units = await graphqlFromPage(officer, '{ units(first: 5, kind: DISTRICT) { nodes { id } } }');
    const act = `mutation($input: ComplaintActionInput!) { actOnComplaint(input: $input) { __typename } }`;
    for (const input of [
      { action: 'ASSESS', severity: 'MEDIUM', unitId: units.data.units.nodes[0].id },
      { action: 'INVESTIGATE', note: 'یادداشت داخلی: گزارش سرپرست قرائت' },
      { action: 'DECIDE_RESPONSE', response: 'از شما پوزش می‌خواهیم؛ با همکار گفت‌وگو شد.' },
      { action: 'COMMUNICATE_RESPONSE' },
    ]) {
      const done = await graphqlFromPage(officer, act, { input: { complaintId: ours?.id, ...input } });
      expect(done.data.actOnComplaint.__typename).toBe('ActOnComplaintSuccess');
    }
    await context.close();

    await citizen.goto(`${platform.baseUrl}/track?tenant=tehran&t=${token}`);
    await citizen.getByTestId('complaint-response').getByText('از شما پوزش می‌خواهیم').waitFor();
    expect(await citizen.textContent('body')).not.toContain('یادداشت داخلی');
    await screenshot(citizen, 'complaint-responded-phone');
    await expectAccessible(citizen, 'complaint responded (phone)');
    await citizen.context().close();
  });
});
