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

/** Repeat callers (issue 10, feature 8): the caller's open request comes first and the call is added to it. */

let platform: Platform;
let browser: Browser;

withPortal((p, b) => {
  platform = p;
  browser = b;
});

// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers as JSON
type Json = any;

/** A GraphQL call with the signed-in user's own token, as another screen would make it. */
function api(page: Page) {
  return (query: string, variables: Record<string, unknown> = {}): Promise<Json> =>
    graphqlFromPage(page, query, variables);
}

async function pick(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).focus();
  await page.keyboard.type(text);
  await page.getByRole('option').first().waitFor();
  await page.keyboard.press('Enter');
}

describe('a repeat caller', () => {
  it('sees their open pipe-burst request first, adds the call to it, and its history shows the repeat', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    onTestFailed(async () => {
      if (!page.isClosed()) await screenshot(page, `failed-repeat-call-${Date.now()}`);
    });
    await signIn(page, platform.baseUrl, 'tehran.agent', '/agent');
    await page.getByTestId('caller-number').waitFor();

    // The first call, earlier: a pipe burst registered for this number.
    const mobile = `0935${String(Date.now()).slice(-7)}`;
    const units = await api(page)('{ units(first: 200) { nodes { id nameFa } } }');
    const eslamshahr = units.data.units.nodes.find((u: { nameFa: string }) => u.nameFa === 'امور آب و فاضلاب اسلامشهر');
    const first = await api(page)(
      `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
        __typename ... on RegisterRequestSuccess { data { id trackingCode } } } }`,
      {
        input: {
          categoryCode: 'water.pipe_burst',
          channel: 'PHONE',
          callerMobile: mobile,
          description: 'ترکیدگی لوله جلوی در',
          address: 'اسلامشهر، خیابان امام، کوچه ۹',
          locationUnitId: eslamshahr.id,
        },
      },
    );
    const existing: string = first.data.registerRequest.data.trackingCode;
    const countBefore = (await api(page)('{ requests(first: 1) { totalCount } }')).data.requests.totalCount;

    // The same caller again, about a pipe burst.
    await page.getByTestId('caller-number').fill(mobile);
    await pick(page, 'category-picker', 'شکستگی لوله');
    const candidates = page.getByTestId('repeat-candidates');
    await candidates.waitFor();
    const candidate = candidates.getByTestId('repeat-candidate');
    await expect.poll(() => candidate.getAttribute('data-code')).toBe(existing);
    // Shown before the register button.
    const above = await page.evaluate(() => {
      const list = document.querySelector('[data-testid="repeat-candidates"]');
      const submit = document.querySelector('[data-testid="submit-call"]');
      return Boolean(list && submit && list.compareDocumentPosition(submit) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(above).toBe(true);
    await screenshot(page, 'repeat-call-candidates');
    await expectAccessible(page, 'repeat call candidates');
    // At phone size too.
    await page.setViewportSize({ width: 390, height: 844 });
    await candidates.scrollIntoViewIfNeeded();
    await screenshot(page, 'repeat-call-candidates-phone');
    await expectAccessible(page, 'repeat call candidates on a phone');
    await page.setViewportSize({ width: 1366, height: 900 });

    await candidate.getByTestId('repeat-add').click();
    const note = page.getByTestId('repeat-note');
    await note.fill('');
    // A blank note is refused on the spot.
    await page.getByTestId('repeat-confirm').click();
    await expect.poll(() => note.getAttribute('aria-invalid')).toBe('true');
    await note.fill('دوباره تماس گرفت؛ آب هنوز در کوچه جاری است');
    await page.getByTestId('repeat-confirm').click();

    // Done like a registration: the request's tracking code, the call over.
    await page.getByTestId('repeat-call-added').waitFor();
    expect(await page.getByTestId('tracking-code').getAttribute('data-code')).toBe(existing);
    await screenshot(page, 'repeat-call-added');
    await expectAccessible(page, 'repeat call added');

    // No new request; the request's page shows the repeat call in its history.
    const countAfter = (await api(page)('{ requests(first: 1) { totalCount } }')).data.requests.totalCount;
    expect(countAfter).toBe(countBefore);
    await page.goto(`${platform.baseUrl}/desk/${existing}`);
    const timeline = page.getByTestId('request-timeline');
    await timeline.waitFor();
    await expect
      .poll(() => timeline.getByTestId('timeline-event').allTextContents())
      .toContainEqual(expect.stringContaining('دوباره تماس گرفت؛ آب هنوز در کوچه جاری است'));
    expect((await timeline.textContent()) ?? '').toContain('تماس دوباره');
    await screenshot(page, 'repeat-call-history');
    await context.close();
  });
});
